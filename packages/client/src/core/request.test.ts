import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConnectionError } from '../errors/connection-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { isMistralError } from '../errors/mistral-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { RequestTimeoutError } from '../errors/request-timeout-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { modelsList } from '../models/models-list.js'
import { modelsRetrieve } from '../models/models-retrieve.js'
import { modelsUpdate } from '../models/models-update.js'
import { withValidation } from '../validation.js'
import { createClient } from './client.js'
import { send } from './request.js'
import type { RetryConfig } from './retry.js'

const LIST = JSON.stringify({
  object: 'list',
  data: [{ id: 'mistral-small-latest', capabilities: { completion_chat: true } }],
})
const fast: RetryConfig = { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 2 } }

/** A fetch that answers from a script of responses (or errors) and records what it was called with. */
function scripted(...steps: (Response | Error | (() => Promise<Response>))[]) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    const step = steps[Math.min(calls.length - 1, steps.length - 1)]
    if (step instanceof Error) throw step
    if (typeof step === 'function') return step()
    return (step as Response).clone()
  })
  return { fetch, calls }
}

const ok = () => new Response(LIST, { headers: { 'content-type': 'application/json' } })
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ object: 'error', message: `status ${code}`, type: 'x', param: null, code: null }), {
    status: code,
    headers,
  })

afterEach(() => {
  vi.useRealTimers()
})

describe('createClient', () => {
  it('returns a frozen object that never shows the key', () => {
    const client = createClient({ apiKey: 'sk-secret-123', baseURL: 'https://proxy.example/base/' })
    expect(Object.isFrozen(client)).toBe(true)
    expect(client.baseURL).toBe('https://proxy.example/base')
    expect(client.apiKey).toBe('sk-secret-123')
    expect(JSON.stringify(client)).not.toContain('sk-secret-123')
    expect(Object.keys(client)).not.toContain('apiKey')
  })
})

