import { RequestAbortedError } from '../errors/request-aborted-error.js'
import type { RequestOptions } from './client.js'
import { sleep } from './retry.js'

/** Options of the `...Wait` helpers: the per-request options of each poll, plus the polling settings. */
export interface WaitOptions<T> extends RequestOptions {
  /** Pause between two polls, in milliseconds. Default 5000. */
  intervalMs?: number | undefined
  /** Called with the job after every poll whose status differs from the previous poll's (the first poll included). */
  onUpdate?: ((job: T) => void) | undefined
}

/**
 * Polls a job until its `status` is terminal: the shared body of `fineTuningJobsWait` and `batchJobsWait`.
 *
 * @param get - one poll, given the per-request options.
 * @param terminal - the statuses a job never leaves.
 * @param options - `intervalMs` (default 5000), `onUpdate`, `signal` (aborts the wait), per-request options.
 * @returns the job in its terminal status (a failed job resolves too: check `status`).
 * @throws `RequestAbortedError` when `signal` aborts, during a poll or between two; what `get` throws.
 */
export async function pollUntil<T extends { status?: string | null | undefined }>(
  get: (options: RequestOptions) => Promise<T>,
  terminal: readonly string[],
  options: WaitOptions<T> = {},
): Promise<T> {
  const { intervalMs = 5_000, onUpdate, ...requestOptions } = options
  if (!(intervalMs >= 0 && intervalMs < Infinity))
    throw new TypeError(`intervalMs must be a finite number >= 0, got ${intervalMs}`)
  let last: string | null | undefined
  for (let first = true; ; first = false) {
    const job = await get(requestOptions)
    if (first || job.status !== last) onUpdate?.(job)
    last = job.status
    if (terminal.includes(job.status as string)) return job
    await sleep(intervalMs, options.signal)
    if (options.signal?.aborted) throw new RequestAbortedError(options.signal.reason)
  }
}
