// Issue 14, "the edge proxy, ready for a public deployment": one test (or more) per finding, each failing on the
// Worker before it and passing now. Runs inside workerd (vitest-pool-workers) with the real Rate Limiting binding and
// the TokenBudget Durable Objects of wrangler.jsonc.

import { env, runInDurableObject } from 'cloudflare:test'
import { type CompletionChunk, readCompletionStream, StreamError } from '@mistral-edge/client'
import { createMockMistral } from '@mistral-edge/mock'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Env } from '../../apps/worker/src/settings.js'
import { type TokenBudget, utcDay } from '../../apps/worker/src/token-budget.js'
import { createWorker, type WorkerContext } from '../../apps/worker/src/worker.js'

const ORIGIN = 'http://worker.test'
const KEY = 'sk-edge-test-secret-key'
const TOKEN = 'proxy-token-for-programs'
const testEnv = env as unknown as Env & { TIGHT_LIMITER: RateLimit; BUDGET: DurableObjectNamespace<TokenBudget> }
const chat = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Tell me about Paris' }] }

/** A fresh budget namespace per test: the budgets are named after the client, and clients differ per test. */
let clientCount = 0
const newClient = () => `198.51.100.${++clientCount}`

/** An upstream that records each request (headers and JSON body) and answers from a mock holding the key. */
function recordingUpstream(answer?: (request: Request) => Promise<Response> | Response | undefined) {
  const mock = createMockMistral({ apiKey: KEY })
  const seen: { url: string; headers: Headers; body: Record<string, unknown> | undefined }[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init)
    const type = request.headers.get('content-type') ?? ''
    const body = type.includes('json') ? ((await request.clone().json()) as Record<string, unknown>) : undefined
    seen.push({ url: request.url, headers: request.headers, body })
    return (await answer?.(request)) ?? mock.fetch(request)
  }
  return { fetch, seen, mock }
}

/** Pending `waitUntil` promises of a request, so a test can wait for the budget charge. */
function context(): WorkerContext & { settled: () => Promise<unknown> } {
  const pending: Promise<unknown>[] = []
  return { waitUntil: (promise) => void pending.push(promise), settled: () => Promise.all(pending) }
}

