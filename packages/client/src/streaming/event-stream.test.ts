import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { chatStream } from '../chat/chat-stream.js'
import type { ChatCompletionRequest, CompletionChunk } from '../chat/schemas.js'
import { CompletionChunkSchema } from '../chat/schemas.js'
import { type ClientOptions, createClient } from '../core/client.js'
import { MistralError } from '../errors/mistral-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { StreamError } from '../errors/stream-error.js'
import { drain } from '../test-support.js'
import { assertValid } from '../validation.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { EventStream } from './event-stream.js'
import { readCompletionStream } from './read-completion-stream.js'
import { textStream } from './text-stream.js'
import { toReadableStream } from './to-readable-stream.js'

const request: ChatCompletionRequest = {
  model: 'mistral-small-latest',
  messages: [{ role: 'user', content: 'Count from 1 to 3' }],
}
const fault = (value: string) => ({ headers: { 'x-mock-fault': value } })

function setup(options: ClientOptions = {}, seed = 1) {
  const mock = createMockMistral({ seed })
  const client = createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' }, ...options })
  return { mock, client }
}

const encoder = new TextEncoder()
/** A response whose body is `text`, sent in one piece. */
const sseText = (text: string, init: ResponseInit = {}) =>
  new Response(
    new ReadableStream({ start: (controller) => (controller.enqueue(encoder.encode(text)), controller.close()) }),
    {
      headers: { 'content-type': 'text/event-stream' },
      ...init,
    },
  )
