// The soak's loopback server: the mock behind `node:http`, plus the faults the mock cannot express (a reset before the
// headers, headers withheld, a JSON body cut mid-way, a socket reset mid-stream, a clean end before `[DONE]`, an
// error event), and a record of what it wrote for each operation's last attempt, so a success can be compared with
// exactly what the server sent.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { toNodeListener } from '@mistral-edge/mock/node'
import { ERROR_EVENT_MESSAGE } from './schedule.js'

/** What the server wrote for an operation's last attempt that reached the mock. */
interface ServerRecord {
  /** Which attempt (0-based) this is. */
  attempt: number
  status: number
  /** The whole body of a JSON answer (also of an error status). */
  text: string
  /** The `data` of each event written, in order, for a stream (`[DONE]` included when it was sent). */
  events: string[] | undefined
}

/** The running soak server. */
export interface SoakServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  mock: MockMistral
  /** How many requests of an operation reached the server (every attempt, reset ones included). */
  attempts(operationId: number): number
  record(operationId: number): ServerRecord | undefined
  /** Drops what was recorded for a checked operation (its attempt count stays, for the figures). */
  forget(operationId: number): void
  /** Tells the server how many chunks a stream operation has yielded (0 once its headers are in). */
  progress(operationId: number, chunks: number): void
  /** Sockets the server holds open now. */
  openSockets(): Promise<number>
  /** Every socket accepted so far. */
  connectionsOpened(): number
  /**
   * Closes idle keep-alive sockets and waits up to `limitMs` for the others to close on their own.
   *
   * @returns the sockets still open: each one a connection the client never finished nor closed.
   */
  settle(limitMs: number): Promise<number>
  /** Stops the server, destroying any socket left. */
  close(): Promise<void>
}

interface SoakFault {
  attempt?: string
  times: number
  stream?: string
  after: number
}

/** Parses `x-soak-fault: attempt=<kind>;times=<n>;stream=<kind>;after=<n>`. */
function parseSoakFault(value: string | string[] | undefined): SoakFault | undefined {
  if (typeof value !== 'string') return undefined
  const fields = new Map(value.split(';').map((part) => part.split('=') as [string, string]))
  const fault: SoakFault = { times: Number(fields.get('times') ?? 0), after: Number(fields.get('after') ?? 0) }
  const attempt = fields.get('attempt')
  const stream = fields.get('stream')
  if (attempt) fault.attempt = attempt
  if (stream) fault.stream = stream
  return fault
}

const encoder = new TextEncoder()

/** Waits until the signal aborts: the client went away. */
const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  )

/**
 * Starts the soak server on 127.0.0.1 with a fresh mock.
 *
 * @param seed - the mock's seed.
 * @returns the running server; call `close()` in a `finally`.
 */
