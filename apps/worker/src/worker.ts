import { type Client, type ClientOptions, createClient, type FetchFunction } from '@mistral-edge/client'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { type AppAgent, createAppAgent } from './app-agent.js'
import { clientIdentity } from './client-identity.js'
import { checkCaller, preflightResponse } from './cors.js'
import { applyCostCaps } from './cost-caps.js'
import { errorResponse, noRouteResponse, responseForError } from './errors.js'
import { forwardedRequestHeaders, type Mask, maskerFor } from './headers.js'
import { budgetsFor, checkRateLimit } from './limits.js'
import { readValidBody } from './read-body.js'
import { startRequestLog } from './request-log.js'
import { matchPath, type RouteContext, routes } from './routes.js'
import { type Env, readSettings, type Settings } from './settings.js'

/** The path of the embedded mock's counters, answered only when `EXPOSE_MOCK_STATS` is `true` and there is no key. */
const MOCK_STATS_PATH = '/v1/__mock/stats'

/** Options of {@link createWorker}. */
export interface WorkerOptions {
  /** The upstream `fetch`. Default: `globalThis.fetch` with a key, the embedded mock's `fetch` without one. */
  fetch?: FetchFunction
}

/** What the Worker needs of the execution context: `waitUntil`, so budgets are charged after the answer is sent. */
export interface WorkerContext {
  waitUntil: (promise: Promise<unknown>) => void
}

/** The Worker: a module-format handler. */
export interface Worker {
  fetch: (request: Request, env: Env, context?: WorkerContext) => Promise<Response>
}

/**
 * Creates the Worker: `/v1/` requests go through the allowlisted proxy, anything else to the static assets.
 * The embedded mock and the app's agent are created on first use and live as long as the isolate; the limits live
 * in the `LIMITER` binding and the `BUDGET` Durable Objects, shared by every instance.
 *
 * @param options - the upstream fetch (tests inject one).
 * @returns the handler to export as default.
 * @example
 * ```ts
 * export default createWorker()
 * ```
 */
