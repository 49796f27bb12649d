// Generators of the SSE property tests (sse.property.test.ts and its happy-dom twin). A generated stream starts
// from a plan of the completion it means to say (text, thinking, tool calls, finish_reason, usage); the chunks,
// the wire text and the expected accumulation are each built from that plan, so the expectation never comes from
// the code under test. Test support only: nothing in the library imports this file.

import fc from 'fast-check'

type Json = Record<string, unknown>

/** A generated completion stream and everything a correct reader must make of it. */
export interface GeneratedStream {
  /** The SSE text on the wire. */
  wire: string
  /** The chunk objects, in order: exactly what iterating the stream must yield. */
  chunks: Json[]
  /** The events an SSE parser must report, `[DONE]` included: `data`, plus `event` and `id` where set. */
  events: { data: string; event?: string; id?: string }[]
  /** The completion the chunks add up to, written from the plan. */
  expected: Json
  /** The text of the first choice's text deltas and parts, joined: what `textStream()` yields. */
  visibleText: string
}

// Text that tends to break readers: multi-byte and astral characters, combining marks, ZWJ sequences, line ends
// and SSE syntax inside JSON strings, a BOM that is not at the start.
const TRICKY = [
  '日本語のテキスト',
  '数据流式传输',
  '한국어',
  '👩‍💻🚀🇫🇷',
  '🙂',
  'e\u0301 n\u0303 a\u030A',
  'Z\u0351\u0360',
  'line\nbreak',
  'cr\rand\r\ncrlf',
  'data: [DONE]\n\n',
  ': not a comment',
  '\uFEFFbom',
  'tab\t"quotes" \\ backslash',
  ' ',
  'event: error',
]
const textPiece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(...TRICKY))
const text = fc.array(textPiece, { maxLength: 5 }).map((pieces) => pieces.join(''))
const cuts = fc.array(fc.nat(), { maxLength: 8 })

/** Splits text into non-empty pieces at code point boundaries (as tokens would), at the given cuts. */
function split(value: string, at: readonly number[]): string[] {
  const points = Array.from(value)
  if (!points.length) return []
  const positions = [...new Set(at.map((cut) => 1 + (cut % points.length)))]
    .filter((position) => position < points.length)
    .sort((a, b) => a - b)
  const pieces: string[] = []
  let start = 0
  for (const position of [...positions, points.length]) {
    pieces.push(points.slice(start, position).join(''))
    start = position
  }
  return pieces
}

const toolCall = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9]{9}$/),
  name: fc.constantFrom('weather', 'search', 'get_time', 'lookup_城市'),
  arguments: fc
    .dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
    .map((value) => JSON.stringify(value)),
  cuts,
})

/** The completion a stream means to say, and how it is cut into chunks. */
const plan = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{32}$/),
  model: fc.constantFrom('mistral-small-latest', 'magistral-medium-2509', 'ministral-8b-latest'),
  created: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }),
  /** Role chunk content: `''` as the API sends it, or no content at all. */
  roleContent: fc.boolean(),
  text: text,
  textCuts: cuts,
  /** `undefined`: string content. Otherwise the content is parts: thinking (maybe empty), then text parts. */
  thinking: fc.option(
    fc.record({
      text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      cuts,
      closed: fc.boolean(),
      handOver: fc.boolean(),
    }),
    { nil: undefined, freq: 1 },
  ),
  /** In parts mode, which text pieces after the first are sent as bare strings (they join the last text part). */
  stringPieces: fc.array(fc.boolean(), { maxLength: 12 }),
  toolCalls: fc.array(toolCall, { maxLength: 3 }),
  /** Tool calls whole (each at its own index, or all at index 0 as some streams do) or in fragments. */
  toolStyle: fc.constantFrom('whole', 'whole-at-zero', 'fragments'),
  finishReason: fc.constantFrom('stop', 'length', 'tool_calls', 'model_length', 'error'),
  usage: fc.record({
    prompt: fc.nat(5_000),
    completion: fc.nat(5_000),
    cached: fc.option(fc.nat(100), { nil: undefined }),
  }),
  /** Padding field `p` (as the API sends) on chunks after the first. */
  padding: fc.array(fc.stringMatching(/^[a-z0-9]{0,40}$/), { maxLength: 40 }),
})

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never

