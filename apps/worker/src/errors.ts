import {
  ConnectionError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SDKError,
} from '@mistral-edge/client'
import { forwardResponseHeaders, type Mask } from './headers.js'

/**
 * A JSON response with Mistral's error envelope: `{"object":"error","message","type","param","code"}`.
 *
 * @param status - HTTP status.
 * @param message - what went wrong; names the field when one is at fault.
 * @param type - Mistral's error type, e.g. `invalid_request_error`.
 * @param param - the field at fault, as a dotted path, or `null`.
 * @param options - Mistral's error `code` (e.g. `1300` for rate limits) and extra headers (e.g. `Retry-After`).
 * @returns the response.
 */
export function errorResponse(
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  options: { code?: string; headers?: Record<string, string> } = {},
): Response {
  const body = { object: 'error', message, type, param, code: options.code ?? null }
  const { headers = {} } = options
  return Response.json(body, { status, headers })
}

/**
 * The 404 the API's gateway gives for a path it does not route: `{"message":"no Route matched with those values",
 * "request_id":...}`.
 *
 * @returns the response.
 */
export function noRouteResponse(): Response {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const requestId = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return Response.json({ message: 'no Route matched with those values', request_id: requestId }, { status: 404 })
}

/**
 * Turns what an upstream call threw into the response to send back: an upstream HTTP error is passed on as the API
 * sent it (status, body, the allowlisted headers: request id, Retry-After, rate-limit figures), the key masked in
 * each; the library's own errors get Mistral's envelope.
 *
 * @param error - what the endpoint function threw.
 * @param mask - the key's masker.
 * @returns the response.
 */
export function responseForError(error: unknown, mask: Mask = (text) => text): Response {
  if (error instanceof SDKError) {
    const headers = forwardResponseHeaders(error.headers, new Headers(), mask)
    return new Response(mask(error.body), { status: error.status, headers })
  }
  if (error instanceof InvalidRequestError) {
    const path = error.issues[0]?.path?.map((item) => item.key).join('.') ?? null
    return errorResponse(400, error.message, 'invalid_request_error', path)
  }
  if (error instanceof RequestTimeoutError)
    return errorResponse(504, 'The Mistral API did not answer in time', 'upstream_timeout')
  if (error instanceof ConnectionError)
    return errorResponse(502, 'Could not reach the Mistral API', 'upstream_connection_error')
  if (error instanceof ResponseValidationError) return errorResponse(502, error.message, 'upstream_invalid_response')
  // 499: the client closed the request; nobody reads this answer.
  if (error instanceof RequestAbortedError) return errorResponse(499, 'The client went away', 'client_closed_request')
  console.error(
    JSON.stringify({
      event: 'unexpected_error',
      error: mask(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
    }),
  )
  return errorResponse(500, 'Internal error in the proxy', 'internal_error')
}
