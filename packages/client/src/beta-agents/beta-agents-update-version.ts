import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentsUpdateVersionRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsUpdateVersion',
  method: 'PATCH',
  path: '/v1/agents/{agent_id}/version',
  fillPath,
  query: ['version'],
}

/**
 * Switches an agent to one of its versions, which becomes the current one.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, version }`; `version` (a number) goes in the query.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the agent at that version.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const agent = await betaAgentsUpdateVersion(client, { agent_id, version: 0 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_update_version
 */
export function betaAgentsUpdateVersion(
  client: Client,
  request: AgentsUpdateVersionRequest,
  options?: RequestOptions,
): Promise<Agent> {
  return callJson(client, endpoint, request, options)
}
