// The soak's schedule: a seeded list of operations, each with the fault the server plays on it and the outcome that
// fault must lead to. Everything here is a pure function of the seed, so a printed seed replays the same run.

import type { ChatCompletionRequest } from '@mistral-edge/client'

/** What an operation calls. */
export type OperationKind = 'models-list' | 'chat-complete' | 'chat-stream'

/**
 * Faults that spoil an attempt before the caller holds anything: the client must retry the retryable ones.
 * `cut-body` is a JSON body cut mid-way (after the headers, but a JSON call has yielded nothing yet).
 */
type AttemptFaultKind =
  | 'rate-limit'
  | 'rate-limit-too-long'
  | 'server-error'
  | 'not-retried-status'
  | 'reset'
  | 'cut-body'
  | 'header-stall'

/** Faults after a stream's headers arrived: the client must never retry them. */
type StreamFaultKind = 'drop' | 'drop-reset' | 'truncate' | 'malformed' | 'error-event' | 'stall'

/** Every fault kind, for the figures. */
export type FaultKind = 'none' | AttemptFaultKind | StreamFaultKind

/** A fault that spoils the first `times` attempts of an operation. */
interface AttemptFault {
  kind: AttemptFaultKind
  times: number
  /** The HTTP status of the status faults. */
  status?: number
  /** `retry-after` or `retry-after-ms`, as sent. */
  retryAfter?: { header: 'retry-after' | 'retry-after-ms'; value: string; milliseconds: number }
}

/** A fault that breaks a stream after `after` events. */
interface StreamFault {
  kind: StreamFaultKind
  after: number
}

/** The shapes of answer a chat request asks the mock for. */
type ChatShape = 'text' | 'thinking' | 'tool-call' | 'tool-call-fragments'

/** One operation of the schedule. */
export interface Operation {
  id: number
  kind: OperationKind
  /** The chat request (chat operations only). */
  request?: ChatCompletionRequest
  shape?: ChatShape
  attemptFault?: AttemptFault
  streamFault?: StreamFault
  /** Headers that carry the faults to the server: `x-mock-fault` for the mock's own, `x-soak-fault` for raw ones. */
  headers: Record<string, string>
  /** Per-call limits, set only where a fault needs them short (a short limit on every call would fire under load). */
  timeoutMs?: number
  idleTimeoutMs?: number
}

/** The error an operation must end with, or success. */
export type ExpectedOutcome =
  | { type: 'success' }
  | { type: 'SDKError' | 'HTTPValidationError'; status: number; retryAfterMs?: number }
  | { type: 'ConnectionError' }
  | { type: 'RequestTimeoutError' }
  | {
      type: 'StreamError'
      reason: 'connection' | 'truncated' | 'malformed' | 'server-error' | 'idle-timeout'
      chunks: number
    }

/** What an operation must come to: its outcome and how many attempts reach the server. */
export interface Expectation {
  outcome: ExpectedOutcome
  attempts: number
}

/** Retries the soak's client allows (the library's default count). */
export const MAX_RETRIES = 2
// The two time-based faults need short limits, set only on the operations that carry them. They are far above any
// healthy loopback answer even on a loaded machine (the client's timer runs before pending I/O after a long pause of
// the event loop, so a limit near the answer time would fire on healthy attempts): a limit that fires wrongly is
// still counted as a violation.
/** Per-call timeout of operations whose headers are withheld. */
const HEADER_STALL_TIMEOUT_MS = 1_000
/** Per-call idle timeout of operations whose stream stalls. */
const STALL_IDLE_TIMEOUT_MS = 500
/** The message of the injected error event; the client must surface it as `StreamError.message`. */
export const ERROR_EVENT_MESSAGE = 'Internal server error (soak fault)'

/** A small seeded PRNG (mulberry32), so the schedule depends on the seed alone. */
function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  /** One of `entries`, with probability proportional to its weight. */
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    let ticket = next() * entries.reduce((sum, [, weight]) => sum + weight, 0)
    for (const [value, weight] of entries) {
      ticket -= weight
      if (ticket < 0) return value
    }
    return (entries[entries.length - 1] as readonly [T, number])[0]
  }
  return { next, int, weighted, pick: <T>(list: readonly T[]): T => list[int(list.length)] as T }
}

type Random = ReturnType<typeof createRandom>

// Prompt words from several scripts, so request bodies carry multi-byte UTF-8.
const WORDS = [
  'hello',
  'bonjour',
  'café',
  'naïve',
  '日本語',
  '数据',
  '한국어',
  'emoji',
  '🙂',
  '🚀',
  'e\u0301',
  'Grüße',
  'données',
  'stream',
]

const OPERATIONS = [
  ['models-list', 25],
  ['chat-complete', 30],
  ['chat-stream', 45],
] as const

