import { boolean, type InferInput, looseObject, nullish, optional, string } from 'valibot'
import { MetadataSchema, StopSchema, TemperatureSchema, TokenCountSchema, TopPSchema } from '../chat/schemas.js'

/**
 * `POST /v1/fim/completions` request (FIMCompletionRequest): code between `prompt` and the optional `suffix`.
 *
 * @see https://docs.mistral.ai/api/#tag/fim/operation/fim_completion_v1_fim_completions_post
 */
export const FIMCompletionRequestSchema = looseObject({
  model: string(),
  prompt: string(),
  suffix: nullish(string()),
  temperature: TemperatureSchema,
  top_p: TopPSchema,
  max_tokens: TokenCountSchema,
  min_tokens: TokenCountSchema,
  stream: optional(boolean()),
  stop: StopSchema,
  random_seed: TokenCountSchema,
  metadata: MetadataSchema,
  prompt_cache_key: nullish(string()),
})

/** Request of `fimComplete` and `fimStream`. */
export type FIMCompletionRequest = InferInput<typeof FIMCompletionRequestSchema>
