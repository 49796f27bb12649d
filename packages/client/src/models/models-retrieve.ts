import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { ModelIdRequestSchema, ModelCardSchema, type ModelIdRequest, type ModelCard } from './schemas.js'

const endpoint: Endpoint = { method: 'GET', path: '/v1/models/{model_id}', request: ModelIdRequestSchema, response: ModelCardSchema }

/**
 * Retrieves one model card, base or fine-tuned.
 *
 * @param client - from `createClient`.
 * @param request - `{ model_id }`; ids may contain colons, they are encoded.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the model card.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const card = await modelsRetrieve(client, { model_id: 'mistral-small-latest' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/retrieve_model_v1_models__model_id__get
 */
export function modelsRetrieve(client: Client, request: ModelIdRequest, options?: RequestOptions): Promise<ModelCard> {
  return callJson(client, endpoint, request, options)
}
