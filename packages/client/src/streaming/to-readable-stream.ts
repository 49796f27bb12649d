import type { EventStream } from './event-stream.js'

/**
 * Re-emits a stream as SSE bytes, e.g. to answer from a Worker: each event as the server sent it (its `event:` name,
 * and its data as one `data:` line per line of data), then `data: [DONE]` when the stream ended with it. Consumes the
 * stream; cancelling the result closes the connection.
 *
 * @param stream - a stream from `chatStream`, `readCompletionStream`, ... not yet iterated.
 * @returns a byte stream; it errors with the stream's error, and ends without an end marker after `abort()`, so its
 * reader sees a truncated stream rather than a complete one.
 * @throws `MistralError` when the stream was already consumed.
 * @example
 * ```ts
 * return new Response(toReadableStream(stream), { headers: { 'content-type': 'text/event-stream' } })
 * ```
 */
export function toReadableStream<E>(stream: EventStream<E>): ReadableStream<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  const frame = () => {
    const event = stream.lastEvent
    if (!event) return ''
    const name = event.event ? `event: ${event.event}\n` : ''
    return `${name}data: ${event.data.split(/\r\n|\r|\n/).join('\ndata: ')}\n\n`
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const result = await iterator.next()
        if (!result.done) return controller.enqueue(encoder.encode(frame()))
        if (stream.lastEvent?.data === '[DONE]') controller.enqueue(encoder.encode(frame()))
        controller.close()
      } catch (error) {
        controller.error(error)
      }
    },
    cancel: () => stream.abort(),
  })
}
