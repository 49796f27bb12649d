import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { AgentAliasResponse, AgentsCreateVersionAliasRequest } from './schemas.js'

// A PUT (not in `Endpoint['method']` yet); its fields all go in the path and query, so it has no body.
const endpoint: Endpoint = {
  name: 'betaAgentsCreateVersionAlias',
  method: 'PUT',
  path: '/v1/agents/{agent_id}/aliases',
  fillPath,
  query: ['alias', 'version'],
}

/**
 * Creates an alias for a version of an agent, or points an existing alias at another version; conversations and
 * `betaAgentsGet` accept the alias as `agent_version`.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id, alias, version }`; `alias` (lowercase letters, digits, `_` and `-`) and `version` go in the query.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ alias, version, created_at, updated_at }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * await betaAgentsCreateVersionAlias(client, { agent_id, alias: 'production', version: 3 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_create_or_update_alias
 */
export function betaAgentsCreateVersionAlias(
  client: Client,
  request: AgentsCreateVersionAliasRequest,
  options?: RequestOptions,
): Promise<AgentAliasResponse> {
  return callJson(client, endpoint, request, options)
}
