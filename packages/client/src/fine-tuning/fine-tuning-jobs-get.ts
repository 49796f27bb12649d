import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { DetailedJobOutSchema, JobIdRequestSchema, type DetailedJobOut, type JobIdRequest } from './schemas.js'

const endpoint: Endpoint = { method: 'GET', path: '/v1/fine_tuning/jobs/{job_id}', request: JobIdRequestSchema, response: DetailedJobOutSchema }

/**
 * Gets a fine-tuning job with its events and checkpoints.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job, with `events` and `checkpoints`.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const { status, fine_tuned_model } = await fineTuningJobsGet(client, { job_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_job
 */
export function fineTuningJobsGet(client: Client, request: JobIdRequest, options?: RequestOptions): Promise<DetailedJobOut> {
  return callJson(client, endpoint, request, options)
}
