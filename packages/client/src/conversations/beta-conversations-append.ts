import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ConversationAppendRequest, ConversationResponse } from './schemas.js'

// Adds a turn to a conversation: retried on 429 and 503 only, so a retry never duplicates it.
const endpoint: Endpoint = {
  name: 'betaConversationsAppend',
  method: 'POST',
  path: '/v1/conversations/{conversation_id}',
  fillPath,
  creates: true,
}

/**
 * Appends entries to a conversation (a user message, the results of the function calls it asked for) and runs the
 * model on the whole history.
 *
 * @param client - from `createClient`.
 * @param request - `{ conversation_id, inputs?, tool_confirmations?, completion_args?, store?, handoff_execution? }`;
 *   `conversation_id` goes in the path, the rest is the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ conversation_id, outputs, usage }`: the entries this call added.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `HTTPValidationError` (422) or `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`,
 *   `RequestAbortedError`. It adds to a conversation, so it is retried on 429 and 503 only.
 * @example
 * ```ts
 * const { outputs } = await betaConversationsAppend(client, { conversation_id, inputs: 'Translate to French.' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_append
 */
export function betaConversationsAppend(
  client: Client,
  request: ConversationAppendRequest,
  options?: RequestOptions,
): Promise<ConversationResponse> {
  return callJson(client, endpoint, request, options)
}
