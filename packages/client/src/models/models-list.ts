import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ModelList, ModelsListRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'modelsList', method: 'GET', path: '/v1/models', query: ['provider', 'model'] }

/**
 * Lists the models available to the key: base models and the fine-tuned models of its workspace.
 *
 * @param client - from `createClient`.
 * @param request - optional filters `provider` and `model` (query).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the model list.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { data } = await modelsList(client, { provider: 'mistralai' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/models/operation/list_models_v1_models_get
 */
export function modelsList(
  client: Client,
  request: ModelsListRequest = {},
  options?: RequestOptions,
): Promise<ModelList> {
  return callJson(client, endpoint, request, options)
}