// Stream operations see every fault; JSON operations see the attempt faults only (`cut-body` is their mid-body cut).
const STREAM_FAULTS = [
  ['none', 30],
  ['rate-limit', 8],
  ['rate-limit-too-long', 2],
  ['server-error', 8],
  ['not-retried-status', 3],
  ['reset', 6],
  ['header-stall', 1.5],
  ['drop', 7],
  ['drop-reset', 6],
  ['truncate', 5],
  ['malformed', 7],
  ['error-event', 7],
  ['stall', 4],
] as const satisfies readonly (readonly [FaultKind, number])[]
const JSON_FAULTS = [
  ['none', 35],
  ['rate-limit', 12],
  ['rate-limit-too-long', 3],
  ['server-error', 12],
  ['not-retried-status', 4],
  ['reset', 10],
  ['cut-body', 10],
  ['header-stall', 2],
] as const satisfies readonly (readonly [FaultKind, number])[]
const STREAM_FAULT_KINDS: readonly StreamFaultKind[] = [
  'drop',
  'drop-reset',
  'truncate',
  'malformed',
  'error-event',
  'stall',
]
const RETRIED_ATTEMPT_FAULTS: readonly AttemptFaultKind[] = ['rate-limit', 'server-error', 'reset', 'header-stall']

const isStreamFault = (kind: FaultKind): kind is StreamFaultKind =>
  (STREAM_FAULT_KINDS as readonly string[]).includes(kind)

/** A chat request asking for one shape of answer. */
function chatRequest(random: Random, shape: ChatShape): ChatCompletionRequest {
  const content = Array.from({ length: 1 + random.int(6) }, () => random.pick(WORDS)).join(' ')
  const messages: ChatCompletionRequest['messages'] = [{ role: 'user', content }]
  const tools: ChatCompletionRequest['tools'] = [
    {
      type: 'function',
      function: {
        name: 'weather',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' }, days: { type: 'integer' } },
          required: ['city', 'days'],
        },
      },
    },
  ]
  if (shape === 'thinking') return { model: 'magistral-medium-latest', messages }
  if (shape === 'tool-call') return { model: 'mistral-large-latest', messages, tools, tool_choice: 'any' }
  // A model name containing "incremental" is the mock's hook for tool calls streamed in fragments.
  if (shape === 'tool-call-fragments')
    return { model: 'mistral-small-incremental', messages, tools, tool_choice: 'any' }
  return { model: random.pick(['mistral-small-latest', 'mistral-large-latest', 'open-mistral-nemo']), messages }
}

/** How many chunks (before `[DONE]`) the mock streams at least for a shape: a stream fault must land before `[DONE]`. */
const MIN_CHUNKS: Record<ChatShape, number> = { text: 3, thinking: 4, 'tool-call': 2, 'tool-call-fragments': 5 }

/** How many attempts a fault spoils: mostly within the retry budget, sometimes beyond it. */
const drawTimes = (random: Random) =>
  random.weighted([
    [1, 50],
    [2, 30],
    [MAX_RETRIES + 1, 20],
  ] as const)

function drawAttemptFault(random: Random, kind: AttemptFaultKind, withinBudget: boolean): AttemptFault {
  const times = withinBudget ? 1 + random.int(MAX_RETRIES) : drawTimes(random)
  if (kind === 'rate-limit') {
    // Retry-After scaled down to keep the soak fast: 0 s, a few ms, or a date already past.
    const retryAfter = random.pick([
      { header: 'retry-after', value: '0', milliseconds: 0 },
      { header: 'retry-after-ms', value: String(random.int(30)), milliseconds: -1 },
      { header: 'retry-after', value: 'Wed, 21 Oct 2015 07:28:00 GMT', milliseconds: 0 },
    ] as const)
    const milliseconds = retryAfter.milliseconds < 0 ? Number(retryAfter.value) : retryAfter.milliseconds
    return { kind, times, status: 429, retryAfter: { ...retryAfter, milliseconds } }
  }
  if (kind === 'rate-limit-too-long') {
    // Longer than the 60 s the client waits at most: the 429 is thrown at once, with retryAfterMs set.
    const retryAfter = random.pick([
      { header: 'retry-after', value: '120', milliseconds: 120_000 },
      { header: 'retry-after-ms', value: '61000', milliseconds: 61_000 },
    ] as const)
    return { kind, times: 1, status: 429, retryAfter }
  }
  if (kind === 'server-error') return { kind, times, status: random.pick([500, 502, 503, 504]) }
  if (kind === 'not-retried-status') return { kind, times: 1, status: random.pick([400, 404, 422, 520]) }
  return { kind, times }
}

