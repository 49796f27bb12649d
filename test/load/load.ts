// The load engine: many streamed chats at once through the Worker under `wrangler dev` (its embedded mock), a burst
// above the rate limit from one client, and clients that go away mid-stream. `pnpm load` (scripts/load.mjs) runs it
// at full size and prints the figures; test/e2e/load.test.ts runs a small version inside `pnpm test`.
import { setMaxListeners } from 'node:events'
import { performance } from 'node:perf_hooks'
import { isDeepStrictEqual } from 'node:util'
import { type ChatCompletionRequest, type ChatCompletionResponse, type Client, type CompletionChunk, accumulateChunks, chatComplete, chatStream, createClient } from '@mistral-edge/client'
import { createMockMistral } from '@mistral-edge/mock'
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js'

/** The Worker's path for the embedded mock's counters (apps/worker/src/worker.ts, enabled by `EXPOSE_MOCK_STATS`). */
const MOCK_STATS_PATH = '/v1/__mock/stats'
const MODEL = 'mistral-small-latest'
/** Disconnecting clients ask questions whose answers have at least this many words (thinking included). */
const LONG_ANSWER_WORDS = 28

/** The Worker under `wrangler dev`, set up for a load run. */
export interface LoadWorker extends WranglerDev {
  /** The `LIMITER` binding's limit: requests per client per 60 s window. */
  rateLimit: number
  /** `MOCK_CHUNK_DELAY_MS`: the embedded mock's wait before each streamed chunk. */
  chunkDelayMs: number
}

/** Options of {@link startLoadWorker}. */
export interface LoadWorkerOptions {
  /** Requests per client per window. Default 60 (the Worker's own default). */
  rateLimit?: number
  /**
   * The embedded mock's wait before each streamed chunk, in ms. Default 100 (`pnpm start` uses 150 so a person sees
   * the tokens arrive). Much shorter, and 200 streams saturate `wrangler dev` on a small machine: chunks then queue for
   * longer than a whole stream takes to produce, and a client leaving after its first chunk leaves a stream that is
   * already over upstream, with nothing left to cancel.
   */
  chunkDelayMs?: number
}

/**
 * Starts the Worker with `wrangler dev` for a load run: the embedded mock with a short per-chunk delay, the given
 * rate limit, and the mock's counters exposed so cancellations can be counted.
 *
 * @param options - the rate limit and the per-chunk delay.
 * @returns the running Worker; call `stop()` when done.
 */
export async function startLoadWorker(options: LoadWorkerOptions = {}): Promise<LoadWorker> {
  const { rateLimit = 60, chunkDelayMs = 100 } = options
  const vars = {
    MOCK_CHUNK_DELAY_MS: String(chunkDelayMs),
    EXPOSE_MOCK_STATS: 'true',
    // Without a key only: this header names the client, so one machine plays many (on loopback the Worker would
    // otherwise count every caller as one, as a CF-Connecting-IP sent to `wrangler dev` is the caller's own choice).
    TEST_CLIENT_HEADER: CLIENT_HEADER,
  }
  const worker = await startWranglerDev(vars, { rateLimit })
  return { ...worker, rateLimit, chunkDelayMs }
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Streamed chats run at once, each from its own client, each checked against a direct call. */
  concurrency: number
  /** Requests one client fires at once at `GET /v1/models`; those above the rate limit must get 429. */
  burst: number
  /** Extra streamed chats whose clients go away after the first chunk. */
  disconnects: number
  /** Bound of the whole run, in ms; anything still running then fails. Default 120000. */
  timeoutMs?: number
}

/** Nearest-rank percentiles of a set of durations, in ms. */
export interface Percentiles {
  p50: number
  p99: number
  max: number
}

