import type { ChatCompletionResponse } from '../chat/schemas.js'
import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FIMCompletionRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'fimComplete', method: 'POST', path: '/v1/fim/completions' }

/**
 * Fills in the middle: completes code between `prompt` and `suffix` (Codestral) and returns it whole.
 *
 * @param client - from `createClient`.
 * @param request - FIMCompletionRequest: `model`, `prompt`, `suffix?`, `max_tokens?`, `stop?` ... (wire names).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the completion; the code is `choices[0].message.content`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { choices } = await fimComplete(client, { model: 'codestral-latest', prompt: 'def add(a, b):', suffix: 'print(add(1, 2))' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/fim/operation/fim_completion_v1_fim_completions_post
 */
export function fimComplete(
  client: Client,
  request: FIMCompletionRequest,
  options?: RequestOptions,
): Promise<ChatCompletionResponse> {
  return callJson(client, endpoint, request, options)
}
