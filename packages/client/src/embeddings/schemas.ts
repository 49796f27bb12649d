import { array, custom, looseObject, nullish, number, optional, picklist, string, type InferInput, type InferOutput } from 'valibot'

// `custom` checks stand in for `union`, `record` and `pipe` here: the same rules in a fraction of the bundle, which the
// 4 KB budget of a one-call `embeddingsCreate` program needs.

/**
 * `POST /v1/embeddings` request, as in the current spec. Unknown fields are kept and sent as given.
 *
 * @see https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */
export const EmbeddingRequestSchema = looseObject({
  /** ID of the model to use, e.g. `mistral-embed` or `codestral-embed`. */
  model: string(),
  /** The text to embed: one string or several. */
  input: custom<string | string[]>(
    (input) => typeof input === 'string' || (Array.isArray(input) && input.every((item) => typeof item === 'string')),
    'must be a string or an array of strings',
  ),
  /** Dimension of the vectors, where the model allows it (a positive integer). */
  output_dimension: nullish(custom<number>((input) => Number.isInteger(input) && (input as number) > 0, 'must be a positive integer')),
  /** Data type of the vectors, where the model allows it. Default `float`. */
  output_dtype: optional(picklist(['float', 'int8', 'uint8', 'binary', 'ubinary'])),
  /** `float` (arrays of numbers, the default) or `base64` (little-endian bytes of each vector, base64-encoded). */
  encoding_format: optional(picklist(['float', 'base64'])),
  /** Free-form metadata. */
  metadata: nullish(looseObject({})),
})

/** One vector. `embedding` is an array of numbers, or a base64 string when `encoding_format: 'base64'` was asked. */
export const EmbeddingResponseDataSchema = looseObject({
  object: nullish(string()),
  embedding: custom<number[] | string>(
    (input) => typeof input === 'string' || (Array.isArray(input) && input.every((item) => typeof item === 'number')),
    'must be an array of numbers or a base64 string',
  ),
  index: nullish(number()),
})

/** Token counts of an embeddings call. Lenient: the wire carries more fields than the spec (`request_count`, ...). */
export const EmbeddingUsageSchema = looseObject({
  prompt_tokens: nullish(number()),
  completion_tokens: nullish(number()),
  total_tokens: nullish(number()),
})

/** `POST /v1/embeddings` response, shaped like the real wire (`fixtures/wire/json/embeddings_*`). */
export const EmbeddingResponseSchema = looseObject({
  id: string(),
  object: nullish(string()),
  data: array(EmbeddingResponseDataSchema),
  model: string(),
  usage: nullish(EmbeddingUsageSchema),
})

/** Request of {@link embeddingsCreate}. */
export type EmbeddingRequest = InferInput<typeof EmbeddingRequestSchema>
/** One vector of an {@link EmbeddingResponse}. */
export type EmbeddingResponseData = InferOutput<typeof EmbeddingResponseDataSchema>
/** Usage of an embeddings call. */
export type EmbeddingUsage = InferOutput<typeof EmbeddingUsageSchema>
/** Response of {@link embeddingsCreate}. */
export type EmbeddingResponse = InferOutput<typeof EmbeddingResponseSchema>
