import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { BatchJobIn, BatchJobOut } from './schemas.js'

// Creates a billed job: retried on 429 and 503 only, so a retry never starts a second one.
const endpoint: Endpoint = { name: 'batchJobsCreate', method: 'POST', path: '/v1/batch/jobs', creates: true }

/**
 * Creates a batch job: every request of uploaded `.jsonl` files (`input_files`, purpose `batch`) or of inline
 * `requests` is sent to `endpoint`, at batch prices; the job starts `QUEUED`.
 *
 * @param client - from `createClient`.
 * @param request - `{ endpoint, input_files?, requests?: [{ custom_id?, body }], model?, agent_id?, metadata?,
 *   timeout_hours? }`, the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the new job (`status: 'QUEUED'`).
 * @throws `InvalidRequestError` before sending, with `withValidation` (no `endpoint`, a wrong-typed field);
 *   `HTTPValidationError` (422) or `SDKError` (an unknown input file is 404) on a non-2xx answer. Creates a billed
 *   job, so it is retried on 429 and 503 only.
 * @example
 * ```ts
 * const job = await batchJobsCreate(client, {
 *   endpoint: '/v1/chat/completions',
 *   model: 'mistral-small-latest',
 *   requests: [{ custom_id: '0', body: { messages: [{ role: 'user', content: 'What is 2 + 2?' }] } }],
 * })
 * const done = await batchJobsWait(client, { job_id: job.id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_create_batch_job
 */
export function batchJobsCreate(client: Client, request: BatchJobIn, options?: RequestOptions): Promise<BatchJobOut> {
  return callJson(client, endpoint, request, options)
}