const withKey = (extra: Partial<Env> = {}): Env => ({
  ...testEnv,
  MISTRAL_API_KEY: KEY,
  MISTRAL_BASE_URL: 'https://api.mistral.test',
  PROXY_TOKEN: TOKEN,
  ...extra,
})
const program = (path: string, init: RequestInit = {}, ip = newClient()) => {
  const headers = new Headers(init.headers)
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${TOKEN}`)
  headers.set('cf-connecting-ip', ip)
  return new Request(`${ORIGIN}${path}`, { ...init, headers })
}
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, ip?: string) =>
  program(
    path,
    { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } },
    ip,
  )

afterEach(() => {
  vi.restoreAllMocks()
})

describe('who may call (finding: any caller without Origin spends the key; cross-site GETs reach the API)', () => {
  it('a program without Origin needs Authorization: Bearer <PROXY_TOKEN> once a real key is set', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${KEY}`]) {
      const headers: Record<string, string> = authorization ? { authorization } : {}
      const response = await worker.fetch(new Request(`${ORIGIN}/v1/models`, { headers }), withKey())
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ object: 'error', type: 'unauthorized' })
    }
    // Without PROXY_TOKEN configured, programs are refused altogether.
    const unset = await worker.fetch(program('/v1/models'), withKey({ PROXY_TOKEN: '' }))
    expect(unset.status).toBe(401)
    expect(seen).toEqual([])
    const allowed = await worker.fetch(program('/v1/models'), withKey())
    expect(allowed.status).toBe(200)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`)
  })

  it('the embedded mock (no key) stays open to programs on loopback', async () => {
    const worker = createWorker()
    const response = await worker.fetch(new Request('http://127.0.0.1:8787/v1/models'), testEnv)
    expect(response.status).toBe(200)
  })

  it.each(['GET', 'POST'])(
    'Sec-Fetch-Site: cross-site without an allowed Origin is refused (%s), before anything goes upstream',
    async (method) => {
      const { fetch, seen } = recordingUpstream()
      const worker = createWorker({ fetch })
      const init: RequestInit = { method, headers: { 'sec-fetch-site': 'cross-site' } }
      if (method === 'POST') init.body = JSON.stringify(chat)
      for (const bindings of [testEnv, withKey()]) {
        const path = method === 'GET' ? '/v1/models' : '/v1/chat/completions'
        const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), bindings)
        expect(response.status).toBe(403)
        expect(await response.json()).toMatchObject({ object: 'error', type: 'forbidden' })
      }
      expect(seen).toEqual([])
      // A configured ALLOWED_ORIGINS page is cross-site too: it gets CORS headers.
      const cors = await worker.fetch(
        new Request(`${ORIGIN}/v1/models`, {
          headers: { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:5173' },
        }),
        withKey(),
      )
      expect(cors.status).toBe(200)
      expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    },
  )

  it('the app origin is PUBLIC_ORIGIN, never the Host: a DNS-rebound name is refused', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    const rebound = 'http://evil.example:8787'
    const post = new Request(`${rebound}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chat),
      headers: { origin: rebound, host: 'evil.example:8787', 'sec-fetch-site': 'same-origin' },
    })
    const get = new Request(`${rebound}/v1/models`, {
      headers: { host: 'evil.example:8787', 'sec-fetch-site': 'same-origin' },
    })
    for (const request of [post, get])
      expect((await worker.fetch(request, withKey({ PUBLIC_ORIGIN: 'http://127.0.0.1:8787' }))).status).toBe(403)
    expect(seen).toEqual([])
    // The configured origin, by Origin (POST) or by host (a same-origin GET carries no Origin), without CORS headers.
    const own = { PUBLIC_ORIGIN: 'http://127.0.0.1:8787' }
    const ownPost = new Request('http://127.0.0.1:8787/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify(chat),
      headers: { origin: own.PUBLIC_ORIGIN, 'sec-fetch-site': 'same-origin' },
    })
    const ownGet = new Request('http://127.0.0.1:8787/v1/models', { headers: { 'sec-fetch-site': 'same-origin' } })
    for (const request of [ownPost, ownGet]) {
      const response = await worker.fetch(request, withKey(own))
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
    }
  })
})

