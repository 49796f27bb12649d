import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { DeleteModelOut, ModelIdRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'modelsDelete', method: 'DELETE', path: '/v1/models/{model_id}', fillPath }

/**
 * Deletes a fine-tuned model.
 *
 * @param client - from `createClient`.
 * @param request - `{ model_id }` of a fine-tuned model.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ id, object, deleted }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * await modelsDelete(client, { model_id: 'ft:open-mistral-7b:587a6b29:20240514:7e773925' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/delete_model_v1_models__model_id__delete
 */
export function modelsDelete(
  client: Client,
  request: ModelIdRequest,
  options?: RequestOptions,
): Promise<DeleteModelOut> {
  return callJson(client, endpoint, request, options)
}
