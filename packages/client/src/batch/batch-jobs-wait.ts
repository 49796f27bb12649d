import type { Client } from '../core/client.js'
import { pollUntil, type WaitOptions } from '../core/polling.js'
import { batchJobsGet } from './batch-jobs-get.js'
import type { BatchJobOut, BatchJobsGetRequest } from './schemas.js'

/** Options of {@link batchJobsWait}: the per-request options of each poll, plus `intervalMs` and `onUpdate`. */
export type BatchJobsWaitOptions = WaitOptions<BatchJobOut>

/** The statuses a batch job never leaves. */
const TERMINAL_STATUSES: readonly string[] = ['SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLED']

/**
 * Polls a batch job until it reaches a terminal status: SUCCESS, FAILED, TIMEOUT_EXCEEDED or CANCELLED.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }` (and `inline: true` to get the results in `outputs` with each poll).
 * @param options - `intervalMs`, `onUpdate`, `signal` (aborts the wait), and the per-request timeout, retries, headers.
 * @returns the job in its terminal status (check `status`: a failed job resolves too), with `output_file`.
 * @throws `RequestAbortedError` when `signal` aborts, during a poll or between two; what `batchJobsGet` throws.
 * @example
 * ```ts
 * const job = await batchJobsWait(client, { job_id }, { intervalMs: 10_000, onUpdate: (update) => console.log(update.status) })
 * if (job.output_file) console.log(await new Response(await filesDownload(client, { file_id: job.output_file })).text())
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_get_batch_job
 */
export function batchJobsWait(
  client: Client,
  request: BatchJobsGetRequest,
  options?: BatchJobsWaitOptions,
): Promise<BatchJobOut> {
  return pollUntil((requestOptions) => batchJobsGet(client, request, requestOptions), TERMINAL_STATUSES, options)
}
