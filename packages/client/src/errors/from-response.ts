import { HTTPValidationError, type ValidationDetail } from './http-validation-error.js'
import { SDKError } from './sdk-error.js'

type Json = Record<string, any>

const parse = (text: unknown): unknown => {
  try {
    return JSON.parse(text as string)
  } catch {}
}

const asObject = (value: unknown): Json => (value && typeof value === 'object' ? value : {}) as Json

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
  const data = parse(body)
  const top = asObject(data)
  const { status, headers } = response
  // `detail` sits at the top level, inside an object `message`, or inside a `message` that is a JSON string.
  const detail = top.detail ?? asObject(parse(top.message) ?? top.message).detail
  const what =
    typeof detail === 'string'
      ? detail
      : Array.isArray(detail)
        ? detail.map((entry) => `${asObject(entry).loc?.join('.') ?? ''}: ${asObject(entry).msg}`).join('; ')
        : (typeof top.message === 'string' && top.message) ||
          /<title>([^<]*)</i.exec(body)?.[1]?.trim() ||
          (data === undefined && body.trim().slice(0, 200)) ||
          response.statusText ||
          'no response body'
  const after = headers.get('retry-after')
  const wait = Number(headers.get('retry-after-ms') ?? (after && (+after >= 0 ? +after * 1000 : Date.parse(after) - Date.now())) ?? Number.NaN)
  const init = {
    status,
    headers,
    body,
    data,
    requestId: headers.get('mistral-correlation-id') ?? top.request_id ?? headers.get('x-kong-request-id') ?? undefined,
    retryAfterMs: wait >= 0 ? wait : wait < 0 ? 0 : undefined,
  }
  // The current API answers retired routes (fine-tuning jobs) with 410 Gone: say so, whatever the body held.
  const message = `HTTP ${status}: ${status === 410 ? `endpoint retired: ${what}` : what}`
  return status === 422 ? new HTTPValidationError(message, init, Array.isArray(detail) ? (detail as ValidationDetail[]) : []) : new SDKError(message, init)
}
