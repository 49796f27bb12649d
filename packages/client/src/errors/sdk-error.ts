import { MistralError } from './mistral-error.js'

/** What the error factory extracted from a non-2xx response. */
export interface SDKErrorInit {
  /** HTTP status code. */
  status: number
  /** Response headers. */
  headers: Headers
  /** Raw response body text ('' when empty). */
  body: string
  /** Parsed JSON body, or `undefined` when the body is not JSON. */
  data: unknown
  /** The request id (`mistral-correlation-id`, body `request_id`, or `x-kong-request-id`). */
  requestId: string | undefined
  /** Milliseconds the server asked to wait (`retry-after-ms` / `Retry-After`), when given. */
  retryAfterMs: number | undefined
}

/**
 * Thrown for any non-2xx HTTP response.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof SDKError && error.status === 429) retryLater(error.retryAfterMs) }
 * ```
 */
export class SDKError extends MistralError {
  override name: string = 'SDKError'
  /** HTTP status code. */
  declare readonly status: number
  /** Response headers. */
  declare readonly headers: Headers
  /** Raw body text. */
  declare readonly body: string
  /** Parsed JSON body, or `undefined`. */
  declare readonly data: unknown
  /** Request id for support tickets, when the server sent one. */
  declare readonly requestId: string | undefined
  /** Server-requested wait in milliseconds, when given. */
  declare readonly retryAfterMs: number | undefined

  /**
   * @param message - the message read out of the body.
   * @param init - the response facts.
   */
  constructor(message: string, init: SDKErrorInit) {
    super(message, init as unknown as Record<string, unknown>)
  }
}
