import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createMockMistral } from './index.js'
import { serveMock } from './node.js'

const get = (path: string, headers: Record<string, string> = { authorization: 'Bearer k' }) =>
  new Request(`https://api.mistral.ai${path}`, { headers })

describe('createMockMistral', () => {
  it('answers 401 with the real bodies: no key, wrong key', async () => {
    const mock = createMockMistral({ apiKey: 'right' })
    const none = await mock.fetch(get('/v1/models', {}))
    expect(none.status).toBe(401)
    expect(await none.text()).toBe('{"detail":"Unauthorized"}')
    const wrong = await mock.fetch(get('/v1/models', { authorization: 'Bearer wrong' }))
    expect([wrong.status, await wrong.text()]).toEqual([401, '{"detail":"Invalid API Key"}'])
    expect(wrong.headers.get('mistral-correlation-id')).toMatch(
      /^019[0-9a-f]{5}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
  })

  it('accepts any non-empty key without apiKey, and is callable unbound with (url, init)', async () => {
    const { fetch } = createMockMistral()
    const response = await fetch('https://api.mistral.ai/v1/models/mistral-embed', {
      headers: { authorization: 'Bearer anything' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: 'mistral-embed', type: 'base', max_context_length: 8192 })
  })

  it('answers an unknown route like Kong', async () => {
    const response = await createMockMistral().fetch(get('/v1/chat/models'))
    expect(response.status).toBe(404)
    const body = await response.json()
    expect(body.message).toBe('no Route matched with those values')
    expect(body.request_id).toMatch(/^[0-9a-f]{32}$/)
  })

  it('is deterministic for a seed', async () => {
    const ids = async (seed: number) => {
      const mock = createMockMistral({ seed })
      const list = await (await mock.fetch(get('/v1/models'))).json()
      return list.data
        .filter((model: { type: string }) => model.type === 'fine-tuned')
        .map((model: { id: string }) => model.id)
    }
    expect(await ids(7)).toEqual(await ids(7))
    expect(await ids(7)).not.toEqual(await ids(8))
  })

  it('takes a custom catalogue', async () => {
    const mock = createMockMistral({
      models: [
        {
          id: 'only',
          object: 'model',
          created: 1,
          owned_by: 'me',
          capabilities: {},
          name: null,
          description: null,
          max_context_length: 1,
          aliases: [],
          deprecation: null,
          deprecation_replacement_model: null,
          default_model_temperature: null,
          type: 'base',
        },
      ],
    })
    expect((await (await mock.fetch(get('/v1/models'))).json()).data.map((model: { id: string }) => model.id)).toEqual([
      'only',
    ])
  })

  it('serves status faults with the real bodies and headers', async () => {
    const mock = createMockMistral()
    const fault = (value: string) => mock.fetch(get('/v1/models', { authorization: 'Bearer k', 'x-mock-fault': value }))
    const limited = await fault('status=429;retry-after=3')
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3'])
    expect(await limited.json()).toEqual({
      object: 'error',
      message: 'Rate limit exceeded',
      type: 'rate_limited',
      param: null,
      code: '1300',
    })
    const gateway = await fault('status=504')
    expect([gateway.status, await gateway.text()]).toEqual([504, ''])
    const cloudflare = await fault('status=520')
    expect(await cloudflare.text()).toContain(
      '<title>mistral.ai | 520: Web server is returning an unknown error</title>',
    )
    const server = await fault('status=500;retry-after-ms=250')
    expect([server.status, server.headers.get('retry-after-ms')]).toEqual([500, '250'])
    expect((await server.json()).message).toBe('Service unavailable.')
  })

  it('limits a fault to its first n requests with times=n', async () => {
    const mock = createMockMistral()
    const statuses: number[] = []
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await mock.fetch(get('/v1/models', { authorization: 'Bearer k', 'x-mock-fault': 'status=503;times=2' })))
          .status,
      )
    expect(statuses).toEqual([503, 503, 200, 200])
  })

  it('answers CORS preflights', async () => {
    const response = await createMockMistral().fetch(
      new Request('https://api.mistral.ai/v1/models', { method: 'OPTIONS' }),
    )
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization')
  })
})

describe('the node adapter and the bin', () => {
  it('serves the handler over loopback HTTP', async () => {
    const server = await serveMock({ apiKey: 'k' })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer k' } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect((await response.json()).data.length).toBeGreaterThan(10)
      const patched = await fetch(
        `${server.url}/v1/fine_tuning/models/${encodeURIComponent([...server.mock.state.models.keys()].find((id) => id.startsWith('ft:'))!)}`,
        {
          method: 'PATCH',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'over http' }),
        },
      )
      expect((await patched.json()).name).toBe('over http')
    } finally {
      await server.close()
    }
  })

  it('sends a stream’s headers before its first event, as the fetch handler does (stall-after=0, drop-after=0)', async () => {
    // Found by the fault soak: Node held the head until the first body byte, so these faults looked like a server
    // that never answered (timed out, then retried) instead of a stream that broke after its headers.
    const server = await serveMock()
    const body = JSON.stringify({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
    const post = (fault: string, signal: AbortSignal) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'x-mock-fault': fault },
        body,
        signal,
      })
    try {
      const controller = new AbortController()
      const stalled = await post('stall-after=0', AbortSignal.any([controller.signal, AbortSignal.timeout(5_000)]))
      expect([stalled.status, stalled.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8'])
      controller.abort()
      const dropped = await post('drop-after=0', AbortSignal.timeout(5_000))
      expect(dropped.status).toBe(200)
      expect(await dropped.text().catch((error: Error) => error.name)).toBe('TypeError')
    } finally {
      await server.close()
    }
  })

  it('`mistral-mock --port 0` prints its URL and serves /v1/models', async () => {
    const bin = fileURLToPath(new URL('../bin/mistral-mock.js', import.meta.url))
    const child = spawn(process.execPath, [bin, '--port', '0', '--api-key', 'cli-key'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(String(data))
          if (match) resolve(match[1] as string)
        })
        child.once('exit', (code) => reject(new Error(`mistral-mock exited with ${code}`)))
      })
      const ok = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer cli-key' } })
      expect(ok.status).toBe(200)
      expect((await ok.json()).data[0].id).toBe('mistral-medium-latest')
      const denied = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer other' } })
      expect(denied.status).toBe(401)
    } finally {
      child.kill()
    }
  })
})
