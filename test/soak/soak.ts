// The seeded fault soak: a schedule of mixed operations run at a fixed concurrency against the loopback soak server,
// each outcome checked against the fault it was dealt. Run small by test/unit/soak.test.ts and long by `pnpm soak`.

import { isDeepStrictEqual } from 'node:util'
import {
  type ChatCompletionRequest,
  type Client,
  type CompletionChunk,
  ConnectionError,
  chatComplete,
  chatStream,
  createClient,
  isMistralError,
  modelsList,
  type RequestOptions,
  type RequestTimeoutError,
  SDKError,
  StreamError,
} from '@mistral-edge/client'
import {
  createSchedule,
  ERROR_EVENT_MESSAGE,
  type ExpectedOutcome,
  expectationOf,
  type FaultKind,
  faultKindsOf,
  MAX_RETRIES,
  type Operation,
  type OperationKind,
} from './schedule.js'
import { type SoakServer, startSoakServer } from './server.js'

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** Seed of the schedule and the mock: the same seed replays the same operations and faults. */
  seed: number
  /** How many operations. */
  ops: number
  /** Operations in flight at once. Default 8. */
  concurrency?: number
  /** An operation still unsettled after this long counts as a hang and is aborted. Default 20000 ms. */
  operationLimitMs?: number
  /** The whole run stops after this long; operations not run then are violations. Default 120 s + 50 ms per op. */
  timeLimitMs?: number
}

/** What a soak run measured. Every count that names a failure must be 0, and `violations` empty. */
export interface SoakFigures {
  seed: number
  ops: number
  concurrency: number
  /** Operations by kind. */
  operations: Partial<Record<OperationKind, number>>
  /** Faults dealt, by kind (an operation may carry a retried fault and a stream fault). */
  faults: Partial<Record<FaultKind, number>>
  /** Settled operations by outcome: `success`, the error class, with the status or the stream error's reason. */
  outcomes: Record<string, number>
  /** Requests that reached the server, and how many of them were retries. */
  attempts: number
  retries: number
  /** TCP connections the server accepted. */
  connections: number
  /** Streams the mock saw cancelled by the client before their end (idle timeouts, resets). */
  cancelledStreams: number
  /** Operations that did not settle within the operation limit. */
  hangs: number
  /** Server sockets still open once every operation settled and idle keep-alive sockets were closed. */
  leakedSockets: number
  /** Streams that ended without an error but without everything the server sent up to `[DONE]`. */
  streamsLost: number
  unhandledRejections: number
  /** Operations never started because the time limit passed. */
  notRun: number
  /** Broken invariants, one line each (the first 20), and how many there were. */
  violations: string[]
  violationCount: number
  durationMs: number
}

/** What an operation came to. */
interface Settled {
  value?: unknown
  chunks: CompletionChunk[]
  error?: unknown
  hung: boolean
}

const MAX_LISTED_VIOLATIONS = 20

/** The outcome label of the figures: `success`, `SDKError 429`, `StreamError idle-timeout`, `ConnectionError`... */
function outcomeLabel(settled: Settled): string {
  const { error } = settled
  if (error === undefined) return 'success'
  if (error instanceof SDKError) return `${error.name} ${error.status}`
  if (error instanceof StreamError) return `StreamError ${error.reason}`
  return error instanceof Error ? error.name : typeof error
}

/** Runs one operation, with a watchdog that aborts it (and marks it hung) past the limit. */
async function perform(client: Client, server: SoakServer, operation: Operation, limitMs: number): Promise<Settled> {
  const controller = new AbortController()
  let hung = false
  const watchdog = setTimeout(() => {
    hung = true
    controller.abort(new Error(`soak: operation ${operation.id} did not settle within ${limitMs} ms`))
  }, limitMs)
  const options: RequestOptions = { signal: controller.signal, headers: operation.headers }
  if (operation.timeoutMs) options.timeoutMs = operation.timeoutMs
  if (operation.idleTimeoutMs) options.idleTimeoutMs = operation.idleTimeoutMs
  const chunks: CompletionChunk[] = []
  let settled: Omit<Settled, 'hung'>
  try {
    const request = operation.request as ChatCompletionRequest
    if (operation.kind === 'models-list') settled = { value: await modelsList(client, {}, options), chunks }
    else if (operation.kind === 'chat-complete')
      settled = { value: await chatComplete(client, request, options), chunks }
    else {
      const stream = await chatStream(client, request, options)
      // The server's `drop-reset` waits for this, so the chunks the client saw before the reset are exact.
      server.progress(operation.id, 0)
      for await (const chunk of stream) {
        chunks.push(chunk)
        server.progress(operation.id, chunks.length)
      }
      settled = { chunks }
    }
  } catch (error) {
    settled = { error, chunks }
  } finally {
    clearTimeout(watchdog)
  }
  return { ...settled, hung }
}

const parseEvents = (events: readonly string[]) =>
  events.filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as unknown)

