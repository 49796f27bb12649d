import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentsListVersionsRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsListVersions',
  method: 'GET',
  path: '/v1/agents/{agent_id}/versions',
  fillPath,
  query: ['page', 'page_size'],
}

/**
 * Lists the versions of an agent, each as the whole agent at that version, one page at a time.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, page?, page_size? }`; `page` and `page_size` go in the query.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns an array of agents, one per version.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const versions = await betaAgentsListVersions(client, { agent_id, page_size: 100 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_list_versions
 */
export function betaAgentsListVersions(
  client: Client,
  request: AgentsListVersionsRequest,
  options?: RequestOptions,
): Promise<Agent[]> {
  return callJson(client, endpoint, request, options)
}
