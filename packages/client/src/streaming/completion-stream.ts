import { createParser, type EventSourceParser } from 'eventsource-parser'
import { safeParse } from 'valibot'
import { CompletionChunkSchema, type ChatCompletionResponse, type CompletionChunk } from '../chat/schemas.js'
import { errorFromResponse } from '../errors/from-response.js'
import { MistralError } from '../errors/mistral-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { StreamError } from '../errors/stream-error.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { isCompletionChunk } from './is-completion-chunk.js'
import { decoderStream, type ServerSentEvent } from './parse-sse.js'

/** Options of {@link CompletionStream} and `readCompletionStream`. */
export interface CompletionStreamOptions {
  /** Longest wait for more data from the server, in ms; `StreamError('idle-timeout')` beyond it. Default 60000; 0 disables. */
  idleTimeoutMs?: number | undefined
  /** Check each chunk against `CompletionChunkSchema`. Default `true`. */
  validate?: boolean | undefined
  /** Aborting it mid-stream cancels the body and makes the iteration throw `RequestAbortedError`. */
  signal?: AbortSignal | undefined
}

/** The request behind a stream, when this library sent it: aborted on close, released when done. */
export interface CompletionStreamConnection {
  /** Aborts the underlying `fetch`. */
  controller: AbortController
  /** Detaches the caller's signal from the request once the stream is over. */
  release: () => void
  /** Masks the API key in text the server sent, so a `StreamError` never quotes it (an error event echoing it). */
  redact?: (text: string) => string
}

const OPEN = 0
const DONE = 1
const ABORTED = 2
const FAILED = 3

const END: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined })

/** Reads the server's message out of an error event: `{"object":"error","message":...}` or `{"error":...}`. */
function serverMessage(data: Record<string, unknown>): string {
  const { message, error } = data
  const nested = typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error
  for (const candidate of [message, nested]) if (typeof candidate === 'string' && candidate) return candidate
  return `Server error in stream: ${JSON.stringify(message ?? error ?? data)}`
}

/**
 * A streamed completion: an async iterable of {@link CompletionChunk}s read from a `text/event-stream` response,
 * consumable once. Ends at `data: [DONE]`; anything else (an error event, a malformed event, a body that stops
 * early, a dropped connection, an idle gap longer than `idleTimeoutMs`) throws {@link StreamError}.
 * `break` in a `for await` and {@link CompletionStream.abort} close the connection and end quietly.
 *
 * @example
 * ```ts
 * const stream = await chatStream(client, { model: 'mistral-small-latest', messages })
 * for await (const chunk of stream) process.stdout.write(String(chunk.choices[0]?.delta.content ?? ''))
 * ```
 */
export class CompletionStream implements AsyncIterable<CompletionChunk> {
  /** The HTTP response the stream is read from (status, headers such as `mistral-correlation-id`). */
  readonly response: Response
  readonly #idleTimeoutMs: number
  readonly #validate: boolean
  readonly #signal: AbortSignal | undefined
  readonly #connection: CompletionStreamConnection | undefined
  #reader: ReadableStreamDefaultReader<string> | undefined
  /** Events parsed from the last text read and not yet returned: one read of the body yields many chunks. */
  #events: ServerSentEvent[] = []
  #next = 0
  readonly #parser: EventSourceParser = createParser({ onEvent: (event) => void this.#events.push(event) })
  #state = OPEN
  #failure: unknown
  #consumed = false
  /** The raw `data` of the chunk last returned, so `toReadableStream` forwards the bytes without re-serialising. */
  #data = ''
  #timer: ReturnType<typeof setTimeout> | undefined
  #reading = false
  #readStartedAt = 0

