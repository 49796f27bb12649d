import type { ChatCompletionResponse } from '../chat/schemas.js'
import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { AgentsCompletionRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'agentsComplete', method: 'POST', path: '/v1/agents/completions' }

/**
 * Runs a completion with an agent (its model, instructions and tools) and returns it whole.
 *
 * @param client - from `createClient`.
 * @param request - AgentsCompletionRequest: `agent_id`, `messages`, and the chat options agents accept (wire names).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the completion, shaped like a chat completion.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { choices } = await agentsComplete(client, { agent_id: 'ag_0123', messages: [{ role: 'user', content: 'Hi' }] })
 * ```
 * @see https://docs.mistral.ai/api/#tag/agents/operation/agents_completion_v1_agents_completions_post
 */
export function agentsComplete(
  client: Client,
  request: AgentsCompletionRequest,
  options?: RequestOptions,
): Promise<ChatCompletionResponse> {
  return callJson(client, endpoint, request, options)
}
