/** What the CORS check decided for one request. */
export interface CorsVerdict {
  /** False for a cross-origin browser request from an origin not configured. */
  allowed: boolean
  /** Headers to add to the response (empty for same-origin and non-browser requests). */
  headers: Record<string, string>
}

/**
 * Checks a request's `Origin`. Same-origin requests (the app the Worker serves) and requests without an `Origin`
 * (servers, SDKs, curl) pass without CORS headers; a browser on a configured origin gets them; any other origin is
 * refused, so a foreign page cannot spend the key even with a "simple" request whose answer it could not read.
 *
 * @param request - the incoming request.
 * @param allowedOrigins - the configured origins, e.g. `http://localhost:5173`.
 * @returns the verdict and the headers to send.
 */
export function checkCors(request: Request, allowedOrigins: readonly string[]): CorsVerdict {
  const origin = request.headers.get('origin')
  if (!origin) return { allowed: true, headers: {} }
  const url = new URL(request.url)
  const host = request.headers.get('host')
  if (origin === url.origin || (host && origin === `${url.protocol}//${host}`)) return { allowed: true, headers: {} }
  if (!allowedOrigins.includes(origin)) return { allowed: false, headers: {} }
  return {
    allowed: true,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'mistral-correlation-id, retry-after, retry-after-ms',
      vary: 'Origin',
    },
  }
}

/**
 * The answer to a CORS preflight from an allowed origin.
 *
 * @param request - the `OPTIONS` request.
 * @param headers - the allowed origin's headers from {@link checkCors}.
 * @returns a 204 response.
 */
export function preflightResponse(request: Request, headers: Record<string, string>): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'content-type, accept',
      'access-control-max-age': '600',
    },
  })
}
