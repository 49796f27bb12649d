import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { DetailedJobOutSchema, JobIdRequestSchema, type DetailedJobOut, type JobIdRequest } from './schemas.js'

const endpoint: Endpoint = { method: 'POST', path: '/v1/fine_tuning/jobs/{job_id}/start', request: JobIdRequestSchema, response: DetailedJobOutSchema }

/**
 * Starts a validated job that was created with `auto_start: false`.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job as it stands after the request.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const { status } = await fineTuningJobsStart(client, { job_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_start_fine_tuning_job
 */
export function fineTuningJobsStart(client: Client, request: JobIdRequest, options?: RequestOptions): Promise<DetailedJobOut> {
  return callJson(client, endpoint, request, options)
}
