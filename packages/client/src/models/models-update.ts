import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FineTunedModel, ModelsUpdateRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'modelsUpdate',
  method: 'PATCH',
  path: '/v1/fine_tuning/models/{model_id}',
  fillPath,
}

/**
 * Renames or re-describes a fine-tuned model.
 *
 * @param client - from `createClient`.
 * @param request - `{ model_id, name?, description? }`; `name` and `description` are the JSON body.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the updated fine-tuned model.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * await modelsUpdate(client, { model_id, name: 'support-bot', description: 'v2' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/jobs_api_routes_fine_tuning_update_fine_tuned_model
 */
export function modelsUpdate(
  client: Client,
  request: ModelsUpdateRequest,
  options?: RequestOptions,
): Promise<FineTunedModel> {
  return callJson(client, endpoint, request, options)
}
