import { describe, expect, it, vi } from 'vitest'
import { chatStream } from '../chat/chat-stream.js'
import { modelsList } from '../models/models-list.js'
import { accumulateChunks } from '../streaming/accumulate-chunks.js'
import { type ClientOptions, createClient, type RequestOptions } from './client.js'

// Timeout and retry settings are checked where they are given: a typo never silently turns a timeout off or makes
// retries spin. Each bad value throws a TypeError naming the setting, at createClient and per call.

const LIST = '{"object":"list","data":[]}'

/** A fetch that answers `body` after `delayMs`, unless its signal aborts first; it counts its calls. */
function slow(delayMs: number, body = LIST) {
  return vi.fn(
    (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => resolve(new Response(body)), delayMs)
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          reject(init.signal?.reason)
        })
      }),
  )
}

/** Every bad setting, the options carrying it, and the name the message must give. */
const BAD: [label: string, options: RequestOptions, setting: string, shown: string][] = [
  ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'timeoutMs', 'NaN'],
  ['timeoutMs -1', { timeoutMs: -1 }, 'timeoutMs', '-1'],
  ["timeoutMs 'abc'", { timeoutMs: 'abc' as never }, 'timeoutMs', 'abc'],
  ["timeoutMs '1000' (a string, even numeric)", { timeoutMs: '1000' as never }, 'timeoutMs', '1000'],
  ['idleTimeoutMs -5', { idleTimeoutMs: -5 }, 'idleTimeoutMs', '-5'],
  ['idleTimeoutMs NaN', { idleTimeoutMs: Number.NaN }, 'idleTimeoutMs', 'NaN'],
  ['retries.maxRetries NaN', { retries: { strategy: 'backoff', maxRetries: Number.NaN } }, 'retries.maxRetries', 'NaN'],
  ['retries.maxRetries -1', { retries: { strategy: 'backoff', maxRetries: -1 } }, 'retries.maxRetries', '-1'],
  [
    'retries.maxRetries Infinity',
    { retries: { strategy: 'backoff', maxRetries: Number.POSITIVE_INFINITY } },
    'retries.maxRetries',
    'Infinity',
  ],
  [
    'retries.backoff.initialInterval NaN',
    { retries: { strategy: 'backoff', backoff: { initialInterval: Number.NaN } } },
    'retries.backoff.initialInterval',
    'NaN',
  ],
  [
    'retries.backoff.maxInterval -1',
    { retries: { strategy: 'backoff', backoff: { maxInterval: -1 } } },
    'retries.backoff.maxInterval',
    '-1',
  ],
  [
    'retries.backoff.exponent Infinity',
    { retries: { strategy: 'backoff', backoff: { exponent: Number.POSITIVE_INFINITY } } },
    'retries.backoff.exponent',
    'Infinity',
  ],
  [
    "retries.backoff.maxElapsedTime '60s'",
    { retries: { strategy: 'backoff', backoff: { maxElapsedTime: '60s' as never } } },
    'retries.backoff.maxElapsedTime',
    '60s',
  ],
  ["retries.strategy 'bogus'", { retries: { strategy: 'bogus' } as never }, 'retries.strategy', "'bogus'"],
]

