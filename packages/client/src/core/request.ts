import { type BaseIssue, type GenericSchema, safeParse } from 'valibot'
import { ConnectionError } from '../errors/connection-error.js'
import { errorFromResponse } from '../errors/from-response.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { RequestTimeoutError } from '../errors/request-timeout-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import type { Client, RequestOptions } from './client.js'
import { sleep } from './retry.js'

/** What an endpoint file declares; the core does the rest. */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** Path with `{param}` placeholders filled from the request's fields of the same name. */
  path: string
  /** Request fields sent as the query string. */
  query?: readonly string[]
  /** Validates the whole request object (path, query and body fields). */
  request?: GenericSchema
  /** Validates a JSON response. */
  response?: GenericSchema
  /** Builds a non-JSON body (multipart) from the body fields. */
  encode?: (fields: Record<string, unknown>) => BodyInit
}

/** A request ready to send: built once, sent once per attempt. */
export interface Prepared {
  method: string
  url: string
  body: BodyInit | undefined
  headers: Record<string, string>
}

/**
 * A successful attempt. `release` detaches the caller's signal once a streamed body is done; `redact` masks the key in
 * text the server sends later (a stream's error events).
 */
export interface Sent {
  response: Response
  text: string
  controller: AbortController
  release: () => void
  redact: (text: string) => string
}

type Issues = BaseIssue<unknown>[]

const RETRIED = [408, 409, 429, 500, 502, 503, 504]

/** `field.path: message; ...` for an error message. */
const describe = (issues: Issues) =>
  issues.map((issue) => `${issue.path?.map((item) => item.key).join('.') || '(root)'}: ${issue.message}`).join('; ')

/** Throws the library's error naming each failing field. Never rewrites the value: what is sent is the caller's. */
function check(endpoint: Endpoint, data: unknown, kind: 'request' | 'response'): void {
  const schema = endpoint[kind]
  const result = schema && safeParse(schema, data)
  if (!result || result.success) return
  const message = `Invalid ${kind}: ${describe(result.issues)}`
  throw kind === 'request' ? new InvalidRequestError(message, result.issues) : new ResponseValidationError(message, result.issues, data)
}

function append(params: URLSearchParams, key: string, value: unknown) {
  if (Array.isArray(value)) for (const item of value) append(params, key, item)
  else if (value != null) params.append(key, String(value))
}

/**
 * Validates a request and builds its URL and body. Throws {@link InvalidRequestError} before anything is sent.
 *
 * @param client - the client.
 * @param endpoint - the endpoint description.
 * @param request - the caller's request object, wire names.
 * @param accept - the `Accept` header.
 * @returns the prepared request.
 */
export function prepare(client: Client, endpoint: Endpoint, request: object = {}, accept = 'application/json'): Prepared {
  if (client.validate?.request !== false) check(endpoint, request, 'request')
  const fields: Record<string, unknown> = { ...request }
  const params = new URLSearchParams()
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fields[name]
    // Ids are encoded, never interpreted; `..` would climb the URL even percent-encoded, so it is refused.
    if (typeof value !== 'string' || !value || value === '.' || value === '..') {
      const message = 'must be a non-empty string other than "." and ".."'
      const issue = { kind: 'validation', type: 'path', input: value, message, path: [{ key: name, value }] }
      throw new InvalidRequestError(`Invalid request: ${name}: ${message}`, [issue] as unknown as Issues)
    }
    delete fields[name]
    return encodeURIComponent(value)
  })
  for (const key of endpoint.query ?? []) {
    append(params, key, fields[key])
    delete fields[key]
  }
  const headers: Record<string, string> = { accept }
  let body: BodyInit | undefined
  if (endpoint.encode) body = endpoint.encode(fields)
  else if (endpoint.method[0] === 'P' && Object.keys(fields).length) {
    body = JSON.stringify(fields)
    headers['content-type'] = 'application/json'
  }
  const query = `${params}`
  return { method: endpoint.method, url: client.baseURL + path + (query && `?${query}`), body, headers }
}

