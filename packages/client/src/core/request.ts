import { ConnectionError } from '../errors/connection-error.js'
import { errorFromResponse } from '../errors/from-response.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { RequestTimeoutError } from '../errors/request-timeout-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { type Client, checkSettings, type RequestOptions } from './client.js'
import { type Redact, redactError, redactor } from './redact.js'
import { type Failure, retryDelay, sleep } from './retry.js'

/** What an endpoint file declares; the core does the rest. */
export interface Endpoint {
  /** The function's name: what a validating client looks its schemas up by, and what setting errors name. */
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path, with `{param}` placeholders when `fillPath` is given. */
  path: string
  /** Fills the path's placeholders from the request's fields of the same name (`fillPath` of `core/path.ts`). */
  fillPath?: (path: string, fields: Record<string, unknown>) => string
  /** Request fields sent as the query string. */
  query?: readonly string[]
  /** Builds a non-JSON body (multipart) from the body fields. */
  encode?: (fields: Record<string, unknown>) => BodyInit
  /** The call creates lasting state (an upload, a job, a conversation turn): retried on 429 and 503 only. */
  creates?: boolean
}

/**
 * A successful call. For a streamed one: `controller` aborts it, `release` detaches the caller's signal once the body
 * is done, and `redact` masks the key in what the server sends later (a stream's events).
 */
export interface Sent {
  response: Response
  /** The parsed JSON body; `undefined` for a streamed call. */
  data: unknown
  controller: AbortController
  release: () => void
  redact: Redact
}

/**
 * Validates (with a validating client), builds and sends a request with retries, per-attempt timeouts and the
 * caller's signal. Non-2xx responses become `SDKError`s; a non-streamed body is read inside the attempt's timeout and
 * parsed as JSON (checked against its schema by a validating client). Every error it throws has the key masked.
 *
 * @param client - the client.
 * @param endpoint - the endpoint description.
 * @param request - the caller's request object, wire names.
 * @param options - per-call options.
 * @param streamed - the `Accept` header of a body left unread (streams, downloads); the timeout then covers only the
 * headers.
 * @returns the response and, unless `streamed`, its parsed body; for `streamed`, the controller to abort it and
 * `release` to call when done.
 */
export async function send(
  client: Client,
  endpoint: Endpoint,
  request: object = {},
  options: RequestOptions = {},
  streamed?: string,
): Promise<Sent> {
  const { signal, retries = client.retries } = options
  const key = (typeof client.apiKey === 'function' ? await client.apiKey() : client.apiKey) || ''
  const redact = redactor(key)
  try {
    checkSettings(endpoint.name, options)
    client.validator?.(endpoint.name, 'request', request)
    // The request's fields: path fields go into the path, query fields into the query string, the rest into the body,
    // exactly as given (or through the endpoint's `encode`).
    const fields: Record<string, unknown> = { ...request }
    const path = endpoint.fillPath ? endpoint.fillPath(endpoint.path, fields) : endpoint.path
    const query = new URLSearchParams()
    for (const name of endpoint.query ?? []) {
      for (const value of [fields[name]].flat(9)) if (value != null) query.append(name, `${value}`)
      delete fields[name]
    }
    // A plain object: cheaper per call than a Headers, which is made only to read headers given in any form.
    const headers: Record<string, string> = {}
    const merge = (init?: HeadersInit) => init && new Headers(init).forEach((value, name) => (headers[name] = value))
    merge(client.headers)
    headers.accept = streamed ?? 'application/json'
    if (key) headers.authorization = `Bearer ${key}`
    merge(options.headers)
    const init: RequestInit = { method: endpoint.method, headers }
    if (endpoint.encode) init.body = endpoint.encode(fields)
    else if (endpoint.method[0] === 'P' && Object.keys(fields).length) {
      init.body = JSON.stringify(fields)
      headers['content-type'] = 'application/json'
    }
    const search = `${query}`
    const url = client.baseURL + path + (search && `?${search}`)
    const timeoutMs = options.timeoutMs ?? client.timeoutMs ?? 600_000
    const started = Date.now()

    let response: Response
    let text: string
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new RequestAbortedError(signal.reason)
      const controller = new AbortController()
      const onAbort = () => controller.abort(signal?.reason)
      signal?.addEventListener('abort', onAbort)
      // 0 and Infinity mean no timeout; setTimeout would fire at once beyond 2^31-1 ms.
      const timer =
        timeoutMs > 0 && timeoutMs < 2 ** 31
          ? setTimeout(() => controller.abort(new RequestTimeoutError(timeoutMs)), timeoutMs)
          : undefined
      const release = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      // An SDKError is its own retry Failure (status, retryAfterMs); a connection error or timeout has no status.
      let error: Error & Failure
      try {
        // Read at call time and called unbound: Workers throw "Illegal invocation" on a bound global fetch.
        const fetchFunction = client.fetch ?? globalThis.fetch
        response = await fetchFunction(url, { ...init, signal: controller.signal })
        if (response.ok && streamed) {
          clearTimeout(timer)
          return { response, controller, release, redact } as Sent
        }
        text = await response.text()
        release()
        if (response.ok) break
        error = errorFromResponse(response, text)
      } catch (cause) {
        release()
        if (signal?.aborted) throw new RequestAbortedError(signal.reason)
        // Not the caller's signal, so an abort of the attempt is its timer's.
        error = controller.signal.aborted
          ? new RequestTimeoutError(timeoutMs)
          : new ConnectionError(`Connection error: ${String((cause as Error)?.message ?? cause)}`, cause)
      }
      const delay = retryDelay(retries, error, attempt, Date.now() - started, endpoint.creates)
      if (delay === undefined) throw error
      // Cut short when the signal aborts: the next turn then throws RequestAbortedError.
      await sleep(delay, signal)
    }
    let data: unknown
    try {
      // An empty 2xx body (`204 No Content` of a delete) is `undefined`, not a JSON error.
      data = text ? JSON.parse(text) : undefined
    } catch {
      throw new ResponseValidationError('Invalid response: the body is not JSON', [], text)
    }
    client.validator?.(endpoint.name, 'response', data)
    return { response, data } as Sent
  } catch (error) {
    throw redactError(error, redact)
  }
}

/**
 * Sends a JSON endpoint call and returns its parsed body: the shared body of every non-streaming endpoint function.
 *
 * @param client - the client.
 * @param endpoint - the endpoint description.
 * @param request - the caller's request object.
 * @param options - per-call options.
 * @returns the parsed JSON body (checked against its schema by a validating client).
 */
export async function callJson<T>(
  client: Client,
  endpoint: Endpoint,
  request: object | undefined,
  options?: RequestOptions,
): Promise<T> {
  return (await send(client, endpoint, request, options)).data as T
}
