import { createParser, type EventSourceParser } from 'eventsource-parser'
import type { CompletionChunk } from '../chat/schemas.js'
import { type Redact, redactError } from '../core/redact.js'
import { errorFromResponse, parseJSON } from '../errors/from-response.js'
import { MistralError } from '../errors/mistral-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { StreamError } from '../errors/stream-error.js'
import type { ServerSentEvent } from './parse-sse.js'

/** Options of {@link EventStream} and `readCompletionStream`. */
export interface EventStreamOptions<E> {
  /** Longest wait for more data from the server, in ms; `StreamError('idle-timeout')` beyond it. Default 60000; `0` or `Infinity`: none. */
  idleTimeoutMs?: number | undefined
  /** Aborting it mid-stream cancels the body and makes the iteration throw `RequestAbortedError`. */
  signal?: AbortSignal | undefined
  /** The terminal event (`conversation.response.done`, ...): yielded, then the stream is complete. `data: [DONE]` always ends it. */
  last?: ((event: E) => boolean) | undefined
  /** Checks each event (a validating client's schema); what it throws fails the stream. */
  check?: ((event: unknown) => void) | undefined
}

/** The request behind a stream, when this library sent it: aborted on close, released when done. */
export interface EventStreamConnection {
  /** Aborts the underlying `fetch`. */
  controller: AbortController
  /** Detaches the caller's signal from the request once the stream is over. */
  release: () => void
  /** Masks the API key in what the server sent, so a stream's error never quotes it. */
  redact?: Redact | undefined
}

const OPEN = 0
const DONE = 1
const ABORTED = 2
const FAILED = 3

const END: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined })

/** Reads the server's message out of an error event: `{"object":"error","message":...}`, `{"error":...}`, `{"type":"...error","message"}`. */
function serverMessage(data: Record<string, unknown>): string {
  const { message, error } = data
  for (const candidate of [message, (error as { message?: unknown } | undefined)?.message, error])
    if (typeof candidate === 'string' && candidate) return candidate
  return `Server error in stream: ${JSON.stringify(message ?? error ?? data)}`
}

/**
 * A server-sent event stream read from a `text/event-stream` response: an async iterable of the events' parsed JSON
 * data, consumable once. It ends cleanly only at its end marker (`data: [DONE]`, or the terminal event given as
 * `last`); anything else (an error event, a malformed event, a body that stops early, a dropped connection, an idle
 * gap longer than `idleTimeoutMs`) throws {@link StreamError}. `break` in a `for await` and
 * {@link EventStream.abort} close the connection and end quietly.
 *
 * @typeParam E - the event type: `CompletionChunk` for completions, a union discriminated on `type` for
 * conversations and transcriptions.
 * @example
 * ```ts
 * const stream = await chatStream(client, { model: 'mistral-small-latest', messages })
 * for await (const chunk of stream) console.log(chunk.choices[0]?.delta.content)
 * ```
 */
export class EventStream<E> implements AsyncIterable<E> {
  /** The HTTP response the stream is read from (status, headers such as `mistral-correlation-id`). */
  readonly response: Response
  readonly #idleTimeoutMs: number
  readonly #options: EventStreamOptions<E>
  readonly #connection: EventStreamConnection | undefined
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  #decoder: TextDecoder | undefined
  /** The last character read: a line end (or nothing at all) lets the end of the body complete a last `[DONE]`. */
  #tail = ''
  #ended = false
  /** Events parsed from the last text read and not yet returned: one read of the body yields many events. */
  #events: ServerSentEvent[] = []
  #next = 0
  readonly #parser: EventSourceParser = createParser({ onEvent: (event) => void this.#events.push(event) })
  #state = OPEN
  #failure: unknown
  #consumed = false
  #last: ServerSentEvent | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  /** When the pending read of the body began; `0` between reads (a slow consumer is no idle server). */
  #readStartedAt = 0

