import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Conversation, ConversationIdRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaConversationsGet',
  method: 'GET',
  path: '/v1/conversations/{conversation_id}',
  fillPath,
}

/**
 * Gets a conversation: its model or agent, name, description, metadata and dates (its entries: `betaConversationsGetHistory`).
 *
 * @param client - from `createClient`.
 * @param request - `{ conversation_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the conversation.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { agent_id, model, updated_at } = await betaConversationsGet(client, { conversation_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_get
 */
export function betaConversationsGet(
  client: Client,
  request: ConversationIdRequest,
  options?: RequestOptions,
): Promise<Conversation> {
  return callJson(client, endpoint, request, options)
}