/** How each event is framed on the wire. */
const framing = fc.record({
  lineEnd: fc.constantFrom('\n', '\r', '\r\n'),
  /** `data:` without the optional space. */
  noSpace: fc.boolean(),
  /** The JSON pretty-printed over several `data:` lines (the parser joins them with `\n`). */
  multiline: fc.boolean().chain((pretty) => (pretty ? fc.boolean() : fc.constant(false))),
  /** A comment line; now and then the 2 KB of blank comment some proxies send to flush their buffers. */
  comment: fc.option(
    fc.oneof(
      { arbitrary: fc.stringMatching(/^[^\r\n]{0,30}$/), weight: 9 },
      { arbitrary: fc.constant(` ${' '.repeat(2048)}`), weight: 1 },
    ),
    { nil: undefined, freq: 2 },
  ),
  event: fc.option(fc.constantFrom('message', 'completion.chunk', 'delta'), { nil: undefined }),
  id: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), { nil: undefined }),
  retry: fc.boolean(),
  /** An unknown field, which SSE ignores: padding some servers add. */
  unknownField: fc.option(fc.stringMatching(/^[a-z ]{0,100}$/), { nil: undefined, freq: 3 }),
  extraBlankLines: fc.nat(2),
})

type Framing = typeof framing extends fc.Arbitrary<infer T> ? T : never

/** The chunk objects of a plan, in order. */
function chunksOf(plan: Plan): Json[] {
  const chunks: Json[] = []
  let padding = 0
  const chunk = (delta: Json, extra: Json = {}) => {
    const value: Json = {
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      choices: [{ index: 0, delta, finish_reason: null }],
      ...extra,
    }
    if (chunks.length && padding < plan.padding.length) value.p = plan.padding[padding++]
    chunks.push(value)
    return value
  }
  chunk(plan.roleContent ? { role: 'assistant', content: '' } : { role: 'assistant' })
  const textPieces = split(plan.text, plan.textCuts)
  if (plan.thinking) {
    const thoughts = split(plan.thinking.text, plan.thinking.cuts)
    thoughts.forEach((thought, index) => {
      const part: Json = { type: 'thinking', thinking: [{ type: 'text', text: thought }] }
      if (plan.thinking?.closed) part.closed = true
      // The hand-over: the last thought and the first text in one delta, as mistral-small streams with reasoning.
      const handOver = plan.thinking?.handOver && index === thoughts.length - 1 && textPieces.length > 0
      chunk({ content: handOver ? [part, { type: 'text', text: textPieces.shift() }] : [part] })
    })
  }
  textPieces.forEach((piece, index) => {
    // In parts mode the first text is a part (so the content is parts from the start); later ones may be strings.
    const asString = !plan.thinking || (index > 0 && plan.stringPieces[index])
    chunk({ content: asString ? piece : [{ type: 'text', text: piece }] })
  })
  const calls = plan.toolCalls.map((call, index) => ({ ...call, id: `${call.id}${index}` }))
  if (plan.toolStyle === 'fragments') {
    calls.forEach((call, index) =>
      chunk({
        content: '',
        tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: '' }, index }],
      }),
    )
    // Fragments of different calls interleave; each call's own fragments stay in order.
    const queues = calls.map((call, index) => split(call.arguments, call.cuts).map((piece) => ({ index, piece })))
    for (let round = 0; queues.some((queue) => queue.length); round++) {
      const queue = queues[round % queues.length] as { index: number; piece: string }[]
      const next = queue.shift()
      if (next)
        chunk({
          content: '',
          tool_calls: [{ type: 'function', function: { name: '', arguments: next.piece }, index: next.index }],
        })
    }
  } else {
    calls.forEach((call, index) => {
      const at = plan.toolStyle === 'whole-at-zero' ? 0 : index
      chunk({
        tool_calls: [
          { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments }, index: at },
        ],
      })
    })
  }
  const last = chunk({ content: '' }, { usage: usageOf(plan) })
  ;(last.choices as Json[])[0] = { index: 0, delta: { content: '' }, finish_reason: plan.finishReason }
  return chunks
}

function usageOf(plan: Plan): Json {
  const usage: Json = {
    prompt_tokens: plan.usage.prompt,
    completion_tokens: plan.usage.completion,
    total_tokens: plan.usage.prompt + plan.usage.completion,
  }
  if (plan.usage.cached !== undefined) usage.prompt_tokens_details = { cached_tokens: plan.usage.cached }
  return usage
}

/** The completion the plan says: what accumulating its chunks must give, written from the plan alone. */
function expectedOf(plan: Plan): Json {
  let content: unknown = plan.text
  if (plan.thinking) {
    const parts: Json[] = [
      {
        type: 'thinking',
        thinking: [{ type: 'text', text: plan.thinking.text }],
        ...(plan.thinking.closed ? { closed: true } : {}),
      },
    ]
    if (plan.text) parts.push({ type: 'text', text: plan.text })
    content = parts
  }
  const toolCalls = plan.toolCalls.map((call, index) => ({
    id: `${call.id}${index}`,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
    index,
  }))
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    usage: usageOf(plan),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, tool_calls: toolCalls.length ? toolCalls : null },
        finish_reason: plan.finishReason,
      },
    ],
  }
}

