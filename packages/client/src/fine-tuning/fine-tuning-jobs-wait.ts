import type { Client, RequestOptions } from '../core/client.js'
import { sleep } from '../core/retry.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { fineTuningJobsGet } from './fine-tuning-jobs-get.js'
import type { DetailedJobOut, JobIdRequest } from './schemas.js'

/** Options of {@link fineTuningJobsWait}: the per-request options of each poll, plus the polling settings. */
export interface FineTuningJobsWaitOptions extends RequestOptions {
  /** Pause between two polls, in milliseconds. Default 5000. */
  intervalMs?: number
  /** Called with the job after every poll whose status differs from the previous poll's (the first poll included). */
  onUpdate?: (job: DetailedJobOut) => void
}

/** The statuses a job never leaves. */
const TERMINAL_STATUSES: readonly string[] = ['SUCCESS', 'FAILED', 'FAILED_VALIDATION', 'CANCELLED']

/**
 * Polls a fine-tuning job until it reaches a terminal status: SUCCESS, FAILED, FAILED_VALIDATION or CANCELLED.
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
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_job
 */
export async function fineTuningJobsWait(client: Client, request: JobIdRequest, options: FineTuningJobsWaitOptions = {}): Promise<DetailedJobOut> {
  const { intervalMs = 5_000, onUpdate, ...requestOptions } = options
  let last: string | undefined
  for (;;) {
    const job = await fineTuningJobsGet(client, request, requestOptions)
    if (job.status !== last) onUpdate?.(job)
    last = job.status
    if (TERMINAL_STATUSES.includes(job.status)) return job
    try {
      await sleep(intervalMs, options.signal)
    } catch (reason) {
      throw new RequestAbortedError(reason)
    }
  }
}
