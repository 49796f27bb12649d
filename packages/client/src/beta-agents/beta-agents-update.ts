import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentUpdateRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'betaAgentsUpdate', method: 'PATCH', path: '/v1/agents/{agent_id}', fillPath }

/**
 * Updates an agent: the fields given change, and the result is a new version that becomes the current one.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, model?, name?, instructions?, tools?, completion_args?, description?, handoffs?, metadata?,
 *   deployment_chat?, guardrails?, version_message? }`; `agent_id` goes in the path, the rest is the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the agent at its new version.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { version } = await betaAgentsUpdate(client, { agent_id, description: 'An edited simple agent.', completion_args: { top_p: 0.95 } })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_update
 */
export function betaAgentsUpdate(
  client: Client,
  request: AgentUpdateRequest,
  options?: RequestOptions,
): Promise<Agent> {
  return callJson(client, endpoint, request, options)
}
