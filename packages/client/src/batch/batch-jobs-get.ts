import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { BatchJobOut, BatchJobsGetRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'batchJobsGet',
  method: 'GET',
  path: '/v1/batch/jobs/{job_id}',
  fillPath,
  query: ['inline'],
}

/**
 * Gets a batch job: its status, request counts and, once done, its `output_file` and `error_file`.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id, inline? }`; `inline: true` (query) asks for the results in `outputs`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { status, succeeded_requests, output_file } = await batchJobsGet(client, { job_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_get_batch_job
 */
export function batchJobsGet(
  client: Client,
  request: BatchJobsGetRequest,
  options?: RequestOptions,
): Promise<BatchJobOut> {
  return callJson(client, endpoint, request, options)
}
