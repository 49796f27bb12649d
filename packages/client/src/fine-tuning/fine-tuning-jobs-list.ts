import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FineTuningJobsListRequest, JobsOut } from './schemas.js'

const endpoint: Endpoint = {
  name: 'fineTuningJobsList',
  method: 'GET',
  path: '/v1/fine_tuning/jobs',
  query: [
    'page',
    'page_size',
    'model',
    'created_after',
    'created_before',
    'created_by_me',
    'status',
    'wandb_project',
    'wandb_name',
    'suffix',
  ],
}

/**
 * Lists fine-tuning jobs, one page at a time (see `fineTuningJobsIterate` for all pages).
 *
 * Legacy: the current API answers the fine-tuning job routes `410 Gone` (an `SDKError` whose message says the
 * endpoint was retired); older deployments still serve them.
 *
 * @param client - from `createClient`.
 * @param request - optional query: `page`, `page_size`, `model`, `created_after`, `created_before`, `created_by_me`,
 *   `status`, `wandb_project`, `wandb_name`, `suffix`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ data, object, total }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { data, total } = await fineTuningJobsList(client, { status: 'RUNNING', page_size: 10 })
 * ```
 * @deprecated Legacy: retired by the current API (410 Gone).
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_jobs
 */
export function fineTuningJobsList(
  client: Client,
  request: FineTuningJobsListRequest = {},
  options?: RequestOptions,
): Promise<JobsOut> {
  return callJson(client, endpoint, request, options)
}
