// The load engine: many streamed chats at once through the Worker (its deploy bundle in Miniflare, or `wrangler dev`;
// the embedded mock either way), callers that exceed their rate limit, and clients that go away mid-stream; the same
// streams sent straight to the mock for the time-to-first-chunk and throughput ratios. `pnpm load` (scripts/load.mjs) runs it at full size and prints the
// figures; test/e2e/load.test.ts runs a small version inside `pnpm test`.
import { setMaxListeners } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import {
  type ChatCompletionRequest,
  type Client,
  type ClientOptions,
  chatStream,
  createClient,
  type FetchFunction,
} from '@mistral-edge/client'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { startMiniflareWorker } from '../support/miniflare-worker.js'
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js'

/** The Worker's path for the embedded mock's counters (apps/worker/src/worker.ts, enabled by `EXPOSE_MOCK_STATS`). */
const MOCK_STATS_PATH = '/v1/__mock/stats'
const MODEL = 'mistral-small-latest'
/** `max_tokens` of the over-limit callers' chats: short answers, so their served streams add little load. */
const OVER_LIMIT_MAX_TOKENS = 4

/**
 * The Worker's embedded mock again, outside it: fed the requests the Worker's mock answered, in the order it answered
 * them, it produces the same bytes (see {@link runLoad}). One per Worker, as the Worker keeps one mock per isolate.
 */
interface Replay {
  mock: MockMistral
  /** The `created` the next completion of the Worker's mock carries (its clock counts one per completion). */
  nextCreated: number
}

/** The Worker, in Miniflare or under `wrangler dev`, set up for a load run. */
export interface LoadWorker extends WranglerDev {
  /** The `LIMITER` binding's limit: requests per client per 60 s window. */
  rateLimit: number
  /** `MOCK_CHUNK_DELAY_MS`: the embedded mock's wait before each streamed chunk. */
  chunkDelayMs: number
  /** @internal the replay of the Worker's embedded mock. */
  replay: Replay
}

/** Where a load run's Worker runs: see {@link LoadWorkerOptions.runtime}. */
export type LoadRuntime = 'miniflare' | 'wrangler'

/** Options of {@link startLoadWorker}. */
export interface LoadWorkerOptions {
  /** Requests per client per window. Default 5 (over-limit callers send more; every other client sends one). */
  rateLimit?: number
  /**
   * The embedded mock's wait before each streamed chunk, in ms. Default 100 (`pnpm start` uses 150 so a person sees
   * the tokens arrive). Much shorter, and 200 streams saturate workerd on a small machine: chunks then queue for
   * longer than a whole stream takes to produce, and a client leaving after its first chunk leaves a stream that is
   * already over upstream, with nothing left to cancel.
   */
  chunkDelayMs?: number
  /**
   * `miniflare` (default): the `wrangler deploy` bundle in Miniflare's workerd, which holds the client's connection
   * itself, as Cloudflare's runtime does in a deployment. `wrangler`: `wrangler dev`, what `pnpm start` runs; its dev
   * proxy (a Durable Object that relays each request to the Worker) sometimes loses a departed client: it logs
   * "Uncaught Error: Network connection lost" and never tells the Worker, whose upstream stream then stays open.
   */
  runtime?: LoadRuntime
}

/** The header that names a simulated client (the Worker's `TEST_CLIENT_HEADER`). */
const CLIENT_HEADER = 'x-load-client'

/**
 * Starts the Worker for a load run (in Miniflare unless told otherwise): the embedded mock with a short per-chunk
 * delay, the given rate limit, and the mock's counters exposed so cancellations can be counted.
 *
 * @param options - the rate limit, the per-chunk delay and the runtime.
 * @returns the running Worker; call `stop()` when done.
 */
export async function startLoadWorker(options: LoadWorkerOptions = {}): Promise<LoadWorker> {
  const { rateLimit = 5, chunkDelayMs = 100, runtime = 'miniflare' } = options
  const vars = {
    MOCK_CHUNK_DELAY_MS: String(chunkDelayMs),
    EXPOSE_MOCK_STATS: 'true',
    // Without a key only: this header names the client, so one machine plays many (on loopback the Worker would
    // otherwise count every caller as one, as a CF-Connecting-IP sent to `wrangler dev` is the caller's own choice).
    TEST_CLIENT_HEADER: CLIENT_HEADER,
  }
  const worker =
    runtime === 'miniflare'
      ? await startMiniflareWorker(vars, { rateLimit })
      : await startWranglerDev(vars, { rateLimit })
  // The clock of a fresh mock, read from a throwaway one (reading it from the replay would advance it).
  const replay = { mock: createMockMistral(), nextCreated: createMockMistral().state.now() }
  return { ...worker, rateLimit, chunkDelayMs, replay }
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Streamed chats run at once, each from its own client; timed against the same chats sent to the mock directly. */
  concurrency: number
  /** Callers that exceed their rate limit, at the same time. */
  overLimitCallers: number
  /** Streamed chats each over-limit caller fires at once; more than the rate limit. */
  overLimitRequests: number
  /** Extra streamed chats whose clients go away after the first chunk. */
  disconnects: number
  /** Bound of the whole run, in ms; any request still open then is aborted and counted as timed out. Default 120000. */
  timeoutMs?: number
}

