import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentsGetRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsGet',
  method: 'GET',
  path: '/v1/agents/{agent_id}',
  fillPath,
  query: ['agent_version'],
}

/**
 * Gets an agent, at its current version or at `agent_version` (a version number or an alias).
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, agent_version? }`; `agent_version` goes in the query.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the agent.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const agent = await betaAgentsGet(client, { agent_id, agent_version: 'production' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_get
 */
export function betaAgentsGet(client: Client, request: AgentsGetRequest, options?: RequestOptions): Promise<Agent> {
  return callJson(client, endpoint, request, options)
}
