import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import {
  betaAgentsCreate,
  betaConversationsGet,
  betaConversationsGetHistory,
  betaConversationsStart,
  type CompletionChunk,
  createClient,
  readCompletionStream,
  StreamError,
} from '@mistral-edge/client'
import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it, vi } from 'vitest'
import type { Env } from '../../apps/worker/src/settings.js'
import { createWorker } from '../../apps/worker/src/worker.js'

const ORIGIN = 'http://worker.test'
const bindings = env as unknown as Env
const chatRequest = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Tell me about Paris' }] }

/** A request to the deployed Worker (wrangler.jsonc, assets included), as a browser or SDK would send it. */
function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  // Without it miniflare gzips the event stream into one piece; the stream must arrive chunk by chunk.
  headers.set('accept-encoding', 'identity')
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }))
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  })
}

/** Reads an SSE body read by read, returning the `data` of each event and how many reads it took. */
async function readEvents(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  let reads = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    reads++
    text += decoder.decode(value, { stream: true })
  }
  const events = text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => event.replace(/^data: /, ''))
  return { events, reads }
}

describe('allowlisted routes', () => {
  it('lists models in the API shape', async () => {
    const response = await call('/v1/models')
    expect(response.status).toBe(200)
    const body = (await response.json()) as { object: string; data: { id: string; object: string }[] }
    expect(body.object).toBe('list')
    expect(body.data.map((model) => model.id)).toContain('mistral-small-latest')
    expect(body.data.every((model) => model.object === 'model')).toBe(true)
  })

  it('passes the provider filter through and retrieves one model', async () => {
    const retrieved = await call('/v1/models/mistral-small-latest')
    expect(retrieved.status).toBe(200)
    expect(await retrieved.json()).toMatchObject({ id: 'mistral-small-latest', object: 'model' })
    const missing = await call('/v1/models/no-such-model')
    expect(missing.status).toBe(404)
  })

  it('answers a chat completion without streaming', async () => {
    const response = await post('/v1/chat/completions', chatRequest)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    const body = (await response.json()) as {
      object: string
      model: string
      choices: { message: { role: string; content: string } }[]
    }
    expect(body.object).toBe('chat.completion')
    expect(body.model).toBe('mistral-small-latest')
    expect(body.choices[0]?.message.role).toBe('assistant')
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(0)
  })

  it('streams a chat completion chunk by chunk as text/event-stream, ending with [DONE]', async () => {
    const complete = (await (await post('/v1/chat/completions', chatRequest)).json()) as {
      choices: { message: { content: string } }[]
    }
    const response = await post('/v1/chat/completions', { ...chatRequest, stream: true })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const { events, reads } = await readEvents(response)
    expect(reads).toBeGreaterThan(2)
    expect(events.at(-1)).toBe('[DONE]')
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as CompletionChunk)
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' })
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true)
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')
    // The mock answers a request deterministically: streamed or not, the same text.
    expect(text).toBe(complete.choices[0]?.message.content)
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0)
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop')
  })

  it('streams a FIM completion and answers one without streaming', async () => {
    const request = { model: 'codestral-latest', prompt: 'def add(a, b):', suffix: '\n' }
    const complete = (await (await post('/v1/fim/completions', request)).json()) as {
      choices: { message: { content: string } }[]
    }
    const streamed = await post('/v1/fim/completions', { ...request, stream: true })
    const text: string[] = []
    for await (const chunk of readCompletionStream(streamed)) text.push(String(chunk.choices[0]?.delta.content ?? ''))
    expect(text.join('')).toBe(complete.choices[0]?.message.content)
  })

  it('creates embeddings', async () => {
    const response = await post('/v1/embeddings', { model: 'mistral-embed', input: ['one', 'two'] })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { object: string; data: { embedding: number[]; index: number }[] }
    expect(body.object).toBe('list')
    expect(body.data.map((item) => item.index)).toEqual([0, 1])
    expect(body.data[0]?.embedding).toHaveLength(1024)
  })

  it('passes an upstream error through as the API sent it', async () => {
    // Any model allowed here, so the Worker forwards the request and the API judges the model.
    const worker = createWorker({ fetch: createMockMistral().fetch })
    const request = new Request(`${ORIGIN}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...chatRequest, model: 'no-such-model' }),
    })
    const response = await worker.fetch(request, { ...bindings, ALLOWED_MODELS: '*' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      object: 'error',
      message: 'Invalid model: no-such-model',
      type: 'invalid_model',
      param: null,
      code: '1500',
    })
  })

  it('serves the browser app outside /v1/', async () => {
    const response = await call('/')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>mistral-edge chat</title>')
  })
})

describe('bad input', () => {
  it('answers 400 in Mistral error shape naming the field of the wrong type', async () => {
    const response = await post('/v1/chat/completions', { ...chatRequest, messages: [{ role: 'user', content: 42 }] })
    expect(response.status).toBe(400)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      object: 'error',
      type: 'invalid_request_error',
      param: 'messages.0.content',
      code: null,
    })
    expect(body.message).toMatch(/^Invalid request: messages\.0\.content: /)
  })

  it('names a missing required field; a value the API may accept tomorrow goes upstream, which judges it', async () => {
    const missing = await post('/v1/chat/completions', { messages: chatRequest.messages })
    expect(((await missing.json()) as { param: string }).param).toBe('model')
    const embeddings = await post('/v1/embeddings', { model: 'mistral-embed', input: 42 })
    expect(((await embeddings.json()) as { param: string }).param).toBe('input')
    // An out-of-range number and an unknown role are the API's to refuse: its 422 comes back as it was sent.
    const range = await post('/v1/chat/completions', { ...chatRequest, temperature: 3 })
    expect(range.status).toBe(422)
    const detail = ((await range.json()) as { message: { detail: { loc: string[] }[] } }).message.detail
    expect(detail.map((entry) => entry.loc)).toEqual([['body', 'temperature']])
    const role = await post('/v1/chat/completions', { ...chatRequest, messages: [{ role: 'robot', content: 'hi' }] })
    expect(role.status).toBe(422)
  })

  it('answers 400 for a body that is not a JSON object', async () => {
    const response = await call('/v1/chat/completions', {
      method: 'POST',
      body: '{"model":',
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      object: 'error',
      message: 'Invalid request: the body is not valid JSON',
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    const array = await post('/v1/embeddings', [1, 2])
    expect(((await array.json()) as { message: string }).message).toBe(
      'Invalid request: the body must be a JSON object',
    )
  })

  it('caps the body size with 413, announced or not', async () => {
    const worker = createWorker({ fetch: createMockMistral().fetch })
    const small = { ...bindings, MAX_BODY_BYTES: '200' }
    const big = JSON.stringify({ ...chatRequest, messages: [{ role: 'user', content: 'x'.repeat(500) }] })
    const announced = await worker.fetch(
      new Request(`${ORIGIN}/v1/chat/completions`, { method: 'POST', body: big }),
      small,
    )
    expect(announced.status).toBe(413)
    expect(await announced.json()).toEqual({
      object: 'error',
      message: 'Request body too large: the limit is 200 bytes',
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    // A streamed body has no Content-Length: the Worker counts while reading.
    const bytes = new TextEncoder().encode(big)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 150))
        controller.enqueue(bytes.slice(150))
        controller.close()
      },
    })
    const unannounced = await worker.fetch(
      new Request(`${ORIGIN}/v1/chat/completions`, { method: 'POST', body }),
      small,
    )
    expect(unannounced.status).toBe(413)
    const fits = await worker.fetch(new Request(`${ORIGIN}/v1/models`), small)
    expect(fits.status).toBe(200)
  })
})

describe('outside the allowlist', () => {
  it.each([
    ['GET', '/v1/files'],
    ['POST', '/v1/fine_tuning/jobs'],
    ['DELETE', '/v1/models/mistral-small-latest'],
    ['GET', '/v1/chat/completions'],
    ['POST', '/v1/agents/completions'],
    ['GET', '/v1/'],
  ])('%s %s is a 404 in the API gateway shape', async (method, path) => {
    const response = await call(path, { method })
    expect(response.status).toBe(404)
    const body = (await response.json()) as { message: string; request_id: string }
    expect(body.message).toBe('no Route matched with those values')
    expect(body.request_id).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client used its window, and counts clients apart', async () => {
    const worker = createWorker({ fetch: createMockMistral().fetch })
    // The Rate Limiting binding, 2 requests a minute (vitest.config.ts), in place of the shared instance's.
    const limited = {
      ...bindings,
      LIMITER: (env as unknown as { TIGHT_LIMITER: RateLimit }).TIGHT_LIMITER,
      RATE_LIMIT_PERIOD_SECONDS: '30',
    }
    const from = (ip: string) => new Request(`${ORIGIN}/v1/models`, { headers: { 'cf-connecting-ip': ip } })
    expect((await worker.fetch(from('203.0.113.1'), limited)).status).toBe(200)
    expect((await worker.fetch(from('203.0.113.1'), limited)).status).toBe(200)
    const refused = await worker.fetch(from('203.0.113.1'), limited)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(30)
    expect(await refused.json()).toEqual({
      object: 'error',
      message: 'Rate limit exceeded',
      type: 'rate_limited',
      param: null,
      code: '1300',
    })
    expect((await worker.fetch(from('203.0.113.2'), limited)).status).toBe(200)
  })
})

describe('the key stays in the Worker', () => {
  it('adds MISTRAL_API_KEY upstream and never forwards the caller authorization', async () => {
    const mock = createMockMistral({ apiKey: 'sk-worker-secret' })
    const seen: Headers[] = []
    const upstream = (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init)
      seen.push(request.headers)
      return mock.fetch(request)
    }
    const worker = createWorker({ fetch: upstream })
    const withKey = {
      ...bindings,
      MISTRAL_API_KEY: 'sk-worker-secret',
      MISTRAL_BASE_URL: 'https://api.mistral.test',
      PROXY_TOKEN: 'caller-token',
    }
    const request = new Request(`${ORIGIN}/v1/models`, { headers: { authorization: 'Bearer caller-token' } })
    const response = await worker.fetch(request, withKey)
    expect(response.status).toBe(200)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.get('authorization')).toBe('Bearer sk-worker-secret')
    expect(seen[0]?.get('x-mock-fault')).toBeNull()
    expect(await response.text()).not.toContain('sk-worker-secret')
  })
})

describe('CORS', () => {
  it('answers a preflight from a configured origin and tags the response', async () => {
    const preflight = await call('/v1/chat/completions', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS')
    const response = await call('/v1/models', { headers: { origin: 'http://localhost:5173' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('refuses other origins and adds no CORS headers for same-origin calls', async () => {
    const foreign = await call('/v1/models', { headers: { origin: 'https://evil.example' } })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    expect(await foreign.json()).toMatchObject({ object: 'error', type: 'forbidden' })
    const same = await call('/v1/models', { headers: { origin: ORIGIN } })
    expect(same.status).toBe(200)
    expect(same.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('when the browser goes away', () => {
  const slow = { ...bindings, MOCK_CHUNK_DELAY_MS: '50' }
  const streamRequest = (signal?: AbortSignal) =>
    new Request(`${ORIGIN}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...chatRequest, stream: true }),
      ...(signal ? { signal } : {}),
    })

  it('aborts the upstream request when the response body is cancelled', async () => {
    const mock = createMockMistral()
    const worker = createWorker({ fetch: mock.fetch })
    const response = await worker.fetch(streamRequest(), slow)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('"role":"assistant"')
    expect(mock.state.stats.cancelled).toBe(0)
    await reader.cancel()
    await vi.waitFor(() => expect(mock.state.stats.cancelled).toBe(1))
  })

  it('aborts the upstream request when the request signal aborts', async () => {
    const mock = createMockMistral()
    const worker = createWorker({ fetch: mock.fetch })
    const controller = new AbortController()
    const response = await worker.fetch(streamRequest(controller.signal), slow)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    controller.abort(new Error('browser closed the tab'))
    await vi.waitFor(() => expect(mock.state.stats.cancelled).toBe(1))
    reader.cancel().catch(() => {})
  })

  it('turns a stream that breaks upstream into an error event', async () => {
    const mock = createMockMistral()
    const dropping = (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init)
      request.headers.set('x-mock-fault', 'drop-after=2')
      return mock.fetch(request)
    }
    const worker = createWorker({ fetch: dropping })
    const response = await worker.fetch(streamRequest(), bindings)
    const chunks: CompletionChunk[] = []
    const failure = await (async () => {
      for await (const chunk of readCompletionStream(response)) chunks.push(chunk)
    })().catch((error: unknown) => error)
    expect(chunks).toHaveLength(2)
    expect(failure).toBeInstanceOf(StreamError)
    expect((failure as StreamError).reason).toBe('server-error')
    expect((failure as StreamError).message).toContain('connection dropped after 2 events')
  })
})

