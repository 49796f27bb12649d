import { chatComplete } from '../chat/chat-complete.js'
import type { ChatCompletionRequest, ChatCompletionResponse } from '../chat/schemas.js'
import type { Client, RequestOptions } from '../core/client.js'
import { parseOutput, textOf } from './parse-output.js'
import { responseFormat } from './response-format.js'
import type { JsonSchema, StructuredSchema } from './types.js'

type Choice = ChatCompletionResponse['choices'][number]
type Message = Choice['message']

/**
 * A completion message with `parsed`, the schema's output read from its content.
 *
 * @example
 * ```ts
 * const message: ParsedMessage<{ title: string }> = (await chatParse(client, request)).choices[0]!.message
 * messages.push(message) // sent back without `parsed`
 * ```
 */
export interface ParsedMessage<Output> extends Message {
  /**
   * The validated output. Not enumerable: pushing the message back onto `messages` sends no `parsed` field (the
   * API's assistant message allows no unknown field), and `JSON.stringify` leaves it out.
   */
  parsed: Output
}

/**
 * A completion choice whose message carries `parsed`.
 *
 * @example
 * ```ts
 * const titles = response.choices.map((choice: ParsedChoice<Book>) => choice.message.parsed.title)
 * ```
 */
export interface ParsedChoice<Output> extends Choice {
  message: ParsedMessage<Output>
}

/**
 * What {@link chatParse} and `agentsParse` resolve to: the completion, every `choices[i].message.parsed` set.
 *
 * @example
 * ```ts
 * const response: ParsedChatCompletion<Book> = await chatParse(client, { model, messages, response_format: BookSchema })
 * ```
 */
export interface ParsedChatCompletion<Output> extends ChatCompletionResponse {
  choices: ParsedChoice<Output>[]
}

/**
 * `request` with `response_format` replaced by a schema.
 *
 * @example
 * ```ts
 * const request: WithSchema<ChatCompletionRequest, Book> = { model: 'mistral-small-latest', messages, response_format: BookSchema }
 * ```
 */
export type WithSchema<Request, Output> = {
  [Key in keyof Request as Key extends 'response_format' ? never : Key]: Request[Key]
} & {
  response_format: StructuredSchema<Output>
}

/**
 * Sets `parsed` on every choice's message: its text content (string, or text parts joined) read as the schema's output.
 *
 * @internal
 */
export async function parseChoices<Output>(
  response: ChatCompletionResponse,
  schema: StructuredSchema<Output>,
  strict: JsonSchema,
  where: string,
): Promise<ParsedChatCompletion<Output>> {
  for (const { index, message } of response.choices) {
    const parsed = await parseOutput(
      schema,
      textOf(message.content),
      `${where}: choices[${index}].message.content`,
      strict,
    )
    Object.defineProperty(message, 'parsed', { value: parsed, writable: true })
  }
  return response as ParsedChatCompletion<Output>
}

/**
 * Generates a chat completion in the shape of a schema and reads it: the request is sent with
 * `response_format: responseFormat(schema)` (strict), and each `choices[i].message.parsed` is the schema's
 * validated output, typed from the schema.
 *
 * @param client - from `createClient`.
 * @param request - a chat request whose `response_format` is a Standard JSON Schema (Zod 4, ArkType, valibot
 * wrapped with `toStandardJsonSchema`).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the completion; `choices[i].message.parsed` holds the output (not enumerable, so the message can be sent back).
 * @throws `TypeError` before sending when the schema has no JSON Schema or cannot be made strict;
 * `ResponseValidationError` (`issues`, `data`: the raw text) when a choice's content is not JSON or the schema
 * rejects it; and whatever `chatComplete` throws.
 * @example
 * ```ts
 * const Book = toStandardJsonSchema(v.object({ title: v.string(), authors: v.array(v.string()) }))
 * const { choices } = await chatParse(client, { model: 'mistral-small-latest', messages, response_format: Book })
 * console.log(choices[0]?.message.parsed.authors)
 * ```
 * @see https://docs.mistral.ai/capabilities/structured-output/custom_structured_output/
 */
export async function chatParse<Output>(
  client: Client,
  request: WithSchema<ChatCompletionRequest, Output>,
  options?: RequestOptions,
): Promise<ParsedChatCompletion<Output>> {
  const schema = request.response_format
  const format = responseFormat(schema)
  return parseChoices(
    await chatComplete(client, { ...request, response_format: format }, options),
    schema,
    format.json_schema.schema,
    'chatParse',
  )
}
