import { SDKError, type SDKErrorInit } from './sdk-error.js'

/** One entry of a FastAPI/pydantic validation error list. */
export interface ValidationDetail {
  /** Where the problem is, e.g. `['body', 'messages', 0, 'content']`. */
  loc: (string | number)[]
  /** What is wrong. */
  msg: string
  /** pydantic's error type, e.g. `extra_forbidden`. */
  type: string
  [key: string]: unknown
}

/**
 * Thrown for a 422 response; `detail` is the validation list wherever the body put it
 * (top level, inside an object `message`, or inside a `message` that is a JSON string).
 */
export class HTTPValidationError extends SDKError {
  override name = 'HTTPValidationError' as const
  /** The server's validation issues (empty when the body held none). */
  declare readonly detail: ValidationDetail[]

  /**
   * @param message - the message read out of the body.
   * @param init - the response facts.
   * @param detail - the validation list found in the body.
   */
  constructor(message: string, init: SDKErrorInit, detail: ValidationDetail[]) {
    super(message, { ...init, detail } as SDKErrorInit)
  }
}
