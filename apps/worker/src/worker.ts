import { type Client, type ClientOptions, createClient, type FetchFunction } from '@mistral-edge/client'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { type AppAgent, createAppAgent } from './app-agent.js'
import { checkCors, preflightResponse } from './cors.js'
import { errorResponse, noRouteResponse, responseForError } from './errors.js'
import { createRateLimiter, type RateLimiter } from './rate-limit.js'
import { readValidBody } from './read-body.js'
import { matchPath, routes } from './routes.js'
import { type Env, readSettings, type Settings } from './settings.js'

/** The path of the embedded mock's counters, answered only when `EXPOSE_MOCK_STATS` is `true` and there is no key. */
export const MOCK_STATS_PATH = '/v1/__mock/stats'

/** Options of {@link createWorker}. */
export interface WorkerOptions {
  /** The upstream `fetch`. Default: `globalThis.fetch` with a key, the embedded mock's `fetch` without one. */
  fetch?: FetchFunction
}

/** The Worker: a module-format handler. */
export interface Worker {
  fetch: (request: Request, env: Env) => Promise<Response>
}

/**
 * Creates the Worker: `/v1/` requests go through the allowlisted proxy, anything else to the static assets.
 * The rate limiter, the embedded mock and the app's agent are created on first use and live as long as the isolate.
 *
 * @param options - the upstream fetch (tests inject one).
 * @returns the handler to export as default.
 * @example
 * ```ts
 * export default createWorker()
 * ```
 */
export function createWorker(options: WorkerOptions = {}): Worker {
  let limiter: RateLimiter | undefined
  let mock: MockMistral | undefined
  let agent: AppAgent | undefined

  /** The client the proxy calls through: the real API with the key added here, or the embedded mock. */
  function upstreamClient(env: Env, settings: Settings): Client {
    // The proxy does not retry: the browser's own client retries, with the upstream Retry-After passed on.
    const common: ClientOptions = { retries: { strategy: 'none' } }
    if (env.MISTRAL_API_KEY) {
      const real: ClientOptions = { ...common, apiKey: env.MISTRAL_API_KEY }
      if (env.MISTRAL_BASE_URL) real.baseURL = env.MISTRAL_BASE_URL
      if (options.fetch) real.fetch = options.fetch
      return createClient(real)
    }
    mock ??= createMockMistral()
    // The mock wants some key. The library masks the key in error bodies, so it is one no body ever contains.
    const local: ClientOptions = { ...common, apiKey: 'mistral-edge-embedded-mock-key', fetch: options.fetch ?? mock.fetch }
    if (settings.mockChunkDelayMs) local.headers = { 'x-mock-fault': `slow=${settings.mockChunkDelayMs}` }
    return createClient(local)
  }

  async function api(request: Request, env: Env, url: URL): Promise<Response> {
    const settings = readSettings(env)
    const cors = checkCors(request, settings.allowedOrigins)
    if (!cors.allowed) return errorResponse(403, `Origin not allowed: ${request.headers.get('origin')}`, 'forbidden')
    const withCors = (response: Response) => {
      for (const [name, value] of Object.entries(cors.headers)) response.headers.set(name, value)
      return response
    }
    if (settings.exposeMockStats && !env.MISTRAL_API_KEY && url.pathname === MOCK_STATS_PATH && request.method === 'GET') {
      mock ??= createMockMistral()
      const { requests, cancelled } = mock.state.stats
      return withCors(Response.json({ requests, cancelled }))
    }
    const candidates = routes.filter((route) => matchPath(route.pattern, url.pathname))
    if (request.method === 'OPTIONS' && candidates.length) return preflightResponse(request, cors.headers)
    const route = candidates.find((candidate) => candidate.method === request.method)
    if (!route) return withCors(noRouteResponse())

    limiter ??= createRateLimiter(settings.rateLimitRequests, settings.rateLimitWindowMs)
    const verdict = limiter.take(request.headers.get('cf-connecting-ip') ?? 'unknown')
    if (!verdict.allowed) {
      // The body and code of the API's own 429 (fixtures/wire/errors/429_rate_limited_code1300_2026-02.json).
      const headers = { 'retry-after': String(verdict.retryAfterSeconds) }
      return withCors(errorResponse(429, 'Rate limit exceeded', 'rate_limited', null, { code: '1300', headers }))
    }

    let body: Record<string, unknown> = {}
    const params = matchPath(route.pattern, url.pathname) ?? {}
    if (route.schema) {
      const read = await readValidBody(request, route.schema, settings.maxBodyBytes, { fields: route.fields, params })
      if (read instanceof Response) return withCors(read)
      body = read
    }
    const client = upstreamClient(env, settings)
    agent ??= createAppAgent()
    try {
      return withCors(await route.handle({ client, body, params, url, signal: request.signal, settings, agent }))
    } catch (error) {
      return withCors(responseForError(error))
    }
  }

  return {
    async fetch(request, env) {
      const url = new URL(request.url)
      if (url.pathname.startsWith('/v1/') || url.pathname === '/v1') return api(request, env, url)
      return env.ASSETS ? env.ASSETS.fetch(request) : noRouteResponse()
    },
  }
}
