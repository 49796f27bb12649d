// @vitest-environment happy-dom
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { chatStream } from '../chat/chat-stream.js'
import type { ChatCompletionRequest, CompletionChunk } from '../chat/schemas.js'
import { createClient } from '../core/client.js'
import { MistralError } from '../errors/mistral-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import type { StreamError } from '../errors/stream-error.js'
import { drain } from '../test-support.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { readCompletionStream } from './read-completion-stream.js'
import { toReadableStream } from './to-readable-stream.js'

// The core stream behaviour in a browser-like realm: Response, Request and Headers are happy-dom's own classes
// here (the mock builds its answers with them too), reached through an injected fetch.

// Paths, not URLs: `URL` is happy-dom's class here, which resolves `../` against file: URLs wrongly.
const folder = join(fileURLToPath(import.meta.url), '../../../../../fixtures/wire/sse')
const capture = (name: string) => new Uint8Array(readFileSync(join(folder, name)))
const request: ChatCompletionRequest = {
  model: 'mistral-small-latest',
  messages: [{ role: 'user', content: 'Count from 1 to 3' }],
}

function setup() {
  const mock = createMockMistral()
  return { mock, client: createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' } }) }
}

function byteBody(bytes: Uint8Array, size: number) {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(offset, offset + size))
      offset += size
    },
  })
}

describe('streaming in happy-dom', () => {
  it("uses happy-dom's Response, not Node's", async () => {
    const { client } = setup()
    const stream = await chatStream(client, request)
    expect(stream.response).toBeInstanceOf(Response)
    expect(String(Response)).toContain('ResponseImplementation')
    stream.abort()
  })

  it('replays captures whole, byte by byte and with CRLF line ends', async () => {
    const tool = capture('chat_tool_call_mistral-small_2026-08-19.sse')
    const text = capture('chat_after_tool_result_mistral-small_2026-08-19.sse')
    const crlf = new TextEncoder().encode(new TextDecoder().decode(text).replace(/\n/g, '\r\n'))
    for (const size of [tool.length, 1]) {
      const final = await accumulateChunks(readCompletionStream(new Response(byteBody(tool, size))))
      expect(final.choices[0]?.message.tool_calls).toEqual([
        {
          id: 'g6fVbXS8K',
          type: 'function',
          function: { name: 'weather', arguments: '{"latitude": "52.5200", "longitude": "13.4050"}' },
          index: 0,
        },
      ])
      expect(final.usage?.total_tokens).toBe(187)
    }
    for (const [bytes, size] of [
      [text, 1],
      [crlf, 1],
      [crlf, 3],
    ] as const) {
      const final = await accumulateChunks(readCompletionStream(new Response(byteBody(bytes, size))))
      expect(final.choices[0]?.message.content).toBe(
        'The current weather in Berlin at coordinates (52.5200, 13.4050) is **15°C** with a wind speed of **10 km/h**.',
      )
      expect(final.choices[0]?.finish_reason).toBe('stop')
      expect(final.usage).toMatchObject({ prompt_tokens: 222, completion_tokens: 43 })
    }
  })

  it('a dropped connection, a malformed event, a stall and an error event each throw the right StreamError', async () => {
    const cases: [string, number, StreamError['reason']][] = [
      ['drop-after=2', 2, 'connection'],
      ['malformed-after=3', 3, 'malformed'],
      ['stall-after=1', 1, 'idle-timeout'],
    ]
    for (const [fault, count, reason] of cases) {
      const { client } = setup()
      const { chunks, error } = await drain(
        await chatStream(client, request, { headers: { 'x-mock-fault': fault }, idleTimeoutMs: 40 }),
      )
      expect([fault, chunks.length, (error as StreamError).reason]).toEqual([fault, count, reason])
    }
    const errorEvent =
      'data: {"object":"error","message":"Overloaded","type":"server_error","param":null,"code":"1000"}\n\n'
    const served = await drain(readCompletionStream(new Response(errorEvent)))
    expect([
      (served.error as StreamError).reason,
      (served.error as StreamError).message,
      (served.error as StreamError).data,
    ]).toEqual(['server-error', 'Overloaded', errorEvent.slice(6, -2)])
    const cut = await drain(readCompletionStream(new Response('data: {"id":"a","choices":[]}\n\n')))
    expect([cut.chunks.length, (cut.error as StreamError).reason]).toEqual([1, 'truncated'])
  })

  it('toReadableStream reads back to the same completion', async () => {
    const original = await accumulateChunks(await chatStream(setup().client, request))
    const copy = toReadableStream(await chatStream(setup().client, request))
    const reread = await accumulateChunks(
      readCompletionStream(new Response(copy, { headers: { 'content-type': 'text/event-stream' } })),
    )
    expect(reread).toEqual(original)
    expect(reread.choices[0]?.finish_reason).toBe('stop')
  })

  it('abort() and break end quietly and cancel the body; the signal throws RequestAbortedError', async () => {
    const aborted = setup()
    const stream = await chatStream(aborted.client, request)
    const seen: CompletionChunk[] = []
    for await (const chunk of stream) {
      seen.push(chunk)
      stream.abort()
    }
    expect(seen).toHaveLength(1)
    expect(aborted.mock.state.stats.cancelled).toBe(1)

    const broken = setup()
    for await (const chunk of await chatStream(broken.client, request)) {
      expect(chunk.choices[0]?.delta.role).toBe('assistant')
      break
    }
    expect(broken.mock.state.stats.cancelled).toBe(1)

    const signalled = setup()
    const controller = new AbortController()
    const iterator = (
      await chatStream(signalled.client, request, {
        signal: controller.signal,
        headers: { 'x-mock-fault': 'stall-after=1' },
      })
    )[Symbol.asyncIterator]()
    await iterator.next()
    const pending = iterator.next().catch((caught: unknown) => caught)
    controller.abort('closed the tab')
    const error = await pending
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect((error as RequestAbortedError).cause).toBe('closed the tab')
  })

  it('a second iteration says the stream was already consumed', async () => {
    const stream = await chatStream(setup().client, request)
    await drain(stream)
    const { error } = await drain(stream)
    expect(error).toBeInstanceOf(MistralError)
    expect((error as Error).message).toContain('already consumed')
  })
})