/** What a load run measured. */
export interface LoadFigures {
  /** Streams started (`concurrency`). */
  streams: number
  /** Streams that ended with `[DONE]` (the library throws on anything else). */
  complete: number
  /** Complete streams whose text, finish_reason and usage equal those of the same request sent to the mock directly. */
  identical: number
  /** Failures of any kind: a stream or disconnecting client that threw, a burst answer neither 200 nor 429. */
  errors: number
  /** The first few error messages. */
  errorSamples: string[]
  /** From sending a stream's request to its first chunk. */
  timeToFirstChunkMs: Percentiles
  /** From sending a stream's request to its end. */
  streamMs: Percentiles
  /** From the first request sent to the last answer read (cancellations are waited for after). */
  totalMs: number
  burst: {
    sent: number
    /** The rate limit the burst ran into. */
    limit: number
    succeeded: number
    /** 429 with a `Retry-After` of 1..60 s and the API's `rate_limited` body. */
    limitedWithRetryAfter: number
    /** Anything else (an error). */
    other: number
  }
  /** Clients that went away after their first chunk. */
  disconnects: number
  /** Upstream streams the embedded mock saw cancelled during the run. */
  cancellations: number
  /** The mock's per-chunk delay the run used. */
  chunkDelayMs: number
}

/** What a chat must produce to count as identical: ids, `created`, `p` padding and chunk boundaries may differ. */
interface Comparable {
  text: unknown
  finishReason: unknown
  usage: unknown
}

/**
 * The parts of a completion compared between a call through the Worker and a direct one. The mock derives the text,
 * finish_reason and usage from the request alone; ids, timestamps, `p` padding and how the text is cut into chunks
 * come from its running random sequence, so they legitimately differ between two mocks that saw other requests.
 *
 * @param response - an accumulated or direct completion.
 * @returns text, finish_reason and usage.
 */
export function comparable(response: ChatCompletionResponse): Comparable {
  const choice = response.choices[0]
  return { text: choice?.message.content, finishReason: choice?.finish_reason, usage: response.usage }
}

/** Nearest-rank percentiles; zeros for an empty list. */
function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
  const round = (value: number) => Math.round(value * 10) / 10
  return { p50: round(rank(50)), p99: round(rank(99)), max: round(sorted.at(-1) ?? 0) }
}

/** The header that names a simulated client (the Worker's `TEST_CLIENT_HEADER`). */
const CLIENT_HEADER = 'x-load-client'

/** Every run gets its own simulated client addresses, so the rate limiter's windows of one run do not leak into the next. */
let runCount = 0

/**
 * The headers of one simulated client: its name in `TEST_CLIENT_HEADER` (the Worker's test-only client identity,
 * honoured without a key only). `identity`: a compressed event stream could arrive in one piece, which would hide the
 * time to first chunk.
 */
function clientHeaders(address: string): Record<string, string> {
  return { [CLIENT_HEADER]: address, 'accept-encoding': 'identity' }
}

/**
 * Waits past the next minute boundary when one is near: the Rate Limiting binding counts in fixed 60 s windows
 * aligned to the clock (as Miniflare simulates it), so a burst that straddles a boundary would get a second window.
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

/**
 * Questions whose answers are long: with `reasoning_effort` the mock thinks before answering, and these prompts get
 * at least {@link LONG_ANSWER_WORDS} words, so a client leaving after the first chunk leaves a stream with many chunks
 * still to send (workerd notices a client that went away only when the next chunk fails to go out).
 */
async function longQuestions(direct: Client, count: number): Promise<ChatCompletionRequest[]> {
  const found: ChatCompletionRequest[] = []
  for (let attempt = 0; found.length < count; attempt++) {
    const content = `Disconnecting client question ${attempt}`
    const request: ChatCompletionRequest = { model: MODEL, reasoning_effort: 'high', messages: [{ role: 'user', content }] }
    const answer = await chatComplete(direct, request)
    if ((answer.usage?.completion_tokens ?? 0) >= LONG_ANSWER_WORDS) found.push(request)
  }
  return found
}

