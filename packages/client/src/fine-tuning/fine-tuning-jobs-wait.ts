import type { Client } from '../core/client.js'
import { pollUntil, type WaitOptions } from '../core/polling.js'
import { fineTuningJobsGet } from './fine-tuning-jobs-get.js'
import type { DetailedJobOut, JobIdRequest } from './schemas.js'

/** Options of {@link fineTuningJobsWait}: the per-request options of each poll, plus `intervalMs` and `onUpdate`. */
export type FineTuningJobsWaitOptions = WaitOptions<DetailedJobOut>

/** The statuses a job never leaves. */
const TERMINAL_STATUSES: readonly string[] = ['SUCCESS', 'FAILED', 'FAILED_VALIDATION', 'CANCELLED']

/**
 * Polls a fine-tuning job until it reaches a terminal status: SUCCESS, FAILED, FAILED_VALIDATION or CANCELLED.
 *
 * Legacy: the current API answers the fine-tuning job routes `410 Gone` (an `SDKError` whose message says the
 * endpoint was retired); older deployments still serve them.
 *
 * @param client - from `createClient`.
 * @param request - `{ job_id }`.
 * @param options - `intervalMs`, `onUpdate`, `signal` (aborts the wait), and the per-request timeout, retries, headers.
 * @returns the job in its terminal status, with events and checkpoints (check `status`: a failed job resolves too).
 * @throws `RequestAbortedError` when `signal` aborts, during a poll or between two; what `fineTuningJobsGet` throws.
 * @example
 * ```ts
 * const job = await fineTuningJobsWait(client, { job_id }, { intervalMs: 10_000, onUpdate: (update) => console.log(update.status) })
 * if (job.status === 'SUCCESS') console.log(job.fine_tuned_model)
 * ```
 * @deprecated Legacy: retired by the current API (410 Gone).
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_job
 */
export function fineTuningJobsWait(
  client: Client,
  request: JobIdRequest,
  options?: FineTuningJobsWaitOptions,
): Promise<DetailedJobOut> {
  return pollUntil((requestOptions) => fineTuningJobsGet(client, request, requestOptions), TERMINAL_STATUSES, options)
}
