// The Worker as deployed (`wrangler deploy --dry-run` bundle, wrangler.jsonc's settings) in miniflare, with a canary
// key and its upstream set to a local stand-in, and EVERY outbound request intercepted: requests to the stand-in are
// passed on, anything else is refused here and recorded, so nothing can leave the machine. Checks that no request,
// however crafted, makes the Worker call another host or another path, and that the guards (CORS, body cap,
// allowlist) answer before any upstream call.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import {
  Miniflare,
  type Request as MiniflareRequest,
  Response as MiniflareResponse,
  fetch as miniflareFetch,
} from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unstable_readConfig } from 'wrangler'
import { buildWorkerBundle, type WorkerBundle, workerDirectory } from '../support/worker-bundle.js'
import { smugglingCases, unroutedTargets } from './cases.js'
import {
  abandonRequest,
  type CaptureUpstream,
  type RawRequestOptions,
  RESET_MODEL_ID,
  RESET_STREAM_LANGUAGE,
  rawRequest,
  STALL_MODEL_ID,
  startCaptureUpstream,
} from './upstream.js'

const CANARY = `sk-canary-${randomUUID()}`
const PROXY_TOKEN = `proxy-token-${randomUUID()}`
const MAX_BODY_BYTES = 4096
const ALLOWED_ORIGIN = 'http://localhost:5173'

let bundle: WorkerBundle | undefined
let upstream: CaptureUpstream
let miniflare: Miniflare | undefined
let origin: string
/** Every URL the Worker fetched, in order, wherever it pointed. */
const outbound: string[] = []
/** What workerd printed (the Worker's log lines, and any uncaught exception). */
let runtimeOutput = ''

/** A request as a program with the proxy token sends it (the key is set, so programs need it). */
const raw = (target: string, options: RawRequestOptions = {}) =>
  rawRequest(origin, target, { ...options, headers: { authorization: `Bearer ${PROXY_TOKEN}`, ...options.headers } })

beforeAll(async () => {
  bundle = buildWorkerBundle()
  const config = unstable_readConfig({ config: join(workerDirectory, 'wrangler.jsonc') })
  upstream = await startCaptureUpstream(CANARY)
  const upstreamOrigin = upstream.url
  miniflare = new Miniflare({
    modules: [{ type: 'ESModule', path: bundle.entry }],
    modulesRoot: bundle.directory,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: {
      ...config.vars,
      MISTRAL_API_KEY: CANARY,
      PROXY_TOKEN,
      MISTRAL_BASE_URL: upstreamOrigin,
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      UPSTREAM_TIMEOUT_MS: '1500',
      UPSTREAM_IDLE_TIMEOUT_MS: '1500',
    },
    // wrangler.jsonc's rate limit (higher: this file sends many requests from one address) and budgets.
    ratelimits: { LIMITER: { simple: { limit: 10_000, period: 60 } } },
    durableObjects: { BUDGET: { className: 'TokenBudget', useSQLite: true } },
    // workerd's own output: an uncaught exception in the Worker shows here, and fails the run (see the last test).
    // Typed here: miniflare's option types lean on whichever `zod` the install hoists (Zod 4 breaks their inference).
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on('data', (data: Buffer) => (runtimeOutput += data.toString()))
      stderr.on('data', (data: Buffer) => (runtimeOutput += data.toString()))
    },
    host: '127.0.0.1',
    port: 0,
    // The fallback `request.cf`: no request to Cloudflare for the real one.
    cf: false,
    outboundService: (request: MiniflareRequest) => {
      outbound.push(request.url)
      if (new URL(request.url).origin === upstreamOrigin) return miniflareFetch(request)
      return new MiniflareResponse('refused by the test: not the configured upstream', { status: 502 })
    },
  })
  origin = (await miniflare.ready).origin
})

afterAll(async () => {
  await miniflare?.dispose()
  await upstream?.close()
  bundle?.remove()
})

/** What the upstream and the interceptor saw since `mark()`. */
function since(mark: { outbound: number; upstream: number }) {
  const requests = upstream.requests.slice(mark.upstream)
  return { outbound: outbound.slice(mark.outbound), targets: requests.map((request) => request.target), requests }
}
const mark = () => ({ outbound: outbound.length, upstream: upstream.requests.length })