export function createWorker(options: WorkerOptions = {}): Worker {
  let mock: MockMistral | undefined
  let agent: AppAgent | undefined

  /**
   * The client the proxy calls through: the real API with the key added here, or the embedded mock. Its `fetch`
   * keeps the headers of the last upstream answer (the endpoint functions return parsed bodies).
   */
  function upstreamClient(env: Env, settings: Settings, upstream: { headers?: Headers }): Client {
    const base: FetchFunction = env.MISTRAL_API_KEY
      ? (options.fetch ?? ((input, init) => fetch(input, init)))
      : (options.fetch ?? (mock ??= createMockMistral()).fetch)
    const capture: FetchFunction = async (input, init) => {
      const response = await base(input, init)
      upstream.headers = response.headers
      return response
    }
    // The proxy does not retry: the browser's own client retries, with the upstream Retry-After passed on.
    const common: ClientOptions = {
      retries: { strategy: 'none' },
      fetch: capture,
      timeoutMs: settings.upstreamTimeoutMs,
      idleTimeoutMs: settings.upstreamIdleTimeoutMs,
    }
    if (env.MISTRAL_API_KEY) {
      const real: ClientOptions = { ...common, apiKey: env.MISTRAL_API_KEY }
      if (env.MISTRAL_BASE_URL) real.baseURL = env.MISTRAL_BASE_URL
      return createClient(real)
    }
    // The mock wants some key. The library masks the key in error bodies, so it is one no body ever contains.
    const local: ClientOptions = { ...common, apiKey: 'mistral-edge-embedded-mock-key' }
    if (settings.mockChunkDelayMs) local.headers = { 'x-mock-fault': `slow=${settings.mockChunkDelayMs}` }
    return createClient(local)
  }

  async function api(request: Request, env: Env, url: URL, context: WorkerContext | undefined): Promise<Response> {
    const log = startRequestLog(request.method)
    const settings = readSettings(env)
    const hasKey = Boolean(env.MISTRAL_API_KEY)
    const mask: Mask = maskerFor(env.MISTRAL_API_KEY)
    const later = (promise: Promise<unknown>) => (context ? context.waitUntil(promise) : void promise.catch(() => {}))
    let corsHeaders: Record<string, string> = {}
    let charge: ((tokens: number) => Promise<void>) | undefined
    const upstream: { headers?: Headers } = {}
    const end = () => {
      log.upstreamRequestId ??= upstream.headers?.get('mistral-correlation-id') ?? null
      if (log.upstreamRequestId) log.upstreamRequestId = mask(log.upstreamRequestId)
      log.finish()
      if (charge && log.tokens) later(charge(log.tokens))
    }
    const answer = (response: Response, reason?: string) => {
      for (const [name, value] of Object.entries(corsHeaders)) response.headers.set(name, value)
      log.status = response.status
      if (reason) log.reason = reason
      return response
    }

    let streaming = false
    try {
      const caller = await checkCaller(request, settings, { apiKey: env.MISTRAL_API_KEY, proxyToken: env.PROXY_TOKEN })
      if (!caller.allowed)
        return answer(
          errorResponse(caller.status, caller.message, caller.status === 401 ? 'unauthorized' : 'forbidden'),
          'caller refused',
        )
      corsHeaders = caller.headers
      if (settings.exposeMockStats && !hasKey && url.pathname === MOCK_STATS_PATH && request.method === 'GET') {
        mock ??= createMockMistral()
        const { requests, cancelled } = mock.state.stats
        return answer(Response.json({ requests, cancelled }))
      }
      const candidates = routes.filter((route) => matchPath(route.pattern, url.pathname))
      if (request.method === 'OPTIONS' && candidates.length) return answer(preflightResponse(request, corsHeaders))
      const route = candidates.find((candidate) => candidate.method === request.method)
      if (!route) return answer(noRouteResponse(), 'no route')
      log.route = route.pattern

      const client = clientIdentity(request, settings, hasKey)
      const limited = await checkRateLimit(env, settings, client, log.limits)
      if (limited) return answer(limited, 'rate limit')

      let body: Record<string, unknown> = {}
      const params = matchPath(route.pattern, url.pathname) ?? {}
      if (route.schema) {
        const maxBytes = route.maxBytes?.(settings) ?? settings.maxBodyBytes
        const read = await readValidBody(request, route.schema, maxBytes, {
          fields: route.fields,
          params,
          multipart: route.multipart,
        })
        if (read instanceof Response) return answer(read, 'invalid body')
        const capped = applyCostCaps(read, settings, { completion: route.completion })
        if (capped) return answer(capped, 'cost cap')
        body = read
      }
      if (route.method === 'POST') {
        const budgets = budgetsFor(env, settings, client)
        const spent = await budgets.check(log.limits)
        if (spent) return answer(spent, 'budget spent')
        charge = budgets.charge
      }

      agent ??= createAppAgent()
      const routeContext: RouteContext = {
        client: upstreamClient(env, settings, upstream),
        body,
        params,
        url,
        signal: request.signal,
        options: { signal: request.signal, headers: forwardedRequestHeaders(request) },
        settings,
        agent,
        upstream,
        mask,
        log,
        streaming: false,
        onStreamEnd: (outcome, reason) => {
          log.stream = outcome
          if (reason) log.reason = reason
          end()
        },
      }
      const response = answer(await route.handle(routeContext))
      streaming = routeContext.streaming
      return response
    } catch (error) {
      const response = answer(responseForError(error, mask), error instanceof Error ? error.name : 'error')
      if (
        !log.upstreamRequestId &&
        error &&
        typeof error === 'object' &&
        'headers' in error &&
        error.headers instanceof Headers
      ) {
        log.upstreamRequestId = error.headers.get('mistral-correlation-id')
      }
      return response
    } finally {
      if (!streaming) end()
    }
  }

  return {
    async fetch(request, env, context) {
      const url = new URL(request.url)
      if (url.pathname.startsWith('/v1/') || url.pathname === '/v1') return api(request, env, url, context)
      return env.ASSETS ? env.ASSETS.fetch(request) : noRouteResponse()
    },
  }
}
