import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { ModelsUpdateRequestSchema, FineTunedModelSchema, type ModelsUpdateRequest, type FineTunedModel } from './schemas.js'

const endpoint: Endpoint = { method: 'PATCH', path: '/v1/fine_tuning/models/{model_id}', request: ModelsUpdateRequestSchema, response: FineTunedModelSchema }

/**
 * Renames or re-describes a fine-tuned model.
 *
 * @param client - from `createClient`.
 * @param request - `{ model_id, name?, description? }`; `name` and `description` are the JSON body.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the updated fine-tuned model.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * await modelsUpdate(client, { model_id, name: 'support-bot', description: 'v2' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/jobs_api_routes_fine_tuning_update_fine_tuned_model
 */
export function modelsUpdate(client: Client, request: ModelsUpdateRequest, options?: RequestOptions): Promise<FineTunedModel> {
  return callJson(client, endpoint, request, options)
}