/** Nearest-rank percentiles of a set of durations, in ms. */
interface Percentiles {
  p50: number
  p95: number
  p99: number
  max: number
}

/** One batch of `concurrency` streams, through the Worker or directly. */
interface BatchFigures {
  /** Streams read to `[DONE]`. */
  complete: number
  /** From sending a stream's request to its first parsed chunk. */
  timeToFirstChunkMs: Percentiles
  /** From sending a stream's request to its end. */
  streamMs: Percentiles
  /** From the first request sent to the last stream ended. */
  wallMs: number
  /** SSE bytes received. */
  bytes: number
  streamsPerSecond: number
  megabytesPerSecond: number
}

/** What a load run measured. */
export interface LoadFigures {
  /** Streams started through the Worker by clients that stay (`concurrency`). */
  streams: number
  /** Every request of the proxied phase (streams, over-limit callers, leaving clients) and how many settled. */
  requests: { sent: number; settled: number; timedOut: number }
  /** Failures of any kind: a stream that threw, an answer neither 200 nor a proper 429, ... */
  errors: number
  /** The first few error messages. */
  errorSamples: string[]
  /** The `concurrency` streams through the Worker. */
  proxy: BatchFigures
  /** The same requests sent straight to `createMockMistral().fetch` with the same per-chunk delay, before and after. */
  direct: BatchFigures
  /**
   * Byte comparison of every stream the Worker served with the same request sent to the mock directly: `compared`
   * full streams (the `concurrency` streams and the over-limit callers' served ones), `identical` of them byte for
   * byte (and the `mistral-correlation-id` header); `prefixes`: leaving clients, whose bytes must start the direct
   * answer; `unseen`: requests the Worker's mock answered that no client saw (none expected).
   */
  identity: { compared: number; identical: number; prefixesCompared: number; prefixesIdentical: number; unseen: number }
  overLimit: {
    callers: number
    /** Requests each caller sent. */
    sentEach: number
    limit: number
    /** Callers that got at least one 429 with `Retry-After` (1..60 s) and the API's `rate_limited` body. */
    refusedCallers: number
    /** Callers served more than `limit` requests (must be 0). */
    overServedCallers: number
    served: number
    refused: number
    /** Answers neither 200 nor a proper 429. */
    other: number
  }
  /** Clients that went away after their first chunk. */
  disconnects: number
  /** Upstream streams the embedded mock saw cancelled during the run. */
  cancellations: number
  /**
   * What became of each leaving client's stream in the Worker, from its request log line (found by the stream's
   * `mistral-correlation-id`), once a running stream would have ended: `cancelled`, told by workerd that the client
   * went away (request signal or body cancel), it cancelled its upstream; `dropped`, no line at all: workerd ended the
   * request without telling the Worker, and with it every timer and promise of the request, the embedded mock's
   * stream among them (in a deployment the upstream is a subrequest, which the runtime cancels with the request;
   * under `wrangler dev` its proxy can also lose a departed client, which `uncaught` shows); `ranOn`, the stream ran
   * to its end or failed after the client left: a leak.
   */
  leavers: { cancelled: number; dropped: number; ranOn: number }
  /** Upstream requests the embedded mock saw during the proxied phase (its counter). */
  upstreamRequests: number
  /** `Uncaught` errors workerd printed during the run (a disconnect that escaped the Worker's handling shows here). */
  uncaught: number
  /** TCP connections to the Worker's port still open after the run (after idle keep-alive connections timed out). */
  openSockets: number
  /** The workerd process under wrangler: resident memory and open file descriptors, before and after the run. */
  workerd?: { rssMbBefore: number; rssMbAfter: number; fdsBefore: number; fdsAfter: number }
  /** From the first proxied request sent to the last answer read. */
  totalMs: number
  chunkDelayMs: number
}

/** Nearest-rank percentiles; zeros for an empty list. */
function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
  const round = (value: number) => Math.round(value * 10) / 10
  return { p50: round(rank(50)), p95: round(rank(95)), p99: round(rank(99)), max: round(sorted.at(-1) ?? 0) }
}

/** Every run gets its own simulated client addresses, so the rate limiter's windows of one run do not leak into the next. */
let runCount = 0

/**
 * The headers of one simulated client: its name in `TEST_CLIENT_HEADER` (the Worker's test-only client identity,
 * honoured without a key only). `identity`: a compressed event stream could arrive in one piece, which would hide the
 * time to first chunk, and the bytes compared are the SSE bytes themselves.
 */
function clientHeaders(address: string): Record<string, string> {
  return { [CLIENT_HEADER]: address, 'accept-encoding': 'identity' }
}

/**
 * Waits past the next minute boundary when one is near: the Rate Limiting binding counts in fixed 60 s windows
 * aligned to the clock (as Miniflare simulates it), so callers whose requests straddle a boundary would get a second window.
 */