describe('every outbound request goes to the configured upstream, the path parameter encoded', () => {
  it.each(smugglingCases)('$attempt: $target', async ({ target, forwarded, status }) => {
    const before = mark()
    const response = await raw(target)
    if (status === 'refused') expect(response.status).toBeGreaterThanOrEqual(400)
    else expect(response.status).toBe(status)
    const seen = since(before)
    expect(seen.targets).toEqual(forwarded)
    expect(seen.outbound).toEqual(forwarded.map((path) => `${upstream.url}${path}`))
    for (const request of seen.requests) {
      expect(request.headers.host).toBe(new URL(upstream.url).host)
      expect(request.headers.authorization).toBe(`Bearer ${CANARY}`)
      expect(request.headers['x-injected']).toBeUndefined()
    }
    expect(response.body).not.toContain(CANARY)
  })

  it('ignores the Host, forwarding headers, cookies and Authorization a caller sends', async () => {
    const before = mark()
    const headers = {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      forwarded: 'host=evil.example',
      authorization: `Bearer ${PROXY_TOKEN}`,
      cookie: 'session=1',
      'x-mock-fault': 'status=500',
    }
    const response = await raw('/v1/models', { headers })
    expect(response.status).toBe(200)
    const seen = since(before)
    expect(seen.outbound).toEqual([`${upstream.url}/v1/models`])
    const sent = seen.requests[0]?.headers ?? {}
    expect(sent.host).toBe(new URL(upstream.url).host)
    expect(sent.authorization).toBe(`Bearer ${CANARY}`)
    for (const name of ['x-forwarded-host', 'forwarded', 'cookie', 'x-mock-fault'])
      expect(sent[name], name).toBeUndefined()
  })
})

describe('the guards answer before any upstream call', () => {
  it.each([
    'https://evil.example',
    'null',
    'http://localhost:5173.evil.example',
    'http://localhost:5173/',
    'http://localhost:5174',
    'https://localhost:5173',
  ])('refuses the origin %s with 403 and no CORS headers, for requests and preflights', async (foreign) => {
    const before = mark()
    const requests = [
      raw('/v1/models', { headers: { origin: foreign } }),
      raw('/v1/chat/completions', {
        method: 'POST',
        headers: { origin: foreign, 'content-type': 'application/json' },
        body: [JSON.stringify({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }] })],
      }),
      raw('/v1/chat/completions', {
        method: 'OPTIONS',
        headers: {
          origin: foreign,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    ]
    for (const response of await Promise.all(requests)) {
      expect(response.status).toBe(403)
      expect(JSON.parse(response.body)).toMatchObject({ object: 'error', type: 'forbidden' })
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
    }
    expect(since(before).outbound).toEqual([])
  })

  it('answers the configured origin with its CORS headers (the control case)', async () => {
    const before = mark()
    const response = await raw('/v1/models', { headers: { origin: ALLOWED_ORIGIN } })
    expect(response.status).toBe(200)
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN)
    expect(since(before).targets).toEqual(['/v1/models'])
  })

  it('answers 413 for a body over the cap, announced or chunked, and forwards one just under it', async () => {
    const before = mark()
    const message = (size: number) =>
      JSON.stringify({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'x'.repeat(size) }] })
    const over = message(MAX_BODY_BYTES)
    const headers = { 'content-type': 'application/json' }
    // Announced: the Worker answers from the Content-Length alone, before any of the body is sent.
    const announced = await raw('/v1/chat/completions', {
      method: 'POST',
      headers: { ...headers, 'content-length': String(over.length) },
    })
    const chunked = await raw('/v1/chat/completions', {
      method: 'POST',
      headers,
      body: [over.slice(0, 1000), over.slice(1000)],
    })
    for (const response of [announced, chunked]) {
      expect(response.status).toBe(413)
      expect(JSON.parse(response.body)).toEqual({
        object: 'error',
        message: `Request body too large: the limit is ${MAX_BODY_BYTES} bytes`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      })
    }
    expect(since(before).outbound).toEqual([])
    const fits = message(MAX_BODY_BYTES - 200)
    expect(fits.length).toBeLessThanOrEqual(MAX_BODY_BYTES)
    const accepted = await raw('/v1/chat/completions', {
      method: 'POST',
      headers,
      body: [fits.slice(0, 1000), fits.slice(1000)],
    })
    expect(accepted.status).toBe(200)
    expect(since(before).targets).toEqual(['/v1/chat/completions'])
  })

  it.each(unroutedTargets)('answers %s %s with the gateway 404', async (method, target) => {
    const before = mark()
    const response = await raw(target, { method })
    expect(response.status).toBe(404)
    expect(JSON.parse(response.body)).toMatchObject({ message: 'no Route matched with those values' })
    expect(since(before).outbound).toEqual([])
  })
})

