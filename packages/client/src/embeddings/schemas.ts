import {
  array,
  type InferInput,
  type InferOutput,
  looseObject,
  nullish,
  number,
  optional,
  string,
  union,
} from 'valibot'
import { openEnum, readonlyArray } from '../core/schemas.js'

/**
 * `POST /v1/embeddings` request (EmbeddingRequest in the current spec): types and required fields only; unknown
 * fields are kept and sent as given.
 *
 * @see https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */
export const EmbeddingRequestSchema = looseObject({
  /** ID of the model to use, e.g. `mistral-embed` or `codestral-embed`. */
  model: string(),
  /** The text to embed: one string or several (a readonly array too). */
  input: union([string(), readonlyArray(string())]),
  /** Dimension of the vectors, where the model allows it (a positive integer; the API checks it). */
  output_dimension: nullish(number()),
  /** Data type of the vectors, where the model allows it. Default `float`. */
  output_dtype: optional(openEnum(['float', 'int8', 'uint8', 'binary', 'ubinary'])),
  /** `float` (arrays of numbers, the default) or `base64` (little-endian bytes of each vector, base64-encoded). */
  encoding_format: optional(openEnum(['float', 'base64'])),
  /** Free-form metadata. */
  metadata: nullish(looseObject({})),
})

/**
 * One vector of the `POST /v1/embeddings` response (`data[]`). `embedding` is an array of numbers, or a base64 string
 * when `encoding_format: 'base64'` was asked.
 */
export const EmbeddingResponseDataSchema = looseObject({
  object: nullish(openEnum(['embedding'])),
  embedding: union([array(number()), string()]),
  index: nullish(number()),
})

/** `usage` of the `POST /v1/embeddings` response; the wire carries more fields than the spec (`request_count`, ...). */
export const EmbeddingUsageSchema = looseObject({
  prompt_tokens: nullish(number()),
  completion_tokens: nullish(number()),
  total_tokens: nullish(number()),
})

/** `POST /v1/embeddings` response, shaped like the real wire (`shared/wire/json/embeddings_*`). */
export const EmbeddingResponseSchema = looseObject({
  id: nullish(string()),
  object: nullish(openEnum(['list'])),
  data: array(EmbeddingResponseDataSchema),
  model: nullish(string()),
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
