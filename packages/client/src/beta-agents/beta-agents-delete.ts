import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { AgentIdRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'betaAgentsDelete', method: 'DELETE', path: '/v1/agents/{agent_id}', fillPath }

/**
 * Deletes an agent.
 *
 * @param client - from `createClient`.
 * @param request - `{ agent_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns nothing, once the server confirmed (`204 No Content`).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * await betaAgentsDelete(client, { agent_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_delete
 */
export function betaAgentsDelete(client: Client, request: AgentIdRequest, options?: RequestOptions): Promise<void> {
  return callJson(client, endpoint, request, options)
}
