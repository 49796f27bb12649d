import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type MockServer, serveMock } from '@mistral-edge/mock/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chatStream } from '../chat/chat-stream.js'
import type { ChatCompletionRequest } from '../chat/schemas.js'
import { createClient } from '../core/client.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { StreamError } from '../errors/stream-error.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { readCompletionStream } from './read-completion-stream.js'

// Real sockets on 127.0.0.1: closing a stream must close the connection, which the server sees.

const request: ChatCompletionRequest = {
  model: 'mistral-small-latest',
  messages: [{ role: 'user', content: 'Count from 1 to 3' }],
}
const ROLE_CHUNK =
  'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n'

describe('through the mock served over loopback HTTP', () => {
  let served: MockServer
  beforeAll(async () => {
    served = await serveMock()
  })
  afterAll(() => served.close())
  const client = () => createClient({ apiKey: 'k', baseURL: served.url, retries: { strategy: 'none' } })

  it('streams a whole completion over a socket', async () => {
    const final = await accumulateChunks(await chatStream(client(), request))
    expect(final.choices[0]?.finish_reason).toBe('stop')
    expect(final.usage?.prompt_tokens).toBe(9)
  })

  it('break closes the connection: the mock sees the body cancelled', async () => {
    const before = served.mock.state.stats.cancelled
    const stream = await chatStream(client(), request, { headers: { 'x-mock-fault': 'slow=20' } })
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta.role).toBe('assistant')
      break
    }
    await vi.waitFor(() => expect(served.mock.state.stats.cancelled).toBe(before + 1), { timeout: 5_000 })
  })

  it('abort() on a stalled stream closes the connection', async () => {
    const before = served.mock.state.stats.cancelled
    const stream = await chatStream(client(), request, { headers: { 'x-mock-fault': 'stall-after=2' } })
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    const pending = iterator.next()
    stream.abort()
    expect(await pending).toEqual({ done: true, value: undefined })
    await vi.waitFor(() => expect(served.mock.state.stats.cancelled).toBe(before + 1), { timeout: 5_000 })
  })

  it('a dropped connection is StreamError connection', async () => {
    const stream = await chatStream(client(), request, { headers: { 'x-mock-fault': 'drop-after=2' } })
    const error = await accumulateChunks(stream).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(StreamError)
    expect((error as StreamError).reason).toBe('connection')
  })
})

describe('against a raw node:http server', () => {
  let server: Server
  let url: string
  /** What the server saw of each request: whether its connection closed before the response finished. */
  let closedEarly: Promise<boolean>
  let handler: (response: ServerResponse) => void

  beforeAll(async () => {
    server = createServer((incoming, response) => {
      closedEarly = new Promise((resolve) => response.on('close', () => resolve(!response.writableFinished)))
      incoming.resume()
      handler(response)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`
  })
  afterAll(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })

  // `connection: close` gives every test its own socket, so no test reuses one another test closed.
  const headers = { 'content-type': 'text/event-stream', connection: 'close' }

  /** Sends the role chunk, then nothing: the connection stays open until someone closes it. */
  const stall = (response: ServerResponse) => {
    response.writeHead(200, headers)
    response.write(ROLE_CHUNK)
  }

  it('abort() closes the socket', async () => {
    handler = stall
    const stream = readCompletionStream(await fetch(url, { method: 'POST' }))
    const iterator = stream[Symbol.asyncIterator]()
    expect((await iterator.next()).done).toBe(false)
    stream.abort()
    expect(await closedEarly).toBe(true)
  })

  it('break closes the socket', async () => {
    handler = stall
    for await (const chunk of readCompletionStream(await fetch(url, { method: 'POST' }))) {
      expect(chunk.id).toBe('a')
      break
    }
    expect(await closedEarly).toBe(true)
  })

  it("the caller's signal throws RequestAbortedError and closes the socket", async () => {
    handler = stall
    const controller = new AbortController()
    const client = createClient({
      apiKey: 'k',
      baseURL: url.replace('/v1/chat/completions', ''),
      retries: { strategy: 'none' },
    })
    const stream = await chatStream(client, request, { signal: controller.signal })
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    const pending = iterator.next().catch((caught: unknown) => caught)
    controller.abort(new Error('stop'))
    const error = await pending
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(((error as RequestAbortedError).cause as Error).message).toBe('stop')
    expect(await closedEarly).toBe(true)
  })

  it('an idle timeout throws StreamError idle-timeout and closes the socket', async () => {
    handler = stall
    const stream = readCompletionStream(await fetch(url, { method: 'POST' }), { idleTimeoutMs: 50 })
    const error = await accumulateChunks(stream).catch((caught: unknown) => caught)
    expect([(error as StreamError).reason, (error as StreamError).message]).toEqual([
      'idle-timeout',
      'No data received for 50 ms',
    ])
    expect(await closedEarly).toBe(true)
  })

  it('a server that ends the body without [DONE] is StreamError truncated', async () => {
    handler = (response) => {
      response.writeHead(200, headers)
      response.end(ROLE_CHUNK)
    }
    const error = await accumulateChunks(readCompletionStream(await fetch(url, { method: 'POST' }))).catch(
      (caught: unknown) => caught,
    )
    expect((error as StreamError).reason).toBe('truncated')
    expect(await closedEarly).toBe(false)
  })

  it('a server that resets the socket mid-body is StreamError connection', async () => {
    handler = (response) => {
      // Kept alive, so the body is chunked and the close cuts it short (a close-delimited body would just end).
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write(ROLE_CHUNK)
      setTimeout(() => response.socket?.destroy(), 20)
    }
    const error = await accumulateChunks(readCompletionStream(await fetch(url, { method: 'POST' }))).catch(
      (caught: unknown) => caught,
    )
    expect((error as StreamError).reason).toBe('connection')
    expect((error as StreamError).message).toMatch(/^Stream connection lost: /)
  })
})
