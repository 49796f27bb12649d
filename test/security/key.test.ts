// The Worker under `wrangler dev` holding a canary MISTRAL_API_KEY (passed as `pnpm start` passes a real one: a
// private env file), its upstream a local stand-in that echoes the key back wherever it can. The key must reach that
// upstream as `Authorization: Bearer` and nothing else: not a response header, body, error or stream event sent to
// the browser, and not a line of wrangler's output. Crafted paths must reach the upstream encoded, or not at all.
import { randomUUID } from 'node:crypto'
import { inspect } from 'node:util'
import {
  accumulateChunks,
  chatComplete,
  chatStream,
  createClient,
  embeddingsCreate,
  fimComplete,
  modelsList,
  modelsRetrieve,
  SDKError,
  StreamError,
} from '@mistral-edge/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js'
import { smugglingCases } from './cases.js'
import {
  type CaptureUpstream,
  ECHO_MODEL_ID,
  ECHO_STREAM_PROMPT,
  rawRequest,
  startCaptureUpstream,
} from './upstream.js'

const CANARY = `sk-canary-${randomUUID()}`
const PROXY_TOKEN = `proxy-token-${randomUUID()}`
const MAX_BODY_BYTES = 4096
const ALLOWED_ORIGIN = 'http://localhost:5173'
const chat = { model: 'mistral-small-latest', messages: [{ role: 'user' as const, content: 'Tell me about Paris' }] }

let upstream: CaptureUpstream
let worker: WranglerDev

beforeAll(async () => {
  upstream = await startCaptureUpstream(CANARY)
  worker = await startWranglerDev(
    { MISTRAL_BASE_URL: upstream.url, MAX_BODY_BYTES: String(MAX_BODY_BYTES) },
    { secrets: { MISTRAL_API_KEY: CANARY, PROXY_TOKEN } },
  )
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  await upstream?.close()
})

/** A client as a program has it: the Worker's URL, the proxy token as its key (a real key is set), no retries. */
const browserClient = () => createClient({ baseURL: worker.url, apiKey: PROXY_TOKEN, retries: { strategy: 'none' } })

/** Everything a program could print of an error: message, stack, inspect, own properties, the cause chain. */
function renderings(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current && depth < 5; current = (current as Error).cause, depth++) {
    parts.push(String(current), (current as Error).stack ?? '', inspect(current, { depth: 5, showHidden: true }))
    parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)))
  }
  return parts.join('\n')
}

describe('the key goes to the configured upstream only', () => {
  it('is loaded as a secret: wrangler lists the binding as hidden', () => {
    expect(worker.output()).toMatch(/env\.MISTRAL_API_KEY \("\(hidden\)"\)/)
  })

  it('is sent as Authorization: Bearer to the configured upstream on every call, and the caller token is not', async () => {
    const before = upstream.requests.length
    const client = createClient({ baseURL: worker.url, apiKey: PROXY_TOKEN, retries: { strategy: 'none' } })
    await modelsList(client)
    await chatComplete(client, chat)
    const stream = await chatStream(client, chat)
    expect((await accumulateChunks(stream)).choices[0]?.finish_reason).toBe('stop')
    await embeddingsCreate(client, { model: 'mistral-embed', input: ['a'] })
    await fimComplete(client, { model: 'codestral-latest', prompt: 'def add(a, b):' })
    const requests = upstream.requests.slice(before)
    expect(requests.map((request) => `${request.method} ${request.target}`)).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
      'POST /v1/chat/completions',
      'POST /v1/embeddings',
      'POST /v1/fim/completions',
    ])
    for (const request of requests) {
      expect(request.headers.authorization).toBe(`Bearer ${CANARY}`)
      expect(request.headers.host).toBe(new URL(upstream.url).host)
    }
  })
})

