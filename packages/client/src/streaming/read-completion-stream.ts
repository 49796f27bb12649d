import { CompletionStream, type CompletionStreamOptions } from './completion-stream.js'

/**
 * Reads any completion event stream, e.g. a browser reading the stream a Worker proxied with `toReadableStream()`.
 *
 * @param response - a `text/event-stream` response of chat, FIM or agents completions.
 * @param options - `idleTimeoutMs` (default 60000), `validate` (default true), `signal`.
 * @returns a {@link CompletionStream}; nothing is read until it is iterated.
 * @throws nothing itself; iterating throws `SDKError` for a non-2xx response and `StreamError` when the stream breaks.
 * @example
 * ```ts
 * const stream = readCompletionStream(await fetch('/api/chat', { method: 'POST', body }))
 * for await (const text of stream.textStream()) output.append(text)
 * ```
 */
export function readCompletionStream(response: Response, options?: CompletionStreamOptions): CompletionStream {
  return new CompletionStream(response, options)
}
