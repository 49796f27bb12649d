// The retry policy, in one place: which failures are retried, how long to wait, and when to stop. The request loop
// only asks `retryDelay` "wait how long, or stop?".

/** Exponential backoff settings, in milliseconds (the official SDKs' shape). */
export interface BackoffStrategy {
  /** First wait before jitter. Default 500. */
  initialInterval?: number | undefined
  /** Longest single wait. Default 8000. */
  maxInterval?: number | undefined
  /** Growth factor per attempt. Default 2. */
  exponent?: number | undefined
  /** No retry starts once this much time has passed since the first attempt. Default 60000. */
  maxElapsedTime?: number | undefined
}

/**
 * How failed attempts are retried: `{ strategy: 'none' }`, or backoff with full jitter (default: 2 retries).
 * Retried: connection errors and timeouts (unless `retryConnectionErrors: false`) and statuses 408, 409, 429, 500,
 * 502, 503, 504. `retry-after-ms` / `Retry-After` are honoured up to 60 s; a longer one fails at once. Calls that
 * create lasting state (uploads, jobs, conversation turns) are retried on 429 and 503 only.
 */
export type RetryConfig =
  | { strategy: 'none' }
  | {
      strategy: 'backoff'
      backoff?: BackoffStrategy | undefined
      retryConnectionErrors?: boolean | undefined
      maxRetries?: number | undefined
    }

/** What failed: an HTTP status with the server's requested wait, or a connection error / timeout (no `status`, or 0). */
export interface Failure {
  status?: number | undefined
  retryAfterMs?: number | undefined
}

const RETRIED = [408, 409, 429, 500, 502, 503, 504]
/** The answers that prove the server did nothing, so even a state-creating call can be sent again. */
const SURELY_UNDONE = [429, 503]

/**
 * Decides whether a failed attempt is retried, and after how long.
 *
 * @param retries - the call's or client's configuration (default: backoff, 2 retries).
 * @param failure - what failed.
 * @param attempt - 0 for the first attempt.
 * @param elapsed - ms since the first attempt started.
 * @param creates - the call creates lasting state: retried only on 429 and 503.
 * @returns the wait in ms, or `undefined` to stop and throw.
 */
export function retryDelay(
  retries: RetryConfig | undefined,
  failure: Failure,
  attempt: number,
  elapsed: number,
  creates?: boolean,
): number | undefined {
  if (retries?.strategy === 'none') return undefined
  const { maxRetries = 2, retryConnectionErrors, backoff = {} } = retries ?? {}
  const { initialInterval = 500, maxInterval = 8_000, exponent = 2, maxElapsedTime = 60_000 } = backoff
  const { status, retryAfterMs } = failure
  if (status ? !(creates ? SURELY_UNDONE : RETRIED).includes(status) : creates || retryConnectionErrors === false)
    return undefined
  // A wait longer than a minute is the server saying "not now": fail at once, with retryAfterMs set.
  if (retryAfterMs! > 60_000) return undefined
  const delay = retryAfterMs ?? Math.random() * Math.min(maxInterval, initialInterval * exponent ** attempt)
  return attempt < maxRetries && elapsed + delay <= maxElapsedTime ? delay : undefined
}

/**
 * Waits `ms`, or less: it resolves as soon as the signal aborts (at once when it already has), and the caller then
 * reads `signal.aborted`.
 *
 * @param ms - how long.
 * @param signal - the caller's signal.
 * @returns a promise that resolves after `ms` or on abort, never rejects.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, signal?.aborted ? 0 : ms)
    signal?.addEventListener('abort', done)
  })
}
