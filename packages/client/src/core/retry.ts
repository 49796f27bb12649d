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
 * How failed attempts are retried: `{ strategy: 'none' }`, or backoff with full jitter.
 * Retried: connection errors and timeouts (unless `retryConnectionErrors: false`) and statuses 408, 409, 429, 500,
 * 502, 503, 504. `retry-after-ms` / `Retry-After` are honoured up to 60 s.
 */
export type RetryConfig =
  | { strategy: 'none' }
  | { strategy: 'backoff'; backoff?: BackoffStrategy; retryConnectionErrors?: boolean; maxRetries?: number }

/** The settings a request runs with, defaults applied. */
export interface RetryPlan {
  maxRetries: number
  initialInterval: number
  maxInterval: number
  exponent: number
  maxElapsedTime: number
  retryConnectionErrors: boolean
}

/** Longest server-requested wait honoured; a longer `Retry-After` fails at once. */
export const MAX_RETRY_AFTER_MS = 60_000

const RETRIED_STATUSES = [408, 409, 429, 500, 502, 503, 504]

/** @returns whether a response status is worth another attempt. */
export const isRetriedStatus = (status: number): boolean => RETRIED_STATUSES.includes(status)

/**
 * Resolves a {@link RetryConfig} against the defaults.
 *
 * @param config - the call's or the client's config.
 * @returns the plan; `maxRetries` 0 for `strategy: 'none'`.
 */
export function retryPlan(config: RetryConfig | undefined): RetryPlan {
  const backoff = config?.strategy === 'backoff' ? config : undefined
  return {
    maxRetries: config?.strategy === 'none' ? 0 : (backoff?.maxRetries ?? 2),
    initialInterval: backoff?.backoff?.initialInterval ?? 500,
    maxInterval: backoff?.backoff?.maxInterval ?? 8_000,
    exponent: backoff?.backoff?.exponent ?? 2,
    maxElapsedTime: backoff?.backoff?.maxElapsedTime ?? 60_000,
    retryConnectionErrors: backoff?.retryConnectionErrors ?? true,
  }
}

/**
 * The wait before retry number `attempt` (0-based): the server's value when given, else full jitter.
 *
 * @param plan - the resolved settings.
 * @param attempt - how many retries were made before this one.
 * @param serverDelayMs - `Retry-After` in ms, if any.
 */
export function backoffDelay(plan: RetryPlan, attempt: number, serverDelayMs?: number): number {
  if (serverDelayMs !== undefined) return serverDelayMs
  return Math.random() * Math.min(plan.maxInterval, plan.initialInterval * plan.exponent ** attempt)
}

/**
 * Waits `ms`, rejecting with the signal's reason as soon as it aborts.
 *
 * @param ms - how long.
 * @param signal - the caller's signal.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
