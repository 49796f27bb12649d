import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { createMockMistral, type MockMistral, type MockOptions } from './index.js'

/** A running loopback server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  server: Server
  mock: MockMistral
  /** Stops accepting and destroys open sockets. */
  close(): Promise<void>
}

type FetchHandler = (request: Request) => Promise<Response>

/**
 * A thin `node:http` adapter over a web-standard fetch handler: the request body is streamed in, the response body is
 * streamed out with backpressure, and a client that goes away aborts `request.signal` and cancels the body.
 */
export function toNodeListener(handler: FetchHandler) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const controller = new AbortController()
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort(new Error('client disconnected'))
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item)
      else if (value !== undefined) headers.set(name, value)
    }
    const method = incoming.method ?? 'GET'
    const hasBody = method !== 'GET' && method !== 'HEAD'
    const request = new Request(`http://${incoming.headers.host ?? '127.0.0.1'}${incoming.url ?? '/'}`, {
      method,
      headers,
      signal: controller.signal,
      ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit)
    let response: Response
    try {
      response = await handler(request)
    } catch (error) {
      outgoing.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: String(error) }))
      return
    }
    const head: Record<string, string | string[]> = {}
    response.headers.forEach((value, name) => {
      head[name] = value
    })
    outgoing.writeHead(response.status, head)
    if (!response.body) return void outgoing.end()
    // Node holds the head until the first body byte: a stream that stalls or drops before its first event would look
    // to the client like a server that never answered (a timeout, retried) instead of a broken stream, as over fetch.
    outgoing.flushHeaders()
    const reader = response.body.getReader()
    controller.signal.addEventListener('abort', () => void reader.cancel(controller.signal.reason).catch(() => {}), {
      once: true,
    })
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once('drain', resolve))
      }
      outgoing.end()
    } catch {
      // A body that errors (the drop-after fault) drops the connection, but only after what was written has left:
      // destroying at once would discard it, and the client would see no response at all.
      const socket = outgoing.socket
      if (socket) socket.destroySoon()
      else outgoing.destroy()
    }
  }
}

/**
 * Serves a mock on 127.0.0.1.
 *
 * @param options - mock options plus `port` (0 picks a free one) and `host`.
 */
export function serveMock(
  options: MockOptions & { port?: number; host?: string; mock?: MockMistral } = {},
): Promise<MockServer> {
  const mock = options.mock ?? createMockMistral(options)
  const server = createServer(toNodeListener((request) => mock.fetch(request)))
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolve({
        url: `http://${host}:${port}`,
        port,
        server,
        mock,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

/**
 * The `mistral-mock` command: `mistral-mock [--port 8080] [--host 127.0.0.1] [--api-key KEY] [--seed N]`.
 *
 * @param argv - arguments after the command name.
 */
export async function main(argv: string[]): Promise<MockServer> {
  const flag = (name: string) => {
    const index = argv.indexOf(`--${name}`)
    return index >= 0 ? argv[index + 1] : undefined
  }
  const apiKey = flag('api-key')
  const seed = flag('seed')
  const served = await serveMock({
    port: Number(flag('port') ?? 8080),
    host: flag('host') ?? '127.0.0.1',
    ...(apiKey ? { apiKey } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
  })
  console.log(`mistral-mock listening on ${served.url}`)
  return served
}
