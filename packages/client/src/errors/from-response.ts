import { HTTPValidationError, type ValidationDetail } from './http-validation-error.js'
import { SDKError } from './sdk-error.js'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Finds a FastAPI `detail` at the top level, inside an object `message`, or inside a JSON-string `message`. */
function findDetail(data: unknown): unknown {
  if (!isObject(data)) return undefined
  if (data.detail !== undefined) return data.detail
  const message = typeof data.message === 'string' ? parseJson(data.message) : data.message
  return isObject(message) ? message.detail : undefined
}

function formatDetail(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail
  if (!Array.isArray(detail)) return undefined
  return detail
    .map((entry) => (isObject(entry) ? `${Array.isArray(entry.loc) ? `${entry.loc.join('.')}: ` : ''}${entry.msg}` : String(entry)))
    .join('; ')
}

function messageOf(data: unknown, body: string): string | undefined {
  const detail = formatDetail(findDetail(data))
  if (detail) return detail
  if (isObject(data)) {
    if (typeof data.message === 'string' && data.message) return data.message
    const nested = isObject(data.error) ? data.error.message : data.error
    if (typeof nested === 'string' && nested) return nested
  }
  // Gateways answer with HTML pages: their <title> is the useful line.
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim()
  if (title) return title
  const text = body.replace(/\s+/g, ' ').trim()
  return text && data === undefined && !text.startsWith('<') ? text.slice(0, 200) : undefined
}

/**
 * Reads a delay from `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date).
 *
 * @param headers - response headers.
 * @returns milliseconds to wait, or `undefined` when the server did not say.
 */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (ms >= 0) return ms
  const value = headers.get('retry-after')
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/**
 * Builds the error for a non-2xx response from every body shape the real API has sent:
 * `{detail: string | []}`, `{object: 'error', message: string | object | JSON string}`, `{message, request_id}`,
 * empty bodies and HTML gateway pages.
 *
 * @param response - the response (its body already read).
 * @param body - the body text.
 * @returns an {@link HTTPValidationError} for 422, an {@link SDKError} otherwise.
 */
export function errorFromResponse(response: Response, body: string): SDKError {
  const data = body ? parseJson(body) : undefined
  const { status, headers } = response
  const requestId =
    headers.get('mistral-correlation-id') ??
    (isObject(data) && typeof data.request_id === 'string' ? data.request_id : undefined) ??
    headers.get('x-kong-request-id') ??
    undefined
  const init = { status, headers, body, data, requestId, retryAfterMs: retryAfterMs(headers) }
  const what = messageOf(data, body) ?? (response.statusText || 'no response body')
  const message = `HTTP ${status}: ${what}`
  if (status === 422) {
    const detail = findDetail(data)
    return new HTTPValidationError(message, init, Array.isArray(detail) ? (detail as ValidationDetail[]) : [])
  }
  return new SDKError(message, init)
}
