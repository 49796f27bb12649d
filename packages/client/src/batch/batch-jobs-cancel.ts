import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { BatchJobIdRequest, BatchJobOut } from './schemas.js'

const endpoint: Endpoint = { name: 'batchJobsCancel', method: 'POST', path: '/v1/batch/jobs/{job_id}/cancel', fillPath }

/**
 * Requests the cancellation of a batch job; requests already answered stay answered.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job as it stands after the request (`CANCELLATION_REQUESTED`, then `CANCELLED`).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { status } = await batchJobsCancel(client, { job_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_cancel_batch_job
 */
export function batchJobsCancel(
  client: Client,
  request: BatchJobIdRequest,
  options?: RequestOptions,
): Promise<BatchJobOut> {
  return callJson(client, endpoint, request, options)
}
