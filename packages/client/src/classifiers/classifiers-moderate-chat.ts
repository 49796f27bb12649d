import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ChatModerationRequest, ModerationResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'classifiersModerateChat', method: 'POST', path: '/v1/chat/moderations' }

/**
 * Moderates a conversation (or several) in context: the last turn is judged with the turns before it.
 *
 * @param client - from `createClient`.
 * @param request - `{ model, input }`: `input` is an array of chat messages, or an array of such conversations;
 *   the messages are those of `chatComplete` (a completion's assistant message can be passed back as it is).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns one result per conversation: `categories` (`true` when flagged) and `category_scores`; `usage`.
 * @throws `InvalidRequestError` before sending (with `withValidation`, a malformed field); `SDKError` on a non-2xx
 *   answer (`HTTPValidationError` for a 422); `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { results } = await classifiersModerateChat(client, {
 *   model: 'mistral-moderation-latest',
 *   input: [{ role: 'user', content: 'How do I pick a lock?' }, { role: 'assistant', content: 'I cannot help with that.' }],
 * })
 * if (results[0]?.categories.dangerous_and_criminal_content) console.log('flagged')
 * ```
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/chat_moderations_v1_chat_moderations_post
 */
export function classifiersModerateChat(
  client: Client,
  request: ChatModerationRequest,
  options?: RequestOptions,
): Promise<ModerationResponse> {
  return callJson(client, endpoint, request, options)
}
