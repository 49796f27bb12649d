import type { Client, RequestOptions } from '../core/client.js'
import type { Endpoint } from '../core/request.js'
import type { CompletionStream } from '../streaming/event-stream.js'
import { openStream } from '../streaming/open-stream.js'
import type { ChatCompletionRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'chatStream', method: 'POST', path: '/v1/chat/completions' }

/**
 * Streams a chat completion as server-sent chunks (`stream: true` is added to the request).
 *
 * @param client - from `createClient`.
 * @param request - ChatCompletionRequest, as for `chatComplete`.
 * @param options - signal (aborting it mid-stream throws `RequestAbortedError`), timeout until the headers,
 * `idleTimeoutMs` between chunks, retries (before the headers only), headers.
 * @returns a `CompletionStream` once the response headers are in: iterate it once, or pass it to `textStream()`,
 * `accumulateChunks()`, `toReadableStream()`.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer;
 *   iterating throws `StreamError` (and `ResponseValidationError` for a bad chunk with `withValidation`).
 * @example
 * ```ts
 * const stream = await chatStream(client, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] })
 * for await (const text of textStream(stream)) process.stdout.write(text)
 * ```
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function chatStream(
  client: Client,
  request: ChatCompletionRequest,
  options?: RequestOptions,
): Promise<CompletionStream> {
  return openStream(client, endpoint, request, options)
}
