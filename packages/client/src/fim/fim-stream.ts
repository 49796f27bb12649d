import type { Client, RequestOptions } from '../core/client.js'
import type { Endpoint } from '../core/request.js'
import type { CompletionStream } from '../streaming/event-stream.js'
import { openStream } from '../streaming/open-stream.js'
import type { FIMCompletionRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'fimStream', method: 'POST', path: '/v1/fim/completions' }

/**
 * Streams a fill-in-the-middle completion as server-sent chunks (`stream: true` is added to the request).
 *
 * @param client - from `createClient`.
 * @param request - FIMCompletionRequest, as for `fimComplete`.
 * @param options - signal, timeout until the headers, `idleTimeoutMs` between chunks, retries, headers.
 * @returns a `CompletionStream` once the response headers are in.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer;
 *   iterating throws `StreamError` (and `ResponseValidationError` for a bad chunk with `withValidation`).
 * @example
 * ```ts
 * const stream = await fimStream(client, { model: 'codestral-latest', prompt: 'def fib(n):', suffix: 'print(fib(10))' })
 * for await (const text of stream.textStream()) editor.insert(text)
 * ```
 * @see https://docs.mistral.ai/api/#tag/fim/operation/fim_completion_v1_fim_completions_post
 */
export function fimStream(
  client: Client,
  request: FIMCompletionRequest,
  options?: RequestOptions,
): Promise<CompletionStream> {
  return openStream(client, endpoint, request, options)
}
