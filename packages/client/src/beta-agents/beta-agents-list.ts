import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentsListRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsList',
  method: 'GET',
  path: '/v1/agents',
  query: ['page', 'page_size', 'deployment_chat', 'sources', 'name', 'search', 'id', 'metadata'],
}

/**
 * Lists the agents, newest first, one page at a time. The API marks this route deprecated (it ignores agent sharing)
 * but still serves it.
 *
 * @param client - from `createClient`.
 * @param request - optional query: `page`, `page_size`, `deployment_chat`, `sources` (one or several, sent as repeated keys),
 *   `name`, `search`, `id`, `metadata` (an object, sent as one JSON string).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns an array of agents.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const agents = await betaAgentsList(client, { page_size: 50, search: 'support' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_list
 */
export function betaAgentsList(
  client: Client,
  request: AgentsListRequest = {},
  options?: RequestOptions,
): Promise<Agent[]> {
  const { metadata } = request
  // The query string has no object form: an object `metadata` travels as its JSON text.
  return callJson(
    client,
    endpoint,
    metadata && typeof metadata === 'object' ? { ...request, metadata: JSON.stringify(metadata) } : request,
    options,
  )
}
