import { HTTPValidationError, type ValidationDetail } from './http-validation-error.js'
import { SDKError } from './sdk-error.js'

// Any JSON value: read with `?.`, which gives `undefined` on strings, numbers and null alike.
type Json = any

/** `JSON.parse`, or `undefined` when the text is not JSON: for bodies and events that may be anything. */
export const parseJSON = (text: unknown): Json => {
  try {
    return JSON.parse(text as string)
  } catch {}
}

/**
 * Builds the error for a non-2xx response from every body shape the real API has sent (shared/wire/errors):
 * `{detail: string | []}`, `{object: 'error', message: string | {detail} | JSON string}`, `{message, request_id}`,
 * empty bodies and HTML gateway pages.
 *
 * @param response - the response (its body already read).
 * @param body - the body text.
 * @returns an {@link HTTPValidationError} for 422, an {@link SDKError} otherwise.
 */
export function errorFromResponse(response: Response, body: string): SDKError {
  const data = parseJSON(body)
  const { status, headers } = response
  const { message } = data ?? {}
  // `detail` sits at the top level, inside an object `message`, or inside a `message` that is a JSON string.
  const detail = data?.detail ?? (parseJSON(message) ?? message)?.detail
  const what =
    typeof detail === 'string'
      ? detail
      : Array.isArray(detail)
        ? detail.map((entry: Json) => `${entry?.loc?.join('.') ?? ''}: ${entry?.msg}`).join('; ')
        : (typeof message === 'string' && message) ||
          /<title>([^<]*)</i.exec(body)?.[1]?.trim() ||
          (data === undefined && body.trim().slice(0, 200)) ||
          response.statusText ||
          'no response body'
  const after = headers.get('retry-after')
  const wait = +(
    headers.get('retry-after-ms') ??
    (after && (+after >= 0 ? +after * 1000 : Date.parse(after) - Date.now())) ??
    NaN
  )
  const init = {
    status,
    headers,
    body,
    data,
    requestId:
      headers.get('mistral-correlation-id') ?? data?.request_id ?? headers.get('x-kong-request-id') ?? undefined,
    retryAfterMs: wait >= 0 ? wait : wait < 0 ? 0 : undefined,
  }
  // The current API answers retired routes (fine-tuning jobs) with 410 Gone: say so, whatever the body held.
  const text = `HTTP ${status}: ${status === 410 ? 'endpoint retired: ' : ''}${what}`
  return status === 422
    ? new HTTPValidationError(text, init, Array.isArray(detail) ? (detail as ValidationDetail[]) : [])
    : new SDKError(text, init)
}
