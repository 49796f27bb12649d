import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { DetailedJobOut, JobIdRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'fineTuningJobsGet', method: 'GET', path: '/v1/fine_tuning/jobs/{job_id}', fillPath }

/**
 * Gets a fine-tuning job with its events and checkpoints.
 *
 * Legacy: the current API answers the fine-tuning job routes `410 Gone` (an `SDKError` whose message says the
 * endpoint was retired); older deployments still serve them.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job, with `events` and `checkpoints`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { status, fine_tuned_model } = await fineTuningJobsGet(client, { job_id })
 * ```
 * @deprecated Legacy: retired by the current API (410 Gone).
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_job
 */
export function fineTuningJobsGet(
  client: Client,
  request: JobIdRequest,
  options?: RequestOptions,
): Promise<DetailedJobOut> {
  return callJson(client, endpoint, request, options)
}
