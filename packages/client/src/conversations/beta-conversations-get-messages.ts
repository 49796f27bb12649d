import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ConversationIdRequest, ConversationMessages } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaConversationsGetMessages',
  method: 'GET',
  path: '/v1/conversations/{conversation_id}/messages',
  fillPath,
}

/**
 * Gets the messages of a conversation (its `message.input` and `message.output` entries) in order.
 *
 * @param client - from `createClient`.
 * @param request - `{ conversation_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ conversation_id, messages }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { messages } = await betaConversationsGetMessages(client, { conversation_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_messages
 */
export function betaConversationsGetMessages(
  client: Client,
  request: ConversationIdRequest,
  options?: RequestOptions,
): Promise<ConversationMessages> {
  return callJson(client, endpoint, request, options)
}