/** One event on the wire, with the lines a tolerant server may add around its data. */
function frame(data: string, json: unknown, framing: Framing): string {
  const lines: string[] = []
  if (framing.comment !== undefined) lines.push(`:${framing.comment}`)
  if (framing.event) lines.push(`event: ${framing.event}`)
  if (framing.id) lines.push(`id: ${framing.id}`)
  if (framing.retry) lines.push('retry: 3000')
  if (framing.unknownField !== undefined) lines.push(`padding: ${framing.unknownField}`)
  // Pretty-printed lines start with spaces, which `data:` without its space would fold into the value.
  if (framing.multiline && json !== undefined)
    lines.push(
      ...JSON.stringify(json, null, 1)
        .split('\n')
        .map((line) => `data: ${line}`),
    )
  else lines.push(`data:${framing.noSpace ? '' : ' '}${data}`)
  // One line end per event: a CR line followed by an LF blank line would read as one CRLF.
  return lines.map((line) => line + framing.lineEnd).join('') + framing.lineEnd.repeat(1 + framing.extraBlankLines)
}

/**
 * Random valid completion streams: Unicode text (emoji, CJK, combining marks), string or thinking/text parts
 * content, whole or fragmented tool calls, LF/CR/CRLF, an optional BOM, comments, `event:`/`id:`/`retry:` lines,
 * unknown padding fields, multi-line data, and a `[DONE]` with or without its closing blank line.
 */
export const completionStream: fc.Arbitrary<GeneratedStream> = fc
  .record({
    plan,
    framings: fc.array(framing, { minLength: 1, maxLength: 12 }),
    bom: fc.boolean(),
    doneWithoutBlankLine: fc.boolean(),
  })
  .map(({ plan, framings, bom, doneWithoutBlankLine }) => {
    const chunks = chunksOf(plan)
    const framingAt = (index: number) => framings[index % framings.length] as Framing
    const events: GeneratedStream['events'] = []
    let wire = bom ? '\uFEFF' : ''
    chunks.forEach((chunk, index) => {
      const framing = framingAt(index)
      const compact = JSON.stringify(chunk)
      wire += frame(compact, chunk, framing)
      const data = framing.multiline ? JSON.stringify(chunk, null, 1) : compact
      events.push({
        data,
        ...(framing.event ? { event: framing.event } : {}),
        ...(framing.id ? { id: framing.id } : {}),
      })
    })
    const last = framingAt(chunks.length)
    // `[DONE]` plainly framed; copies of real streams sometimes end right after its line, without the blank line.
    wire += doneWithoutBlankLine ? `data: [DONE]${last.lineEnd}` : `data: [DONE]${last.lineEnd}${last.lineEnd}`
    events.push({ data: '[DONE]' })
    // Thinking is not text: what `textStream()` yields is the plan's text alone.
    return { wire, chunks, events, expected: expectedOf(plan), visibleText: plan.text }
  })

/**
 * How the wire bytes are cut into network reads: at random places, in runs of 1 to 8 bytes (every kind of boundary
 * many times over: inside a UTF-8 character, inside `\r\n`, inside `data:`), one byte at a time (short streams), or
 * whole; with or without empty reads between.
 */
export const slicing = fc.record({
  mode: fc.constantFrom('random', 'small', 'bytewise', 'whole'),
  cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
  emptyReads: fc.boolean(),
})

/**
 * Cuts bytes into the reads a slicing describes.
 *
 * @param bytes - the encoded wire text.
 * @param how - from {@link slicing}.
 * @returns the reads, in order; joined they are `bytes`.
 */
export function slice(bytes: Uint8Array, how: { mode: string; cuts: number[]; emptyReads: boolean }): Uint8Array[] {
  let positions: number[] = []
  // One byte per read costs a read per byte: kept to short streams, longer ones get runs of 1 to 8 bytes.
  const mode = how.mode === 'bytewise' && bytes.length > 3_000 ? 'small' : how.mode
  if (mode === 'bytewise') positions = Array.from({ length: Math.max(0, bytes.length - 1) }, (_, index) => index + 1)
  else if (mode === 'small') {
    for (let position = 0, index = 0; position < bytes.length; index++) {
      position += 1 + ((how.cuts[index % how.cuts.length] as number) % 8)
      if (position < bytes.length) positions.push(position)
    }
  } else if (mode === 'random')
    positions = [...new Set(how.cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  const reads: Uint8Array[] = []
  let start = 0
  for (const position of [...positions, bytes.length]) {
    reads.push(bytes.subarray(start, position))
    if (how.emptyReads) reads.push(new Uint8Array(0))
    start = position
  }
  return reads
}

/**
 * A body that hands out the reads one per pull, like a socket. Built with the realm's own `ReadableStream`
 * (happy-dom's in its environment).
 *
 * @param reads - from {@link slice}.
 * @returns a byte stream.
 */
export function bodyOf(reads: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const read = reads[next++]
      if (read) controller.enqueue(read)
      else controller.close()
    },
  })
}

/** The fast-check seed of the property tests by default (printed in their names); `FC_SEED=<n>` explores others. */
export const PROPERTY_SEED = 20_260_812