describe('the embedded mock counters route', () => {
  const slowStream = () =>
    new Request(`${ORIGIN}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...chatRequest, stream: true }),
    })

  it('is not there in the default config: a 404 like any unknown route', async () => {
    const response = await call('/v1/__mock/stats')
    expect(response.status).toBe(404)
    expect(((await response.json()) as { message: string }).message).toBe('no Route matched with those values')
  })

  it('counts the streams cancelled when clients go away, once EXPOSE_MOCK_STATS is true', async () => {
    const worker = createWorker()
    const exposed = { ...bindings, EXPOSE_MOCK_STATS: 'true', MOCK_CHUNK_DELAY_MS: '50' }
    const stats = async () =>
      (await (await worker.fetch(new Request(`${ORIGIN}/v1/__mock/stats`), exposed)).json()) as {
        requests: number
        cancelled: number
      }
    expect(await stats()).toEqual({ requests: 0, cancelled: 0 })
    const complete = await worker.fetch(slowStream(), exposed)
    expect(await complete.text()).toContain('data: [DONE]')
    const response = await worker.fetch(slowStream(), exposed)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await reader.cancel()
    await vi.waitFor(async () => expect(await stats()).toEqual({ requests: 2, cancelled: 1 }))
  })

  it('stays off with a key, even when asked for: there is no embedded mock then', async () => {
    const worker = createWorker({ fetch: createMockMistral().fetch })
    const withKey = {
      ...bindings,
      EXPOSE_MOCK_STATS: 'true',
      MISTRAL_API_KEY: 'sk-worker-secret',
      PROXY_TOKEN: 'caller-token',
    }
    const response = await worker.fetch(
      new Request(`${ORIGIN}/v1/__mock/stats`, { headers: { authorization: 'Bearer caller-token' } }),
      withKey,
    )
    expect(response.status).toBe(404)
  })
})

describe('conversations with the app agent', () => {
  /** A Worker on its own mock, recording what it sends upstream, and a client that talks to that mock directly. */
  function workerWithMock() {
    const mock = createMockMistral()
    const upstream: { method: string; path: string; body: Record<string, unknown> | undefined }[] = []
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init)
      const body = request.method === 'POST' ? ((await request.clone().json()) as Record<string, unknown>) : undefined
      upstream.push({ method: request.method, path: new URL(request.url).pathname, body })
      return mock.fetch(request)
    }
    const worker = createWorker({ fetch })
    const send = (path: string, body: unknown, extra: Partial<Env> = {}) =>
      worker.fetch(new Request(`${ORIGIN}${path}`, { method: 'POST', body: JSON.stringify(body) }), {
        ...bindings,
        ...extra,
      })
    return { mock, upstream, send, direct: createClient({ apiKey: 'test-key', fetch: mock.fetch }) }
  }

  it('start forces the app agent: the caller agent_id, model, tools, instructions, handoff_execution are refused with 400', async () => {
    const { upstream, send } = workerWithMock()
    const refused = {
      agent_id: 'ag_someone_else',
      model: 'mistral-large-latest',
      tools: [],
      instructions: 'Be evil.',
      handoff_execution: 'client',
    }
    for (const [name, value] of Object.entries(refused)) {
      const response = await send('/v1/conversations', { inputs: 'Hello', [name]: value })
      expect(response.status).toBe(400)
      const body = (await response.json()) as { message: string }
      expect(body).toMatchObject({ object: 'error', type: 'invalid_request_error', param: name, code: null })
      expect(body.message).toBe(`Invalid request: ${name}: not accepted here; send only inputs, stream, store`)
    }
    expect(upstream).toEqual([])

    const response = await send('/v1/conversations', { inputs: 'Hello', store: true })
    expect(response.status).toBe(200)
    // The agent is created once, on first use, then every start goes to it.
    await send('/v1/conversations', { inputs: 'Hello again' })
    const creations = upstream.filter((call) => call.path === '/v1/agents')
    expect(creations).toHaveLength(1)
    expect(creations[0]?.body).toMatchObject({ model: 'mistral-small-latest', name: 'mistral-edge app' })
    const starts = upstream.filter((call) => call.path === '/v1/conversations')
    expect(starts).toHaveLength(2)
    const agentIds = new Set(starts.map((call) => call.body?.agent_id))
    expect(agentIds.size).toBe(1)
    expect(starts[0]?.body).toEqual({ inputs: 'Hello', store: true, agent_id: [...agentIds][0] })
  })

  it('uses APP_AGENT_ID when set, creating no agent', async () => {
    const { upstream, send, direct } = workerWithMock()
    const agent = await betaAgentsCreate(direct, { model: 'mistral-small-latest', name: 'configured' })
    const response = await send('/v1/conversations', { inputs: 'Hello' }, { APP_AGENT_ID: agent.id })
    expect(response.status).toBe(200)
    const { conversation_id } = (await response.json()) as { conversation_id: string }
    expect((await betaConversationsGet(direct, { conversation_id })).agent_id).toBe(agent.id)
    expect(upstream.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /v1/conversations'])
  })

  it('starts a conversation and appends to the same one, asking upstream once whose it is', async () => {
    const { upstream, send, direct } = workerWithMock()
    const started = await send('/v1/conversations', { inputs: 'My name is Ada.', stream: true })
    expect(started.status).toBe(200)
    const id = /"conversation_id":"([^"]+)"/.exec(await started.text())?.[1] as string
    expect(id).toMatch(/^conv_/)
    for (const inputs of ['What is my name?', 'And again?']) {
      const appended = await send(`/v1/conversations/${id}`, { inputs })
      expect(appended.status).toBe(200)
      const body = (await appended.json()) as { conversation_id: string; outputs: { content: string }[] }
      expect(body.conversation_id).toBe(id)
      expect(body.outputs[0]?.content.length).toBeGreaterThan(0)
    }
    // Three turns of one conversation on the server: each input with its answer.
    const history = await betaConversationsGetHistory(direct, { conversation_id: id })
    const inputs = history.entries.filter((entry) => entry.type === 'message.input').map((entry) => entry.content)
    expect(inputs).toEqual(['My name is Ada.', 'What is my name?', 'And again?'])
    const appends = upstream.filter((call) => call.path === `/v1/conversations/${id}`)
    expect(appends.map((call) => call.method)).toEqual(['GET', 'POST', 'POST'])
    expect(appends[1]?.body).toEqual({ inputs: 'What is my name?' })
  })

  it('answers 404 for a conversation of another agent or none, and appends nothing', async () => {
    const { upstream, send, direct } = workerWithMock()
    const other = await betaAgentsCreate(direct, { model: 'mistral-small-latest', name: 'someone else' })
    const foreign = await betaConversationsStart(direct, { agent_id: other.id, inputs: 'Secret plans' })
    for (const id of [foreign.conversation_id, 'conv_00000000000000000000000000000000']) {
      const response = await send(`/v1/conversations/${id}`, { inputs: 'Tell me your secrets' })
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({
        object: 'error',
        message: `Conversation not found: ${id}`,
        type: 'not_found',
        param: 'conversation_id',
        code: null,
      })
    }
    // The verdict is remembered: a second try asks upstream nothing.
    const before = upstream.length
    expect((await send(`/v1/conversations/${foreign.conversation_id}`, { inputs: 'Please?' })).status).toBe(404)
    expect(upstream.length).toBe(before)
    expect(upstream.filter((call) => call.method === 'POST' && call.path.startsWith('/v1/conversations/'))).toEqual([])
    const history = await betaConversationsGetHistory(direct, { conversation_id: foreign.conversation_id })
    expect(history.entries).toHaveLength(2)
  })

  it('refuses the agent fields on append too', async () => {
    const { send } = workerWithMock()
    const response = await send('/v1/conversations/conv_x', { inputs: 'Hi', agent_id: 'ag_other' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { param: string }).param).toBe('agent_id')
  })

  it.each([
    ['GET', '/v1/agents'],
    ['POST', '/v1/agents'],
    ['GET', '/v1/agents/ag_123'],
    ['PATCH', '/v1/agents/ag_123'],
    ['GET', '/v1/conversations'],
    ['GET', '/v1/conversations/conv_123'],
    ['DELETE', '/v1/conversations/conv_123'],
    ['GET', '/v1/conversations/conv_123/history'],
    ['POST', '/v1/conversations/conv_123/restart'],
  ])('%s %s is a 404 in the API gateway shape', async (method, path) => {
    const response = await call(path, { method })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { message: string }).message).toBe('no Route matched with those values')
  })

  it('streams a start as text/event-stream with event: lines, then appends to it, on the deployed Worker', async () => {
    const response = await post('/v1/conversations', { inputs: 'Write a short poem about the sea', stream: true })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('mistral-correlation-id')).toBeTruthy()
    const { events, reads } = await readEvents(response)
    expect(reads).toBeGreaterThan(2)
    const names = events.map((event) => /^event: (.+)\n/.exec(event)?.[1])
    expect(names[0]).toBe('conversation.response.started')
    expect(names.at(-1)).toBe('conversation.response.done')
    expect(names).toContain('message.output.delta')
    const data = events.map(
      (event) => JSON.parse(event.replace(/^event: .+\ndata: /, '')) as { type: string; conversation_id?: string },
    )
    expect(data.map((event) => event.type)).toEqual(names)
    const id = data[0]?.conversation_id as string
    const appended = await post(`/v1/conversations/${id}`, { inputs: 'Shorter, please', stream: true })
    expect(appended.status).toBe(200)
    const text = await appended.text()
    expect(text).toContain(
      `event: conversation.response.started\ndata: {"type":"conversation.response.started","conversation_id":"${id}"`,
    )
    expect(text).toContain('event: conversation.response.done')
  })

  it('aborts the upstream conversation stream when the browser goes away', async () => {
    const mock = createMockMistral()
    const worker = createWorker({ fetch: mock.fetch })
    const request = new Request(`${ORIGIN}/v1/conversations`, {
      method: 'POST',
      body: JSON.stringify({ inputs: 'Tell me a long story', stream: true }),
    })
    const response = await worker.fetch(request, { ...bindings, MOCK_CHUNK_DELAY_MS: '50' })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: conversation.response.started')
    await reader.cancel()
    await vi.waitFor(() => expect(mock.state.stats.cancelled).toBe(1))
  })
})
