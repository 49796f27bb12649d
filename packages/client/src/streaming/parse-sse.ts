import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream'

/**
 * A `data: [DONE]` line, complete but not yet followed by the blank line that dispatches it, at the end of the last
 * 32 characters of a body. Copies of real streams end so; at the end of the body such a line is completed, so the
 * parser dispatches it. Anything else cut short stays undispatched, and the stream reads as truncated.
 */
const UNDISPATCHED_DONE = /(?:^|[\r\n])data: ?\[DONE\](?:\r\n|\r|\n)$/

/** One server-sent event: its `data` (lines joined with `\n`), and `event` / `id` when the server set them. */
export type ServerSentEvent = EventSourceMessage

/** Options of {@link parseSSE}, handed to eventsource-parser. */
export interface ParseSSEOptions {
  /** Called for each comment line (`: keep-alive`). */
  onComment?: ((comment: string) => void) | undefined
  /** Called when the server sends a `retry:` field. */
  onRetry?: ((retryMs: number) => void) | undefined
  /** Longest partial line held in memory, in characters; the stream errors beyond it. Default unbounded. */
  maxBufferSize?: number | undefined
}

/**
 * UTF-8 decoding (a character split across chunks is held until complete), plus one repair at the end of the body:
 * a final `data: [DONE]` line that arrived whole but without its blank line (copies of real streams end so) is
 * completed, so the parser dispatches it. Anything else cut short stays undispatched, and the stream reads as
 * truncated. Used instead of `TextDecoderStream`, which has no hook at the end; the cost per chunk is the same.
 *
 * @returns a transform from body bytes to text, for {@link parseSSE}.
 */
function decoderStream(): TransformStream<Uint8Array, string> {
  const decoder = new TextDecoder()
  // The last 32 characters of the text: room for a `[DONE]` line and what precedes it, so `^` in the pattern can
  // only match at the true start of the body. Slicing a large chunk does not copy it.
  let tail = ''
  return new TransformStream({
    transform(bytes, controller) {
      const text = decoder.decode(bytes, { stream: true })
      if (!text) return
      tail = (text.length >= 32 ? text : tail + text).slice(-32)
      controller.enqueue(text)
    },
    flush(controller) {
      const rest = decoder.decode()
      if (rest) controller.enqueue(rest)
      else if (UNDISPATCHED_DONE.test(tail)) controller.enqueue('\n\n')
    },
  })
}

/**
 * Parses a `text/event-stream` body into events, on any runtime with web streams.
 *
 * @param body - a response body, e.g. `response.body` of a proxied stream.
 * @param options - `onComment`, `onRetry`, `maxBufferSize`.
 * @returns an async iterable of `{ event?, id?, data }`; leaving a `for await` early (`break`) cancels the body,
 * which closes the connection.
 * @throws whatever the body stream errors with (a dropped connection rejects the pending iteration).
 * @example
 * ```ts
 * for await (const { data } of parseSSE(response.body)) if (data !== '[DONE]') console.log(JSON.parse(data))
 * ```
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
export function parseSSE(
  body: ReadableStream<Uint8Array>,
  options?: ParseSSEOptions,
): AsyncIterableIterator<ServerSentEvent> {
  const reader = body.pipeThrough(decoderStream()).pipeThrough(new EventSourceParserStream(options)).getReader()
  // A hand-written iterator rather than `ReadableStream[Symbol.asyncIterator]`, which some browsers still lack.
  return {
    next: () => reader.read() as Promise<IteratorResult<ServerSentEvent>>,
    return: async () => {
      await reader.cancel()
      return { done: true, value: undefined }
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }
}
