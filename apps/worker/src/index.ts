import { createWorker } from './worker.js'

/** The deployed Worker (see wrangler.jsonc): the app's assets, and the Mistral proxy under /v1/. */
export default createWorker()
