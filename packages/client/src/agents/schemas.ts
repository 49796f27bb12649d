import { array, boolean, looseObject, nullish, optional, string, type InferInput } from 'valibot'
import {
  CompletionCountSchema,
  GuardrailsSchema,
  MessageSchema,
  MetadataSchema,
  PenaltySchema,
  PredictionSchema,
  PromptModeSchema,
  ReasoningEffortSchema,
  ResponseFormatSchema,
  ServiceTierSchema,
  StopSchema,
  TokenCountSchema,
  ToolChoiceSchema,
  ToolSchema,
} from '../chat/schemas.js'

/**
 * `POST /v1/agents/completions` request (AgentsCompletionRequest): a chat with an agent, which fixes the model.
 *
 * @see https://docs.mistral.ai/api/#tag/agents/operation/agents_completion_v1_agents_completions_post
 */
export const AgentsCompletionRequestSchema = looseObject({
  agent_id: string(),
  messages: array(MessageSchema),
  max_tokens: TokenCountSchema,
  stream: optional(boolean()),
  stop: StopSchema,
  random_seed: TokenCountSchema,
  metadata: MetadataSchema,
  response_format: optional(ResponseFormatSchema),
  tools: nullish(array(ToolSchema)),
  tool_choice: optional(ToolChoiceSchema),
  presence_penalty: PenaltySchema,
  frequency_penalty: PenaltySchema,
  n: CompletionCountSchema,
  prediction: optional(PredictionSchema),
  parallel_tool_calls: optional(boolean()),
  reasoning_effort: ReasoningEffortSchema,
  prompt_mode: PromptModeSchema,
  guardrails: GuardrailsSchema,
  prompt_cache_key: nullish(string()),
  service_tier: ServiceTierSchema,
})

/** Request of `agentsComplete` and `agentsStream`. */
export type AgentsCompletionRequest = InferInput<typeof AgentsCompletionRequestSchema>