describe('cost caps (finding: any model, n: 128, max_tokens: 1e9)', () => {
  it('refuses a model outside ALLOWED_MODELS with a 400 naming the field, and lists only allowed models', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    const response = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, model: 'magistral-medium-latest' }),
      withKey(),
    )
    expect(response.status).toBe(400)
    const body = (await response.json()) as { message: string; param: string }
    expect(body.param).toBe('model')
    expect(body.message).toMatch(
      /^Invalid request: model: magistral-medium-latest is not allowed here; use one of mistral-small-latest, /,
    )
    expect(seen).toEqual([])
    const list = (await (
      await worker.fetch(program('/v1/models'), withKey({ ALLOWED_MODELS: 'mistral-small-latest,mistral-ocr-latest' }))
    ).json()) as { data: { id: string }[] }
    expect(list.data.map((model) => model.id)).toEqual(['mistral-ocr-2512', 'mistral-small-latest'])
  })

  it('fills a missing max_tokens with MAX_TOKENS and refuses a larger one, naming the field and the cap', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    expect((await worker.fetch(postJson('/v1/chat/completions', chat), withKey({ MAX_TOKENS: '300' }))).status).toBe(
      200,
    )
    expect(seen[0]?.body?.max_tokens).toBe(300)
    expect(
      (
        await worker.fetch(
          postJson('/v1/fim/completions', { model: 'codestral-latest', prompt: 'def f():', max_tokens: 12 }),
          withKey(),
        )
      ).status,
    ).toBe(200)
    expect(seen[1]?.body?.max_tokens).toBe(12)
    const refused = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, max_tokens: 1e9 }),
      withKey({ MAX_TOKENS: '300' }),
    )
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({
      object: 'error',
      message: "Invalid request: max_tokens: 1000000000 is above this proxy's cap of 300",
      type: 'invalid_request_error',
      param: 'max_tokens',
      code: null,
    })
    const many = await worker.fetch(postJson('/v1/chat/completions', { ...chat, n: 128 }), withKey({ MAX_N: '2' }))
    expect(many.status).toBe(400)
    expect(await many.json()).toMatchObject({
      param: 'n',
      message: "Invalid request: n: 128 is above this proxy's cap of 2",
    })
    expect(seen).toHaveLength(2)
  })

  it('caps bodies per route: a document may be larger than a chat', async () => {
    const worker = createWorker({ fetch: recordingUpstream().fetch })
    const limits = withKey({ MAX_BODY_BYTES: '2000', MAX_DOCUMENT_BYTES: '20000' })
    const text = 'x'.repeat(6000)
    const document = {
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', document_url: `data:text/plain;base64,${btoa(text)}` },
    }
    expect((await worker.fetch(postJson('/v1/ocr', document), limits)).status).toBe(200)
    const big = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, messages: [{ role: 'user', content: text }] }),
      limits,
    )
    expect(big.status).toBe(413)
    const huge = {
      ...document,
      document: { type: 'document_url', document_url: `data:text/plain;base64,${btoa(text.repeat(4))}` },
    }
    expect((await worker.fetch(postJson('/v1/ocr', huge), limits)).status).toBe(413)
  })
})