async function awayFromWindowEdge(marginMs = 10_000): Promise<void> {
  const intoWindow = Date.now() % 60_000
  if (intoWindow > 60_000 - marginMs) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 200))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/** The question of stream `index`: each stream asks something else, so each answer is checked on its own. */
function question(index: number): ChatCompletionRequest {
  return { model: MODEL, messages: [{ role: 'user', content: `Load test question ${index}: tell me about Paris` }] }
}

/** Tool results in a leaving client's question: 24 make an answer of about 260 events (26 s at 100 ms each). */
const LONG_ANSWER_TOOL_RESULTS = 24

/**
 * Questions whose answers are long: the mock's answer quotes the tool results that end the conversation. The mock
 * produces at its own pace however slowly the client reads (the bytes wait in socket buffers), and it counts a
 * cancellation only for a stream it had not finished. With eight results (about 87 events, 8.7 s) a leaving client
 * whose first chunk this process read late, busy with hundreds of streams on a loaded machine, sometimes left a stream
 * already over upstream: 17 cancellations for 20 disconnects, with the Worker at no fault. At 26 s the stream is still
 * running when a client that read its first chunk many seconds late leaves; the leaving clients' streams end as they
 * leave, so the run is no longer.
 */
function longQuestion(index: number): ChatCompletionRequest {
  const calls = Array.from({ length: LONG_ANSWER_TOOL_RESULTS }, (_, call) => ({
    id: `call${index}x${call}`,
    type: 'function' as const,
    function: { name: 'lookup', arguments: `{"part":${call}}` },
  }))
  const result = (call: number) =>
    `part ${call} of the long answer for leaving client ${index}: seven more words follow here, then stop`
  return {
    model: MODEL,
    messages: [
      { role: 'user', content: `Disconnecting client question ${index}` },
      { role: 'assistant', content: '', tool_calls: calls },
      ...calls.map((call, position) => ({
        role: 'tool' as const,
        tool_call_id: call.id,
        name: 'lookup',
        content: result(position),
      })),
    ],
  }
}

/** What one request's response carried, as its client received it: status, headers and the raw body bytes. */
interface Capture {
  status?: number
  headers?: Headers
  chunks: Uint8Array[]
}

/** The captured body bytes, concatenated. */
function bytesOf(capture: Capture): Buffer {
  return Buffer.concat(capture.chunks)
}

/**
 * A fetch that hands the client the response unchanged while keeping a copy of every body byte it reads (so what is
 * compared is exactly what the browser-side client received, before its SSE parser). Cancelling the body cancels
 * the real one, so a client that leaves still closes its connection.
 */
function capturing(base: FetchFunction, capture: Capture): FetchFunction {
  return async (input, init) => {
    const response = await base(input, init)
    capture.status = response.status
    capture.headers = response.headers
    const source = response.body
    if (!source) return response
    const reader = source.getReader()
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        capture.chunks.push(value.slice())
        controller.enqueue(value)
      },
      cancel: (reason) => reader.cancel(reason),
    })
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  }
}

/** A library client whose responses are captured: through the Worker (`baseURL`), or straight to a mock's fetch. */
function captureClient(capture: Capture, target: { baseURL: string } | { fetch: FetchFunction }): Client {
  const options: ClientOptions = { retries: { strategy: 'none' }, timeoutMs: 30_000, idleTimeoutMs: 30_000 }
  if ('baseURL' in target) {
    options.baseURL = target.baseURL
    options.fetch = capturing((input, init) => fetch(input, init), capture)
  } else {
    options.apiKey = 'direct-call'
    options.fetch = capturing(target.fetch, capture)
  }
  return createClient(options)
}

/** One stream read to its end. */
interface StreamResult {
  firstChunkMs: number
  durationMs: number
  capture: Capture
}

/** One stream read to its end, its bytes captured; `onHeaders` is called once its response headers are in. */
async function readStream(
  client: Client,
  capture: Capture,
  request: ChatCompletionRequest,
  headers: Record<string, string>,
  signal: AbortSignal,
  onHeaders = () => {},
): Promise<StreamResult> {
  const started = performance.now()
  const stream = await chatStream(client, request, { signal, headers }).finally(onHeaders)
  let firstChunkMs: number | undefined
  for await (const chunk of stream) {
    firstChunkMs ??= performance.now() - started
    void chunk
  }
  return { firstChunkMs: firstChunkMs ?? 0, durationMs: performance.now() - started, capture }
}

/** A batch of streams at once: their timings, and the bytes and wall time for the throughput. */
async function batch(
  streams: (() => Promise<StreamResult>)[],
  onFailure: (error: unknown) => void,
): Promise<{ figures: BatchFigures; results: PromiseSettledResult<StreamResult>[] }> {
  const started = performance.now()
  const results = await Promise.allSettled(streams.map((start) => start()))
  const wallMs = performance.now() - started
  const done = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  for (const result of results) if (result.status === 'rejected') onFailure(result.reason)
  return { figures: batchFigures([{ done, wallMs }]), results }
}

