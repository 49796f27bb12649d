import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { BatchJobIdRequest, DeleteBatchJobOut } from './schemas.js'

const endpoint: Endpoint = { name: 'batchJobsDelete', method: 'DELETE', path: '/v1/batch/jobs/{job_id}', fillPath }

/**
 * Deletes a batch job. Its input, output and error files are files of their own: delete them with `filesDelete`.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ id, object: 'batch', deleted }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { deleted } = await batchJobsDelete(client, { job_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_delete_batch_job
 */
export function batchJobsDelete(
  client: Client,
  request: BatchJobIdRequest,
  options?: RequestOptions,
): Promise<DeleteBatchJobOut> {
  return callJson(client, endpoint, request, options)
}
