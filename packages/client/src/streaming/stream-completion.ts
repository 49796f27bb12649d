import type { Client, RequestOptions } from '../core/client.js'
import { prepare, send, type Endpoint } from '../core/request.js'
import { CompletionStream } from './completion-stream.js'

/**
 * The shared body of `chatStream`, `fimStream` and `agentsStream`: validates the caller's request, sends it with
 * `stream: true` and `Accept: text/event-stream`, and wraps the response once its headers are in.
 *
 * @param client - the client.
 * @param endpoint - the endpoint description (its request schema validates; there is no response schema).
 * @param request - the caller's request object, sent as given plus `stream: true`.
 * @param options - per-call options; `idleTimeoutMs` wins over the client's.
 * @returns the stream, not yet read.
 * @throws `InvalidRequestError` before sending; `SDKError`, `ConnectionError`, `RequestTimeoutError`,
 * `RequestAbortedError` before the headers.
 */
export async function streamCompletion(client: Client, endpoint: Endpoint, request: object, options: RequestOptions = {}): Promise<CompletionStream> {
  const prepared = prepare(client, endpoint, { ...request, stream: true }, 'text/event-stream')
  const { response, controller, release, redact } = await send(client, prepared, options, true)
  const settings = {
    idleTimeoutMs: options.idleTimeoutMs ?? client.idleTimeoutMs,
    validate: client.validate?.response !== false,
    signal: options.signal,
  }
  return new CompletionStream(response, settings, { controller, release, redact })
}