  /**
   * Prefer `readCompletionStream(response)` or the endpoint functions (`chatStream`, ...), which build this.
   *
   * @param response - a response whose body is a completion event stream.
   * @param options - idle timeout, validation, signal.
   * @param connection - the request's controller and release hook, when this library sent it.
   */
  constructor(response: Response, options: CompletionStreamOptions = {}, connection?: CompletionStreamConnection) {
    this.response = response
    const idle = options.idleTimeoutMs ?? 60_000
    // setTimeout overflows above 2^31-1 ms and fires at once; treat such values as "no idle timeout".
    this.#idleTimeoutMs = idle > 0 && idle < 2 ** 31 ? idle : 0
    this.#validate = options.validate !== false
    this.#signal = options.signal
    this.#connection = connection
    if (this.#signal?.aborted) this.#onAbort()
    else this.#signal?.addEventListener('abort', this.#onAbort)
  }

  #onAbort = () => this.#close(FAILED, new RequestAbortedError(this.#signal?.reason))

  #onIdle = () => {
    this.#timer = undefined
    if (!this.#reading || this.#state !== OPEN) return
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
    this.#signal?.removeEventListener('abort', this.#onAbort)
    this.#connection?.release()
    // Cancelling resolves a pending read with `done`, so the iteration sees the new state at once.
    this.#reader?.cancel(failure).catch(() => {})
    if (!this.#reader) this.response.body?.cancel(failure).catch(() => {})
    if (state !== DONE) this.#connection?.controller.abort(failure)
  }

  /** The end of the iteration for the current state: quiet after `[DONE]` or `abort()`, the failure otherwise. */
  #end(): IteratorReturnResult<undefined> {
    if (this.#state === FAILED) throw this.#failure
    return END
  }

  /** Fails the stream with `error` and returns it, for `throw this.#failWith(...)`. */
  #failWith(error: unknown): unknown {
    this.#close(FAILED, error)
    return error
  }

  /** `text` with the API key masked, when this library sent the request. */
  #redact(text: string): string {
    return this.#connection?.redact ? this.#connection.redact(text) : text
  }