/** The figures of one or more batches of the same streams (pooled timings, summed bytes and time). */
function batchFigures(batches: { done: StreamResult[]; wallMs: number }[]): BatchFigures {
  const done = batches.flatMap((one) => one.done)
  const wallMs = batches.reduce((sum, one) => sum + one.wallMs, 0)
  const bytes = done.reduce((sum, result) => sum + bytesOf(result.capture).length, 0)
  const seconds = wallMs / 1000
  return {
    complete: done.length,
    timeToFirstChunkMs: percentiles(done.map((result) => result.firstChunkMs)),
    streamMs: percentiles(done.map((result) => result.durationMs)),
    wallMs: Math.round(wallMs),
    bytes,
    streamsPerSecond: seconds ? Math.round((done.length / seconds) * 10) / 10 : 0,
    megabytesPerSecond: seconds ? Math.round((bytes / 1e6 / seconds) * 1000) / 1000 : 0,
  }
}

/**
 * Reads the embedded mock's counters through the Worker.
 *
 * @param url - the Worker's origin.
 * @returns requests seen and streams cancelled.
 * @throws when the Worker was not started with `EXPOSE_MOCK_STATS=true`.
 */
export async function readMockStats(url: string): Promise<{ requests: number; cancelled: number }> {
  const response = await fetch(`${url}${MOCK_STATS_PATH}`)
  if (!response.ok)
    throw new Error(`${MOCK_STATS_PATH} answered ${response.status}: start the Worker with EXPOSE_MOCK_STATS=true`)
  return (await response.json()) as { requests: number; cancelled: number }
}