describe('settings are checked', () => {
  for (const [label, options, setting, shown] of BAD) {
    it(`${label}: createClient throws a TypeError naming ${setting}`, () => {
      let error: unknown
      try {
        createClient(options as ClientOptions)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(TypeError)
      expect((error as TypeError).message).toMatch(new RegExp(`^createClient: ${setting.replace(/\./g, '\\.')} `))
      expect((error as TypeError).message).toContain(`got ${shown}`)
    })

    it(`${label}: a call throws a TypeError naming ${setting} and the endpoint, and fetches nothing`, async () => {
      const fetch = slow(0)
      const error = await modelsList(createClient({ fetch }), {}, options).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as TypeError).message).toMatch(new RegExp(`^modelsList: ${setting.replace(/\./g, '\\.')} `))
      expect((error as TypeError).message).toContain(`got ${shown}`)
      expect(fetch).not.toHaveBeenCalled()
    })
  }

  it('the messages say what is expected', () => {
    const message = (options: ClientOptions) => {
      try {
        createClient(options)
      } catch (error) {
        return (error as Error).message
      }
    }
    expect(message({ timeoutMs: -1 })).toBe('createClient: timeoutMs must be a number >= 0, got -1')
    expect(message({ retries: { strategy: 'backoff', maxRetries: Number.POSITIVE_INFINITY } })).toBe(
      'createClient: retries.maxRetries must be a finite number >= 0, got Infinity',
    )
    expect(message({ retries: { strategy: 'bogus' } as never })).toBe(
      "createClient: retries.strategy must be 'none' or 'backoff', got 'bogus'",
    )
  })

  it('a stream call checks its settings before sending too', async () => {
    const fetch = slow(0)
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] }
    const error = await chatStream(createClient({ fetch }), request, { idleTimeoutMs: -5 }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('chatStream: idleTimeoutMs must be a number >= 0, got -5')
    expect(fetch).not.toHaveBeenCalled()
  })

  it('accepts every good value: 0, Infinity, integers, fractions, strategy none without numbers', () => {
    const good: ClientOptions[] = [
      { timeoutMs: 0, idleTimeoutMs: 0 },
      { timeoutMs: Number.POSITIVE_INFINITY, idleTimeoutMs: Number.POSITIVE_INFINITY },
      { timeoutMs: 1.5, idleTimeoutMs: 2 ** 40 },
      { retries: { strategy: 'none' } },
      { retries: { strategy: 'backoff' } },
      {
        retries: {
          strategy: 'backoff',
          maxRetries: 0,
          backoff: { initialInterval: 0, maxInterval: 0, exponent: 0, maxElapsedTime: 0 },
        },
      },
      { timeoutMs: undefined, idleTimeoutMs: undefined, retries: undefined },
    ]
    for (const options of good) expect(Object.isFrozen(createClient(options))).toBe(true)
  })
})

describe('timeoutMs 0 and Infinity mean no timeout', () => {
  for (const timeoutMs of [0, Number.POSITIVE_INFINITY, 2 ** 31]) {
    it(`timeoutMs ${timeoutMs}: a response slower than any short timer still resolves, in one attempt`, async () => {
      const fetch = slow(40)
      const client = createClient({ fetch, timeoutMs, retries: { strategy: 'none' } })
      await expect(modelsList(client)).resolves.toEqual({ object: 'list', data: [] })
      expect(fetch).toHaveBeenCalledTimes(1)
      // The signal handed to fetch was never aborted by a timer.
      expect((fetch.mock.calls[0]![1] as RequestInit).signal?.aborted).toBe(false)
    })
  }

  it('a per-call 0 or Infinity turns off the client timeout', async () => {
    for (const timeoutMs of [0, Number.POSITIVE_INFINITY]) {
      const fetch = slow(40)
      const client = createClient({ fetch, timeoutMs: 5, retries: { strategy: 'none' } })
      await expect(modelsList(client, {}, { timeoutMs })).resolves.toEqual({ object: 'list', data: [] })
    }
  })

  it('idleTimeoutMs 0 and Infinity: a stream with a long gap between chunks still completes', async () => {
    const chunk = (content: string, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`
    const encoder = new TextEncoder()
    for (const idleTimeoutMs of [0, Number.POSITIVE_INFINITY]) {
      const fetch = async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(encoder.encode(chunk('a', null)))
              await new Promise((resolve) => setTimeout(resolve, 40))
              controller.enqueue(encoder.encode(`${chunk('b', 'stop')}data: [DONE]\n\n`))
              controller.close()
            },
          }),
        )
      const client = createClient({ fetch, idleTimeoutMs: 5 })
      const stream = await chatStream(
        client,
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { idleTimeoutMs },
      )
      const response = await accumulateChunks(stream)
      expect(response.choices[0]?.message.content).toBe('ab')
    }
  })
})
