// What the security suites point the Worker at: a local stand-in for the Mistral API on 127.0.0.1 that records every
// request it gets, answers like the API (the mock, requiring the canary key) and misbehaves on purpose by echoing the
// key back (in a header of every answer, in an error body, in a stream's error event), so the tests can check the
// Worker never passes the key on to the browser. Plus a raw HTTP client for requests `fetch` would normalise.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { toNodeListener } from '@mistral-edge/mock/node'

/** `GET /v1/models/{ECHO_MODEL_ID}` answers 401 with the caller's Authorization in the body. */
export const ECHO_MODEL_ID = 'echo-the-key'
/** A streamed chat whose last message is this gets an error event quoting the caller's Authorization. */
export const ECHO_STREAM_PROMPT = 'echo the key in a stream error'
/** `GET /v1/models/{RESET_MODEL_ID}`: the connection is reset before any answer. */
export const RESET_MODEL_ID = 'reset-the-connection'
/** `GET /v1/models/{STALL_MODEL_ID}`: no answer, ever (until the connection is closed). */
export const STALL_MODEL_ID = 'stall-forever'
/**
 * A request with this `Accept-Language` (the one caller header the Worker passes on) gets one chunk of a stream,
 * then the connection is reset.
 */
export const RESET_STREAM_LANGUAGE = 'x-reset-mid-stream'

/** One request the upstream received. */
interface UpstreamRequest {
  method: string
  /** The request target exactly as sent (path and query, still percent-encoded). */
  target: string
  headers: IncomingHttpHeaders
}

/** The running stand-in. */
export interface CaptureUpstream {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** Every request received, in order. */
  requests: UpstreamRequest[]
  close: () => Promise<void>
}

/** The API's answer, or a misbehaving one for the echo triggers; every answer echoes the Authorization in a header. */
async function answer(mock: MockMistral, request: Request): Promise<Response> {
  const authorization = request.headers.get('authorization') ?? ''
  const { pathname } = new URL(request.url)
  let response: Response
  if (pathname === `/v1/models/${ECHO_MODEL_ID}`) {
    response = Response.json({ detail: `Invalid API key: ${authorization}` }, { status: 401 })
  } else if (pathname === '/v1/chat/completions' && (await request.clone().text()).includes(ECHO_STREAM_PROMPT)) {
    const role = {
      id: 'echo',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'mistral-small-latest',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    }
    const failure = {
      object: 'error',
      message: `Upstream failure for ${authorization}`,
      type: 'internal_error',
      param: null,
      code: '3000',
    }
    const body = `data: ${JSON.stringify(role)}\n\ndata: ${JSON.stringify(failure)}\n\n`
    response = new Response(body, { headers: { 'content-type': 'text/event-stream' } })
  } else {
    response = await mock.fetch(request)
  }
  const headers = new Headers(response.headers)
  headers.set('x-echo-authorization', authorization)
  // Echoed in the headers the Worker passes on, too: there it must arrive masked.
  headers.set('mistral-correlation-id', `${headers.get('mistral-correlation-id') ?? 'corr'} ${authorization}`)
  if (response.status >= 400) headers.set('retry-after', authorization)
  headers.set('x-ratelimit-remaining-tokens', `1000 ${authorization}`)
  return new Response(response.body, { status: response.status, headers })
}

/**
 * Starts the stand-in on a free port of 127.0.0.1.
 *
 * @param apiKey - the only key the mock accepts (the canary the Worker holds).
 * @returns its URL, the requests it records, and `close`.
 */
export async function startCaptureUpstream(apiKey: string): Promise<CaptureUpstream> {
  const mock = createMockMistral({ apiKey })
  const requests: UpstreamRequest[] = []
  const listener = toNodeListener((request) => answer(mock, request))
  const server = createServer((incoming, outgoing) => {
    requests.push({ method: incoming.method ?? '', target: incoming.url ?? '', headers: incoming.headers })
    if (incoming.url === `/v1/models/${RESET_MODEL_ID}`) return void incoming.socket.destroy()
    if (incoming.url === `/v1/models/${STALL_MODEL_ID}`) return
    if (incoming.headers['accept-language'] === RESET_STREAM_LANGUAGE) {
      outgoing.writeHead(200, { 'content-type': 'text/event-stream' })
      const chunk = {
        id: 'reset',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'mistral-small-latest',
        choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }],
      }
      outgoing.write(`data: ${JSON.stringify(chunk)}\n\n`)
      return void setTimeout(() => incoming.socket.destroy(), 50)
    }
    void listener(incoming, outgoing)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/**
 * Sends the head of a request and part of its body on a raw socket, then goes away: a client that leaves mid-body.
 * It closes the connection, or (`halfClose`) only its own side, so the body breaks off while the answer can still
 * arrive (what issue 14 measured: `Content-Length: 1000`, a few bytes, close).
 *
 * @param origin - `http://127.0.0.1:<port>`.
 * @param target - the request target.
 * @param headers - sent as given (e.g. a `content-length` larger than `partial`).
 * @param partial - the bytes sent before leaving.
 * @param options - `halfClose`: end the writing side only and read the answer.
 * @returns once the socket is closed: whatever answer arrived (raw HTTP), empty after a full close.
 */
export function abandonRequest(
  origin: string,
  target: string,
  headers: Record<string, string>,
  partial: string,
  options: { halfClose?: boolean } = {},
): Promise<string> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    let answer = ''
    const socket = connect(Number(port), hostname, () => {
      const head = [
        `POST ${target} HTTP/1.1`,
        `host: ${hostname}:${port}`,
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ]
      if (options.halfClose) head.push('connection: close')
      socket.write(`${head.join('\r\n')}\r\n\r\n${partial}`)
      setTimeout(() => (options.halfClose ? socket.end() : socket.destroy()), 100)
    })
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${target} within 10 s`)))
    socket.on('data', (data: Buffer) => (answer += data.toString()))
    socket.on('error', reject)
    socket.on('close', () => resolve(answer))
  })
}

/** An answer read in full by {@link rawRequest}. */
export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  /** Default `GET`. */
  method?: string
  /** Sent as given: a `host` here replaces the real one. */
  headers?: Record<string, string>
  /** Sent in these pieces; without a `content-length` header, Node sends them chunked. */
  body?: string[]
}

/**
 * Sends one HTTP/1.1 request with the request target exactly as given (`fetch` would resolve `..`, drop `#...` and
 * refuse an absolute target), e.g. `/v1/models/..%2F..%2Fx` or `http://evil.example/v1/models`.
 *
 * @param origin - `http://127.0.0.1:<port>`.
 * @param target - the request target.
 * @param options - method, headers, body.
 * @returns status, headers and body text.
 */
export function rawRequest(origin: string, target: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    let answered = false
    // A fresh connection each time (`agent: false`): the Worker may answer before reading a body, and a kept-alive
    // socket would then carry the rest of that body into the next request.
    const request = httpRequest(
      {
        host: hostname,
        port,
        method: options.method ?? 'GET',
        path: target,
        headers: options.headers,
        agent: false,
        timeout: 20_000,
      },
      (response) => {
        answered = true
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (text: string) => (body += text))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`no answer to ${target} within 20 s`)))
    // Writing a body the server refused to read may fail once its answer is in: that answer is what counts.
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    for (const piece of options.body ?? []) request.write(piece)
    request.end()
  })
}
