import type { ConversationResponse } from '../conversations/schemas.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { jsonSchemaOf, strictJsonSchema } from './json-schema.js'
import { parseOutput, textOf } from './parse-output.js'
import type { JsonSchema, StandardSchemaV1 } from './types.js'

/**
 * Reads a conversation's answer as a schema's output: the text of the last `message.output` entry of `outputs`
 * (a conversation started, appended or restarted with `completion_args.response_format: responseFormat(schema)`).
 *
 * @param response - what `betaConversationsStart`/`Append`/`Restart` (or `accumulateConversation`) resolved to.
 * @param schema - a Standard Schema; when it is also a Standard JSON Schema that can be made strict, a `null` for an
 * optional field (as strict mode lets the model write) is read as the field left out.
 * @returns the validated output.
 * @throws `ResponseValidationError` when there is no `message.output` entry, its text is not JSON, or the schema
 * rejects it (`data`: the raw text).
 * @example
 * ```ts
 * const Book = z.object({ title: z.string() })
 * const response = await betaConversationsStart(client, { model: 'mistral-medium-latest', inputs: 'A classic?', completion_args: { response_format: responseFormat(Book) } })
 * const book = await parseConversation(response, Book)
 * ```
 */
export function parseConversation<Output>(
  response: ConversationResponse,
  schema: StandardSchemaV1<unknown, Output>,
): Promise<Output> {
  let index = response.outputs.length
  while (index-- > 0 && response.outputs[index]?.type !== 'message.output');
  const entry = response.outputs[index]
  if (!entry)
    return Promise.reject(
      new ResponseValidationError('parseConversation: the response has no message.output entry', [], response),
    )
  let strict: JsonSchema | undefined
  try {
    strict = strictJsonSchema(jsonSchemaOf(schema, ''), '')
  } catch {}
  return parseOutput(schema, textOf(entry.content), `parseConversation: outputs[${index}].content`, strict)
}
