import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { AgentsDeleteVersionAliasRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaAgentsDeleteVersionAlias',
  method: 'DELETE',
  path: '/v1/agents/{agent_id}/aliases',
  fillPath,
  query: ['alias'],
}

/**
 * Deletes a version alias of an agent (the version itself stays).
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, alias }`; `alias` goes in the query.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns nothing, once the server confirmed (`204 No Content`).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * await betaAgentsDeleteVersionAlias(client, { agent_id, alias: 'staging' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_delete_alias
 */
export function betaAgentsDeleteVersionAlias(
  client: Client,
  request: AgentsDeleteVersionAliasRequest,
  options?: RequestOptions,
): Promise<void> {
  return callJson(client, endpoint, request, options)
}
