import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { EmbeddingRequest, EmbeddingResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'embeddingsCreate', method: 'POST', path: '/v1/embeddings' }

/**
 * Embeds one text or several.
 *
 * @param client - from `createClient`.
 * @param request - `{ model, input, output_dimension?, output_dtype?, encoding_format? }`, sent as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the vectors (`data[i].embedding`, in input order) and the usage.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { data } = await embeddingsCreate(client, { model: 'mistral-embed', input: ['first text', 'second text'] })
 * const vectors = data.map((item) => item.embedding)
 * ```
 * @see https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */
export function embeddingsCreate(
  client: Client,
  request: EmbeddingRequest,
  options?: RequestOptions,
): Promise<EmbeddingResponse> {
  return callJson(client, endpoint, request, options)
}
