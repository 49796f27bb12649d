import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { DetailedJobOut, JobIdRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'fineTuningJobsStart',
  method: 'POST',
  path: '/v1/fine_tuning/jobs/{job_id}/start',
  fillPath,
}

/**
 * Starts a validated job that was created with `auto_start: false`.
 *
 * Legacy: the current API answers the fine-tuning job routes `410 Gone` (an `SDKError` whose message says the
 * endpoint was retired); older deployments still serve them.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job as it stands after the request.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { status } = await fineTuningJobsStart(client, { job_id })
 * ```
 * @deprecated Legacy: retired by the current API (410 Gone).
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_start_fine_tuning_job
 */
export function fineTuningJobsStart(
  client: Client,
  request: JobIdRequest,
  options?: RequestOptions,
): Promise<DetailedJobOut> {
  return callJson(client, endpoint, request, options)
}