/** The headers that carry an operation's faults to the server. */
function faultHeaders(
  id: number,
  attemptFault: AttemptFault | undefined,
  streamFault: StreamFault | undefined,
): Record<string, string> {
  const mock: string[] = []
  const soak: string[] = []
  if (attemptFault?.status) {
    mock.push(`status=${attemptFault.status}`, `times=${attemptFault.times}`)
    if (attemptFault.retryAfter) mock.push(`${attemptFault.retryAfter.header}=${attemptFault.retryAfter.value}`)
  } else if (attemptFault) soak.push(`attempt=${attemptFault.kind}`, `times=${attemptFault.times}`)
  const mockStreamFaults: Partial<Record<StreamFaultKind, string>> = {
    drop: 'drop-after',
    malformed: 'malformed-after',
    stall: 'stall-after',
  }
  const mockKey = streamFault && mockStreamFaults[streamFault.kind]
  if (streamFault && mockKey) mock.push(`${mockKey}=${streamFault.after}`)
  else if (streamFault) soak.push(`stream=${streamFault.kind}`, `after=${streamFault.after}`)
  const headers: Record<string, string> = { 'x-soak-op': String(id) }
  // The mock counts `times` per header value; `op=` (a key the mock ignores) keeps each operation's count its own.
  if (mock.length) headers['x-mock-fault'] = [...mock, `op=${id}`].join(';')
  if (soak.length) headers['x-soak-fault'] = soak.join(';')
  return headers
}

/**
 * Draws the schedule of a soak run.
 *
 * @param seed - the seed; the same seed gives the same operations, requests and faults.
 * @param count - how many operations.
 * @returns the operations, ids 0 to count - 1.
 */
export function createSchedule(seed: number, count: number): Operation[] {
  const random = createRandom(seed)
  const operations: Operation[] = []
  for (let id = 0; id < count; id++) {
    const kind = random.weighted(OPERATIONS)
    const operation: Operation = { id, kind, headers: {} }
    const fault: FaultKind = random.weighted(kind === 'chat-stream' ? STREAM_FAULTS : JSON_FAULTS)
    if (kind !== 'models-list') {
      operation.shape = random.weighted([
        ['text', 50],
        ['thinking', 20],
        ['tool-call', 15],
        ['tool-call-fragments', 15],
      ] as const)
      operation.request = chatRequest(random, operation.shape)
    }
    if (isStreamFault(fault)) {
      operation.streamFault = { kind: fault, after: random.int(Math.min(4, MIN_CHUNKS[operation.shape ?? 'text'] + 1)) }
      // A quarter of the stream faults come after retried attempts, so a retried stream must still break cleanly.
      if (random.next() < 0.25)
        operation.attemptFault = drawAttemptFault(random, random.pick(RETRIED_ATTEMPT_FAULTS), true)
    } else if (fault !== 'none') operation.attemptFault = drawAttemptFault(random, fault, false)
    operation.headers = faultHeaders(id, operation.attemptFault, operation.streamFault)
    if (operation.attemptFault?.kind === 'header-stall') operation.timeoutMs = HEADER_STALL_TIMEOUT_MS
    if (operation.streamFault?.kind === 'stall') operation.idleTimeoutMs = STALL_IDLE_TIMEOUT_MS
    operations.push(operation)
  }
  return operations
}

/** The error an attempt fault ends with once the retries are spent (or at once when it is not retried). */
function attemptFailure(fault: AttemptFault): ExpectedOutcome {
  if (fault.kind === 'reset' || fault.kind === 'cut-body') return { type: 'ConnectionError' }
  if (fault.kind === 'header-stall') return { type: 'RequestTimeoutError' }
  const status = fault.status as number
  const outcome: ExpectedOutcome = { type: status === 422 ? 'HTTPValidationError' : 'SDKError', status }
  if (fault.retryAfter) outcome.retryAfterMs = fault.retryAfter.milliseconds
  return outcome
}

/**
 * The outcome an operation's faults must lead to: retryable attempt faults are retried up to {@link MAX_RETRIES}
 * times, others fail at once; a stream fault is never retried and fails with its reason after `after` chunks.
 *
 * @param operation - an operation of the schedule.
 * @returns the expected outcome and the number of attempts the server must see.
 */
export function expectationOf(operation: Operation): Expectation {
  const { attemptFault, streamFault } = operation
  if (attemptFault) {
    const retried = attemptFault.kind !== 'rate-limit-too-long' && attemptFault.kind !== 'not-retried-status'
    if (!retried) return { outcome: attemptFailure(attemptFault), attempts: 1 }
    if (attemptFault.times > MAX_RETRIES) return { outcome: attemptFailure(attemptFault), attempts: MAX_RETRIES + 1 }
  }
  const attempts = (attemptFault?.times ?? 0) + 1
  if (!streamFault) return { outcome: { type: 'success' }, attempts }
  const reasons = {
    drop: 'connection',
    'drop-reset': 'connection',
    truncate: 'truncated',
    malformed: 'malformed',
    'error-event': 'server-error',
    stall: 'idle-timeout',
  } as const
  return { outcome: { type: 'StreamError', reason: reasons[streamFault.kind], chunks: streamFault.after }, attempts }
}

/** The fault kinds of an operation, for the figures (`none` when it has none). */
export function faultKindsOf(operation: Operation): FaultKind[] {
  const kinds: FaultKind[] = []
  if (operation.attemptFault) kinds.push(operation.attemptFault.kind)
  if (operation.streamFault) kinds.push(operation.streamFault.kind)
  return kinds.length ? kinds : ['none']
}