describe('limits across the fleet (finding: per-isolate memory, client-chosen buckets, /64 spread, O(n) sweep)', () => {
  const tight = { ...testEnv, LIMITER: testEnv.TIGHT_LIMITER }
  const models = (ip: string, url = `${ORIGIN}/v1/models`) => new Request(url, { headers: { 'cf-connecting-ip': ip } })

  it('counts the addresses of one IPv6 /64 as one client, and another /64 apart', async () => {
    const worker = createWorker()
    expect((await worker.fetch(models('2001:db8:aa:1::1'), tight)).status).toBe(200)
    expect((await worker.fetch(models('2001:0db8:00aa:0001:ffff:ffff:ffff:fffe'), tight)).status).toBe(200)
    const third = await worker.fetch(models('2001:db8:aa:1:1234::9'), tight)
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('60')
    expect((await worker.fetch(models('2001:db8:aa:2::1'), tight)).status).toBe(200)
  })

  it('two Worker instances share one rate limit: what a client used through one, the other refuses', async () => {
    const [first, second] = [createWorker(), createWorker()]
    // RATE_LIMIT_REQUESTS: the per-isolate limiter of the Worker before issue 14 read it; today's reads the binding.
    const limits = { ...tight, RATE_LIMIT_REQUESTS: '2' }
    const ip = newClient()
    expect((await first.fetch(models(ip), limits)).status).toBe(200)
    expect((await first.fetch(models(ip), limits)).status).toBe(200)
    const refused = await second.fetch(models(ip), limits)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
  })

  it('costs one binding call per request however many clients came before, and keeps no count of its own', async () => {
    const worker = createWorker()
    const keys: string[] = []
    // A binding that refuses everyone: whatever the Worker kept itself, every request must be refused.
    const refusing = { limit: async ({ key }: { key: string }) => (keys.push(key), { success: false }) }
    const limits = { ...testEnv, LIMITER: refusing as unknown as RateLimit, RATE_LIMIT_REQUESTS: '2' }
    const clients = Array.from({ length: 1000 }, (_, index) => `203.0.${index >> 8}.${index & 255}`)
    const statuses = new Set<number>()
    for (const ip of clients) statuses.add((await worker.fetch(models(ip), limits)).status)
    expect([...statuses]).toEqual([429])
    expect(keys).toEqual(clients.map((ip) => `ip:${ip}`))
  })

  it('on a local dev server, a CF-Connecting-IP the caller chose does not pick its own bucket', async () => {
    const worker = createWorker()
    const statuses: number[] = []
    for (const ip of ['203.0.113.50', '203.0.113.51', '203.0.113.52'])
      statuses.push((await worker.fetch(models(ip, 'http://127.0.0.1:8787/v1/models'), tight)).status)
    expect(statuses).toEqual([200, 200, 429])
  })

  it('takes TEST_CLIENT_HEADER only without a key', async () => {
    const worker = createWorker()
    const request = (name: string) =>
      new Request('http://127.0.0.1:8787/v1/models', {
        headers: { 'x-test-client': name, authorization: `Bearer ${TOKEN}` },
      })
    const testing = { ...tight, TEST_CLIENT_HEADER: 'x-test-client' }
    // Local (loopback) limits are one bucket; fill it first, then see the header separate clients without a key only.
    for (const name of ['a', 'a']) expect((await worker.fetch(request(name), testing)).status).toBe(200)
    expect((await worker.fetch(request('a'), testing)).status).toBe(429)
    expect((await worker.fetch(request('b'), testing)).status).toBe(200)
    const keyed = { ...testing, MISTRAL_API_KEY: KEY, PROXY_TOKEN: TOKEN, MISTRAL_BASE_URL: 'https://api.mistral.test' }
    const upstream = createWorker({ fetch: recordingUpstream().fetch })
    const first = await upstream.fetch(request('c'), keyed)
    const second = await upstream.fetch(request('d'), keyed)
    const third = await upstream.fetch(request('e'), keyed)
    expect([first.status, second.status, third.status]).toContain(429)
  })

  it('charges the tokens of each answer to the client and the total, and answers 429 with Retry-After once spent', async () => {
    const worker = createWorker({ fetch: recordingUpstream().fetch })
    const ip = newClient()
    const budget = withKey({ DAILY_TOKENS_PER_CLIENT: '1', DAILY_TOKENS_TOTAL: '0' })
    const first = context()
    const answered = await worker.fetch(postJson('/v1/chat/completions', chat, {}, ip), budget, first)
    expect(answered.status).toBe(200)
    const { usage } = (await answered.json()) as { usage: { total_tokens: number } }
    await first.settled()
    const stub = testEnv.BUDGET.get(testEnv.BUDGET.idFromName(`client:ip:${ip}`))
    expect(await stub.used()).toBe(usage.total_tokens)
    const refused = await worker.fetch(postJson('/v1/chat/completions', chat, {}, ip), budget)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(86_400)
    expect(await refused.json()).toMatchObject({
      object: 'error',
      type: 'rate_limited',
      message: expect.stringContaining('Daily token budget of this client spent'),
    })
    // Another client still has its budget.
    expect((await worker.fetch(postJson('/v1/chat/completions', chat), budget)).status).toBe(200)
  })

  it('charges a stream from its last chunk', async () => {
    const worker = createWorker({ fetch: recordingUpstream().fetch })
    const ip = newClient()
    const waits = context()
    const response = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, stream: true }, {}, ip),
      withKey(),
      waits,
    )
    const chunks: CompletionChunk[] = []
    for await (const chunk of readCompletionStream(response)) chunks.push(chunk)
    const total = chunks.at(-1)?.usage?.total_tokens
    expect(total).toBeGreaterThan(0)
    await vi.waitFor(async () => {
      await waits.settled()
      expect(await testEnv.BUDGET.get(testEnv.BUDGET.idFromName(`client:ip:${ip}`)).used()).toBe(total)
    })
  })

  it('two Worker instances share one total budget: what one spends, the other refuses', async () => {
    const [first, second] = [
      createWorker({ fetch: recordingUpstream().fetch }),
      createWorker({ fetch: recordingUpstream().fetch }),
    ]
    const total = `total-${crypto.randomUUID()}`
    // A namespace of its own for this test's total: the budgets are the same objects for both instances.
    const budgets = withKey({ DAILY_TOKENS_PER_CLIENT: '0', DAILY_TOKENS_TOTAL: '1' })
    const scoped = { ...budgets, BUDGET: scopedNamespace(testEnv.BUDGET, total) }
    const waits = context()
    expect(
      (await first.fetch(postJson('/v1/embeddings', { model: 'mistral-embed', input: 'a' }), scoped, waits)).status,
    ).toBe(200)
    await waits.settled()
    const refused = await second.fetch(postJson('/v1/embeddings', { model: 'mistral-embed', input: 'a' }), scoped)
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { message: string }).message).toContain('Daily token budget of this proxy spent')
  })

  it('starts each UTC day from zero', async () => {
    const stub = testEnv.BUDGET.get(testEnv.BUDGET.idFromName(`day-test-${crypto.randomUUID()}`))
    await stub.charge(500)
    await runInDurableObject(stub, async (_instance, state) => {
      await state.storage.put('usage', { day: '2000-01-01', used: 500 })
    })
    // A fresh instance reads the stored day; the stored day is not today, so nothing is spent.
    const fresh = testEnv.BUDGET.get(testEnv.BUDGET.idFromName(`day-test-${crypto.randomUUID()}`))
    await runInDurableObject(fresh, async (_instance, state) => {
      await state.storage.put('usage', { day: '2000-01-01', used: 500 })
    })
    expect(await fresh.used()).toBe(0)
    expect(utcDay(Date.UTC(2026, 0, 2, 23, 59))).toBe('2026-01-02')
  })
})

