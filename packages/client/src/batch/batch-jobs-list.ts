import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { BatchJobsListRequest, BatchJobsOut } from './schemas.js'

const endpoint: Endpoint = {
  name: 'batchJobsList',
  method: 'GET',
  path: '/v1/batch/jobs',
  query: ['page', 'page_size', 'model', 'agent_id', 'metadata', 'created_after', 'created_by_me', 'status', 'order_by'],
}

/**
 * Lists the batch jobs of the workspace, one page at a time, newest first by default (see `batchJobsIterate` for all
 * pages).
 *
 * @param client - from `createClient`.
 * @param request - optional query: `page`, `page_size`, `model`, `agent_id`, `metadata` (an object, sent as one JSON
 *   string), `created_after` (ISO 8601), `created_by_me`, `status` (one or several, sent as repeated keys),
 *   `order_by` (`'created'` or `'-created'`).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ data, object, total }`.
 * @throws `InvalidRequestError` before sending (with `withValidation`, a malformed field); `SDKError` on a non-2xx
 *   answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { data, total } = await batchJobsList(client, { status: ['QUEUED', 'RUNNING'], page_size: 10 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_get_batch_jobs
 */
export function batchJobsList(
  client: Client,
  request: BatchJobsListRequest = {},
  options?: RequestOptions,
): Promise<BatchJobsOut> {
  const { metadata } = request
  // The query string has no object form: an object `metadata` travels as its JSON text.
  return callJson(
    client,
    endpoint,
    metadata && typeof metadata === 'object' ? { ...request, metadata: JSON.stringify(metadata) } : request,
    options,
  )
}
