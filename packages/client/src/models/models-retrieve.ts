import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ModelCard, ModelIdRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'modelsRetrieve', method: 'GET', path: '/v1/models/{model_id}', fillPath }

/**
 * Retrieves one model card, base or fine-tuned.
 *
 * @param client - from `createClient`.
 * @param request - `{ model_id }`; ids may contain colons, they are encoded.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the model card.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const card = await modelsRetrieve(client, { model_id: 'mistral-small-latest' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/retrieve_model_v1_models__model_id__get
 */
export function modelsRetrieve(client: Client, request: ModelIdRequest, options?: RequestOptions): Promise<ModelCard> {
  return callJson(client, endpoint, request, options)
}
