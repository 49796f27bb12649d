import { ConnectionError, InvalidRequestError, RequestTimeoutError, SDKError, StreamError } from '@mistral-edge/client'

/**
 * One line a person can act on, for anything a call threw.
 *
 * @param error - what `modelsList`, `chatStream` (or the stream) or `ocrProcess` threw.
 * @param secondsLeft - for an error that asked to wait: the seconds left now (a countdown), instead of its whole wait.
 * @returns the text to show.
 */
export function describeError(error: unknown, secondsLeft?: number): string {
  if (error instanceof SDKError) {
    const seconds = secondsLeft ?? (error.retryAfterMs ? Math.ceil(error.retryAfterMs / 1000) : undefined)
    const wait = seconds ? ` Try again in ${seconds} s.` : ''
    // The message already starts with the status ("HTTP 413: ...").
    return `${error.message}${/[.!?]$/.test(error.message) ? '' : '.'}${wait}`
  }
  if (error instanceof StreamError) return `The answer broke off (${error.reason}): ${error.message}`
  if (error instanceof InvalidRequestError) return `Not sent: ${error.message}`
  if (error instanceof RequestTimeoutError) return `No answer after ${error.timeoutMs / 1000} s.`
  if (error instanceof ConnectionError) return 'Cannot reach the server. Is the Worker running?'
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`
}
