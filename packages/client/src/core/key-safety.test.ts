import { inspect } from 'node:util'
import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { chatStream } from '../chat/chat-stream.js'
import { isMistralError } from '../errors/mistral-error.js'
import { StreamError } from '../errors/stream-error.js'
import { modelsList } from '../models/models-list.js'
import { modelsRetrieve } from '../models/models-retrieve.js'
import { modelsUpdate } from '../models/models-update.js'
import { withValidation } from '../validation.js'
import { createClient, type FetchFunction } from './client.js'

const KEY = 'sk-live-DO-NOT-LEAK-4b1d9c'

/** Everything a user could print of an error: message, toString, stack, inspect, own properties, the cause chain. */
function renderings(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current && depth < 5; current = (current as Error).cause, depth++) {
    parts.push(String(current), (current as Error).stack ?? '', inspect(current, { depth: 5, showHidden: true }))
    const { headers } = current as { headers?: unknown }
    if (headers instanceof Headers) parts.push(JSON.stringify([...headers]))
    try {
      parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)))
    } catch {}
  }
  return parts.join('\n')
}

/** A server that echoes the key back in its error bodies, as a misbehaving proxy might. */
/** The key as a JSON `\\uXXXX` escape of every character, and percent-encoded, as a server may echo it. */
const ESCAPED = Array.from(KEY, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
const PERCENT = Array.from(KEY, (character) => `%${character.charCodeAt(0).toString(16)}`).join('')

/** A 2xx model list whose `data` (which must be an array) is a string echoing the key, as sent (`echoed`). */
const mistyped =
  (echoed: string): FetchFunction =>
  async () =>
    new Response(`{"object":"list","data":"key ${echoed}"}`)

/** A 401 whose headers echo the key. */
const headerEcho: FetchFunction = async (_input, init) =>
  new Response('{"message":"Unauthorized"}', {
    status: 401,
    headers: { 'x-echo': new Headers(init?.headers).get('authorization') ?? '', 'x-echo-url': PERCENT },
  })

const echo: FetchFunction = async (_input, init) => {
  const auth = new Headers(init?.headers).get('authorization') ?? ''
  return new Response(JSON.stringify({ object: 'error', message: `bad credentials: ${auth}`, type: 'x' }), {
    status: 401,
  })
}
const failing: FetchFunction = async (_input, init) => {
  throw new TypeError(`connect ECONNREFUSED with header ${new Headers(init?.headers).get('authorization')}`)
}

describe('the API key never appears in an error', () => {
  const mock = createMockMistral({ apiKey: 'another-key' })
  const stalled: FetchFunction = (_input, init) =>
    new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))
  const cases: [string, () => Promise<unknown>][] = [
    ['401 from the mock', () => modelsList(createClient({ apiKey: KEY, fetch: mock.fetch }))],
    [
      '404 from the mock',
      () =>
        modelsRetrieve(createClient({ apiKey: KEY, fetch: createMockMistral({ apiKey: KEY }).fetch }), {
          model_id: 'nope',
        }),
    ],
    ['a body echoing the key', () => modelsList(createClient({ apiKey: KEY, fetch: echo }))],
    [
      'a fetch error echoing the key',
      () => modelsList(createClient({ apiKey: KEY, fetch: failing, retries: { strategy: 'none' } })),
    ],
    [
      'a timeout',
      () => modelsList(createClient({ apiKey: KEY, fetch: stalled, timeoutMs: 5, retries: { strategy: 'none' } })),
    ],
    [
      'an abort',
      () => modelsList(createClient({ apiKey: KEY, fetch: stalled }), {}, { signal: AbortSignal.timeout(5) }),
    ],
    [
      'a body echoing the key JSON-escaped',
      () =>
        modelsList(
          createClient({
            apiKey: KEY,
            fetch: async () => new Response(`{"message":"bad ${ESCAPED}"}`, { status: 401 }),
          }),
        ),
    ],
    [
      'headers echoing the key, raw and percent-encoded',
      () => modelsList(createClient({ apiKey: KEY, fetch: headerEcho })),
    ],
    [
      'invalid request quoting the key',
      () => modelsUpdate(withValidation(createClient({ apiKey: KEY })), { model_id: 'ft:x', name: [KEY] as never }),
    ],
    [
      'a 2xx validation failure echoing the key raw',
      () => modelsList(withValidation(createClient({ apiKey: KEY, fetch: mistyped(KEY) }))),
    ],
    [
      'a 2xx validation failure echoing the key JSON-escaped',
      () => modelsList(withValidation(createClient({ apiKey: KEY, fetch: mistyped(ESCAPED) }))),
    ],
    [
      'a 2xx validation failure echoing the key percent-encoded',
      () => modelsList(withValidation(createClient({ apiKey: KEY, fetch: mistyped(PERCENT) }))),
    ],
    ['a key from a function', () => modelsList(createClient({ apiKey: async () => KEY, fetch: echo }))],
  ]

  for (const [name, run] of cases) {
    it(name, async () => {
      const error = await run().then(
        () => undefined,
        (caught: unknown) => caught,
      )
      expect(isMistralError(error)).toBe(true)
      const text = renderings(error)
      expect(text.length).toBeGreaterThan(50)
      expect(text).not.toContain(KEY)
      expect(text).not.toContain(ESCAPED)
      expect(text.toLowerCase()).not.toContain(PERCENT.toLowerCase())
    })
  }

  it('a stream error event or malformed event echoing the key is masked, in the message and the data', async () => {
    const streamWith =
      (event: string): FetchFunction =>
      async (_input, init) => {
        const auth = new Headers(init?.headers).get('authorization') ?? ''
        return new Response(`data: ${event.replace('AUTH', auth)}\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        })
      }
    const request = { model: 'mistral-small-latest', messages: [{ role: 'user' as const, content: 'hi' }] }
    const failures: unknown[] = []
    for (const event of ['{"object":"error","message":"upstream failure for AUTH"}', '{"broken": "AUTH']) {
      const stream = await chatStream(createClient({ apiKey: KEY, fetch: streamWith(event) }), request)
      failures.push(
        await (async () => {
          for await (const _chunk of stream);
        })().catch((caught: unknown) => caught),
      )
    }
    const [serverError, malformed] = failures as StreamError[]
    expect(serverError).toBeInstanceOf(StreamError)
    expect(serverError?.reason).toBe('server-error')
    expect(serverError?.message).toBe('upstream failure for Bearer [redacted]')
    expect(serverError?.data).toBe('{"object":"error","message":"upstream failure for Bearer [redacted]"}')
    expect(malformed?.reason).toBe('malformed')
    expect(malformed?.data).toBe('{"broken": "Bearer [redacted]')
    for (const failure of failures) expect(renderings(failure)).not.toContain(KEY)
  })

  it('the echoed key is masked, the rest of the message kept', async () => {
    const error = (await modelsList(createClient({ apiKey: KEY, fetch: echo })).catch((caught) => caught)) as Error
    expect(error.message).toBe('HTTP 401: bad credentials: Bearer [redacted]')
  })

  it('a successful body is returned as sent, even when it contains the key string', async () => {
    const body = { object: 'list', data: [{ id: 'k', capabilities: {}, description: 'workspace k' }] }
    const list = await modelsList(createClient({ apiKey: 'k', fetch: async () => new Response(JSON.stringify(body)) }))
    expect(list).toEqual(body)
  })

  it('the client object does not show the key when logged', () => {
    const client = createClient({ apiKey: KEY })
    expect(inspect(client)).not.toContain(KEY)
    expect(JSON.stringify(client)).not.toContain(KEY)
  })
})
