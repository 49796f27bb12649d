import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ConversationRequest, ConversationResponse } from './schemas.js'

// Creates a conversation: retried on 429 and 503 only, so a retry never makes a second one.
const endpoint: Endpoint = { name: 'betaConversationsStart', method: 'POST', path: '/v1/conversations', creates: true }

/**
 * Starts a conversation with a model or an agent: the inputs are appended, the model (and its built-in tools) run,
 * and the new entries come back with the `conversation_id` to continue it.
 *
 * @param client - from `createClient`.
 * @param request - `{ inputs, model? | agent_id?, instructions?, tools?, completion_args?, store?, handoff_execution?,
 *   name?, description?, metadata?, agent_version? }`, the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ conversation_id, outputs, usage }`: the entries the call added (messages, function calls, tool executions).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `HTTPValidationError` (422) or `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`,
 *   `RequestAbortedError`. It adds to a conversation, so it is retried on 429 and 503 only.
 * @example
 * ```ts
 * const { conversation_id, outputs } = await betaConversationsStart(client, { model: 'mistral-medium-latest', inputs: 'Who is Albert Einstein?' })
 * const answer = outputs.find((entry) => entry.type === 'message.output')?.content
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_start
 */
export function betaConversationsStart(
  client: Client,
  request: ConversationRequest,
  options?: RequestOptions,
): Promise<ConversationResponse> {
  return callJson(client, endpoint, request, options)
}