/** Polls the mock until `expected` streams were cancelled since `before`, or `timeoutMs` passed; returns the count. */
async function cancellationsSince(url: string, before: number, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const cancelled = (await readMockStats(url)).cancelled - before
    if (cancelled >= expected || Date.now() > deadline) return cancelled
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** TCP connections in any state but LISTEN/CLOSE/TIME_WAIT with `port` at one end (Linux /proc; 0 elsewhere). */
function connectionsOn(port: number): number {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`
  let count = 0
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/)
      // 0A LISTEN, 06 TIME_WAIT, 07 CLOSE: not an open socket.
      if (!local || !remote || ['0A', '06', '07'].includes(state ?? '')) continue
      if (local.endsWith(hex) || remote.endsWith(hex)) count++
    }
  }
  return count
}

/** Waits until no connection to `port` is open (idle keep-alive connections time out after a few seconds), or `timeoutMs`. */
async function socketsClosed(port: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const open = connectionsOn(port)
    if (open === 0 || Date.now() > deadline) return open
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** The workerd process started by wrangler (a descendant of `root`), or undefined (not Linux, not found). */
function workerdPid(root: number | undefined): number | undefined {
  if (root === undefined) return undefined
  try {
    const parents = new Map<number, number>()
    const names = new Map<number, string>()
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        parents.set(Number(entry), parent)
        names.set(Number(entry), name)
      } catch {}
    }
    const descends = (pid: number) => {
      for (let at: number | undefined = pid; at && at > 1; at = parents.get(at)) if (at === root) return true
      return false
    }
    return [...names].find(([pid, name]) => name === 'workerd' && descends(pid))?.[0]
  } catch {
    return undefined
  }
}

/** Resident memory (MB) and open file descriptors of a process. */
function processUsage(pid: number): { rssMb: number; fds: number } | undefined {
  try {
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
    return { rssMb: Math.round(rssKb / 102.4) / 10, fds: readdirSync(`/proc/${pid}/fd`).length }
  } catch {
    return undefined
  }
}

/** How many uncaught exceptions workerd reported in wrangler's output. */
function uncaughtIn(output: string): number {
  return output.match(/Uncaught/g)?.length ?? 0
}

/** Classifies the leaving clients' streams by the Worker's request log lines (see {@link LoadFigures.leavers}). */
function leaverOutcomes(output: string, captures: Capture[]): LoadFigures['leavers'] {
  const streams = new Map<string, unknown>()
  for (const line of output.split('\n')) {
    if (!line.startsWith('{"event":"request"')) continue
    try {
      const { upstream_request_id: id, stream } = JSON.parse(line) as {
        upstream_request_id?: unknown
        stream?: unknown
      }
      if (typeof id === 'string') streams.set(id, stream)
    } catch {}
  }
  const leavers = { cancelled: 0, dropped: 0, ranOn: 0 }
  for (const capture of captures) {
    const id = capture.headers?.get('mistral-correlation-id') ?? ''
    const stream = streams.get(id)
    if (stream === 'cancelled') leavers.cancelled++
    else if (stream === undefined) leavers.dropped++
    else leavers.ranOn++
  }
  return leavers
}

/** The `created` of a stream's first event: the Worker's mock counts one per completion, so it orders them. */
function createdOf(bytes: Buffer): number | undefined {
  const first = /^data: (.*)\n\n/.exec(bytes.toString('utf8'))?.[1]
  try {
    const created = (JSON.parse(first ?? '') as { created?: unknown }).created
    return typeof created === 'number' ? created : undefined
  } catch {
    return undefined
  }
}

/** A request the Worker's mock answered, and what its client received. */
interface Served {
  request: ChatCompletionRequest
  capture: Capture
  /** `prefix`: the client left early, so its bytes must start the direct answer. */
  kind: 'full' | 'prefix'
}

/**
 * Compares every stream the Worker's mock answered with the same request sent straight to `createMockMistral().fetch`.
 * The mock decides an answer's text, finish_reason and usage from the request alone, but its ids, `created`, `p`
 * padding, chunk boundaries and correlation id come from one running sequence per mock, which the Worker's mock
 * advances in the order requests reach it. Each stream's `created` (the mock's clock, one tick per completion) gives
 * that order, so the replay mock (one per Worker, like the embedded one) gets the same requests in the same order
 * and must answer each with the same bytes: no field is normalised.
 */
async function compareWithReplay(
  replay: Replay,
  served: Served[],
): Promise<LoadFigures['identity'] & { mismatches: string[] }> {
  const identity = {
    compared: 0,
    identical: 0,
    prefixesCompared: 0,
    prefixesIdentical: 0,
    unseen: 0,
    mismatches: [] as string[],
  }
  const ordered = served.map((entry) => ({ ...entry, created: createdOf(bytesOf(entry.capture)) }))
  const known = ordered
    .filter((entry): entry is typeof entry & { created: number } => entry.created !== undefined)
    .sort((a, b) => a.created - b.created)
  identity.unseen = served.length - known.length
  for (const entry of known) {
    // A completion the Worker's mock answered that no client saw (or one answered twice) breaks the sequence.
    if (entry.created !== replay.nextCreated) identity.unseen += Math.max(1, entry.created - replay.nextCreated)
    replay.nextCreated = entry.created + 1
    const capture: Capture = { chunks: [] }
    await readStream(
      captureClient(capture, { fetch: replay.mock.fetch }),
      capture,
      entry.request,
      {},
      AbortSignal.timeout(10_000),
    ).catch(() => undefined)
    const direct = bytesOf(capture)
    const received = bytesOf(entry.capture)
    const sameId =
      capture.headers?.get('mistral-correlation-id') === entry.capture.headers?.get('mistral-correlation-id')
    const same =
      entry.kind === 'full'
        ? received.equals(direct)
        : received.length > 0 && direct.subarray(0, received.length).equals(received)
    if (entry.kind === 'full') identity.compared++
    else identity.prefixesCompared++
    if (same && sameId) {
      if (entry.kind === 'full') identity.identical++
      else identity.prefixesIdentical++
    } else if (identity.mismatches.length < 3) {
      identity.mismatches.push(
        `created ${entry.created} differs from the direct call${sameId ? '' : ' (mistral-correlation-id too)'}:\n    proxy  ${JSON.stringify(received.toString('utf8').slice(0, 300))}\n    direct ${JSON.stringify(direct.toString('utf8').slice(0, 300))}`,
      )
    }
  }
  return identity
}

/** How an over-limit caller's request ended: served (and read to the end), a proper 429, or something else. */
type OverLimitOutcome =
  | { kind: 'served'; result: StreamResult }
  | { kind: 'refused' }
  | { kind: 'other'; message: string }

/** One over-limit request: a proper 429 has `Retry-After` of 1..60 s and the API's `rate_limited` body (code 1300). */
async function overLimitRequest(
  client: Client,
  capture: Capture,
  request: ChatCompletionRequest,
  address: string,
  signal: AbortSignal,
): Promise<OverLimitOutcome> {
  try {
    return { kind: 'served', result: await readStream(client, capture, request, clientHeaders(address), signal) }
  } catch (error) {
    const text = bytesOf(capture).toString('utf8')
    const retryAfter = Number(capture.headers?.get('retry-after'))
    const limited = text.includes('"type":"rate_limited"') && text.includes('"code":"1300"')
    if (capture.status === 429 && retryAfter >= 1 && retryAfter <= 60 && limited) return { kind: 'refused' }
    return {
      kind: 'other',
      message: `over-limit answer ${capture.status ?? '(none)'} (retry-after ${capture.headers?.get('retry-after')}): ${text.slice(0, 200) || messageOf(error)}`,
    }
  }
}

/** A client that reads the first chunk and goes away: `break` closes its connection to the Worker. */
async function leaveAfterFirstChunk(
  client: Client,
  request: ChatCompletionRequest,
  address: string,
  signal: AbortSignal,
): Promise<void> {
  const stream = await chatStream(client, request, { signal, headers: clientHeaders(address) })
  for await (const chunk of stream) {
    if (chunk.object !== 'chat.completion.chunk') throw new Error(`unexpected first chunk ${JSON.stringify(chunk)}`)
    break
  }
}

/**
 * Runs the load against a Worker started by {@link startLoadWorker}, in one run:
 * 1. the `concurrency` streams sent at once straight to `createMockMistral().fetch` (same per-chunk delay);
 * 2. through the Worker, all at once: the same `concurrency` streams (each from its own client), `overLimitCallers`
 *    callers sending `overLimitRequests` streams each (more than the limit), and, once every stream has its headers,
 *    `disconnects` clients that leave after their first chunk while the others still stream;
 * 3. step 1 again (the direct figures pool both, so drift during the run counts on both sides);
 * 4. every stream the Worker served compared byte for byte with the same request sent directly (see
 *    {@link compareWithReplay}); the mock's cancellations counted; connections to the Worker and workerd's memory
 *    and descriptors read once idle.
 *
 * @param worker - the running Worker.
 * @param options - how many streams, over-limit callers and disconnects; the time bound.
 * @returns the figures; failures are counted in them, never thrown.
 * @example
 * ```ts
 * const worker = await startLoadWorker()
 * try {
 *   console.log(formatFigures(await runLoad(worker, { concurrency: 200, overLimitCallers: 20, overLimitRequests: 8, disconnects: 20 })))
 * } finally {
 *   await worker.stop()
 * }
 * ```
 */
export async function runLoad(worker: LoadWorker, options: LoadOptions): Promise<LoadFigures> {
  const { concurrency, overLimitCallers, overLimitRequests, disconnects, timeoutMs = 120_000 } = options
  const run = ++runCount % 256
  const address = (index: number) => `10.${run}.${index >> 8}.${index & 255}`
  const callerAddress = (caller: number) => `192.0.${run}.${caller}`
  const port = Number(new URL(worker.url).port)
  const slow = { 'x-mock-fault': `slow=${worker.chunkDelayMs}` }

  const questions = Array.from({ length: concurrency }, (_, index) => question(index))
  const leaving = Array.from({ length: disconnects }, (_, index) => longQuestion(index))
  const overLimitQuestion = (caller: number, index: number): ChatCompletionRequest => ({
    model: MODEL,
    max_tokens: OVER_LIMIT_MAX_TOKENS,
    messages: [{ role: 'user', content: `Over-limit caller ${caller}, request ${index}: tell me about Lyon` }],
  })

  const signal = AbortSignal.timeout(timeoutMs)
  // Every request of the run listens to this one signal: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, signal)
  const errorSamples: string[] = []
  let errors = 0
  let timedOut = 0
  const fail = (error: unknown) => {
    errors++
    if (signal.aborted) timedOut++
    if (errorSamples.length < 5) errorSamples.push(messageOf(error))
  }

  const directBatch = async () => {
    const mock = createMockMistral()
    return batch(
      questions.map((request) => () => {
        const capture: Capture = { chunks: [] }
        return readStream(captureClient(capture, { fetch: mock.fetch }), capture, request, slow, signal)
      }),
      fail,
    )
  }

  const workerdProcess = workerdPid(worker.pid)
  const usageBefore = workerdProcess === undefined ? undefined : processUsage(workerdProcess)
  const directBefore = await directBatch()
  const uncaughtBefore = uncaughtIn(worker.output())

  await awayFromWindowEdge()
  const before = await readMockStats(worker.url)
  const started = performance.now()
  // The leaving clients come once every stream has its headers, so they leave while all of them are in flight.
  let waitingForHeaders = concurrency
  let allStreaming: () => void = () => {}
  const streaming = new Promise<void>((resolve) => {
    allStreaming = resolve
    if (concurrency === 0) resolve()
  })
  const onHeaders = () => {
    if (--waitingForHeaders === 0) allStreaming()
  }
  const mainCaptures = questions.map((): Capture => ({ chunks: [] }))
  const proxied = batch(
    questions.map((request, index) => () => {
      const capture = mainCaptures[index] as Capture
      return readStream(
        captureClient(capture, { baseURL: worker.url }),
        capture,
        request,
        clientHeaders(address(index)),
        signal,
        onHeaders,
      )
    }),
    fail,
  )
  const overLimitCalls = Array.from({ length: overLimitCallers }, (_, caller) =>
    Array.from({ length: overLimitRequests }, (_, index) => {
      const request = overLimitQuestion(caller, index)
      const capture: Capture = { chunks: [] }
      return {
        request,
        capture,
        outcome: overLimitRequest(
          captureClient(capture, { baseURL: worker.url }),
          capture,
          request,
          callerAddress(caller),
          signal,
        ),
      }
    }),
  )
  const leaverCaptures = leaving.map((): Capture => ({ chunks: [] }))
  const leavers = streaming.then(() =>
    Promise.allSettled(
      leaving.map((request, index) => {
        const capture = leaverCaptures[index] as Capture
        return leaveAfterFirstChunk(
          captureClient(capture, { baseURL: worker.url }),
          request,
          address(concurrency + index),
          signal,
        )
      }),
    ),
  )
  const outcomes = Promise.all(overLimitCalls.map((calls) => Promise.all(calls.map((call) => call.outcome))))
  const [proxyBatch, leaverResults, overLimitOutcomes] = await Promise.all([proxied, leavers, outcomes])
  const totalMs = performance.now() - started
  const directAfter = await directBatch()

  for (const result of leaverResults) if (result.status === 'rejected') fail(result.reason)
  const overLimit = {
    callers: overLimitCallers,
    sentEach: overLimitRequests,
    limit: worker.rateLimit,
    refusedCallers: 0,
    overServedCallers: 0,
    served: 0,
    refused: 0,
    other: 0,
  }
  const served: Served[] = []
  for (const [caller, callerOutcomes] of overLimitOutcomes.entries()) {
    let callerServed = 0
    let callerRefused = 0
    for (const [index, outcome] of callerOutcomes.entries()) {
      const call = overLimitCalls[caller]?.[index]
      if (outcome.kind === 'served') callerServed++
      else if (outcome.kind === 'refused') callerRefused++
      else {
        overLimit.other++
        fail(new Error(outcome.message))
      }
      // Whatever reached the mock is compared (a 200 that then failed too: its bytes are in the sequence).
      if (call && call.capture.status === 200)
        served.push({ request: call.request, capture: call.capture, kind: 'full' })
    }
    overLimit.served += callerServed
    overLimit.refused += callerRefused
    if (callerRefused > 0) overLimit.refusedCallers++
    if (callerServed > worker.rateLimit) overLimit.overServedCallers++
  }
  questions.forEach((request, index) => {
    const capture = mainCaptures[index] as Capture
    if (capture.status !== undefined) served.push({ request, capture, kind: 'full' })
  })
  leaving.forEach((request, index) => {
    const capture = leaverCaptures[index] as Capture
    if (capture.status !== undefined) served.push({ request, capture, kind: 'prefix' })
  })

  // Bounded, and long enough for a leaving client's stream that still ran (26 s, see longQuestion) to end and log its
  // line: on a busy 2-core machine the proxied phase alone can take 20 s, and the mock counts a cancellation only once
  // workerd has noticed the closed connection and the Worker has cancelled its stream. Streams workerd dropped with
  // their request are never counted, so a run where that happens waits the whole bound.
  const cancellations = await cancellationsSince(worker.url, before.cancelled, disconnects, 30_000)
  const after = await readMockStats(worker.url)
  const upstreamRequests = after.requests - before.requests
  const identity = await compareWithReplay(worker.replay, served)
  // Counted in `identity`, shown with the errors.
  for (const mismatch of identity.mismatches) if (errorSamples.length < 5) errorSamples.push(mismatch)

  const openSockets = await socketsClosed(port, 15_000)
  const usageAfter = workerdProcess === undefined ? undefined : processUsage(workerdProcess)
  const sent = concurrency + overLimitCallers * overLimitRequests + disconnects
  const settled = proxyBatch.results.length + overLimitOutcomes.flat().length + leaverResults.length

  const { mismatches: _mismatches, ...identityFigures } = identity
  const figures: LoadFigures = {
    streams: concurrency,
    requests: { sent, settled, timedOut },
    errors,
    errorSamples,
    proxy: proxyBatch.figures,
    direct: batchFigures(
      [directBefore, directAfter].map(({ results, figures: one }) => ({
        done: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
        wallMs: one.wallMs,
      })),
    ),
    identity: identityFigures,
    overLimit,
    disconnects,
    cancellations,
    upstreamRequests,
    leavers: leaverOutcomes(worker.output(), leaverCaptures),
    uncaught: uncaughtIn(worker.output()) - uncaughtBefore,
    openSockets,
    totalMs: Math.round(totalMs),
    chunkDelayMs: worker.chunkDelayMs,
  }
  if (usageBefore && usageAfter)
    figures.workerd = {
      rssMbBefore: usageBefore.rssMb,
      rssMbAfter: usageAfter.rssMb,
      fdsBefore: usageBefore.fds,
      fdsAfter: usageAfter.fds,
    }
  return figures
}

/** `a / b` to two decimals, or `-`. */
function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : '-'
}

/**
 * The figures as the lines `pnpm load` prints: a summary, then proxy against direct.
 *
 * @param figures - from {@link runLoad}.
 * @returns aligned lines.
 */
export function formatFigures(figures: LoadFigures): string {
  const { proxy, direct, identity, overLimit } = figures
  const row = (name: string, viaProxy: number, viaDirect: number, unit: string) =>
    `  ${name.padEnd(22)}${`${viaProxy} ${unit}`.padStart(16)}${`${viaDirect} ${unit}`.padStart(16)}${ratio(viaProxy, viaDirect).padStart(10)}`
  const workerd = figures.workerd
    ? `workerd RSS ${figures.workerd.rssMbBefore} -> ${figures.workerd.rssMbAfter} MB, open fds ${figures.workerd.fdsBefore} -> ${figures.workerd.fdsAfter}`
    : 'workerd usage not observable here'
  return [
    `requests               ${figures.requests.sent} sent through the Worker, ${figures.requests.settled} settled, ${figures.requests.timedOut} timed out (bound), proxied phase ${figures.totalMs} ms`,
    `streams                ${figures.streams} concurrent: ${proxy.complete} complete`,
    `byte-identical         ${identity.identical}/${identity.compared} served streams equal the direct call byte for byte (and mistral-correlation-id), ${identity.prefixesIdentical}/${identity.prefixesCompared} leaving clients' bytes a prefix of it, ${identity.unseen} unseen`,
    `over-limit callers     ${overLimit.callers} callers x ${overLimit.sentEach} requests (limit ${overLimit.limit}): ${overLimit.refusedCallers} refused at least once, ${overLimit.overServedCallers} served beyond the limit; ${overLimit.served} served, ${overLimit.refused} 429 with Retry-After, ${overLimit.other} other`,
    `disconnects            ${figures.disconnects} clients left after the first chunk: ${figures.leavers.cancelled} cancelled by the Worker (${figures.cancellations} upstream cancellations seen by the mock), ${figures.leavers.dropped} dropped with their request by workerd, ${figures.leavers.ranOn} ran on (${figures.upstreamRequests} upstream requests)`,
    `uncaught in workerd    ${figures.uncaught}`,
    `leaks                  ${figures.openSockets} connections to the Worker still open after the run; ${workerd}`,
    `errors                 ${figures.errors}${figures.errorSamples.map((sample) => `\n  ${sample}`).join('')}`,
    '',
    `${figures.streams} streams at once, the mock waiting ${figures.chunkDelayMs} ms before each chunk; direct = createMockMistral().fetch in this process, before and after the proxied batch`,
    `  ${''.padEnd(22)}${'proxy'.padStart(16)}${'direct'.padStart(16)}${'proxy/direct'.padStart(14)}`,
    row('time to first chunk p50', proxy.timeToFirstChunkMs.p50, direct.timeToFirstChunkMs.p50, 'ms'),
    row('time to first chunk p95', proxy.timeToFirstChunkMs.p95, direct.timeToFirstChunkMs.p95, 'ms'),
    row('time to first chunk p99', proxy.timeToFirstChunkMs.p99, direct.timeToFirstChunkMs.p99, 'ms'),
    row('stream duration p50', proxy.streamMs.p50, direct.streamMs.p50, 'ms'),
    row('stream duration p99', proxy.streamMs.p99, direct.streamMs.p99, 'ms'),
    row('throughput', proxy.streamsPerSecond, direct.streamsPerSecond, 'streams/s'),
    row('throughput', proxy.megabytesPerSecond, direct.megabytesPerSecond, 'MB/s'),
  ].join('\n')
}