const chunkEvent = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`

describe('EventStream from chatStream against the mock', () => {
  it('yields the mock chunks and adds them up; the response is exposed', async () => {
    const { client } = setup()
    const stream = await chatStream(client, request)
    expect(stream).toBeInstanceOf(EventStream)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const { chunks, error } = await drain(stream)
    expect(error).toBe(undefined)
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' })
    const last = chunks.at(-1) as CompletionChunk
    expect(last.choices[0]?.finish_reason).toBe('stop')
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content).join('')
    expect(last.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: text.trim().split(/\s+/).length })
    const again = await accumulateChunks(await chatStream(setup().client, request))
    expect(again.choices[0]?.message.content).toBe(text)
    expect(again.usage).toEqual(last.usage)
  })

  it('textStream yields only text, not thinking', async () => {
    const { client } = setup()
    const texts: string[] = []
    for await (const text of textStream(await chatStream(client, { ...request, reasoning_effort: 'high' })))
      texts.push(text)
    const final = await accumulateChunks(await chatStream(setup().client, { ...request, reasoning_effort: 'high' }))
    const content = final.choices[0]?.message.content
    expect(Array.isArray(content)).toBe(true)
    const parts = content as { type: string; text?: string | null }[]
    expect(parts.map((part) => part.type)).toEqual(['thinking', 'text'])
    expect(texts.join('')).toBe(parts[1]?.text)
    expect(texts.length).toBeGreaterThan(1)
  })

  it('drop-after: a dropped connection throws StreamError connection after the chunks that arrived', async () => {
    const { client } = setup()
    const { chunks, error } = await drain(await chatStream(client, request, fault('drop-after=3')))
    expect(chunks).toHaveLength(3)
    expect(error).toBeInstanceOf(StreamError)
    expect((error as StreamError).reason).toBe('connection')
    expect((error as StreamError).message).toContain('mock fault: connection dropped after 3 events')
  })

  it('malformed-after: a broken JSON event throws StreamError malformed with the raw data', async () => {
    const { client } = setup()
    const { chunks, error } = await drain(await chatStream(client, request, fault('malformed-after=2')))
    expect(chunks).toHaveLength(2)
    expect((error as StreamError).reason).toBe('malformed')
    expect((error as StreamError).data).toBe(
      '{"id":"malformed","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"cut',
    )
  })

  it('stall-after: a silent server throws StreamError idle-timeout and the body is cancelled', async () => {
    const { client, mock } = setup({ idleTimeoutMs: 40 })
    const { chunks, error } = await drain(await chatStream(client, request, fault('stall-after=2')))
    expect(chunks).toHaveLength(2)
    expect((error as StreamError).reason).toBe('idle-timeout')
    expect((error as StreamError).message).toBe('No data received for 40 ms')
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it('idleTimeoutMs of the call wins over the client', async () => {
    const { client } = setup({ idleTimeoutMs: 60_000 })
    const { error } = await drain(await chatStream(client, request, { ...fault('stall-after=1'), idleTimeoutMs: 30 }))
    expect((error as StreamError).message).toBe('No data received for 30 ms')
  })

  it('slow chunks within the idle timeout arrive whole', async () => {
    const { client } = setup({ idleTimeoutMs: 1_000 })
    const { chunks, error } = await drain(await chatStream(client, request, fault('slow=5')))
    expect(error).toBe(undefined)
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop')
  })

  it('abort() ends the iteration quietly and cancels the body', async () => {
    const { client, mock } = setup()
    const stream = await chatStream(client, request)
    const chunks: CompletionChunk[] = []
    for await (const chunk of stream) {
      chunks.push(chunk)
      stream.abort()
    }
    expect(chunks).toHaveLength(1)
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it('abort() while a read is pending ends it quietly', async () => {
    const { client, mock } = setup()
    const stream = await chatStream(client, request, fault('stall-after=1'))
    const iterator = stream[Symbol.asyncIterator]()
    expect((await iterator.next()).done).toBe(false)
    const pending = iterator.next()
    stream.abort()
    expect(await pending).toEqual({ done: true, value: undefined })
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it('break in for await closes the stream', async () => {
    const { client, mock } = setup()
    const stream = await chatStream(client, request)
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta.role).toBe('assistant')
      break
    }
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it("the caller's signal aborting mid-stream throws RequestAbortedError with the reason", async () => {
    const { client, mock } = setup()
    const controller = new AbortController()
    const stream = await chatStream(client, request, { signal: controller.signal, ...fault('stall-after=2') })
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    const pending = iterator.next()
    controller.abort('user left')
    const error = await pending.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect((error as RequestAbortedError).cause).toBe('user left')
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it('iterating twice throws an error saying the stream was already consumed', async () => {
    const { client } = setup()
    const stream = await chatStream(client, request)
    await drain(stream)
    const second = await drain(stream)
    expect(second.error).toBeInstanceOf(MistralError)
    expect((second.error as Error).message).toBe('This stream was already consumed')
    await expect(accumulateChunks(stream)).rejects.toThrow('already consumed')
    expect(() => toReadableStream(stream)).toThrow('already consumed')
  })

  it('an HTTP error rejects chatStream itself, before any stream', async () => {
    const { client } = setup()
    const error = await chatStream(client, request, fault('status=429')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect((error as SDKError).status).toBe(429)
    expect((error as SDKError).message).toBe('HTTP 429: Rate limit exceeded')
  })
})

describe('toReadableStream', () => {
  it('re-emits the exact SSE bytes, which read back to the same completion', async () => {
    const direct = await (
      await setup().mock.fetch(
        new Request('https://api.mistral.ai/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
          body: JSON.stringify({ ...request, stream: true }),
        }),
      )
    ).text()
    const stream = await chatStream(setup().client, request)
    const proxied = new Response(toReadableStream(stream), { headers: { 'content-type': 'text/event-stream' } })
    const bytes = await proxied.text()
    expect(bytes).toBe(direct)
    expect(bytes.endsWith('data: [DONE]\n\n')).toBe(true)
    const reread = await accumulateChunks(readCompletionStream(sseText(bytes)))
    const original = await accumulateChunks(await chatStream(setup().client, request))
    expect(reread).toEqual(original)
    expect(reread.choices[0]?.finish_reason).toBe('stop')
  })

  it('errors the copy when the source breaks, so the reader sees the break', async () => {
    const stream = await chatStream(setup().client, request, fault('drop-after=2'))
    const copy = readCompletionStream(new Response(toReadableStream(stream)))
    const { chunks, error } = await drain(copy)
    expect(chunks).toHaveLength(2)
    expect((error as StreamError).reason).toBe('connection')
    expect(((error as StreamError).cause as StreamError).reason).toBe('connection')
  })

  it('cancelling the copy closes the source connection', async () => {
    const { client, mock } = setup()
    const stream = await chatStream(client, request, fault('stall-after=1'))
    const reader = toReadableStream(stream).getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^data: \{.*"role":"assistant"/)
    await reader.cancel()
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it('after abort() the copy ends without [DONE], so its reader reports truncation', async () => {
    const stream = readCompletionStream(sseText(`${chunkEvent('a')}${chunkEvent('b')}data: [DONE]\n\n`))
    const copy = toReadableStream(stream)
    stream.abort()
    const { error } = await drain(readCompletionStream(new Response(copy)))
    expect((error as StreamError).reason).toBe('truncated')
  })
  it('keeps event names and writes data of several lines as several data: lines, so the copy is valid SSE', async () => {
    const body =
      'event: conversation.response.started\ndata: {"type":"conversation.response.started",\ndata: "conversation_id":"c"}\n\nevent: conversation.response.done\r\ndata: {"type":"conversation.response.done"}\r\n\r\n'
    const stream = new EventStream<{ type: string }>(sseText(body), {
      last: (event) => event.type === 'conversation.response.done',
    })
    const copy = await new Response(toReadableStream(stream)).text()
    expect(copy).toBe(
      'event: conversation.response.started\ndata: {"type":"conversation.response.started",\ndata: "conversation_id":"c"}\n\n' +
        'event: conversation.response.done\ndata: {"type":"conversation.response.done"}\n\n',
    )
    const reread = new EventStream<{ type: string; conversation_id?: string }>(sseText(copy), {
      last: (event) => event.type === 'conversation.response.done',
    })
    const events = []
    for await (const event of reread) events.push(event)
    expect(events).toEqual([
      { type: 'conversation.response.started', conversation_id: 'c' },
      { type: 'conversation.response.done' },
    ])
  })
})

describe('readCompletionStream on hand-made bodies', () => {
  it('an error object in the stream throws StreamError server-error with the server message and raw data', async () => {
    const event =
      '{"object":"error","message":"Service unavailable.","type":"internal_server_error","param":null,"code":"1000"}'
    const { chunks, error } = await drain(readCompletionStream(sseText(`${chunkEvent('Hi')}data: ${event}\n\n`)))
    expect(chunks).toHaveLength(1)
    expect(error).toBeInstanceOf(StreamError)
    expect((error as StreamError).reason).toBe('server-error')
    expect((error as StreamError).message).toBe('Service unavailable.')
    expect((error as StreamError).data).toBe(event)
  })

  it('a top-level error field, object or string, is a server error too', async () => {
    const nested = await drain(
      readCompletionStream(sseText('data: {"error":{"message":"Overloaded","type":"server_error"}}\n\n')),
    )
    expect([(nested.error as StreamError).reason, (nested.error as StreamError).message]).toEqual([
      'server-error',
      'Overloaded',
    ])
    const flat = await drain(readCompletionStream(sseText('data: {"error":"quota exceeded"}\n\n')))
    expect((flat.error as StreamError).message).toBe('quota exceeded')
    const shapeless = await drain(
      readCompletionStream(sseText('data: {"object":"error","message":{"detail":[{"msg":"bad"}]}}\n\n')),
    )
    expect((shapeless.error as StreamError).message).toBe('Server error in stream: {"detail":[{"msg":"bad"}]}')
  })

  it('a finish_reason of "error" is a chunk, not a failure (any string is accepted)', async () => {
    const { chunks, error } = await drain(readCompletionStream(sseText(`${chunkEvent('Hi', 'error')}data: [DONE]\n\n`)))
    expect(error).toBe(undefined)
    expect(chunks[0]?.choices[0]?.finish_reason).toBe('error')
  })

  it('a large read is parsed in pieces: the same events whatever the read size, characters of every width', async () => {
    // About 200 KB: multi-byte text (é, →, 🙂) on every line, CRLF-framed events, named events, multi-line data.
    const words = ['café', ' → ', '🙂', ' naïve', ' plain', '\n']
    const events: string[] = []
    const expected: string[] = []
    for (let i = 0; events.join('').length < 200_000; i++) {
      const content = `${i}:${words[i % words.length]}${'x'.repeat(i % 97)}`
      const data = JSON.stringify({ id: `c${i}`, choices: [{ index: 0, delta: { content } }] })
      expected.push(content)
      if (i % 5 === 1) events.push(`data: ${data}\r\n\r\n`)
      else if (i % 5 === 2) events.push(`event: chunk\ndata: ${data.replace(',', ',\ndata: ')}\n\n`)
      else events.push(`data: ${data}\n\n`)
    }
    const bytes = encoder.encode(`${events.join('')}data: [DONE]\n\n`)
    const readsOf = (size: number) =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size))
            controller.close()
          },
        }),
      )
    for (const size of [bytes.length, 65_536, 16_385, 16_384, 16_383, 4_099, 7]) {
      const { chunks, error } = await drain(readCompletionStream(readsOf(size)))
      expect(error).toBe(undefined)
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual(expected)
    }
    // Lines ended by CR alone hold no line feed to cut at: one read is one piece, parsed alike.
    const cr = new TextDecoder().decode(bytes).replace(/\r?\n/g, '\r')
    const { chunks, error } = await drain(readCompletionStream(sseText(cr)))
    expect([error, chunks.length]).toEqual([undefined, expected.length])
  })

  it('a body that ends without [DONE] throws StreamError truncated, never a silent end', async () => {
    const cases = [
      chunkEvent('a'),
      `${chunkEvent('a')}data: {"id":"c1","choices":[{"index":0,"delta":{"content":"b"}`,
      `${chunkEvent('a')}data: [DON`,
      `${chunkEvent('a')}data: [DONE]`,
      // A whole line but not a lone `[DONE]`: the end of the body completes no other event.
      `${chunkEvent('a')}data: {"id":"c2","choices":[]}\n`,
      `${chunkEvent('a')}data: x\ndata: [DONE]\n`,
      `${chunkEvent('a')}data: [DONE]\n\xF0\x9F`,
      '',
    ]
    for (const body of cases) {
      const { error } = await drain(readCompletionStream(sseText(body)))
      expect(error).toBeInstanceOf(StreamError)
      expect([(error as StreamError).reason, (error as StreamError).message]).toEqual([
        'truncated',
        'Stream ended before its end marker',
      ])
    }
    const bodiless = await drain(readCompletionStream(new Response(null)))
    expect((bodiless.error as StreamError).reason).toBe('truncated')
  })

  it('a final [DONE] line without its blank line still ends the stream (copies of real streams end so)', async () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const { chunks, error } = await drain(
        readCompletionStream(sseText(`${chunkEvent('a', 'stop')}data: [DONE]${end}`)),
      )
      expect(error).toBe(undefined)
      expect(chunks).toHaveLength(1)
    }
  })

  it('a non-JSON or non-object event is malformed', async () => {
    for (const data of ['not json', '42', '']) {
      const { error } = await drain(readCompletionStream(sseText(`data: ${data}\n\n`)))
      expect([(error as StreamError).reason, (error as StreamError).data]).toEqual(['malformed', data])
    }
  })

  it('a chunk that breaks the schema passes by default and throws ResponseValidationError under a check', async () => {
    const body =
      'data: {"id":"c1","choices":[{"index":0,"delta":{"content":42},"finish_reason":null}]}\n\ndata: [DONE]\n\n'
    const unchecked = await drain(readCompletionStream(sseText(body)))
    expect(unchecked.error).toBe(undefined)
    expect(unchecked.chunks[0]?.choices[0]?.delta.content).toBe(42)
    const check = (event: unknown) => assertValid(CompletionChunkSchema, event, 'response')
    const { error } = await drain(readCompletionStream(sseText(body), { check }))
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).message).toMatch(/^Invalid response: choices\.0\.delta\.content: /)
    expect((error as ResponseValidationError).data).toEqual({
      id: 'c1',
      choices: [{ index: 0, delta: { content: 42 }, finish_reason: null }],
    })
  })

  it('a non-2xx response throws the SDKError of its body when iterated', async () => {
    const response = new Response(
      '{"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}',
      { status: 429 },
    )
    const { error } = await drain(readCompletionStream(response))
    expect(error).toBeInstanceOf(SDKError)
    expect([(error as SDKError).status, (error as SDKError).message]).toEqual([429, 'HTTP 429: Rate limit exceeded'])
  })

  it('an already aborted signal fails the first read with RequestAbortedError', async () => {
    const { error } = await drain(
      readCompletionStream(sseText(`${chunkEvent('a')}data: [DONE]\n\n`), { signal: AbortSignal.abort('gone') }),
    )
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect((error as RequestAbortedError).cause).toBe('gone')
  })

  it('abort() before iterating cancels the body and yields nothing', async () => {
    let cancelled = 0
    const body = new ReadableStream({ cancel: () => void cancelled++ })
    const stream = readCompletionStream(new Response(body))
    stream.abort()
    expect((await drain(stream)).chunks).toEqual([])
    expect(cancelled).toBe(1)
  })
})