/**
 * Sends a prepared request with retries, per-attempt timeouts and the caller's signal.
 * Non-2xx responses become {@link SDKError}s; a non-streamed body is read inside the attempt's timeout.
 *
 * @param client - the client.
 * @param prepared - from {@link prepare}.
 * @param options - per-call options.
 * @param streamed - leave the body unread (streams, downloads); the timeout then covers only the headers.
 * @returns the response; for `streamed`, with the controller to abort it and `release` to call when done.
 */
export async function send(client: Client, prepared: Prepared, options: RequestOptions = {}, streamed = false): Promise<Sent> {
  const { signal } = options
  const retries = options.retries ?? client.retries
  const backoff = retries?.strategy === 'backoff' ? retries : undefined
  const maxRetries = retries?.strategy === 'none' ? 0 : (backoff?.maxRetries ?? 2)
  const { initialInterval = 500, maxInterval = 8_000, exponent = 2, maxElapsedTime = 60_000 } = backoff?.backoff ?? {}
  const timeoutMs = options.timeoutMs ?? client.timeoutMs ?? 600_000
  const key = (typeof client.apiKey === 'function' ? await client.apiKey() : client.apiKey) || ''
  // The key never reaches an error: any echo of it in a body or a fetch error is masked.
  // Keys shorter than 8 characters are test placeholders: masking them would mangle ordinary words.
  const redact = (text: string) => (key.length >= 8 ? text.split(key).join('[redacted]') : text)
  const headers = new Headers(client.headers)
  for (const name in prepared.headers) headers.set(name, prepared.headers[name] as string)
  if (key) headers.set('authorization', `Bearer ${key}`)
  new Headers(options.headers).forEach((value, name) => headers.set(name, value))
  const started = Date.now()

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new RequestAbortedError(signal.reason)
    const controller = new AbortController()
    const onAbort = () => controller.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort)
    let timedOut = false
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
    let delay: number | undefined
    try {
      // Read at call time and called unbound: Workers throw "Illegal invocation" on a bound global fetch.
      const fetchFunction = client.fetch ?? globalThis.fetch
      const init: RequestInit = { method: prepared.method, headers, signal: controller.signal }
      if (prepared.body !== undefined) init.body = prepared.body
      const response = await fetchFunction(prepared.url, init)
      const text = response.ok && streamed ? '' : await response.text()
      if (response.ok) {
        if (streamed) clearTimeout(timer)
        else release()
        return { response, text, controller, release, redact }
      }
      release()
      error = errorFromResponse(response, redact(text))
      delay = (error as SDKError).retryAfterMs
      // A wait longer than a minute is the server saying "not now": fail at once, with retryAfterMs set.
      if (!RETRIED.includes(response.status) || (delay ?? 0) > 60_000) throw error
    } catch (cause) {
      release()
      if (cause instanceof SDKError) throw cause
      if (signal?.aborted) throw new RequestAbortedError(signal.reason)
      const text = cause instanceof Error ? cause.message : String(cause)
      // A fetch error that quotes the key is replaced by a masked copy, so not even `cause` holds it.
      const safe = key.length >= 8 && `${text}${(cause as Error)?.stack}`.includes(key) ? new Error(redact(text)) : cause
      error = timedOut ? new RequestTimeoutError(timeoutMs) : new ConnectionError(`Connection error: ${redact(text)}`, safe)
      if (backoff?.retryConnectionErrors === false) throw error
    }
    delay ??= Math.random() * Math.min(maxInterval, initialInterval * exponent ** attempt)
    if (attempt >= maxRetries || Date.now() - started + delay > maxElapsedTime) throw error
    try {
      await sleep(delay, signal)
    } catch (reason) {
      throw new RequestAbortedError(reason)
    }
  }
}

/**
 * Validates, sends and parses a JSON endpoint call: the shared body of every non-streaming endpoint function.
 *
 * @param client - the client.
 * @param endpoint - the endpoint description.
 * @param request - the caller's request object.
 * @param options - per-call options.
 * @returns the parsed JSON body.
 */
export async function callJson<T>(client: Client, endpoint: Endpoint, request: object | undefined, options?: RequestOptions): Promise<T> {
  const { text } = await send(client, prepare(client, endpoint, request), options)
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new ResponseValidationError('Invalid response: the body is not JSON', [], text)
  }
  if (client.validate?.response !== false) check(endpoint, data, 'response')
  return data as T
}