  #malformed(raw: string, cause?: unknown): StreamError {
    const data = this.#redact(raw)
    return new StreamError('malformed', `Malformed event: ${data.slice(0, 200)}`, { data, cause })
  }

  /**
   * Reads the next chunk: the whole hot path. The body is read as text and fed to eventsource-parser's
   * `createParser` directly, so the events of one read are returned from a plain array, without a stream read,
   * queue entry or closure per chunk. (`EventSourceParserStream`, which `parseSSE` uses, costs a stream read per
   * event: 5-10% slower than bare parsing here, against about 25% faster this way.)
   */
  async #pull(): Promise<IteratorResult<CompletionChunk, undefined>> {
    if (this.#state !== OPEN) return this.#end()
    if (!this.#reader) {
      const { response } = this
      if (!response.ok) throw this.#failWith(errorFromResponse(response, await response.text()))
      if (!response.body) throw this.#failWith(new StreamError('truncated', 'Stream ended before [DONE]: the response has no body'))
      this.#reader = response.body.pipeThrough(decoderStream()).getReader()
    }
    while (this.#next === this.#events.length) {
      this.#events.length = 0
      this.#next = 0
      if (this.#idleTimeoutMs) {
        this.#readStartedAt = Date.now()
        this.#reading = true
        this.#timer ??= setTimeout(this.#onIdle, this.#idleTimeoutMs)
      }
      let result: ReadableStreamReadResult<string>
      try {
        result = await this.#reader.read()
      } catch (cause) {
        this.#reading = false
        // A close of ours (abort, idle timeout, the caller's signal) errors the body too: report why we closed.
        if (this.#state !== OPEN) return this.#end()
        const message = `Stream connection lost: ${cause instanceof Error ? cause.message : String(cause)}`
        throw this.#failWith(new StreamError('connection', message, { cause }))
      }
      this.#reading = false
      if (this.#state !== OPEN) return this.#end()
      if (result.done) throw this.#failWith(new StreamError('truncated', 'Stream ended before [DONE]'))
      this.#parser.feed(result.value)
    }
    const event = this.#events[this.#next++] as ServerSentEvent
    const { data } = event
    if (data === '[DONE]') {
      this.#close(DONE)
      return END
    }
    let chunk: Record<string, unknown> | null
    try {
      chunk = JSON.parse(data)
    } catch (cause) {
      throw this.#failWith(this.#malformed(data, cause))
    }
    if (typeof chunk !== 'object' || chunk === null) throw this.#failWith(this.#malformed(data))
    if (chunk.object === 'error' || chunk.error != null || event.event === 'error') {
      throw this.#failWith(new StreamError('server-error', this.#redact(serverMessage(chunk)), { data: this.#redact(data) }))
    }
    // The fast mirror of the schema first; the schema itself only for a chunk that fails, to name the issues.
    if (this.#validate && !isCompletionChunk(chunk)) {
      const checked = safeParse(CompletionChunkSchema, chunk)
      if (!checked.success) {
        const [issue] = checked.issues
        const message = `Invalid response: ${issue.path?.map((item) => item.key).join('.') || '(chunk)'}: ${issue.message}`
        throw this.#failWith(new ResponseValidationError(message, checked.issues, chunk))
      }
    }
    this.#data = data
    return { done: false, value: chunk as CompletionChunk }
  }

  /**
   * Starts the one iteration this stream allows.
   *
   * @returns the chunk iterator; its `return()` (what `break` calls) closes the connection.
   * @throws `MistralError` when the stream was already consumed (by a loop, `textStream`, `finalResponse` or
   * `toReadableStream`).
   */
  [Symbol.asyncIterator](): AsyncIterator<CompletionChunk, undefined> {
    if (this.#consumed) {
      throw new MistralError('This CompletionStream was already consumed: a stream can be iterated only once')
    }
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

  /**
   * Re-emits the stream as SSE bytes (`data: <json>\n\n` ... `data: [DONE]\n\n`), e.g. to answer from a Worker.
   * The events are forwarded as received. Consumes the stream; cancelling the result closes the connection.
   *
   * @returns a byte stream; it errors with the stream's error, and ends without `[DONE]` after `abort()`.
   * @throws `MistralError` when the stream was already consumed.
   * @example
   * ```ts
   * return new Response(stream.toReadableStream(), { headers: { 'content-type': 'text/event-stream' } })
   * ```
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this[Symbol.asyncIterator]()
    const encoder = new TextEncoder()
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const result = await iterator.next()
          if (!result.done) return controller.enqueue(encoder.encode(`data: ${this.#data}\n\n`))
          // After abort() the copy stops without [DONE], so its reader sees a truncated stream, not a complete one.
          if (this.#state === DONE) controller.enqueue(encoder.encode('data: [DONE]\n\n'))
          controller.close()
        } catch (error) {
          controller.error(error)
        }
      },
      cancel: () => this.abort(),
    })
  }

  /**
   * Yields only the text of the first choice: string deltas and `text` parts (not thinking).
   *
   * @returns an async iterable of non-empty strings; leaving it early closes the connection.
   * @throws as iterating the stream does.
   * @example
   * ```ts
   * for await (const text of stream.textStream()) process.stdout.write(text)
   * ```
   */
  async *textStream(): AsyncGenerator<string, void, undefined> {
    for await (const chunk of this) {
      for (const choice of chunk.choices) {
        if (choice.index !== 0) continue
        const content = choice.delta.content
        if (typeof content === 'string') {
          if (content) yield content
        } else if (content) {
          for (const part of content) if (part.type === 'text' && part.text) yield part.text
        }
      }
    }
  }

  /**
   * Consumes the stream and returns the completion it adds up to (see `accumulateChunks`).
   *
   * @returns the accumulated completion: text, thinking parts, tool calls, last `finish_reason`, `usage`.
   * @throws as iterating the stream does.
   * @example
   * ```ts
   * const { choices, usage } = await stream.finalResponse()
   * ```
   */
  finalResponse(): Promise<ChatCompletionResponse> {
    return accumulateChunks(this)
  }
}
