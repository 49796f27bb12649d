import { MistralError } from './mistral-error.js'

/** Why a stream broke after its headers arrived. */
export type StreamErrorReason = 'truncated' | 'malformed' | 'server-error' | 'idle-timeout' | 'connection'

/** Thrown while iterating a stream that broke: never a silent end. */
export class StreamError extends MistralError {
  override name = 'StreamError' as const
  /** What went wrong. */
  declare readonly reason: StreamErrorReason
  /** The raw event data, when an event caused it. */
  declare readonly data: string | undefined

  /**
   * @param reason - what went wrong.
   * @param message - the server's message when the stream held an error object.
   * @param options - the raw event `data` and the `cause`.
   */
  constructor(reason: StreamErrorReason, message: string, options: { data?: string; cause?: unknown } = {}) {
    super(message, { ...options, reason })
  }
}