/** The same Durable Object namespace, every name prefixed: a test's budgets apart from the others'. */
function scopedNamespace(
  namespace: DurableObjectNamespace<TokenBudget>,
  prefix: string,
): DurableObjectNamespace<TokenBudget> {
  return new Proxy(namespace, {
    get(target, property) {
      if (property === 'idFromName') return (name: string) => target.idFromName(`${prefix}:${name}`)
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('headers (finding: upstream response headers pass unmasked)', () => {
  const echoing = (request: Request, response: Response) => {
    const headers = new Headers(response.headers)
    const authorization = request.headers.get('authorization') ?? ''
    headers.set('mistral-correlation-id', `corr ${authorization}`)
    headers.set('retry-after', authorization)
    headers.set('x-ratelimit-remaining-tokens', `99 ${KEY}`)
    headers.set('set-cookie', 'upstream=1')
    headers.set('x-upstream-secret', KEY)
    return new Response(response.body, { status: response.status, headers })
  }

  it.each([
    ['a JSON answer', () => postJson('/v1/chat/completions', chat), 200],
    ['a stream', () => postJson('/v1/chat/completions', { ...chat, stream: true }), 200],
    ['an upstream error', () => program('/v1/models/no-such-model'), 404],
  ])('passes on only the allowlisted headers of %s, the key masked in each', async (_name, request, status) => {
    const mock = createMockMistral({ apiKey: KEY })
    const worker = createWorker({
      fetch: async (input, init) => echoing(new Request(input, init), await mock.fetch(new Request(input, init))),
    })
    const response = await worker.fetch(request(), withKey())
    await response.text()
    expect(response.status).toBe(status)
    expect(response.headers.get('mistral-correlation-id')).toBe('corr Bearer [redacted]')
    expect(response.headers.get('retry-after')).toBe('Bearer [redacted]')
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('99 [redacted]')
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(response.headers.get('x-upstream-secret')).toBeNull()
    expect([...response.headers].join('\n')).not.toContain(KEY)
  })

  it('forwards only the allowlisted caller headers', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    const headers = {
      'accept-language': 'fr',
      cookie: 'session=1',
      'x-forwarded-for': '1.2.3.4',
      'x-mock-fault': 'status=500',
      'user-agent': 'caller',
    }
    expect((await worker.fetch(program('/v1/models', { headers }), withKey())).status).toBe(200)
    const sent = seen[0]?.headers as Headers
    expect(sent.get('accept-language')).toBe('fr')
    for (const name of ['cookie', 'x-forwarded-for', 'x-mock-fault']) expect(sent.get(name), name).toBeNull()
  })
})

describe('robust edges (finding: a client that closes mid-body raises an uncaught exception)', () => {
  it('answers a body that breaks off mid-way with a handled 400, sending nothing upstream', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"model":"mistral-sm'))
        controller.error(new Error('the client went away'))
      },
    })
    const response = await worker.fetch(program('/v1/chat/completions', { method: 'POST', body }), withKey())
    expect(response.status).toBe(400)
    expect(((await response.json()) as { message: string }).message).toBe(
      'Invalid request: the body ended before it was complete',
    )
    expect(seen).toEqual([])
  })

  it('refuses a Content-Length that is not a number of bytes (when the runtime lets one through)', async () => {
    const { fetch, seen } = recordingUpstream()
    const worker = createWorker({ fetch })
    for (const length of ['abc', '-1', '1e3']) {
      const request = program('/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify(chat),
        headers: { 'content-length': length },
      })
      if (request.headers.get('content-length') !== length) continue
      const response = await worker.fetch(request, withKey())
      expect(response.status).toBe(400)
      expect(((await response.json()) as { message: string }).message).toBe(
        'Invalid request: Content-Length is not a number of bytes',
      )
    }
    expect(seen).toEqual([])
  })

  it('ends an upstream that stalls before its headers in a 504, and one that stalls mid-stream in an error event', async () => {
    const mock = createMockMistral({ apiKey: KEY })
    const stalling = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init)
      const body = await request.clone().text()
      if (body.includes('stall before'))
        return new Promise<Response>((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        )
      const response = await mock.fetch(request)
      if (!body.includes('stall mid')) return response
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      let reads = 0
      const stalled = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (++reads > 1) return new Promise<void>(() => {})
          const { value } = await reader.read()
          controller.enqueue(value)
        },
      })
      return new Response(stalled, { headers: response.headers })
    }
    const worker = createWorker({ fetch: stalling })
    const fast = withKey({ UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_IDLE_TIMEOUT_MS: '200' })
    const before = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, messages: [{ role: 'user', content: 'stall before' }] }),
      fast,
    )
    expect(before.status).toBe(504)
    expect(await before.json()).toMatchObject({ type: 'upstream_timeout' })
    const mid = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, stream: true, messages: [{ role: 'user', content: 'stall mid' }] }),
      fast,
    )
    const failure = await (async () => {
      for await (const _chunk of readCompletionStream(mid));
    })().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StreamError)
    expect((failure as StreamError).message).toMatch(/idle|60000|200/i)
  })

  it('answers an upstream reset with a 502', async () => {
    const worker = createWorker({ fetch: () => Promise.reject(new TypeError('Network connection lost.')) })
    const response = await worker.fetch(postJson('/v1/chat/completions', chat), withKey())
    expect(response.status).toBe(502)
  })
})

