import type { CompletionChunk } from '../chat/schemas.js'
import { type CompletionStream, EventStream, type EventStreamOptions } from './event-stream.js'

/**
 * Reads any completion event stream, e.g. a browser reading the stream a Worker proxied with `toReadableStream()`.
 *
 * @param response - a `text/event-stream` response of chat, FIM or agents completions.
 * @param options - `idleTimeoutMs` (default 60000), `signal`, and `check` to validate each chunk (e.g. with
 * `CompletionChunkSchema` from `@mistral-edge/client/schemas`).
 * @returns a {@link CompletionStream}; nothing is read until it is iterated.
 * @throws nothing itself; iterating throws `SDKError` for a non-2xx response and `StreamError` when the stream breaks.
 * @example
 * ```ts
 * const stream = readCompletionStream(await fetch('/api/chat', { method: 'POST', body }))
 * for await (const text of textStream(stream)) output.append(text)
 * ```
 */
export function readCompletionStream(
  response: Response,
  options?: Omit<EventStreamOptions<CompletionChunk>, 'last'>,
): CompletionStream {
  return new EventStream(response, options)
}
