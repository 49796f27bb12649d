import { SDKError } from '@mistral-edge/client'

/** The longest wait the app counts down and retries after by itself; a longer one is only shown. */
const MAX_WAIT_MS = 60_000
/** The wait when a 429 names none. */
const DEFAULT_WAIT_MS = 5_000

/**
 * How long to wait before retrying after `error`, when it is a 429 worth waiting for.
 *
 * @param error - what a call threw.
 * @returns the wait in ms (its `Retry-After`, or 5 s without one), or `undefined`: not a 429, or a wait over a minute.
 */
export function rateLimitWait(error: unknown): number | undefined {
  if (!(error instanceof SDKError) || error.status !== 429) return undefined
  const wait = error.retryAfterMs ?? DEFAULT_WAIT_MS
  return wait <= MAX_WAIT_MS ? wait : undefined
}

/**
 * Waits `ms`, calling `onTick` with the whole seconds left at once and then each second (47, 46, ... 1).
 *
 * @param ms - how long.
 * @param onTick - shows the seconds left.
 * @param signal - ends the wait early, rejecting with the signal's reason.
 * @returns a promise that resolves when the time is up.
 */
export function countdown(ms: number, onTick: (seconds: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const end = Date.now() + ms
    let timer: ReturnType<typeof setTimeout> | undefined
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const tick = () => {
      const left = end - Date.now()
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort)
        return resolve()
      }
      onTick(Math.ceil(left / 1000))
      // Wake at the next whole second left, so the number shown changes on time.
      timer = setTimeout(tick, left % 1000 || 1000)
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    tick()
  })
}

/**
 * Runs `call`; when it fails with a 429 worth waiting for, counts the wait down and runs it once more.
 *
 * @param call - the request (started again for the retry).
 * @param onWait - shows the error and the seconds left, each second.
 * @param signal - stops the wait (the call takes its own signal).
 * @returns what `call` returns.
 * @throws what the first call throws when it is not such a 429, else what the retry throws; the signal's reason when
 *   it aborts during the wait.
 */
export async function retryAfterRateLimit<T>(
  call: () => Promise<T>,
  onWait: (error: SDKError, seconds: number) => void,
  signal: AbortSignal,
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const wait = rateLimitWait(error)
    if (wait === undefined) throw error
    await countdown(wait, (seconds) => onWait(error as SDKError, seconds), signal)
    return call()
  }
}