/** Checks the error of a failed operation against the expected one; returns what does not fit. */
function checkError(
  expected: Exclude<ExpectedOutcome, { type: 'success' }>,
  settled: Settled,
  operation: Operation,
  server: SoakServer,
): string[] {
  const { error } = settled
  const record = server.record(operation.id)
  const problems: string[] = []
  if (!isMistralError(error)) return [`threw a non-library error: ${String(error)}`]
  if (error.name !== expected.type)
    return [`threw ${outcomeLabel(settled)} (${error.message}), expected ${expected.type}`]
  if (expected.type === 'SDKError' || expected.type === 'HTTPValidationError') {
    const sdkError = error as SDKError
    if (sdkError.status !== expected.status) problems.push(`status ${sdkError.status}, expected ${expected.status}`)
    if (sdkError.body !== record?.text) problems.push('the error body is not the body the server sent')
    if (expected.retryAfterMs !== undefined && sdkError.retryAfterMs !== expected.retryAfterMs) {
      problems.push(`retryAfterMs ${sdkError.retryAfterMs}, expected ${expected.retryAfterMs}`)
    }
  }
  if (expected.type === 'ConnectionError' && !(error instanceof ConnectionError))
    problems.push('not a ConnectionError instance')
  if (expected.type === 'RequestTimeoutError' && (error as RequestTimeoutError).timeoutMs !== operation.timeoutMs) {
    problems.push(`timeoutMs ${(error as RequestTimeoutError).timeoutMs}, expected ${operation.timeoutMs}`)
  }
  if (expected.type === 'StreamError') {
    const streamError = error as StreamError
    if (streamError.reason !== expected.reason)
      return [`StreamError ${streamError.reason} (${streamError.message}), expected ${expected.reason}`]
    const events = record?.events ?? []
    // The chunks the server sent before the fault: nothing invented, nothing retried. Exactly those, unless the
    // connection broke: then the runtime's fetch may drop what it had buffered but not yet handed over (undici errors
    // the body stream and its queue with it: Node 22 and 24 do when the reader is a few ms behind), so a prefix of them.
    const before = parseEvents(events.slice(0, expected.chunks))
    const yielded = expected.reason === 'connection' ? before.slice(0, settled.chunks.length) : before
    if (!isDeepStrictEqual(settled.chunks, yielded))
      problems.push(`yielded ${settled.chunks.length} chunks, expected the server's first ${expected.chunks}`)
    if (expected.reason === 'malformed' && streamError.data !== events[expected.chunks])
      problems.push('StreamError.data is not the malformed event')
    if (expected.reason === 'server-error' && streamError.message !== ERROR_EVENT_MESSAGE)
      problems.push(`message ${JSON.stringify(streamError.message)}`)
  }
  return problems
}

/**
 * Checks a settled operation against its faults: attempts, outcome, and for a success exactly what the server sent.
 *
 * @returns the broken invariants (empty when all hold) and whether a stream ended quietly short of its end.
 */
function check(
  operation: Operation,
  settled: Settled,
  server: SoakServer,
): { problems: string[]; streamLost: boolean } {
  const expected = expectationOf(operation)
  const problems: string[] = []
  let streamLost = false
  const attempts = server.attempts(operation.id)
  if (attempts !== expected.attempts)
    problems.push(`${attempts} attempts reached the server, expected ${expected.attempts}`)
  const record = server.record(operation.id)
  if (settled.error === undefined && operation.kind === 'chat-stream') {
    // A stream that ends without an error must have yielded everything the server sent, up to its `[DONE]`.
    const events = record?.events ?? []
    const sent = parseEvents(events)
    if (events[events.length - 1] !== '[DONE]' || !isDeepStrictEqual(settled.chunks, sent)) {
      streamLost = true
      problems.push(
        `the stream ended quietly after ${settled.chunks.length} of ${sent.length} chunks (server sent [DONE]: ${events.includes('[DONE]')})`,
      )
    }
  }
  if (expected.outcome.type !== 'success') {
    if (settled.error === undefined) problems.push(`succeeded, expected ${expected.outcome.type}`)
    else problems.push(...checkError(expected.outcome, settled, operation, server))
  } else if (settled.error !== undefined) {
    const message = settled.error instanceof Error ? settled.error.message : String(settled.error)
    problems.push(`failed with ${outcomeLabel(settled)} (${message}), expected success`)
  } else if (!record || record.attempt !== attempts - 1 || record.status !== 200) {
    problems.push('succeeded without a 200 from the server on its last attempt')
  } else if (operation.kind !== 'chat-stream' && !isDeepStrictEqual(settled.value, JSON.parse(record.text))) {
    problems.push('the value returned is not the body the server sent')
  }
  return { problems, streamLost }
}

const increment = <K extends string>(counts: Partial<Record<K, number>>, key: K) => {
  counts[key] = (counts[key] ?? 0) + 1
}