/**
 * What is wrong with a run's figures, as sentences; empty when everything held.
 *
 * @param figures - from {@link runLoad}.
 * @returns the problems.
 */
export function loadProblems(figures: LoadFigures): string[] {
  const problems: string[] = []
  const { requests, identity, overLimit } = figures
  if (requests.settled !== requests.sent || requests.timedOut)
    problems.push(`hang: ${requests.sent - requests.settled} requests did not settle, ${requests.timedOut} timed out`)
  if (figures.proxy.complete !== figures.streams)
    problems.push(`${figures.streams - figures.proxy.complete} streams did not complete`)
  if (figures.direct.complete !== 2 * figures.streams)
    problems.push(`${2 * figures.streams - figures.direct.complete} direct streams did not complete`)
  if (identity.compared !== figures.streams + overLimit.served)
    problems.push(`${identity.compared} streams compared, ${figures.streams + overLimit.served} served`)
  if (identity.identical !== identity.compared)
    problems.push(`${identity.compared - identity.identical} streams differ from the direct call`)
  if (identity.prefixesIdentical !== identity.prefixesCompared || identity.prefixesCompared !== figures.disconnects) {
    problems.push(
      `${identity.prefixesIdentical}/${identity.prefixesCompared} leaving clients' bytes start the direct answer (${figures.disconnects} left)`,
    )
  }
  if (identity.unseen) problems.push(`${identity.unseen} completions answered by the Worker's mock that no client saw`)
  if (overLimit.refusedCallers !== overLimit.callers)
    problems.push(`${overLimit.callers - overLimit.refusedCallers} over-limit callers never got a 429`)
  if (overLimit.overServedCallers)
    problems.push(`${overLimit.overServedCallers} over-limit callers served beyond the limit`)
  if (overLimit.other) problems.push(`${overLimit.other} over-limit answers neither served nor a proper 429`)
  const expectedUpstream = figures.streams + overLimit.served + figures.disconnects
  if (figures.upstreamRequests !== expectedUpstream)
    problems.push(
      `the mock saw ${figures.upstreamRequests} requests for ${expectedUpstream} served (a refused request went upstream?)`,
    )
  const { leavers } = figures
  if (leavers.ranOn) problems.push(`${leavers.ranOn} leaving clients' streams ran on after the client left`)
  if (figures.cancellations !== leavers.cancelled)
    problems.push(
      `the Worker cancelled ${leavers.cancelled} streams of leaving clients, the mock saw ${figures.cancellations} upstream cancellations`,
    )
  if (figures.uncaught)
    problems.push(`workerd reported ${figures.uncaught} uncaught exceptions (LOAD_DEBUG=1 prints them)`)
  if (figures.openSockets) problems.push(`${figures.openSockets} connections to the Worker still open after the run`)
  if (figures.errors) problems.push(`${figures.errors} errors`)
  return problems
}