describe('the key never reaches the browser', () => {
  const json = { 'content-type': 'application/json' }
  const token = { authorization: `Bearer ${PROXY_TOKEN}` }
  const post = (body: unknown, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { ...json, ...token, ...headers },
    body: JSON.stringify(body),
  })
  const exchanges: [name: string, path: string, init: RequestInit, status: number][] = [
    ['a model list', '/v1/models', { headers: token }, 200],
    ['a model card', '/v1/models/mistral-small-latest', { headers: token }, 200],
    ['an upstream 404', '/v1/models/no-such-model', { headers: token }, 404],
    ['an upstream 401 that echoes the key', `/v1/models/${ECHO_MODEL_ID}`, { headers: token }, 401],
    ['a chat completion', '/v1/chat/completions', post(chat), 200],
    ['a streamed chat', '/v1/chat/completions', post({ ...chat, stream: true }), 200],
    [
      'a stream whose error event echoes the key',
      '/v1/chat/completions',
      post({ ...chat, stream: true, messages: [{ role: 'user', content: ECHO_STREAM_PROMPT }] }),
      200,
    ],
    ['an upstream 400', '/v1/chat/completions', post({ ...chat, model: 'no-such-model' }), 400],
    ['embeddings', '/v1/embeddings', post({ model: 'mistral-embed', input: 'a' }), 200],
    ['a request the Worker refuses (400)', '/v1/chat/completions', post({ ...chat, temperature: 'hot' }), 400],
    [
      'a body over the cap (413)',
      '/v1/chat/completions',
      post({ ...chat, messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES) }] }),
      413,
    ],
    ['a route outside the allowlist (404)', '/v1/files', { headers: token }, 404],
    ['a program without the proxy token (401)', '/v1/models', {}, 401],
    ['a cross-site request without Origin (403)', '/v1/models', { headers: { 'sec-fetch-site': 'cross-site' } }, 403],
    ['a foreign origin (403)', '/v1/models', { headers: { origin: 'https://evil.example' } }, 403],
    ['an allowed origin', '/v1/models', { headers: { origin: ALLOWED_ORIGIN } }, 200],
    [
      'a preflight',
      '/v1/chat/completions',
      { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' } },
      204,
    ],
    ['the mock counters route, off with a key', '/v1/__mock/stats', { headers: token }, 404],
  ]

  it.each(exchanges)('not in %s: status, headers and body', async (_name, path, init, status) => {
    const response = await fetch(`${worker.url}${path}`, init)
    const body = await response.text()
    expect(response.status).toBe(status)
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')
    expect(headers).not.toContain(CANARY)
    expect(body).not.toContain(CANARY)
    // The upstream's own headers are not passed on (it echoes the Authorization it got in one).
    expect(response.headers.get('x-echo-authorization')).toBeNull()
  })

  it('passes an upstream error on with the echoed key masked', async () => {
    const response = await fetch(`${worker.url}/v1/models/${ECHO_MODEL_ID}`, {
      headers: { authorization: `Bearer ${PROXY_TOKEN}` },
    })
    expect(response.status).toBe(401)
    // The upstream echoes the key in the headers the Worker passes on: masked there too.
    expect(response.headers.get('mistral-correlation-id')).toMatch(/ Bearer \[redacted\]$/)
    expect(response.headers.get('retry-after')).toBe('Bearer [redacted]')
    expect(await response.json()).toEqual({ detail: 'Invalid API key: Bearer [redacted]' })
  })

  it('ends a stream whose upstream error event echoes the key with a masked error event', async () => {
    const response = await fetch(
      `${worker.url}/v1/chat/completions`,
      post({ ...chat, stream: true, messages: [{ role: 'user', content: ECHO_STREAM_PROMPT }] }),
    )
    const events = (await response.text()).split('\n\n').filter(Boolean)
    expect(events).toHaveLength(2)
    expect(JSON.parse(events[1]?.replace(/^data: /, '') ?? '')).toEqual({
      object: 'error',
      message: 'Upstream failure for Bearer [redacted]',
      type: 'stream_error',
      param: null,
      code: null,
    })
  })

  it('gives a browser-side client errors without the key', async () => {
    const client = browserClient()
    const failures = [
      await modelsRetrieve(client, { model_id: ECHO_MODEL_ID }).catch((error: unknown) => error),
      await (async () => {
        const stream = await chatStream(client, { ...chat, messages: [{ role: 'user', content: ECHO_STREAM_PROMPT }] })
        for await (const _chunk of stream);
      })().catch((error: unknown) => error),
    ]
    expect(failures[0]).toBeInstanceOf(SDKError)
    expect((failures[0] as SDKError).message).toBe('HTTP 401: Invalid API key: Bearer [redacted]')
    expect(failures[1]).toBeInstanceOf(StreamError)
    expect((failures[1] as StreamError).message).toBe('Upstream failure for Bearer [redacted]')
    for (const failure of failures) expect(renderings(failure)).not.toContain(CANARY)
  })
})

describe('crafted paths through wrangler dev reach the upstream encoded, or not at all', () => {
  it.each(smugglingCases)('$attempt: $target', async ({ target, forwarded, status }) => {
    const before = upstream.requests.length
    const response = await rawRequest(worker.url, target, { headers: { authorization: `Bearer ${PROXY_TOKEN}` } })
    if (status === 'refused') expect(response.status).toBeGreaterThanOrEqual(400)
    else expect(response.status).toBe(status)
    const requests = upstream.requests.slice(before)
    expect(requests.map((request) => request.target)).toEqual(forwarded)
    for (const request of requests) {
      expect(request.headers.authorization).toBe(`Bearer ${CANARY}`)
      expect(request.headers['x-injected']).toBeUndefined()
    }
    expect(response.body).not.toContain(CANARY)
  })
})

describe("wrangler's output", () => {
  it('logged every request of this file and never the key', () => {
    const output = worker.output()
    expect(output).toContain(`GET /v1/models/${ECHO_MODEL_ID} 401 Unauthorized`)
    expect(output).toContain('POST /v1/chat/completions 413 Payload Too Large')
    expect(output).not.toContain(CANARY)
    expect(output).not.toContain(PROXY_TOKEN)
    // No exception escaped the Worker (workerd's own refusal of the absolute-form target aside, before any Worker code).
    const uncaught = output
      .split('\n')
      .filter((line) => /uncaught|unhandled/i.test(line) && !/invalid URL; url = http:\/\/evil\.example\//.test(line))
    expect(uncaught).toEqual([])
    // One JSON line per request, with the route pattern, never the path a caller sent.
    expect(output).toMatch(/\{"event":"request","route":"\/v1\/models\/\{model_id\}","method":"GET","status":401,/)
  })
})
