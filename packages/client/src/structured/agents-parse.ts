import { agentsComplete } from '../agents/agents-complete.js'
import type { AgentsCompletionRequest } from '../agents/schemas.js'
import type { Client, RequestOptions } from '../core/client.js'
import { type ParsedChatCompletion, parseChoices, type WithSchema } from './chat-parse.js'
import { responseFormat } from './response-format.js'

/**
 * Runs an agent completion in the shape of a schema and reads it, as {@link chatParse} does for chat: sent with
 * `response_format: responseFormat(schema)`, each `choices[i].message.parsed` is the validated output.
 *
 * @param client - from `createClient`.
 * @param request - an agents request whose `response_format` is a Standard JSON Schema.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the completion with `choices[i].message.parsed` (not enumerable).
 * @throws `TypeError` before sending (no JSON Schema, or not strict-able); `ResponseValidationError` when a choice's
 * content is not JSON or is rejected; and whatever `agentsComplete` throws.
 * @example
 * ```ts
 * const Ticket = z.object({ priority: z.enum(['low', 'high']), summary: z.string() })
 * const { choices } = await agentsParse(client, { agent_id: 'ag_0123', messages, response_format: Ticket })
 * console.log(choices[0]?.message.parsed.priority)
 * ```
 * @see https://docs.mistral.ai/api/#tag/agents/operation/agents_completion_v1_agents_completions_post
 */
export async function agentsParse<Output>(
  client: Client,
  request: WithSchema<AgentsCompletionRequest, Output>,
  options?: RequestOptions,
): Promise<ParsedChatCompletion<Output>> {
  const schema = request.response_format
  const format = responseFormat(schema)
  return parseChoices(
    await agentsComplete(client, { ...request, response_format: format }, options),
    schema,
    format.json_schema.schema,
    'agentsParse',
  )
}
