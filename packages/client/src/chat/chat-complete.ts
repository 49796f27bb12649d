import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ChatCompletionRequest, ChatCompletionResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'chatComplete', method: 'POST', path: '/v1/chat/completions' }

/**
 * Generates a chat completion and returns it whole.
 *
 * @param client - from `createClient`.
 * @param request - ChatCompletionRequest: `model`, `messages`, and sampling, tools, `response_format` ... (wire names).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the completion: `choices[].message` (string or array content, `tool_calls`), `finish_reason`, `usage`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { choices } = await chatComplete(client, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] })
 * ```
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export function chatComplete(
  client: Client,
  request: ChatCompletionRequest,
  options?: RequestOptions,
): Promise<ChatCompletionResponse> {
  return callJson(client, endpoint, request, options)
}
