import { ResponseValidationError } from '../errors/response-validation-error.js'
import { dropNulls } from './json-schema.js'
import type { JsonSchema, StandardSchemaIssue, StandardSchemaV1 } from './types.js'

/** The text of message content: a string as it is, the `text` parts of an array joined, '' for none. */
export const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((part) => (part?.type === 'text' ? part.text : '')).join('')
      : ''

/** `path.to.field: message` for each issue. */
const describeIssues = (issues: readonly StandardSchemaIssue[]): string =>
  issues
    .map(({ message, path }) => (path?.length ? `${path.map((key: any) => key.key ?? key).join('.')}: ` : '') + message)
    .join('; ')

/**
 * Reads JSON text written by the model as the schema's output: `JSON.parse`, then a `null` the strict schema allowed
 * for an optional field is removed again, then `~standard.validate` (awaited).
 *
 * @param schema - a Standard Schema.
 * @param text - the model's text.
 * @param where - names the text in error messages (`chatParse: choices[0].message.content`).
 * @param strict - the strict JSON Schema the model was given, if any: it says which nulls to remove.
 * @returns the validated output.
 * @throws `ResponseValidationError` with the issues (`[{ message }]` for text that is not JSON) and `data` the raw text.
 * @internal
 */
export async function parseOutput<Output>(
  schema: StandardSchemaV1<unknown, Output>,
  text: string,
  where: string,
  strict?: JsonSchema,
): Promise<Output> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const { message } = error as Error
    throw new ResponseValidationError(`${where} is not JSON: ${message}`, [{ message }], text)
  }
  dropNulls(value, strict)
  const result = await schema['~standard'].validate(value)
  if (!result.issues) return result.value
  throw new ResponseValidationError(
    `${where} does not match the schema: ${describeIssues(result.issues)}`,
    result.issues,
    text,
  )
}