describe('the request on the wire', () => {
  it('builds URL, query, headers and auth', async () => {
    const { fetch, calls } = scripted(ok())
    const client = createClient({
      apiKey: 'key-1',
      baseURL: 'https://proxy.example/prefix/',
      fetch,
      headers: { 'x-app': 'demo' },
    })
    await modelsList(client, { provider: 'mistralai', model: undefined }, { headers: { 'x-call': '1' } })
    expect(calls).toHaveLength(1)
    const { url, init } = calls[0]!
    expect(url).toBe('https://proxy.example/prefix/v1/models?provider=mistralai')
    expect(init.method).toBe('GET')
    expect(init.body).toBeUndefined()
    const headers = new Headers(init.headers)
    expect(headers.get('authorization')).toBe('Bearer key-1')
    expect(headers.get('accept')).toBe('application/json')
    expect(headers.get('x-app')).toBe('demo')
    expect(headers.get('x-call')).toBe('1')
    expect(init.signal).toBeInstanceOf(AbortSignal)
  })

  it('sends no Authorization without a key, and calls a key function per request', async () => {
    const { fetch, calls } = scripted(ok())
    await modelsList(createClient({ fetch }))
    expect(new Headers(calls[0]!.init.headers).has('authorization')).toBe(false)
    let turn = 0
    await modelsList(createClient({ fetch, apiKey: async () => `rotated-${++turn}` }))
    await modelsList(createClient({ fetch, apiKey: () => `rotated-${++turn}` }))
    expect(new Headers(calls[1]!.init.headers).get('authorization')).toBe('Bearer rotated-1')
    expect(new Headers(calls[2]!.init.headers).get('authorization')).toBe('Bearer rotated-2')
  })

  it('encodes path parameters: colons, slashes, ? and # never change the path', async () => {
    const { fetch, calls } = scripted(new Response(JSON.stringify({ id: 'x', capabilities: {} })))
    const client = createClient({ fetch, apiKey: 'k' })
    await modelsRetrieve(client, { model_id: 'ft:open-mistral-7b:587a6b29:20240514:7e773925' })
    await modelsRetrieve(client, { model_id: 'a/../b?c=1#d\r\nx' })
    expect(calls[0]!.url).toBe('https://api.mistral.ai/v1/models/ft%3Aopen-mistral-7b%3A587a6b29%3A20240514%3A7e773925')
    expect(calls[1]!.url).toBe('https://api.mistral.ai/v1/models/a%2F..%2Fb%3Fc%3D1%23d%0D%0Ax')
    expect(new URL(calls[1]!.url).pathname).toBe('/v1/models/a%2F..%2Fb%3Fc%3D1%23d%0D%0Ax')
  })

  it('refuses ids that would climb the path or are empty, naming the field, before sending', async () => {
    const { fetch } = scripted(ok())
    const client = createClient({ fetch, apiKey: 'k' })
    for (const model_id of ['', '.', '..']) {
      const error = await modelsRetrieve(client, { model_id }).catch((caught) => caught)
      expect(error).toBeInstanceOf(InvalidRequestError)
      expect(error.message).toBe(
        'Invalid request: model_id: must be a non-empty, well-formed string other than "." and ".."',
      )
      expect(error.issues[0].path[0].key).toBe('model_id')
    }
    // The guard is the core's, not a schema's: it holds with request validation turned off too.
    const unchecked = withValidation(client, { request: false })
    await expect(modelsRetrieve(unchecked, { model_id: '..' })).rejects.toBeInstanceOf(InvalidRequestError)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('refuses an id that is not a string or holds a lone surrogate with InvalidRequestError (not URIError), sending nothing', async () => {
    const { fetch } = scripted(ok())
    const client = createClient({ fetch, apiKey: 'k' })
    for (const model_id of ['\ud800', 'a\udc00b', 'x\ud83d', 42, null, undefined] as never[]) {
      const error = await modelsRetrieve(client, { model_id }).catch((caught) => caught)
      expect(error).toBeInstanceOf(InvalidRequestError)
      expect(error.message).toBe(
        'Invalid request: model_id: must be a non-empty, well-formed string other than "." and ".."',
      )
      expect(error.issues[0].path[0]).toEqual({ key: 'model_id', value: model_id })
    }
    // A well-formed astral character (a surrogate pair) is a fine id.
    await modelsRetrieve(client, { model_id: 'ft:\ud83d\ude80' }).catch(() => {})
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls[0]?.[0]).toBe('https://api.mistral.ai/v1/models/ft%3A%F0%9F%9A%80')
  })

  it('sends array query values as repeated keys and drops undefined and null', async () => {
    const { fetch, calls } = scripted(ok())
    await modelsList(createClient({ fetch }), { provider: null, model: undefined, extra: ['a', 'b'] } as never)
    expect(calls[0]!.url).toBe('https://api.mistral.ai/v1/models')
    const endpoint = { name: 'x', method: 'GET', path: '/v1/x', query: ['tag', 'page', 'none'] } as const
    await send(createClient({ fetch }), endpoint, { tag: ['a', 'b'], page: 0, none: undefined })
    expect(calls[1]!.url).toBe('https://api.mistral.ai/v1/x?tag=a&tag=b&page=0')
    expect(calls[1]!.init.body).toBeUndefined()
  })

  it("sends the caller's body as given: unknown fields kept, path params removed", async () => {
    const { fetch, calls } = scripted(new Response(JSON.stringify({ id: 'ft:a', archived: false })))
    await modelsUpdate(createClient({ fetch, apiKey: 'k' }), {
      model_id: 'ft:a',
      name: 'n',
      description: null,
      newer_field: 1,
    } as never)
    expect(calls[0]!.url).toBe('https://api.mistral.ai/v1/fine_tuning/models/ft%3Aa')
    expect(calls[0]!.init.method).toBe('PATCH')
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json')
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ name: 'n', description: null, newer_field: 1 })
  })

  it('reads globalThis.fetch at call time and calls it unbound', async () => {
    const original = globalThis.fetch
    const seen: unknown[] = []
    const client = createClient({ apiKey: 'k' })
    globalThis.fetch = function (this: unknown) {
      seen.push(this)
      return Promise.resolve(ok())
    } as typeof fetch
    try {
      await modelsList(client)
    } finally {
      globalThis.fetch = original
    }
    expect(seen).toEqual([undefined])
  })
})

