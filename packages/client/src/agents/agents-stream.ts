import type { Client, RequestOptions } from '../core/client.js'
import type { Endpoint } from '../core/request.js'
import type { CompletionStream } from '../streaming/event-stream.js'
import { openStream } from '../streaming/open-stream.js'
import type { AgentsCompletionRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'agentsStream', method: 'POST', path: '/v1/agents/completions' }

/**
 * Streams an agent's completion as server-sent chunks (`stream: true` is added to the request).
 *
 * @param client - from `createClient`.
 * @param request - AgentsCompletionRequest, as for `agentsComplete`.
 * @param options - signal, timeout until the headers, `idleTimeoutMs` between chunks, retries, headers.
 * @returns a `CompletionStream` once the response headers are in.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer;
 *   iterating throws `StreamError` (and `ResponseValidationError` for a bad chunk with `withValidation`).
 * @example
 * ```ts
 * const stream = await agentsStream(client, { agent_id: 'ag_0123', messages: [{ role: 'user', content: 'Hi' }] })
 * const { choices } = await stream.finalResponse()
 * ```
 * @see https://docs.mistral.ai/api/#tag/agents/operation/agents_completion_v1_agents_completions_post
 */
export function agentsStream(
  client: Client,
  request: AgentsCompletionRequest,
  options?: RequestOptions,
): Promise<CompletionStream> {
  return openStream(client, endpoint, request, options)
}
