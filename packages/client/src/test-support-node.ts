// A loopback HTTP server for the wire tests (Node only; type-checked with the tests, never built).
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach } from 'vitest'

/** What the loopback server saw of one request. */
interface Seen {
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
interface Recorder {
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
async function startRecorder(answer: () => Answer, record: (seen: Seen) => void): Promise<Recorder> {
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

/** The loopback server of one `describe` block, and what it saw and will answer. */
export interface WireRecorder {
  /** `http://127.0.0.1:<port>`, set before the block's tests run. */
  baseURL: string
  /** The requests of the current test. */
  seen: Seen[]
  /** The answers still to send in the current test, in order; then the block's fallback answers. */
  answers: Answer[]
}

/**
 * Starts a recorder before the calling `describe` block's tests and closes it after them; `seen` and `answers` start
 * empty in each test.
 *
 * @param fallback - the answer when `answers` is empty (read per request, so it may use values a `beforeAll` loads).
 */
export function useRecorder(fallback: () => Answer): WireRecorder {
  const wire: WireRecorder = { baseURL: '', seen: [], answers: [] }
  let recorder: Recorder | undefined
  beforeAll(async () => {
    recorder = await startRecorder(
      () => wire.answers.shift() ?? fallback(),
      (request) => void wire.seen.push(request),
    )
    wire.baseURL = recorder.baseURL
  })
  afterAll(() => recorder?.close())
  beforeEach(() => {
    wire.seen = []
    wire.answers = []
  })
  return wire
}