describe('validation (v2: opt-in)', () => {
  it('a plain client validates nothing: an invalid-looking request is sent exactly as given', async () => {
    const { fetch, calls } = scripted(new Response(JSON.stringify({ id: 'ft:a' })))
    const client = createClient({ fetch, apiKey: 'k' })
    await modelsUpdate(client, { model_id: 'ft:a', name: 42, description: ['x'], newer: { deep: true } } as never)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.init.body).toBe('{"name":42,"description":["x"],"newer":{"deep":true}}')
    await modelsList(client, { provider: false, model: 7 } as never)
    expect(calls[1]!.url).toBe('https://api.mistral.ai/v1/models?provider=false&model=7')
  })

  it('withValidation names the field of a bad request and sends nothing', async () => {
    const { fetch } = scripted(ok())
    const client = withValidation(createClient({ fetch, apiKey: 'k' }))
    const error = await modelsUpdate(client, { model_id: 'ft:a', name: 42 as never }).catch((caught) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect(error.message).toBe('Invalid request: name: Invalid type: Expected string but received 42')
    expect(error.issues[0].path.map((item: { key: string }) => item.key)).toEqual(['name'])
    const missing = await modelsRetrieve(client, {} as never).catch((caught) => caught)
    expect(missing.message).toBe('Invalid request: model_id: Invalid key: Expected "model_id" but received undefined')
    // Without the schema, the same missing id is caught by the core's path guard.
    const plain = await modelsRetrieve(createClient({ fetch }), {} as never).catch((caught) => caught)
    expect(plain.message).toBe(
      'Invalid request: model_id: must be a non-empty, well-formed string other than "." and ".."',
    )
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a plain client returns an unexpected 2xx body unchanged; withValidation throws ResponseValidationError, unless turned off', async () => {
    const bad = JSON.stringify({ object: 'list', data: [{ id: 7, capabilities: {} }] })
    const { fetch } = scripted(new Response(bad))
    await expect(modelsList(createClient({ fetch }))).resolves.toEqual(JSON.parse(bad))
    const error = await modelsList(withValidation(createClient({ fetch }))).catch((caught) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error.message).toBe('Invalid response: data.0.id: Invalid type: Expected string but received 7')
    expect(error.data).toEqual(JSON.parse(bad))
    await expect(modelsList(withValidation(createClient({ fetch }), { response: false }))).resolves.toEqual(
      JSON.parse(bad),
    )
  })

  it('a 2xx body that is not JSON is a ResponseValidationError with or without validation', async () => {
    for (const wrap of [(client: ReturnType<typeof createClient>) => client, withValidation]) {
      const html = scripted(new Response('<html>maintenance</html>'))
      const error = await modelsList(wrap(createClient({ fetch: html.fetch }))).catch((caught) => caught)
      expect(error).toBeInstanceOf(ResponseValidationError)
      expect([error.message, error.data, error.issues]).toEqual([
        'Invalid response: the body is not JSON',
        '<html>maintenance</html>',
        [],
      ])
    }
  })

  it('keeps unknown response fields', async () => {
    const body = {
      object: 'list',
      data: [{ id: 'm', capabilities: { completion_chat: true, brand_new: true }, novel: { x: 1 } }],
      extra: 1,
    }
    const { fetch } = scripted(new Response(JSON.stringify(body)))
    expect(await modelsList(createClient({ fetch }))).toEqual(body)
    expect(await modelsList(withValidation(createClient({ fetch })))).toEqual(body)
  })
})

