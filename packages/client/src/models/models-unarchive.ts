import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ArchiveModelOut, ModelIdRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'modelsUnarchive',
  method: 'DELETE',
  path: '/v1/fine_tuning/models/{model_id}/archive',
  fillPath,
}

/**
 * Un-archives a fine-tuned model.
 *
 * @param client - from `createClient`.
 * @param request - `{ model_id }` of a fine-tuned model.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ id, object, archived: false }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { archived } = await modelsUnarchive(client, { model_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/jobs_api_routes_fine_tuning_unarchive_fine_tuned_model
 */
export function modelsUnarchive(
  client: Client,
  request: ModelIdRequest,
  options?: RequestOptions,
): Promise<ArchiveModelOut> {
  return callJson(client, endpoint, request, options)
}
