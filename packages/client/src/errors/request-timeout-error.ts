import { MistralError } from './mistral-error.js'

/** Thrown when an attempt did not finish within `timeoutMs` (or a stream was idle longer than `idleTimeoutMs`). */
export class RequestTimeoutError extends MistralError {
  override name = 'RequestTimeoutError' as const
  /** The limit that fired, in milliseconds. */
  declare readonly timeoutMs: number

  /** @param timeoutMs - the limit that fired. */
  constructor(timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms`, { timeoutMs })
  }
}
