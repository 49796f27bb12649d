/** Exponential backoff settings, in milliseconds (the official SDKs' shape). */
export interface BackoffStrategy {
  /** First wait before jitter. Default 500. */
  initialInterval?: number
  /** Longest single wait. Default 8000. */
  maxInterval?: number
  /** Growth factor per attempt. Default 2. */
  exponent?: number
  /** No retry starts once this much time has passed since the first attempt. Default 60000. */
  maxElapsedTime?: number
}

/**
 * How failed attempts are retried: `{ strategy: 'none' }`, or backoff with full jitter (default: 2 retries).
 * Retried: connection errors and timeouts (unless `retryConnectionErrors: false`) and statuses 408, 409, 429, 500,
 * 502, 503, 504. `retry-after-ms` / `Retry-After` are honoured up to 60 s; a longer one fails at once.
 */
export type RetryConfig =
  | { strategy: 'none' }
  | { strategy: 'backoff'; backoff?: BackoffStrategy; retryConnectionErrors?: boolean; maxRetries?: number }

/**
 * Waits `ms`, rejecting with the signal's reason as soon as it aborts.
 *
 * @param ms - how long.
 * @param signal - the caller's signal.
 * @returns a promise that resolves after `ms`.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
}
