import * as v from 'valibot'
import { ConnectionError } from '../errors/connection-error.js'
import { errorFromResponse } from '../errors/from-response.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import type { MistralError } from '../errors/mistral-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { RequestTimeoutError } from '../errors/request-timeout-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import type { Client, RequestOptions } from './client.js'
import { backoffDelay, isRetriedStatus, MAX_RETRY_AFTER_MS, retryPlan, sleep } from './retry.js'

type Schema = v.GenericSchema

/** What an endpoint file declares; the core does the rest. */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** Path with `{param}` placeholders filled from the request's fields of the same name. */
  path: string
  /** Request fields sent as the query string. */
  query?: readonly string[]
  /** Validates the whole request object (path, query and body fields). */
  request?: Schema
  /** Validates a JSON response. */
  response?: Schema
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

/** A successful attempt. `release` detaches the caller's signal once a streamed body is done. */
export interface Sent {
  response: Response
  text: string
  controller: AbortController
  release: () => void
}

const describe = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((issue) => `${v.getDotPath(issue) ?? '(request)'}: ${issue.message}`).join('; ')

/**
 * Checks `data` against `schema` (when enabled) and throws the library's error naming each failing field.
 * Returns the caller's value untouched: validation never rewrites what is sent or returned.
 */
function check(schema: Schema | undefined, data: unknown, kind: 'request' | 'response'): void {
  if (!schema) return
  const result = v.safeParse(schema, data)
  if (result.success) return
  const message = `Invalid ${kind}: ${describe(result.issues)}`
  throw kind === 'request'
    ? new InvalidRequestError(message, result.issues)
    : new ResponseValidationError(message, result.issues, data)
}

function pathIssue(name: string, input: unknown): never {
  const message = 'must be a non-empty string that is not "." or ".."'
  const issue = {
    kind: 'validation',
    type: 'path_parameter',
    input,
    expected: 'non-empty string',
    received: JSON.stringify(input) ?? String(input),
    message,
    path: [{ type: 'object', origin: 'value', input: {}, key: name, value: input }],
  } as unknown as v.BaseIssue<unknown>
  throw new InvalidRequestError(`Invalid request: ${name}: ${message}`, [issue])
}

function appendQuery(params: URLSearchParams, key: string, value: unknown) {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) for (const item of value) appendQuery(params, key, item)
  else params.append(key, String(value))
}

/**
 * Validates a request and builds its URL and body. Throws {@link InvalidRequestError} before anything is sent.
 *
 * @param client - the client.
 * @param endpoint - the endpoint description.
 * @param request - the caller's request object, wire names.
 * @param accept - the `Accept` header.
 */
export function prepare(client: Client, endpoint: Endpoint, request: object = {}, accept = 'application/json'): Prepared {
  if (client.validate?.request !== false) check(endpoint.request, request, 'request')
  const fields: Record<string, unknown> = { ...request }
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fields[name]
    // Path ids are encoded, never interpreted: `..` would climb the URL even when percent-encoded.
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') pathIssue(name, value)
    delete fields[name]
    return encodeURIComponent(value)
  })
  const params = new URLSearchParams()
  for (const key of endpoint.query ?? []) {
    appendQuery(params, key, fields[key])
    delete fields[key]
  }
  const query = params.toString()
  const search = query ? `?${query}` : ''
  const headers: Record<string, string> = { accept }
  let body: BodyInit | undefined
  if (endpoint.encode) body = endpoint.encode(fields)
  else if (endpoint.method !== 'GET' && endpoint.method !== 'DELETE' && Object.keys(fields).length > 0) {
    body = JSON.stringify(fields)
    headers['content-type'] = 'application/json'
  }
  return { method: endpoint.method, url: client.baseURL + path + search, body, headers }
}

async function authorization(client: Client): Promise<string | undefined> {
  const key = typeof client.apiKey === 'function' ? await client.apiKey() : client.apiKey
  return key || undefined
}

const redact = (text: string, key: string | undefined) => (key && text.includes(key) ? text.split(key).join('[redacted]') : text)

/**
 * Sends a prepared request with retries, per-attempt timeouts and the caller's signal.
 * Non-2xx responses become {@link SDKError}s; a non-streamed body is read inside the attempt's timeout.
 *
 * @param client - the client.
 * @param prepared - from {@link prepare}.
 * @param options - per-call options.
 * @param streamed - leave the body unread (streams, downloads); the timeout then covers only the headers.
 */
export async function send(client: Client, prepared: Prepared, options: RequestOptions = {}, streamed = false): Promise<Sent> {
  const { signal } = options
  const plan = retryPlan(options.retries ?? client.retries)
  const timeoutMs = options.timeoutMs ?? client.timeoutMs ?? 600_000
  const key = await authorization(client)
  const headers = new Headers(client.headers)
  for (const [name, value] of Object.entries(prepared.headers)) headers.set(name, value)
  if (key) headers.set('authorization', `Bearer ${key}`)
  for (const [name, value] of new Headers(options.headers)) headers.set(name, value)
  const init: RequestInit = { method: prepared.method, headers }
  if (prepared.body !== undefined) init.body = prepared.body
  const started = Date.now()

  for (let attempt = 0; ; attempt++) {
    let error: MistralError
    let retry: boolean
    let serverDelay: number | undefined
    try {
      return await attemptOnce(client, prepared.url, init, signal, timeoutMs, streamed, key)
    } catch (caught) {
      error = caught as MistralError
      if (error instanceof SDKError) {
        retry = isRetriedStatus(error.status)
        serverDelay = error.retryAfterMs
        if (serverDelay !== undefined && serverDelay > MAX_RETRY_AFTER_MS) retry = false
      } else {
        retry = (error instanceof ConnectionError || error instanceof RequestTimeoutError) && plan.retryConnectionErrors
      }
    }
    if (!retry || attempt >= plan.maxRetries) throw error
    const delay = backoffDelay(plan, attempt, serverDelay)
    if (Date.now() - started + delay > plan.maxElapsedTime) throw error
    try {
      await sleep(delay, signal)
    } catch (reason) {
      throw new RequestAbortedError(reason)
    }
  }
}

async function attemptOnce(
  client: Client,
  url: string,
  init: RequestInit,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  streamed: boolean,
  key: string | undefined,
): Promise<Sent> {
  if (signal?.aborted) throw new RequestAbortedError(signal.reason)
  const controller = new AbortController()
  const onAbort = () => controller.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
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
  let response: Response
  let text = ''
  try {
    // Read at call time and called unbound: Workers throw "Illegal invocation" on a bound global fetch.
    const fetchFunction = client.fetch ?? globalThis.fetch
    response = await fetchFunction(url, { ...init, signal: controller.signal })
    if (!response.ok || !streamed) text = redact(await response.text(), key)
  } catch (cause) {
    release()
    if (signal?.aborted) throw new RequestAbortedError(signal.reason)
    if (timedOut) throw new RequestTimeoutError(timeoutMs)
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw new ConnectionError(`Connection error: ${redact(detail, key)}`, cause)
  }
  if (!response.ok) {
    release()
    throw errorFromResponse(response, text)
  }
  if (streamed) clearTimeout(timer)
  else release()
  return { response, text, controller, release }
}

/**
 * Validates, sends and parses a JSON endpoint call. The shared body of every non-streaming endpoint function.
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
  } catch (cause) {
    throw new ResponseValidationError(`Invalid response: body is not JSON (${String(cause)})`, [], text)
  }
  if (client.validate?.response !== false) check(endpoint.response, data, 'response')
  return data as T
}
