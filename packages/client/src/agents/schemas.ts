import { type InferInput, looseObject, string } from 'valibot'
import { CompletionRequestEntries } from '../chat/schemas.js'

/**
 * `POST /v1/agents/completions` request (AgentsCompletionRequest): a chat with an agent, which fixes the model.
 *
 * @see https://docs.mistral.ai/api/#tag/agents/operation/agents_completion_v1_agents_completions_post
 */
export const AgentsCompletionRequestSchema = looseObject({
  agent_id: string(),
  ...CompletionRequestEntries,
})

/** Request of `agentsComplete` and `agentsStream`. */
export type AgentsCompletionRequest = InferInput<typeof AgentsCompletionRequestSchema>
