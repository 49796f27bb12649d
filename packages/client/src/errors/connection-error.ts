import { MistralError } from './mistral-error.js'

/** Thrown when `fetch` rejected or the body could not be read (DNS, refused, reset). The original error is `cause`. */
export class ConnectionError extends MistralError {
  override name = 'ConnectionError' as const

  /**
   * @param message - what failed.
   * @param cause - the error `fetch` threw.
   */
  constructor(message: string, cause: unknown) {
    super(message, { cause })
  }
}
