import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ChatClassificationRequest, ClassificationResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'classifiersClassifyChat', method: 'POST', path: '/v1/chat/classifications' }

/**
 * Classifies a conversation (or several) with a fine-tuned classifier (`ft:classifier:...`).
 *
 * @param client - from `createClient`.
 * @param request - `{ model, input }`: `input` is `{ messages }` or an array of them; the messages are those of
 *   `chatComplete`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns one result per conversation: an object keyed by target name, each `{ scores: { label: probability } }`.
 * @throws `InvalidRequestError` before sending (with `withValidation`, a malformed field); `SDKError` on a non-2xx
 *   answer (an unknown model, `HTTPValidationError` for a 422); `ConnectionError`, `RequestTimeoutError`,
 *   `RequestAbortedError`.
 * @example
 * ```ts
 * const { results } = await classifiersClassifyChat(client, {
 *   model: 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:db22ea7e',
 *   input: { messages: [{ role: 'user', content: 'Set an alarm for 7' }] },
 * })
 * console.log(results[0]?.intent?.scores)
 * ```
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/chat_classifications_v1_chat_classifications_post
 */
export function classifiersClassifyChat(
  client: Client,
  request: ChatClassificationRequest,
  options?: RequestOptions,
): Promise<ClassificationResponse> {
  return callJson(client, endpoint, request, options)
}