describe('one JSON log line per request (finding: no request log)', () => {
  it('logs route, status, ms, upstream request id, tokens and limit decisions, never the key or a body', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
    const worker = createWorker({ fetch: recordingUpstream().fetch })
    const waits = context()
    const secretPrompt = 'my private prompt text'
    const json = await worker.fetch(
      postJson('/v1/chat/completions', { ...chat, messages: [{ role: 'user', content: secretPrompt }] }),
      withKey(),
      waits,
    )
    const { usage } = (await json.json()) as { usage: { total_tokens: number } }
    const stream = await worker.fetch(postJson('/v1/chat/completions', { ...chat, stream: true }), withKey(), waits)
    await stream.text()
    await worker.fetch(program('/v1/files'), withKey())
    await waits.settled()
    const entries = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.event === 'request')
    expect(entries).toHaveLength(3)
    expect(entries[0]).toMatchObject({
      route: '/v1/chat/completions',
      method: 'POST',
      status: 200,
      tokens: usage.total_tokens,
      limits: { rate: 'allowed', budget: 'allowed' },
    })
    expect(entries[0]?.upstream_request_id).toEqual(expect.any(String))
    expect(entries[0]?.ms).toEqual(expect.any(Number))
    expect(entries[1]).toMatchObject({
      route: '/v1/chat/completions',
      status: 200,
      stream: 'complete',
      tokens: expect.any(Number),
    })
    expect(entries[2]).toMatchObject({ route: 'unrouted', method: 'GET', status: 404 })
    const all = lines.join('\n')
    expect(all).not.toContain(KEY)
    expect(all).not.toContain(secretPrompt)
    expect(all).not.toContain(TOKEN)
  })
})

