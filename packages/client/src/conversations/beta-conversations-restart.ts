import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ConversationResponse, ConversationRestartRequest } from './schemas.js'

// Creates a conversation: retried on 429 and 503 only, so a retry never makes a second one.
const endpoint: Endpoint = {
  name: 'betaConversationsRestart',
  method: 'POST',
  path: '/v1/conversations/{conversation_id}/restart',
  fillPath,
  creates: true,
}

/**
 * Restarts a conversation from one of its entries: a new conversation is made with the history up to that entry, the
 * new inputs, and the model's answer.
 *
 * @param client - from `createClient`.
 * @param request - `{ conversation_id, from_entry_id, inputs?, completion_args?, store?, handoff_execution?, metadata?,
 *   agent_version? }`; `conversation_id` goes in the path, the rest is the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ conversation_id, outputs, usage }`, where `conversation_id` is the new conversation's.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `HTTPValidationError` (422) or `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`,
 *   `RequestAbortedError`. It makes a new conversation, so it is retried on 429 and 503 only.
 * @example
 * ```ts
 * const restarted = await betaConversationsRestart(client, { conversation_id, from_entry_id: entry.id, inputs: 'Translate to Portuguese.' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_restart
 */
export function betaConversationsRestart(
  client: Client,
  request: ConversationRestartRequest,
  options?: RequestOptions,
): Promise<ConversationResponse> {
  return callJson(client, endpoint, request, options)
}
