import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentsGetVersionRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsGetVersion',
  method: 'GET',
  path: '/v1/agents/{agent_id}/versions/{version}',
  fillPath,
}

/**
 * Gets an agent at one of its versions.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, version }`; both are path segments, so `version` is a string (`'1'`).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the agent at that version.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const first = await betaAgentsGetVersion(client, { agent_id, version: '0' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_get_version
 */
export function betaAgentsGetVersion(
  client: Client,
  request: AgentsGetVersionRequest,
  options?: RequestOptions,
): Promise<Agent> {
  return callJson(client, endpoint, request, options)
}