  /**
   * Prefer `readCompletionStream(response)` or the endpoint functions (`chatStream`, ...), which build this.
   *
   * @param response - a response whose body is an event stream.
   * @param options - idle timeout, signal, terminal event, event check.
   * @param connection - the request's controller and release hook, when this library sent it.
   */
  constructor(response: Response, options: EventStreamOptions<E> = {}, connection?: EventStreamConnection) {
    this.response = response
    const idle = options.idleTimeoutMs ?? 60_000
    // setTimeout overflows above 2^31-1 ms and fires at once: such values, like 0 and Infinity, mean none.
    this.#idleTimeoutMs = idle > 0 && idle < 2 ** 31 ? idle : 0
    this.#options = options
    this.#connection = connection
    const { signal } = options
    if (signal?.aborted) this.#onAbort()
    else signal?.addEventListener('abort', this.#onAbort)
  }

  /**
   * The last server-sent event read: the one the last yielded value was parsed from (its `event` name, `id` and raw
   * `data`), or the `data: [DONE]` that ended the stream. `toReadableStream` forwards these without re-serialising.
   */
  get lastEvent(): ServerSentEvent | undefined {
    return this.#last
  }

  #onAbort = () => this.#close(FAILED, new RequestAbortedError(this.#options.signal?.reason))

  #onIdle = () => {
    this.#timer = undefined
    if (!this.#readStartedAt || this.#state !== OPEN) return
    const waited = Date.now() - this.#readStartedAt
    if (waited < this.#idleTimeoutMs) this.#timer = setTimeout(this.#onIdle, this.#idleTimeoutMs - waited)
    else this.#close(FAILED, new StreamError('idle-timeout', `No data received for ${this.#idleTimeoutMs} ms`))
  }

  /** Ends the stream once: stops the timer, detaches listeners, cancels the body and aborts the request. */
  #close(state: number, failure?: unknown): void {
    if (this.#state !== OPEN) return
    this.#state = state
    this.#failure = failure
    clearTimeout(this.#timer)
    this.#options.signal?.removeEventListener('abort', this.#onAbort)
    this.#connection?.release()
    // Cancelling resolves a pending read with `done`, so the iteration sees the new state at once. Before the first
    // read the body itself is cancelled.
    const body = this.#reader ?? this.response.body
    body?.cancel(failure).catch(() => {})
    if (state !== DONE) this.#connection?.controller.abort(failure)
  }

  /** The end of the iteration for the current state: quiet after the end marker or `abort()`, the failure otherwise. */
  #end(): IteratorReturnResult<undefined> {
    if (this.#state === FAILED) throw this.#failure
    return END
  }

  /** Fails the stream with `error` (the key masked) and returns it, for `throw this.#fail(...)`. */
  #fail(error: unknown): unknown {
    this.#close(FAILED, redactError(error, this.#connection?.redact))
    return this.#failure
  }

  /** Reads the next event: the whole hot path. The body is fed to eventsource-parser directly, no stream per event. */
  async #pull(): Promise<IteratorResult<E, undefined>> {
    if (this.#state !== OPEN) return this.#end()
    if (!this.#reader) {
      const { response } = this
      if (!response.ok) throw this.#fail(errorFromResponse(response, await response.text()))
      if (!response.body) throw this.#fail(new StreamError('truncated', 'Stream ended before its end marker: no body'))
      // Decoded here rather than through a TextDecoderStream: one stream hop less per read.
      this.#reader = response.body.getReader()
      this.#decoder = new TextDecoder()
    }
    while (this.#next === this.#events.length) {
      this.#events.length = 0
      this.#next = 0
      if (this.#idleTimeoutMs) {
        this.#readStartedAt = Date.now()
        this.#timer ??= setTimeout(this.#onIdle, this.#idleTimeoutMs)
      }
      if (this.#ended) throw this.#fail(new StreamError('truncated', 'Stream ended before its end marker'))
      let result: ReadableStreamReadResult<Uint8Array>
      try {
        result = await this.#reader.read()
      } catch (cause) {
        this.#readStartedAt = 0
        // A close of ours (abort, idle timeout, the caller's signal) errors the body too: report why we closed.
        if (this.#state !== OPEN) return this.#end()
        throw this.#fail(
          new StreamError('connection', `Stream connection lost: ${String((cause as Error)?.message ?? cause)}`, {
            cause,
          }),
        )
      }
      this.#readStartedAt = 0
      if (this.#state !== OPEN) return this.#end()
      const decoder = this.#decoder as TextDecoder
      const bytes = result.value
      // A large read is decoded and parsed in pieces of about 16 KB cut after a line feed (never inside a character):
      // V8 parses one 64 KB string holding a non-Latin-1 character (an emoji, a curly quote) 1.8x slower than four.
      // A character split across reads is held by the decoder until complete; at the end it is flushed.
      for (let start = 0, end: number; bytes && start < bytes.length; start = end) {
        end = bytes.indexOf(10, start + 16_384) + 1 || bytes.length
        const text = decoder.decode(bytes.subarray(start, end), { stream: true })
        this.#tail = text.slice(-1) || this.#tail
        this.#parser.feed(text)
      }
      if (result.done) {
        this.#ended = true
        // A body whose last line ended (copies of real streams end so) gets the blank line that dispatches a last
        // `data: [DONE]`; any other event so completed was cut short and is dropped, and the stream reads as
        // truncated. A character cut short at the end is left undecoded: its line never ended.
        const complete = this.#events.length
        if (!decoder.decode() && this.#tail < ' ') this.#parser.feed('\n\n')
        if (this.#events[complete]?.data !== '[DONE]') this.#events.length = complete
      }
    }
    const event = this.#events[this.#next++] as ServerSentEvent
    const { data } = event
    this.#last = event
    if (data === '[DONE]') {
      this.#close(DONE)
      return END
    }
    const value = parseJSON(data)
    // Only a JSON object is an event: not JSON, null, a number, a string, an array are malformed.
    if (Object(value) !== value || Array.isArray(value)) {
      throw this.#fail(new StreamError('malformed', `Malformed event: ${data.slice(0, 200)}`, { data }))
    }
    // `?.endsWith?.`: a `type` that is not a string is no error type.
    if (
      value.object === 'error' ||
      value.error != null ||
      event.event === 'error' ||
      value.type?.endsWith?.('.error')
    ) {
      throw this.#fail(new StreamError('server-error', serverMessage(value), { data }))
    }
    const { check, last } = this.#options
    try {
      check?.(value)
    } catch (error) {
      throw this.#fail(error)
    }
    if (last?.(value as E)) this.#close(DONE)
    return { done: false, value: value as E }
  }

  /**
   * Starts the one iteration this stream allows.
   *
   * @returns the event iterator; its `return()` (what `break` calls) closes the connection.
   * @throws `MistralError` when the stream was already consumed (by a loop, `textStream`, `accumulateChunks` or
   * `toReadableStream`).
   */
  [Symbol.asyncIterator](): AsyncIterator<E, undefined> {
    if (this.#consumed) throw new MistralError('This stream was already consumed')
    this.#consumed = true
    return {
      next: () => this.#pull(),
      return: async () => {
        this.#close(ABORTED)
        return END
      },
    }
  }

  /**
   * Closes the connection. A pending or later iteration ends quietly, without an error.
   *
   * @example
   * ```ts
   * setTimeout(() => stream.abort(), 5_000)
   * ```
   */
  abort(): void {
    this.#close(ABORTED)
  }
}

/** A streamed completion (chat, FIM, agents): an {@link EventStream} of {@link CompletionChunk}s ending at `data: [DONE]`. */
export type CompletionStream = EventStream<CompletionChunk>
