// Every schema of the library, for `withValidation` and for users validating their own data. They are valibot
// schemas, and so also Standard Schema. Kept off the root entry: the default path carries no schema code.
export * from './agents/schemas.js'
export * from './audio/schemas.js'
export * from './batch/schemas.js'
export * from './chat/schemas.js'
export * from './classifiers/schemas.js'
export * from './core/schemas.js'
export * from './embeddings/schemas.js'
export * from './files/schemas.js'
export * from './fim/schemas.js'
export * from './fine-tuning/schemas.js'
export * from './models/schemas.js'
export * from './ocr/schemas.js'
