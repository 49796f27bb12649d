import type { MockState } from './state.js'

/** What a route handler receives. */
export interface RouteContext {
  request: Request
  url: URL
  params: Record<string, string>
  state: MockState
}

/** A route handler. */
export type Handler = (context: RouteContext) => Response | Promise<Response>

/** A route: method, path pattern with `{name}` segments, handler. */
export type Route = readonly [method: string, pattern: string, handler: Handler]

/** Headers every real response carries (trimmed to those a client may read). */
export function baseHeaders(state: MockState, contentType: string): Headers {
  const id = state.correlationId()
  return new Headers({
    'content-type': contentType,
    'mistral-correlation-id': id,
    'x-kong-request-id': id,
    'access-control-allow-origin': '*',
    'access-control-expose-headers':
      'mistral-correlation-id, retry-after, retry-after-ms, x-ratelimit-limit-req-minute, x-ratelimit-remaining-req-minute',
  })
}

/** A JSON response with the real API's headers. */
export function json(state: MockState, body: unknown, status = 200, extra?: Record<string, string>): Response {
  const headers = baseHeaders(state, 'application/json')
  if (status < 300) {
    headers.set('x-ratelimit-limit-req-minute', '720')
    headers.set('x-ratelimit-remaining-req-minute', '719')
  }
  for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value)
  return new Response(JSON.stringify(body), { status, headers })
}

/** The real API's error envelope: `{"object":"error","message",...}`. */
export function apiError(
  state: MockState,
  status: number,
  message: unknown,
  type: string,
  code: string | null = null,
  extra?: Record<string, string>,
) {
  return json(state, { object: 'error', message, type, param: null, code }, status, extra)
}

/** A FastAPI-shaped 422 as the API sends it today: `message: { detail: [...] }`. */
export function validationError(
  state: MockState,
  detail: { loc: (string | number)[]; msg: string; type: string; input?: unknown }[],
) {
  return apiError(state, 422, { detail }, 'invalid_request_error')
}

/** `{"detail": "..."}` as FastAPI routes send for 401 and 404. */
export function detailError(state: MockState, status: number, detail: string) {
  return json(state, { detail }, status)
}

/** Kong's answer for a path no route matches. */
export function noRoute(state: MockState) {
  return json(state, { message: 'no Route matched with those values', request_id: state.random.hex(32) }, 404)
}

/** Reads a JSON body, or returns the 400/422 the API gives for a broken one. */
export async function readJson(context: RouteContext): Promise<Record<string, unknown> | Response> {
  const text = await context.request.text()
  try {
    const body = JSON.parse(text || '{}')
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>
  } catch {}
  return validationError(context.state, [
    {
      loc: ['body'],
      msg: 'Input should be a valid dictionary or object to extract fields from',
      type: 'model_attributes_type',
      input: text,
    },
  ])
}

/** Matches a path against a `{param}` pattern. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const part = want[i] as string
    const value = got[i] as string
    if (part.startsWith('{')) {
      if (!value) return undefined
      params[part.slice(1, -1)] = decodeURIComponent(value)
    } else if (part !== value) return undefined
  }
  return params
}
