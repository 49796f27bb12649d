import { ConnectionError } from '../errors/connection-error.js'
import { errorFromResponse } from '../errors/from-response.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { RequestTimeoutError } from '../errors/request-timeout-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { checkSettings, type Client, type RequestOptions } from './client.js'
import { type Redact, redactError, redactor } from './redact.js'
import { type Failure, retryDelay, sleep } from './retry.js'

/** What an endpoint file declares; the core does the rest. */
export interface Endpoint {
  /** The function's name: what a validating client looks its schemas up by, and what setting errors name. */
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path with `{param}` placeholders filled from the request's fields of the same name. */
  path: string
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

function append(params: URLSearchParams, key: string, value: unknown) {
  if (Array.isArray(value)) for (const item of value) append(params, key, item)
  else if (value != null) params.append(key, String(value))
}

/**
 * Builds the URL and init of a request: path parameters checked and encoded, query fields moved to the query string,
 * the rest sent as the JSON body exactly as given (or through the endpoint's `encode`).
 */
function prepare(client: Client, endpoint: Endpoint, request: object, accept: string): [string, RequestInit] {
  const fields: Record<string, unknown> = { ...request }
  const params = new URLSearchParams()
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fields[name]
    delete fields[name]
    let encoded: string | undefined
    try {
      // Ids are encoded, never interpreted; `..` would climb the URL even percent-encoded, so it is refused.
      if (typeof value === 'string' && value !== '.' && value !== '..') encoded = encodeURIComponent(value)
    } catch {}
    if (encoded) return encoded
    // A valibot-shaped issue (message and path), so every request error reads alike.
    const message = 'must be a non-empty, well-formed string other than "." and ".."'
    throw new InvalidRequestError(`Invalid request: ${name}: ${message}`, [{ message, path: [{ key: name, value }] }] as never)
  })
  for (const key of endpoint.query ?? []) {
    append(params, key, fields[key])
    delete fields[key]
  }
  // A plain object: cheaper per call than a Headers, which is made only to read the client's headers in any form.
  const headers: Record<string, string> = {}
  if (client.headers) new Headers(client.headers).forEach((value, name) => (headers[name] = value))
  headers.accept = accept
  const init: RequestInit = { method: endpoint.method, headers }
  if (endpoint.encode) init.body = endpoint.encode(fields)
  else if (endpoint.method[0] === 'P' && Object.keys(fields).length) {
    init.body = JSON.stringify(fields)
    headers['content-type'] = 'application/json'
  }
  const query = `${params}`
  return [client.baseURL + path + (query && `?${query}`), init]
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
export async function send(client: Client, endpoint: Endpoint, request: object = {}, options: RequestOptions = {}, streamed?: string): Promise<Sent> {
  const { signal, retries = client.retries } = options
  const key = (typeof client.apiKey === 'function' ? await client.apiKey() : client.apiKey) || ''
  const redact = redactor(key)
  try {
    checkSettings(endpoint.name, options)
    client.validator?.(endpoint.name, 'request', request)
    const [url, init] = prepare(client, endpoint, request, streamed ?? 'application/json')
    const headers = init.headers as Record<string, string>
    if (key) headers.authorization = `Bearer ${key}`
    if (options.headers) new Headers(options.headers).forEach((value, name) => (headers[name] = value))
    const timeoutMs = options.timeoutMs ?? client.timeoutMs ?? 600_000
    const started = Date.now()

    let response: Response
    let text: string
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new RequestAbortedError(signal.reason)
      const controller = new AbortController()
      const onAbort = () => controller.abort(signal?.reason)
      signal?.addEventListener('abort', onAbort)
      let timedOut = false
      // 0 and Infinity mean no timeout; setTimeout would fire at once beyond 2^31-1 ms.
      const timer =
        timeoutMs > 0 && timeoutMs < 2 ** 31
          ? setTimeout(() => {
              timedOut = true
              controller.abort(new RequestTimeoutError(timeoutMs))
            }, timeoutMs)
          : undefined
      const release = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      let error: Error
      let failure: Failure
      try {
        // Read at call time and called unbound: Workers throw "Illegal invocation" on a bound global fetch.
        const fetchFunction = client.fetch ?? globalThis.fetch
        response = await fetchFunction(url, { ...init, signal: controller.signal })
        if (response.ok && streamed) {
          clearTimeout(timer)
          return { response, data: undefined, controller, release, redact }
        }
        text = await response.text()
        release()
        if (response.ok) break
        failure = error = errorFromResponse(response, text)
      } catch (cause) {
        release()
        if (signal?.aborted) throw new RequestAbortedError(signal.reason)
        error = timedOut ? new RequestTimeoutError(timeoutMs) : new ConnectionError(`Connection error: ${cause instanceof Error ? cause.message : String(cause)}`, cause)
        failure = { status: 0 }
      }
      const delay = retryDelay(retries, failure, attempt, Date.now() - started, endpoint.creates)
      if (delay === undefined) throw error
      try {
        await sleep(delay, signal)
      } catch (reason) {
        throw new RequestAbortedError(reason)
      }
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
export async function callJson<T>(client: Client, endpoint: Endpoint, request: object | undefined, options?: RequestOptions): Promise<T> {
  return (await send(client, endpoint, request, options)).data as T
}