export async function startSoakServer(seed: number): Promise<SoakServer> {
  const mock = createMockMistral({ seed })
  const attempts = new Map<number, number>()
  const records = new Map<number, ServerRecord>()
  const progress = new Map<number, { chunks: number; waiters: (() => void)[] }>()
  const sockets = new Set<Socket>()
  let opened = 0

  const progressOf = (id: number) => {
    let entry = progress.get(id)
    if (!entry) progress.set(id, (entry = { chunks: -1, waiters: [] }))
    return entry
  }

  /** Resolves once the client has yielded `chunks` chunks of the operation's stream, or has gone away. */
  const yielded = (id: number, chunks: number, signal: AbortSignal) =>
    Promise.race([
      untilAborted(signal),
      new Promise<void>((resolve) => {
        const entry = progressOf(id)
        const check = () => (entry.chunks >= chunks ? resolve() : entry.waiters.push(check))
        check()
      }),
    ])

  /**
   * Re-emits the mock's event stream one event per write, recording each event and playing the soak's stream
   * faults: a clean end (`truncate`), an error event, or a reset of the socket once the client has yielded what
   * came before (`drop-reset`: waiting for the client makes the number of chunks it saw exact).
   */
  function streamBody(
    body: ReadableStream<Uint8Array>,
    record: ServerRecord,
    fault: SoakFault | undefined,
    id: number,
    socket: Socket,
    signal: AbortSignal,
  ) {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    const events = record.events as string[]
    let buffer = ''
    const nextEvent = async (): Promise<string | undefined> => {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const event = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          // The mock frames every event as one `data: <json>` line.
          return event.slice('data: '.length)
        }
        const { done, value } = await reader.read()
        if (done) return undefined
        buffer += decoder.decode(value, { stream: true })
      }
    }
    const write = (controller: ReadableStreamDefaultController<Uint8Array>, data: string) => {
      events.push(data)
      controller.enqueue(encoder.encode(`data: ${data}\n\n`))
    }
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (fault?.stream && events.length === fault.after) {
          void reader.cancel().catch(() => {})
          if (fault.stream === 'truncate') return controller.close()
          if (fault.stream === 'error-event') {
            write(
              controller,
              JSON.stringify({
                object: 'error',
                message: ERROR_EVENT_MESSAGE,
                type: 'internal_server_error',
                param: null,
                code: '1000',
              }),
            )
            return controller.close()
          }
          if (fault.stream === 'drop-reset') {
            await yielded(id, fault.after, signal)
            socket.resetAndDestroy()
            return controller.error(new Error('soak fault: socket reset mid-stream'))
          }
        }
        // A body error (the mock's drop-after) propagates, so the node adapter drops the connection.
        const data = await nextEvent()
        // The client may have gone away while this pull waited (a stall): then there is nothing left to send.
        if (signal.aborted) return
        if (data === undefined) return controller.close()
        write(controller, data)
      },
      cancel: (reason) => reader.cancel(reason),
    })
  }

  /** A JSON body sent in two halves with the connection dropped between them. */
  function cutBody(text: string) {
    const bytes = encoder.encode(text)
    let sent = false
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('soak fault: body cut'))
        sent = true
        controller.enqueue(bytes.subarray(0, Math.max(1, bytes.length >> 1)))
      },
    })
  }

  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const id = Number(incoming.headers['x-soak-op'] ?? -1)
    const attempt = attempts.get(id) ?? 0
    attempts.set(id, attempt + 1)
    const fault = parseSoakFault(incoming.headers['x-soak-fault'])
    const spoiled = fault?.attempt !== undefined && attempt < fault.times ? fault.attempt : undefined
    const socket = incoming.socket
    if (spoiled === 'reset') return void socket.resetAndDestroy()
    // Headers withheld: the client's timeout must fire and close the connection.
    if (spoiled === 'header-stall') return
    const handler = async (request: Request): Promise<Response> => {
      const response = await mock.fetch(request)
      const record: ServerRecord = { attempt, status: response.status, text: '', events: undefined }
      records.set(id, record)
      const streamed = response.ok && response.headers.get('content-type')?.startsWith('text/event-stream')
      if (streamed && response.body) {
        record.events = []
        const body = streamBody(response.body, record, spoiled ? undefined : fault, id, socket, request.signal)
        return new Response(body, { status: response.status, headers: response.headers })
      }
      record.text = await response.text()
      const body = spoiled === 'cut-body' ? cutBody(record.text) : record.text
      return new Response(body, { status: response.status, headers: response.headers })
    }
    void toNodeListener(handler)(incoming, outgoing)
  }

  const server = createServer(listener)
  server.on('connection', (socket: Socket) => {
    opened++
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  // Responses in progress per socket: a socket without one is idle, whether between keep-alive requests or not yet
  // used (undici may open a connection it then leaves unused).
  const inProgress = new Map<Socket, number>()
  server.on('request', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const socket = incoming.socket
    inProgress.set(socket, (inProgress.get(socket) ?? 0) + 1)
    outgoing.once('close', () => inProgress.set(socket, (inProgress.get(socket) ?? 1) - 1))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const openSockets = () =>
    new Promise<number>((resolve) =>
      server.getConnections((error, count) => resolve(error ? sockets.size : Math.max(count, sockets.size))),
    )

  return {
    url: `http://127.0.0.1:${port}`,
    mock,
    attempts: (id) => attempts.get(id) ?? 0,
    record: (id) => records.get(id),
    forget(id) {
      records.delete(id)
      progress.delete(id)
    },
    progress(id, chunks) {
      const entry = progressOf(id)
      entry.chunks = chunks
      const waiters = entry.waiters.splice(0)
      for (const waiter of waiters) waiter()
    },
    openSockets,
    connectionsOpened: () => opened,
    async settle(limitMs) {
      const deadline = Date.now() + limitMs
      for (;;) {
        // Idle sockets are not leaks: close them, and see what stays.
        for (const socket of sockets) if (!inProgress.get(socket)) socket.destroy()
        const open = await openSockets()
        if (open === 0 || Date.now() >= deadline) return open
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const socket of sockets) socket.destroy()
      }),
  }
}
