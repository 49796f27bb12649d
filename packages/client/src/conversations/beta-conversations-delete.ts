import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ConversationIdRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaConversationsDelete',
  method: 'DELETE',
  path: '/v1/conversations/{conversation_id}',
  fillPath,
}

/**
 * Deletes a conversation.
 *
 * @param client - from `createClient`.
 * @param request - `{ conversation_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns nothing, once the server confirmed (`204 No Content`).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * await betaConversationsDelete(client, { conversation_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_delete
 */
export function betaConversationsDelete(
  client: Client,
  request: ConversationIdRequest,
  options?: RequestOptions,
): Promise<void> {
  return callJson(client, endpoint, request, options)
}
