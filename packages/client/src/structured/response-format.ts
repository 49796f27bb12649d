import { jsonSchemaOf, strictJsonSchema } from './json-schema.js'
import type { JsonSchema, StandardJSONSchemaV1 } from './types.js'

/**
 * Options of {@link responseFormat}.
 *
 * @example
 * ```ts
 * responseFormat(Book, { name: 'book', strict: false } satisfies ResponseFormatOptions)
 * ```
 */
export interface ResponseFormatOptions {
  /** `json_schema.name`, default `'response'`. */
  name?: string | undefined
  /**
   * Default true: the JSON Schema is rewritten to strict form (every object closed and every property required, an
   * optional one as nullable; `$ref`s inlined) and sent with `strict: true`. `false` sends the library's JSON Schema
   * as it is, with `strict: false`.
   */
  strict?: boolean | undefined
}

/**
 * The `response_format` {@link responseFormat} builds.
 *
 * @example
 * ```ts
 * const format: JsonSchemaResponseFormat = responseFormat(Book) // { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } }
 * ```
 */
export type JsonSchemaResponseFormat = {
  type: 'json_schema'
  json_schema: { name: string; schema: JsonSchema; strict: boolean }
}

/**
 * Builds the `response_format` that asks the model for JSON matching a schema: `{ type: 'json_schema', json_schema:
 * { name, schema, strict } }`, for chat, agents and conversations requests and OCR annotations.
 *
 * @param schema - any Standard JSON Schema: Zod 4, ArkType, or valibot wrapped with `toStandardJsonSchema`.
 * @param options - `name`, and `strict` (default true).
 * @returns the `response_format` value.
 * @throws `TypeError` before anything is sent: the schema has no `~standard.jsonSchema`, or (strict) it cannot be made
 * strict (recursive, a record, a root that is not an object), naming why.
 * @example
 * ```ts
 * const Book = toStandardJsonSchema(v.object({ title: v.string(), year: v.optional(v.number()) }))
 * const response = await chatComplete(client, { model: 'mistral-small-latest', messages, response_format: responseFormat(Book, { name: 'book' }) })
 * ```
 * @see https://docs.mistral.ai/capabilities/structured-output/custom_structured_output/
 */
export function responseFormat(
  schema: StandardJSONSchemaV1,
  options: ResponseFormatOptions = {},
): JsonSchemaResponseFormat {
  const json = jsonSchemaOf(schema, 'responseFormat')
  const strict = options.strict !== false
  return {
    type: 'json_schema',
    json_schema: {
      name: options.name ?? 'response',
      schema: strict ? strictJsonSchema(json, 'responseFormat') : json,
      strict,
    },
  }
}
