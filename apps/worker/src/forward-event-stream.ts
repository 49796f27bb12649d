/** The SSE event sent in place of the rest of a stream that broke upstream. */
function errorEvent(error: unknown): Uint8Array {
  const message = error instanceof Error ? error.message : String(error)
  const event = { object: 'error', message, type: 'stream_error', param: null, code: null }
  return new TextEncoder().encode(`data: ${JSON.stringify(event)}\n\n`)
}

/**
 * Forwards a completion's SSE bytes to the browser. When the stream breaks upstream, the browser gets an error
 * event (`{"object":"error",...}`, which clients throw as a stream error) rather than a bare cut; when the browser
 * goes away (its request's signal aborts, or it cancels the body), the upstream request is aborted.
 *
 * @param source - `toReadableStream(stream)`; cancelling it aborts the upstream request.
 * @param signal - the incoming request's signal.
 * @returns the byte stream to answer with.
 */
export function forwardEventStream(source: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  let finished = false
  const stop = (reason: unknown) => {
    if (finished) return
    finished = true
    signal.removeEventListener('abort', onAbort)
    console.log('mistral-edge worker: the client went away; upstream request aborted')
    reader.cancel(reason).catch(() => {})
  }
  const onAbort = () => stop(signal.reason)
  signal.addEventListener('abort', onAbort)
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (!done) return controller.enqueue(value)
        finished = true
        signal.removeEventListener('abort', onAbort)
        controller.close()
      } catch (error) {
        if (finished) return
        finished = true
        signal.removeEventListener('abort', onAbort)
        controller.enqueue(errorEvent(error))
        controller.close()
      }
    },
    cancel: stop,
  })
}