describe('robust edges: each ends in a handled answer, never an uncaught exception', () => {
  it('refuses a program without the proxy token (a real key is set), before any upstream call', async () => {
    const before = mark()
    for (const authorization of ['', 'Bearer caller-key', `Bearer ${CANARY}`]) {
      const response = await rawRequest(origin, '/v1/models', { headers: authorization ? { authorization } : {} })
      expect(response.status).toBe(401)
    }
    expect(since(before).outbound).toEqual([])
  })

  it('survives a client that announces 1000 bytes, sends a few and closes', async () => {
    const before = mark()
    await abandonRequest(
      origin,
      '/v1/chat/completions',
      { 'content-length': '1000', 'content-type': 'application/json', authorization: `Bearer ${PROXY_TOKEN}` },
      '{"model":"mis',
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(since(before).outbound).toEqual([])
    // The Worker still answers.
    expect((await raw('/v1/models')).status).toBe(200)
  })

  it('answers a client that announces 1000 bytes, sends a few and closes its side with a handled 400', async () => {
    const before = mark()
    const logged = runtimeOutput.length
    const headers = {
      'content-length': '1000',
      'content-type': 'application/json',
      authorization: `Bearer ${PROXY_TOKEN}`,
    }
    const answer = await abandonRequest(origin, '/v1/chat/completions', headers, '{"model":"mis', { halfClose: true })
    // The Worker's own answer (the body broke off), not a 500 from an exception that escaped it.
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request')
    expect(answer).toContain('"object":"error"')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(
      runtimeOutput
        .slice(logged)
        .split('\n')
        .filter((line) => /uncaught|unhandled/i.test(line)),
    ).toEqual([])
    expect(since(before).outbound).toEqual([])
  })

  // workerd's HTTP layer refuses these itself (a 500, logged as its own "Uncaught exception" in kj/compat/http.c++)
  // before the Worker runs; on Cloudflare the edge refuses them. The Worker's own check is in test/workerd/edge.test.ts.
  it.each(['abc', '-1', '1e3', '10, 20'])(
    'refuses an invalid Content-Length %s without an upstream call',
    async (length) => {
      const before = mark()
      const response = await raw('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-length': length, 'content-type': 'application/json' },
        body: ['{}'],
      }).catch((error: unknown) => ({ status: 400, body: String(error), headers: {} }))
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.body).not.toContain(CANARY)
      expect(since(before).outbound).toEqual([])
    },
  )

  it('answers 502 for an upstream that resets the connection, and 504 for one that stalls', async () => {
    // A reset reaches the Worker as a failed fetch (502); through this file's interceptor it may arrive as its 500.
    expect([500, 502]).toContain((await raw(`/v1/models/${RESET_MODEL_ID}`)).status)
    expect((await raw(`/v1/models/${STALL_MODEL_ID}`)).status).toBe(504)
  })

  it('ends a stream whose upstream resets mid-way with an error event', async () => {
    const chat = { model: 'mistral-small-latest', stream: true, messages: [{ role: 'user', content: 'Hello' }] }
    const headers = { 'content-type': 'application/json', 'accept-language': RESET_STREAM_LANGUAGE }
    const response = await raw('/v1/chat/completions', { method: 'POST', headers, body: [JSON.stringify(chat)] })
    expect(response.status).toBe(200)
    const events = response.body.split('\n\n').filter(Boolean)
    expect(events[0]).toContain('chat.completion.chunk')
    expect(JSON.parse(events.at(-1)?.replace(/^data: /, '') ?? '')).toMatchObject({
      object: 'error',
      type: 'stream_error',
    })
    expect(response.body).not.toContain(CANARY)
  })
})

describe('over the whole run', () => {
  it('workerd logged no uncaught exception, and never the key', () => {
    // workerd's own refusals before any Worker code runs (the absolute-form target, an invalid Content-Length) are
    // the expected lines; anything else is an exception the Worker let escape.
    const runtimeRefusal =
      /invalid URL; url = http:\/\/evil\.example\/|kj\/compat\/http\.c\+\+:\d+: failed: invalid Content-Length header value/
    const uncaught = runtimeOutput
      .split('\n')
      .filter((line) => /uncaught|unhandled/i.test(line) && !runtimeRefusal.test(line))
    expect(uncaught).toEqual([])
    expect(runtimeOutput).not.toContain(CANARY)
    expect(runtimeOutput).not.toContain(PROXY_TOKEN)
  })

  it('called no host but the configured upstream, and the upstream saw each call once', () => {
    expect(outbound.length).toBeGreaterThan(10)
    expect(outbound.filter((url) => !url.startsWith(`${upstream.url}/`))).toEqual([])
    expect(upstream.requests.map((request) => `${upstream.url}${request.target}`)).toEqual(outbound)
  })
})
