import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { AgentAliasResponse, AgentIdRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsListVersionAliases',
  method: 'GET',
  path: '/v1/agents/{agent_id}/aliases',
  fillPath,
}

/**
 * Lists the version aliases of an agent.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns an array of `{ alias, version, created_at, updated_at }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const aliases = await betaAgentsListVersionAliases(client, { agent_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_list_version_aliases
 */
export function betaAgentsListVersionAliases(
  client: Client,
  request: AgentIdRequest,
  options?: RequestOptions,
): Promise<AgentAliasResponse[]> {
  return callJson(client, endpoint, request, options)
}
