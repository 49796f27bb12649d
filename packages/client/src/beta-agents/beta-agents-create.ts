import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Agent, AgentCreationRequest } from './schemas.js'

// Creates an agent: retried on 429 and 503 only, so a retry never makes a second one.
const endpoint: Endpoint = { name: 'betaAgentsCreate', method: 'POST', path: '/v1/agents', creates: true }

/**
 * Creates an agent: a model with instructions, tools and completion args, usable in conversations (`agent_id`) and
 * agents completions.
 *
 * @param client - from `createClient`.
 * @param request - `{ model, name, instructions?, tools?, completion_args?, description?, handoffs?, metadata?, guardrails?,
 *   version_message? }`, the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the agent at `version: 0`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `HTTPValidationError` (422) or `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`,
 *   `RequestAbortedError`. Creates an agent, so it is retried on 429 and 503 only.
 * @example
 * ```ts
 * const agent = await betaAgentsCreate(client, { model: 'mistral-medium-latest', name: 'Simple Agent', instructions: 'Answer briefly.' })
 * const { outputs } = await betaConversationsStart(client, { agent_id: agent.id, inputs: 'Hi' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_create
 */
export function betaAgentsCreate(
  client: Client,
  request: AgentCreationRequest,
  options?: RequestOptions,
): Promise<Agent> {
  return callJson(client, endpoint, request, options)
}