describe('new routes', () => {
  const worker = createWorker()
  const local = (path: string, init: RequestInit) =>
    worker.fetch(new Request(`http://127.0.0.1:8787${path}`, init), testEnv)
  const jsonInit = (body: unknown): RequestInit => ({
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })

  it('POST /v1/ocr processes a document and names a missing one', async () => {
    const document = { type: 'document_url', document_url: `data:text/plain;base64,${btoa('hello world')}` }
    const response = await local('/v1/ocr', jsonInit({ model: 'mistral-ocr-latest', document }))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { pages: { markdown: string }[] }).pages[0]?.markdown).toBe('hello world')
    const missing = await local('/v1/ocr', jsonInit({ model: 'mistral-ocr-latest' }))
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { param: string }).param).toBe('document')
  })

  it('POST /v1/moderations and /v1/chat/moderations classify', async () => {
    const text = await local(
      '/v1/moderations',
      jsonInit({ model: 'mistral-moderation-latest', input: ['hello', 'world'] }),
    )
    expect(text.status).toBe(200)
    expect(((await text.json()) as { results: unknown[] }).results).toHaveLength(2)
    const conversation = await local(
      '/v1/chat/moderations',
      jsonInit({ model: 'mistral-moderation-latest', input: [{ role: 'user', content: 'hello' }] }),
    )
    expect(conversation.status).toBe(200)
    expect(((await conversation.json()) as { results: unknown[] }).results).toHaveLength(1)
    const wrong = await local('/v1/moderations', jsonInit({ model: 'mistral-moderation-latest', input: 42 }))
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { param: string }).param).toBe('input')
  })

  it('POST /v1/audio/transcriptions takes multipart, streamed or not', async () => {
    const form = (stream: boolean) => {
      const data = new FormData()
      data.set('model', 'voxtral-mini-latest')
      data.set('file', new File([new Uint8Array(2000).fill(7)], 'speech.wav', { type: 'audio/wav' }))
      if (stream) data.set('stream', 'true')
      return data
    }
    const complete = await local('/v1/audio/transcriptions', { method: 'POST', body: form(false) })
    expect(complete.status).toBe(200)
    const { text } = (await complete.json()) as { text: string }
    expect(text.length).toBeGreaterThan(0)
    const streamed = await local('/v1/audio/transcriptions', { method: 'POST', body: form(true) })
    expect(streamed.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const events = await streamed.text()
    expect(events).toContain('event: transcription.done')
    const missing = new FormData()
    missing.set('file', new Blob([new Uint8Array(10)]), 'a.wav')
    const refused = await local('/v1/audio/transcriptions', { method: 'POST', body: missing })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { param: string }).param).toBe('model')
    const notForm = await local('/v1/audio/transcriptions', jsonInit({ model: 'voxtral-mini-latest' }))
    expect(notForm.status).toBe(400)
  })
})
