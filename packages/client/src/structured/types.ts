// The two interfaces of standardschema.dev, declared here so this library depends on no schema library: valibot
// (through `@valibot/to-json-schema`'s `toStandardJsonSchema`), Zod 4 and ArkType objects all match them.

/**
 * One problem a Standard Schema found: a message and, when known, where.
 *
 * @example
 * ```ts
 * const issue: StandardSchemaIssue = { message: 'Expected string', path: ['author', { key: 'name' }] }
 * ```
 */
export interface StandardSchemaIssue {
  /** What is wrong. */
  readonly message: string
  /** The path to the value, as keys or `{ key }` segments. */
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined
}

/**
 * What `~standard.validate` returns (maybe in a Promise): the output value, or the issues.
 *
 * @example
 * ```ts
 * const result: StandardSchemaResult<string> = typeof value === 'string' ? { value } : { issues: [{ message: 'not a string' }] }
 * ```
 */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] }

/**
 * Options of `~standard.jsonSchema.input` and `.output`.
 *
 * @example
 * ```ts
 * const json = Book['~standard'].jsonSchema.input({ target: 'draft-07' } satisfies StandardJSONSchemaOptions)
 * ```
 */
export interface StandardJSONSchemaOptions {
  /** `'draft-2020-12'`, `'draft-07'`, `'openapi-3.0'` or a library's own target. */
  readonly target: string
  /** Options for the schema library. */
  readonly libraryOptions?: Record<string, unknown> | undefined
}

/**
 * A Standard Schema (v1): an object whose `~standard` property validates a value and carries the types.
 *
 * @example
 * ```ts
 * const Name: StandardSchemaV1<unknown, string> = {
 *   '~standard': { version: 1, vendor: 'me', validate: (value) => (typeof value === 'string' ? { value } : { issues: [{ message: 'not a string' }] }) },
 * }
 * ```
 * @see https://standardschema.dev
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>
    readonly types?: { readonly input: Input; readonly output: Output } | undefined
  }
}

/**
 * A Standard JSON Schema (v1): `~standard.jsonSchema.input/output({ target })` return the JSON Schema of the
 * schema's input or output type (and may throw when the schema cannot be expressed or the target is not supported).
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { toStandardJsonSchema } from '@valibot/to-json-schema'
 * const Book: StandardJSONSchemaV1 = toStandardJsonSchema(v.object({ title: v.string() }))
 * ```
 * @see https://standardschema.dev/json-schema
 */
export interface StandardJSONSchemaV1<Input = unknown, Output = Input> {
  /** The Standard JSON Schema properties. */
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly jsonSchema: {
      readonly input: (options: StandardJSONSchemaOptions) => Record<string, unknown>
      readonly output: (options: StandardJSONSchemaOptions) => Record<string, unknown>
    }
    readonly types?: { readonly input: Input; readonly output: Output } | undefined
  }
}

/**
 * A schema usable for structured outputs and tool parameters: it validates (Standard Schema) and describes itself
 * as JSON Schema (Standard JSON Schema). Zod 4 and ArkType schemas are; a valibot schema is once wrapped with
 * `toStandardJsonSchema` from `@valibot/to-json-schema`.
 *
 * @example
 * ```ts
 * const Book: StructuredSchema<{ title: string }> = z.object({ title: z.string() })
 * ```
 */
export type StructuredSchema<Output = unknown> = StandardSchemaV1<unknown, Output> &
  StandardJSONSchemaV1<unknown, Output>

/**
 * A JSON Schema object, as the API takes it in `response_format.json_schema.schema` and `function.parameters`.
 *
 * @example
 * ```ts
 * const schema: JsonSchema = responseFormat(Book).json_schema.schema
 * ```
 */
export type JsonSchema = Record<string, any>
