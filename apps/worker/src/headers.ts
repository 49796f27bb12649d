/** Masks every echo of the key in a text. */
export type Mask = (text: string) => string

/**
 * The masker of a key: the key raw, percent-encoded or JSON-escaped becomes `[redacted]`.
 *
 * @param key - the API key, or `undefined` (nothing to mask).
 * @returns the masker.
 */
export function maskerFor(key: string | undefined): Mask {
  if (!key) return (text) => text
  const forms = [...new Set([key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1)])]
  return (text) => {
    let masked = text
    for (const form of forms) masked = masked.split(form).join('[redacted]')
    return masked
  }
}

/** Upstream response headers passed on to the caller; each value masked. Anything else (cookies, the upstream's own) stays here. */
const RESPONSE_HEADERS = ['content-type', 'mistral-correlation-id', 'retry-after', 'retry-after-ms']
/** Upstream response header prefixes passed on, masked. */
const RESPONSE_HEADER_PREFIXES = ['x-ratelimit-']

/**
 * Copies the allowlisted upstream response headers onto `target`, each masked.
 *
 * @param source - the upstream response's headers.
 * @param target - the headers of the response to the caller (`content-type` there is kept when set).
 * @param mask - the key's masker.
 * @returns `target`.
 */
export function forwardResponseHeaders(source: Headers | undefined, target: Headers, mask: Mask): Headers {
  if (!source) return target
  for (const [name, value] of source) {
    const allowed =
      RESPONSE_HEADERS.includes(name) || RESPONSE_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))
    if (!allowed || (name === 'content-type' && target.has(name))) continue
    target.set(name, mask(value))
  }
  return target
}

/**
 * The caller's headers passed upstream: only these. The Worker sets `Authorization`, `Content-Type` and `Accept`
 * itself; cookies, forwarding headers, a caller's key and the mock's fault header never travel.
 */
const REQUEST_HEADERS = ['accept-language']

/**
 * The allowlisted headers of the caller's request, for the upstream call.
 *
 * @param request - the incoming request.
 * @returns the headers to add upstream.
 */
export function forwardedRequestHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name)
    if (value !== null) headers[name] = value
  }
  return headers
}