describe('retries', () => {
  it('retries 429 then succeeds', async () => {
    const { fetch } = scripted(status(429), ok())
    const list = await modelsList(createClient({ fetch, retries: fast }))
    expect(list.data[0]?.id).toBe('mistral-small-latest')
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('retries 500 twice then succeeds (default maxRetries 2)', async () => {
    const { fetch } = scripted(status(500), status(500), ok())
    await expect(modelsList(createClient({ fetch, retries: fast }))).resolves.toMatchObject({ object: 'list' })
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('gives up after maxRetries with the last error', async () => {
    const { fetch } = scripted(status(503), status(502), status(504), ok())
    const error = await modelsList(createClient({ fetch, retries: fast })).catch((caught) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect(error.status).toBe(504)
    expect(fetch).toHaveBeenCalledTimes(3)
    const five = scripted(status(500))
    await modelsList(createClient({ fetch: five.fetch }), {}, { retries: { ...fast, maxRetries: 5 } }).catch(() => {})
    expect(five.fetch).toHaveBeenCalledTimes(6)
  })

  it('does not retry 400, 401, 404 or 422', async () => {
    for (const code of [400, 401, 404, 422]) {
      const { fetch } = scripted(status(code), ok())
      const error = await modelsList(createClient({ fetch, retries: fast })).catch((caught) => caught)
      expect(error.status).toBe(code)
      expect(fetch).toHaveBeenCalledTimes(1)
    }
  })

  it("does not retry with strategy 'none'", async () => {
    const { fetch } = scripted(status(503), ok())
    await expect(modelsList(createClient({ fetch }), {}, { retries: { strategy: 'none' } })).rejects.toMatchObject({
      status: 503,
    })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('retries connection errors unless told not to', async () => {
    const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    const retried = scripted(refused(), ok())
    await expect(modelsList(createClient({ fetch: retried.fetch, retries: fast }))).resolves.toMatchObject({
      object: 'list',
    })
    expect(retried.fetch).toHaveBeenCalledTimes(2)
    const once = scripted(refused(), ok())
    const error = await modelsList(
      createClient({ fetch: once.fetch, retries: { ...fast, retryConnectionErrors: false } }),
    ).catch((caught) => caught)
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error.message).toBe('Connection error: fetch failed')
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(once.fetch).toHaveBeenCalledTimes(1)
  })

  it('waits exactly Retry-After seconds', async () => {
    vi.useFakeTimers()
    const { fetch } = scripted(status(429, { 'retry-after': '2' }), ok())
    const pending = modelsList(createClient({ fetch }))
    await vi.advanceTimersByTimeAsync(1999)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await expect(pending).resolves.toMatchObject({ object: 'list' })
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('waits retry-after-ms milliseconds', async () => {
    vi.useFakeTimers()
    const { fetch } = scripted(status(503, { 'retry-after-ms': '1500' }), ok())
    const pending = modelsList(createClient({ fetch }))
    await vi.advanceTimersByTimeAsync(1499)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await pending
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('throws at once when Retry-After is above 60 s, with retryAfterMs set', async () => {
    const { fetch } = scripted(status(429, { 'retry-after': '120' }), ok())
    const error = await modelsList(createClient({ fetch })).catch((caught) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect(error.status).toBe(429)
    expect(error.retryAfterMs).toBe(120_000)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('stops retrying when the next wait would pass maxElapsedTime', async () => {
    const { fetch } = scripted(status(429, { 'retry-after': '30' }), ok())
    const retries: RetryConfig = { strategy: 'backoff', backoff: { maxElapsedTime: 10_000 } }
    await expect(modelsList(createClient({ fetch, retries }))).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 30_000,
    })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('keeps backoff waits within full-jitter bounds', async () => {
    vi.useFakeTimers()
    // Full jitter: random() x min(maxInterval, 500 x 2^attempt), so 0.5 gives 250 ms then 500 ms.
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { fetch } = scripted(status(500), status(500), ok())
    const pending = modelsList(createClient({ fetch }))
    await vi.advanceTimersByTimeAsync(249)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(499)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    await pending
    expect(fetch).toHaveBeenCalledTimes(3)
    vi.restoreAllMocks()
  })

  it('aborts during the backoff wait with RequestAbortedError', async () => {
    vi.useFakeTimers()
    const { fetch } = scripted(status(503, { 'retry-after': '10' }), ok())
    const controller = new AbortController()
    const pending = modelsList(createClient({ fetch }), {}, { signal: controller.signal }).catch((caught) => caught)
    await vi.advanceTimersByTimeAsync(1000)
    controller.abort(new Error('user left'))
    const error = await pending
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(error.cause).toEqual(new Error('user left'))
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})

describe('timeouts and cancellation', () => {
  /** A fetch that never answers until its signal aborts, like a stalled server. */
  const hanging = vi.fn(
    (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
  )

  it('fires a per-attempt timeout, retries it as a connection error, then throws RequestTimeoutError', async () => {
    hanging.mockClear()
    const error = await modelsList(createClient({ fetch: hanging, timeoutMs: 20, retries: fast })).catch(
      (caught) => caught,
    )
    expect(error).toBeInstanceOf(RequestTimeoutError)
    expect(error.timeoutMs).toBe(20)
    expect(error.message).toBe('Request timed out after 20 ms')
    expect(hanging).toHaveBeenCalledTimes(3)
  })

  it('a per-call timeout wins over the client one', async () => {
    hanging.mockClear()
    const error = await modelsList(
      createClient({ fetch: hanging, timeoutMs: 60_000 }),
      {},
      { timeoutMs: 15, retries: { strategy: 'none' } },
    ).catch((caught) => caught)
    expect(error).toMatchObject({ name: 'RequestTimeoutError', timeoutMs: 15 })
  })

  it('covers reading the body: a body that stalls times out', async () => {
    const stalled = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"object":'))
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason))
        },
      })
      return new Response(body)
    })
    await expect(
      modelsList(createClient({ fetch: stalled, timeoutMs: 20 }), {}, { retries: { strategy: 'none' } }),
    ).rejects.toBeInstanceOf(RequestTimeoutError)
  })

  it("the user's signal aborts an attempt in flight with RequestAbortedError carrying the reason", async () => {
    const controller = new AbortController()
    const pending = modelsList(createClient({ fetch: hanging }), {}, { signal: controller.signal }).catch(
      (caught) => caught,
    )
    controller.abort('stop')
    const error = await pending
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(error.cause).toBe('stop')
    expect(isMistralError(error)).toBe(true)
  })

  it('an already aborted signal sends nothing', async () => {
    const { fetch } = scripted(ok())
    await expect(modelsList(createClient({ fetch }), {}, { signal: AbortSignal.abort('early') })).rejects.toMatchObject(
      { name: 'RequestAbortedError', cause: 'early' },
    )
    expect(fetch).not.toHaveBeenCalled()
  })
})