/**
 * Runs a seeded fault soak: a loopback server (the mock behind `node:http` plus raw-socket faults), a schedule of
 * mixed operations (models list, chat complete, chat stream consumed fully) at a fixed concurrency, each with the
 * fault drawn for it, and the invariants checked for every operation.
 *
 * @param options - seed, number of operations, concurrency and limits.
 * @returns the figures; the run is sound when `violations` is empty and every failure count is 0.
 * @example
 * ```ts
 * const figures = await runSoak({ seed: 42, ops: 300 })
 * console.log(formatFigures(figures))
 * ```
 */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const { seed, ops, concurrency = 8, operationLimitMs = 20_000 } = options
  const timeLimitMs = options.timeLimitMs ?? 120_000 + ops * 50
  const started = Date.now()
  const schedule = createSchedule(seed, ops)
  const figures: SoakFigures = {
    seed,
    ops,
    concurrency,
    operations: {},
    faults: {},
    outcomes: {},
    attempts: 0,
    retries: 0,
    connections: 0,
    cancelledStreams: 0,
    hangs: 0,
    leakedSockets: 0,
    streamsLost: 0,
    unhandledRejections: 0,
    notRun: 0,
    violations: [],
    violationCount: 0,
    durationMs: 0,
  }
  const violate = (line: string) => {
    figures.violationCount++
    if (figures.violations.length < MAX_LISTED_VIOLATIONS) figures.violations.push(line)
  }
  const onUnhandledRejection = (reason: unknown) => {
    figures.unhandledRejections++
    violate(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`)
  }
  process.on('unhandledRejection', onUnhandledRejection)
  const server = await startSoakServer(seed)
  try {
    // Short backoff keeps a soak of thousands of retries fast; the retry logic is the same at any interval.
    const client = createClient({
      apiKey: 'soak-test-key',
      baseURL: server.url,
      timeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      retries: {
        strategy: 'backoff',
        maxRetries: MAX_RETRIES,
        backoff: { initialInterval: 2, maxInterval: 10, maxElapsedTime: 30_000 },
      },
    })
    let next = 0
    let stopped = false
    const unsettled = new Set<Operation>()
    const worker = async () => {
      while (!stopped && next < schedule.length) {
        const operation = schedule[next++] as Operation
        unsettled.add(operation)
        const settled = await perform(client, server, operation, operationLimitMs)
        unsettled.delete(operation)
        if (stopped) break
        increment(figures.operations, operation.kind)
        for (const kind of faultKindsOf(operation)) increment(figures.faults, kind)
        increment(figures.outcomes, outcomeLabel(settled))
        if (settled.hung) figures.hangs++
        const { problems, streamLost } = check(operation, settled, server)
        server.forget(operation.id)
        if (streamLost) figures.streamsLost++
        if (problems.length)
          violate(
            `op ${operation.id} ${operation.kind} [${faultKindsOf(operation).join('+')}] ${JSON.stringify(operation.headers)}: ${problems.join('; ')}`,
          )
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeLimitMs)
    })
    await Promise.race([Promise.all(Array.from({ length: concurrency }, worker)), deadline])
    clearTimeout(timer)
    stopped = true
    // Past the time limit: whatever is still in flight hung, whatever never started was not run.
    figures.hangs += unsettled.size
    figures.notRun = schedule.length - next
    if (unsettled.size || figures.notRun)
      violate(`time limit of ${timeLimitMs} ms passed: ${unsettled.size} in flight, ${figures.notRun} not run`)
    for (const operation of schedule.slice(0, next)) figures.attempts += server.attempts(operation.id)
    figures.retries = figures.attempts - next
    figures.leakedSockets = await server.settle(2_000)
    if (figures.leakedSockets)
      violate(`${figures.leakedSockets} server sockets still open after every operation settled`)
    figures.connections = server.connectionsOpened()
    figures.cancelledStreams = server.mock.state.stats.cancelled
  } finally {
    await server.close()
    // A rejection left unhandled by the last operations surfaces on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 10))
    process.off('unhandledRejection', onUnhandledRejection)
    figures.durationMs = Date.now() - started
  }
  return figures
}

const list = (counts: Record<string, number | undefined>) =>
  Object.entries(counts)
    .sort(([, a = 0], [, b = 0]) => b - a)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ')

/**
 * Formats the figures of a run for a terminal, with the seed that replays it.
 *
 * @param figures - from {@link runSoak}.
 * @returns a few lines of text.
 */
export function formatFigures(figures: SoakFigures): string {
  const replay = `pnpm soak --seed ${figures.seed} --ops ${figures.ops}${figures.concurrency === 8 ? '' : ` --concurrency ${figures.concurrency}`}`
  const lines = [
    `soak: seed ${figures.seed} (replay: ${replay}), ${figures.ops} operations at concurrency ${figures.concurrency}, ${(figures.durationMs / 1000).toFixed(1)} s`,
    `  operations: ${list(figures.operations)}`,
    `  faults:     ${list(figures.faults)}`,
    `  outcomes:   ${list(figures.outcomes)}`,
    `  attempts ${figures.attempts} (retries ${figures.retries}), connections ${figures.connections}, streams cancelled by the client ${figures.cancelledStreams}`,
    `  hangs ${figures.hangs}, leaked sockets ${figures.leakedSockets}, streams lost ${figures.streamsLost}, unhandled rejections ${figures.unhandledRejections}, not run ${figures.notRun}, violations ${figures.violationCount}`,
    ...figures.violations.map((line) => `  VIOLATION ${line}`),
  ]
  return lines.join('\n')
}