/** One stream through the Worker, read to its end; `onHeaders` is called once its response headers are in. */
async function streamChat(client: Client, request: ChatCompletionRequest, address: string, signal: AbortSignal, onHeaders: () => void) {
  const started = performance.now()
  const stream = await chatStream(client, request, { signal, headers: clientHeaders(address) }).finally(onHeaders)
  const chunks: CompletionChunk[] = []
  let firstChunkMs: number | undefined
  for await (const chunk of stream) {
    firstChunkMs ??= performance.now() - started
    chunks.push(chunk)
  }
  return { firstChunkMs: firstChunkMs ?? 0, durationMs: performance.now() - started, response: await accumulateChunks(chunks) }
}

/** A client that reads the first chunk and goes away: `break` closes its connection to the Worker. */
async function leaveAfterFirstChunk(client: Client, request: ChatCompletionRequest, address: string, signal: AbortSignal): Promise<void> {
  const stream = await chatStream(client, request, { signal, headers: clientHeaders(address) })
  for await (const chunk of stream) {
    if (chunk.object !== 'chat.completion.chunk') throw new Error(`unexpected first chunk ${JSON.stringify(chunk)}`)
    break
  }
}

/** One request of the burst: `succeeded`, `limited` (a proper 429), or what else came back. */
async function burstRequest(url: string, address: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(`${url}/v1/models`, { headers: clientHeaders(address), signal })
  const text = await response.text()
  if (response.status === 200) return 'succeeded'
  const retryAfter = Number(response.headers.get('retry-after'))
  const limited = text.includes('"type":"rate_limited"') && text.includes('"code":"1300"')
  if (response.status === 429 && retryAfter >= 1 && retryAfter <= 60 && limited) return 'limited'
  return `burst answer ${response.status} (retry-after ${response.headers.get('retry-after')}): ${text.slice(0, 200)}`
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
  if (!response.ok) throw new Error(`${MOCK_STATS_PATH} answered ${response.status}: start the Worker with EXPOSE_MOCK_STATS=true`)
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

/**
 * Runs the load against a Worker started by {@link startLoadWorker}: `concurrency` streamed chats (each from its own
 * client) and a `burst` from one more client, all at once; once every stream has its headers, `disconnects` more
 * clients start streams and leave after the first chunk, while the others are still streaming. Every stream's result is compared with the same request sent straight to `createMockMistral().fetch` (the
 * Worker's embedded mock, same default seed) through the library; see {@link comparable} for what is compared.
 *
 * @param worker - the running Worker.
 * @param options - how many streams, burst requests and disconnects; the time bound.
 * @returns the figures; failures are counted in them, never thrown.
 * @example
 * ```ts
 * const worker = await startLoadWorker()
 * try {
 *   console.log(formatFigures(await runLoad(worker, { concurrency: 200, burst: 120, disconnects: 20 })))
 * } finally {
 *   await worker.stop()
 * }
 * ```
 */
export async function runLoad(worker: LoadWorker, options: LoadOptions): Promise<LoadFigures> {
  const { concurrency, burst, disconnects, timeoutMs = 120_000 } = options
  const run = ++runCount % 256
  const address = (index: number) => `10.${run}.${index >> 8}.${index & 255}`
  const burstAddress = `192.0.2.${run}`

  const direct = createClient({ apiKey: 'direct-call', fetch: createMockMistral().fetch })
  const questions = Array.from({ length: concurrency }, (_, index) => question(index))
  const expected: Comparable[] = []
  for (const request of questions) expected.push(comparable(await accumulateChunks(await chatStream(direct, request))))
  const leaving = await longQuestions(direct, disconnects)

  const client = createClient({ baseURL: worker.url, retries: { strategy: 'none' }, timeoutMs: 30_000, idleTimeoutMs: 30_000 })
  const signal = AbortSignal.timeout(timeoutMs)
  // Every request of the run listens to this one signal: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, signal)
  const before = await readMockStats(worker.url)
  const errorSamples: string[] = []
  const fail = (error: unknown) => {
    if (errorSamples.length < 5) errorSamples.push(messageOf(error))
  }

  await awayFromWindowEdge()
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
  const streams = Promise.allSettled(questions.map((request, index) => streamChat(client, request, address(index), signal, onHeaders)))
  const answers = Promise.allSettled(Array.from({ length: burst }, () => burstRequest(worker.url, burstAddress, signal)))
  const leavers = streaming.then(() =>
    Promise.allSettled(leaving.map((request, index) => leaveAfterFirstChunk(client, request, address(concurrency + index), signal))),
  )
  const [streamResults, leaverResults, burstResults] = await Promise.all([streams, leavers, answers])
  const totalMs = performance.now() - started

  let errors = 0
  let identical = 0
  const firstChunks: number[] = []
  const durations: number[] = []
  for (const [index, result] of streamResults.entries()) {
    if (result.status === 'rejected') {
      errors++
      fail(result.reason)
      continue
    }
    firstChunks.push(result.value.firstChunkMs)
    durations.push(result.value.durationMs)
    if (isDeepStrictEqual(comparable(result.value.response), expected[index])) identical++
    else fail(new Error(`stream ${index} differs from the direct call: ${JSON.stringify(comparable(result.value.response))}`))
  }
  for (const result of leaverResults) {
    if (result.status === 'rejected') {
      errors++
      fail(result.reason)
    }
  }
  const counts = { succeeded: 0, limited: 0, other: 0 }
  for (const result of burstResults) {
    if (result.status === 'fulfilled' && (result.value === 'succeeded' || result.value === 'limited')) counts[result.value]++
    else {
      counts.other++
      errors++
      fail(result.status === 'rejected' ? result.reason : new Error(result.value))
    }
  }
  const cancellations = await cancellationsSince(worker.url, before.cancelled, disconnects, 10_000)

  return {
    streams: concurrency,
    complete: firstChunks.length,
    identical,
    errors,
    errorSamples,
    timeToFirstChunkMs: percentiles(firstChunks),
    streamMs: percentiles(durations),
    totalMs: Math.round(totalMs),
    burst: { sent: burst, limit: worker.rateLimit, succeeded: counts.succeeded, limitedWithRetryAfter: counts.limited, other: counts.other },
    disconnects,
    cancellations,
    chunkDelayMs: worker.chunkDelayMs,
  }
}

/**
 * The figures as the lines `pnpm load` prints.
 *
 * @param figures - from {@link runLoad}.
 * @returns a few aligned lines.
 */
export function formatFigures(figures: LoadFigures): string {
  const { timeToFirstChunkMs: first, streamMs, burst } = figures
  return [
    `streams                ${figures.streams} concurrent: ${figures.complete} complete, ${figures.identical} identical to a direct call`,
    `errors                 ${figures.errors}${figures.errorSamples.map((sample) => `\n  ${sample}`).join('')}`,
    `time to first chunk    p50 ${first.p50} ms, p99 ${first.p99} ms, max ${first.max} ms (the mock waits ${figures.chunkDelayMs} ms before each chunk)`,
    `stream duration        p50 ${streamMs.p50} ms, p99 ${streamMs.p99} ms, max ${streamMs.max} ms`,
    `total time             ${figures.totalMs} ms`,
    `rate-limit burst       ${burst.sent} requests from one client (limit ${burst.limit}): ${burst.succeeded} OK, ${burst.limitedWithRetryAfter} 429 with Retry-After, ${burst.other} other`,
    `disconnects            ${figures.disconnects} clients left after the first chunk: ${figures.cancellations} upstream cancellations seen by the mock`,
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
  const { burst } = figures
  const expectedLimited = Math.max(0, burst.sent - burst.limit)
  if (figures.complete !== figures.streams) problems.push(`${figures.streams - figures.complete} streams did not complete`)
  if (figures.identical !== figures.complete) problems.push(`${figures.complete - figures.identical} streams differ from the direct call`)
  if (figures.errors) problems.push(`${figures.errors} errors`)
  if (burst.limitedWithRetryAfter !== expectedLimited) problems.push(`${burst.limitedWithRetryAfter} 429s for a burst that should get ${expectedLimited}`)
  if (figures.cancellations !== figures.disconnects) problems.push(`${figures.cancellations} cancellations for ${figures.disconnects} disconnects`)
  return problems
}
