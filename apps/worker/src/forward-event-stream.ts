import type { Mask } from './headers.js'

/** How a forwarded stream ended. */
export type StreamOutcome = 'complete' | 'cancelled' | 'error'

/** Options of {@link forwardEventStream}. */
export interface ForwardOptions {
  /** Masks the key in an error event's message. */
  mask?: Mask | undefined
  /** Called after each chunk is read from the source (the tokens of a stream are in its last event). */
  onChunk?: (() => void) | undefined
  /** Called once, when the stream ends, breaks or the caller goes away. */
  onEnd?: ((outcome: StreamOutcome, reason?: string) => void) | undefined
}

/** The SSE event sent in place of the rest of a stream that broke upstream. */
function errorEvent(message: string): Uint8Array {
  const event = { object: 'error', message, type: 'stream_error', param: null, code: null }
  return new TextEncoder().encode(`data: ${JSON.stringify(event)}\n\n`)
}

/**
 * Forwards a completion's SSE bytes to the browser. When the stream breaks upstream (an error event, a reset, a
 * stall past the idle timeout), the browser gets an error event (`{"object":"error",...}`, which clients throw as a
 * stream error) rather than a bare cut; when the browser goes away (its request's signal aborts, or it cancels the
 * body), the upstream request is aborted. Each way out is reported once through `onEnd`.
 *
 * @param source - `toReadableStream(stream)`; cancelling it aborts the upstream request.
 * @param signal - the incoming request's signal.
 * @param options - masking, and the chunk and end callbacks.
 * @returns the byte stream to answer with.
 */
export function forwardEventStream(
  source: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  options: ForwardOptions = {},
): ReadableStream<Uint8Array> {
  const { mask = (text: string) => text, onChunk, onEnd } = options
  const reader = source.getReader()
  let finished = false
  const end = (outcome: StreamOutcome, reason?: string) => {
    if (finished) return false
    finished = true
    signal.removeEventListener('abort', onAbort)
    onEnd?.(outcome, reason)
    return true
  }
  const stop = (reason: unknown) => {
    if (!end('cancelled', 'the client went away; upstream request aborted')) return
    reader.cancel(reason).catch(() => {})
  }
  const onAbort = () => stop(signal.reason)
  signal.addEventListener('abort', onAbort)
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (!done) {
          onChunk?.()
          return controller.enqueue(value)
        }
        if (end('complete')) controller.close()
      } catch (error) {
        const message = mask(error instanceof Error ? error.message : String(error))
        if (!end('error', message)) return
        controller.enqueue(errorEvent(message))
        controller.close()
      }
    },
    cancel: stop,
  })
}
