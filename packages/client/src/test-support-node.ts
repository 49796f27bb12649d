// A loopback HTTP server for the wire tests (Node only; type-checked with the tests, never built).
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the loopback server saw of one request. */
export interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
  /** Settles when the response's connection closes (a client that cancels a stream closes it early). */
  closed: Promise<void>
}

/**
 * An answer: a status, content type and body (written after `pieces`, unless `stall` leaves the response open), or
 * `'drop'` to destroy the connection without one. A 204 is sent without a content type.
 */
export type Answer = { status?: number; type?: string; body?: string; pieces?: string[]; stall?: boolean } | 'drop'

/** A running loopback server. */
export interface Recorder {
  /** `http://127.0.0.1:<port>`. */
  baseURL: string
  /** Closes every connection and the server. */
  close: () => Promise<void>
}

/**
 * Starts a node:http server on 127.0.0.1 that records each request (method, URL, headers, body) and answers it.
 *
 * @param answer - called once per request, after its body is read: the answer to send.
 * @param record - receives what was seen, before the answer is sent.
 * @returns the base URL and `close`.
 */
export async function startRecorder(answer: () => Answer, record: (seen: Seen) => void): Promise<Recorder> {
  const server = createServer((incoming, outgoing) => {
    let body = ''
    incoming.setEncoding('utf8')
    incoming.on('data', (chunk: string) => (body += chunk))
    incoming.on('end', () => {
      const closed = new Promise<void>((resolve) => outgoing.on('close', resolve))
      record({
        method: incoming.method as string,
        url: incoming.url as string,
        headers: incoming.headers,
        body,
        closed,
      })
      const next = answer()
      if (next === 'drop') return void incoming.socket.destroy()
      const status = next.status ?? 200
      outgoing.writeHead(status, status === 204 ? {} : { 'content-type': next.type ?? 'application/json' })
      for (const piece of next.pieces ?? []) outgoing.write(piece)
      if (!next.stall) outgoing.end(next.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
