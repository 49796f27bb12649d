import type { Settings } from './settings.js'

/** What the caller check decided for one request. */
export type CallerVerdict =
  | {
      allowed: true
      /** A browser (it sent `Origin` or `Sec-Fetch-Site`), or a program. */
      kind: 'browser' | 'program'
      /** Headers to add to the response (CORS, for an `ALLOWED_ORIGINS` origin only). */
      headers: Record<string, string>
    }
  | { allowed: false; status: 401 | 403; message: string }

/** The response headers a page on an `ALLOWED_ORIGINS` origin may read. */
const EXPOSED =
  'mistral-correlation-id, retry-after, retry-after-ms, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset'

/** The hosts (`name:port`) of the configured origins. */
function hostsOf(origins: readonly string[]): string[] {
  return origins.flatMap((origin) => {
    try {
      return [new URL(origin).host]
    } catch {
      return []
    }
  })
}

/** Compares two strings in time independent of where they differ (both are hashed first, so lengths leak nothing). */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder()
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ])
  return crypto.subtle.timingSafeEqual(a, b)
}

/**
 * Decides who may call `/v1/`:
 * - a browser (it sends `Origin` on every cross-origin request and on same-origin POSTs, and `Sec-Fetch-Site` on every
 *   request) only from the app's own origin (`PUBLIC_ORIGIN`, configured: never taken from `Host`, which a DNS
 *   rebinding page chooses) or from `ALLOWED_ORIGINS`, which get CORS headers. `Sec-Fetch-Site: cross-site` or
 *   `same-site` without an allowed `Origin` is refused whatever the method (a cross-site `<img>`, `<script>` or
 *   navigation sends no `Origin`). A same-origin request without `Origin` (a GET) must come to one of the
 *   configured origins' hosts: a rebound name is refused.
 * - a program (neither header) must send `Authorization: Bearer <PROXY_TOKEN>` once a real key is set; the mock
 *   (no key) stays open, as nothing is spent.
 * Both headers can be forged by a program: these rules keep foreign pages and casual scripts off the key; what one
 * caller can spend is bounded by the rate limit and the daily token budget.
 *
 * @param request - the incoming request.
 * @param settings - `publicOrigins`, `allowedOrigins`.
 * @param secrets - the key and the proxy token, when set.
 * @returns the verdict.
 */
export async function checkCaller(
  request: Request,
  settings: Settings,
  secrets: { apiKey?: string | undefined; proxyToken?: string | undefined },
): Promise<CallerVerdict> {
  const origin = request.headers.get('origin')
  const site = request.headers.get('sec-fetch-site')
  const corsAllowed = origin !== null && settings.allowedOrigins.includes(origin)
  if ((site === 'cross-site' || site === 'same-site') && !corsAllowed) {
    return { allowed: false, status: 403, message: `Cross-site request refused${origin === null ? '' : `: ${origin}`}` }
  }
  if (origin !== null) {
    if (settings.publicOrigins.includes(origin)) return { allowed: true, kind: 'browser', headers: {} }
    if (!corsAllowed) return { allowed: false, status: 403, message: `Origin not allowed: ${origin}` }
    return {
      allowed: true,
      kind: 'browser',
      headers: { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, vary: 'Origin' },
    }
  }
  if (site !== null) {
    const host = request.headers.get('host') ?? new URL(request.url).host
    if (!hostsOf(settings.publicOrigins).includes(host))
      return { allowed: false, status: 403, message: `Host not allowed: ${host}` }
    return { allowed: true, kind: 'browser', headers: {} }
  }
  if (secrets.apiKey) {
    const authorization = request.headers.get('authorization') ?? ''
    const token = /^Bearer (.+)$/i.exec(authorization)?.[1]
    if (!secrets.proxyToken || token === undefined || !(await sameSecret(token, secrets.proxyToken))) {
      return {
        allowed: false,
        status: 401,
        message: 'This proxy needs Authorization: Bearer <PROXY_TOKEN> from callers that are not browsers',
      }
    }
  }
  return { allowed: true, kind: 'program', headers: {} }
}

/**
 * The answer to a CORS preflight from an allowed origin.
 *
 * @param request - the `OPTIONS` request.
 * @param headers - the allowed origin's headers from {@link checkCaller}.
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
