import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ConversationHistory, ConversationIdRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaConversationsGetHistory',
  method: 'GET',
  path: '/v1/conversations/{conversation_id}/history',
  fillPath,
}

/**
 * Gets every entry of a conversation in the order they were added: messages, function calls and results, tool
 * executions, handoffs.
 *
 * @param client - from `createClient`.
 * @param request - `{ conversation_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ conversation_id, entries }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { entries } = await betaConversationsGetHistory(client, { conversation_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_history
 */
export function betaConversationsGetHistory(
  client: Client,
  request: ConversationIdRequest,
  options?: RequestOptions,
): Promise<ConversationHistory> {
  return callJson(client, endpoint, request, options)
}
