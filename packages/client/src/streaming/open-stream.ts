import type { Client, RequestOptions } from '../core/client.js'
import { type Endpoint, send } from '../core/request.js'
import { EventStream } from './event-stream.js'

/**
 * The shared body of every streaming endpoint function: sends the caller's request with `stream: true` and
 * `Accept: text/event-stream`, and wraps the response once its headers are in. The stream then owns the connection.
 *
 * @param client - the client (a validating client's schema checks the request and each event).
 * @param endpoint - the endpoint description.
 * @param request - the caller's request object, sent as given plus `stream: true`.
 * @param options - per-call options; `idleTimeoutMs` wins over the client's.
 * @param last - the terminal event of streams that end with one rather than `data: [DONE]`.
 * @returns the stream, not yet read.
 * @throws `InvalidRequestError` before sending; `SDKError`, `ConnectionError`, `RequestTimeoutError`,
 * `RequestAbortedError` before the headers.
 */
export async function openStream<E>(
  client: Client,
  endpoint: Endpoint,
  request: object,
  options: RequestOptions = {},
  last?: (event: E) => boolean,
): Promise<EventStream<E>> {
  // The rest is the connection the stream then owns: controller, release, redact.
  const { response, ...connection } = await send(
    client,
    endpoint,
    { ...request, stream: true },
    options,
    'text/event-stream',
  )
  const { validator } = client
  const settings = {
    idleTimeoutMs: options.idleTimeoutMs ?? client.idleTimeoutMs,
    signal: options.signal,
    last,
    check: validator && ((event: unknown) => validator(endpoint.name, 'response', event)),
  }
  return new EventStream<E>(response, settings, connection)
}
