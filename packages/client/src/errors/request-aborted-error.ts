import { MistralError } from './mistral-error.js'

/** Thrown when the caller's `AbortSignal` aborted; `cause` is the signal's reason. */
export class RequestAbortedError extends MistralError {
  override name = 'RequestAbortedError' as const

  /** @param cause - `signal.reason`. */
  constructor(cause: unknown) {
    super('Request aborted by the caller', { cause })
  }
}
