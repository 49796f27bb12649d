import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CompletionChunk, ContentPart } from '../chat/schemas.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { readCompletionStream } from './read-completion-stream.js'
import { textStream } from './text-stream.js'

// Every capture of fixtures/wire/sse replayed through readCompletionStream: whole, one byte per network chunk
// (so every boundary falls inside a multi-byte character or a `\r\n` somewhere), and with line ends rewritten.

const folder = new URL('../../../../fixtures/wire/sse/', import.meta.url)
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The body as the wire carried it; the vercel-ai `.chunks.jsonl` files are framed into SSE here. */
function wireBytes(name: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(new URL(name, folder)))
  if (!name.endsWith('.jsonl')) return bytes
  const lines = decoder
    .decode(bytes)
    .split('\n')
    .filter((line) => line.trim())
  return encoder.encode(`${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`)
}

/** An independent oracle: the chunks a line-by-line reading of the capture gives. */
function expectedChunks(bytes: Uint8Array): unknown[] {
  return decoder
    .decode(bytes)
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)))
}

/** A body delivering `pieces` one per read, pulled lazily like a socket. */
function bodyOf(pieces: Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = pieces[Symbol.iterator]()
  return new ReadableStream({
    pull(controller) {
      const next = iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
  })
}

function* bytewise(bytes: Uint8Array) {
  for (let index = 0; index < bytes.length; index++) yield bytes.subarray(index, index + 1)
}

const sse = (body: ReadableStream<Uint8Array>) =>
  new Response(body, { headers: { 'content-type': 'text/event-stream' } })

async function collect(body: ReadableStream<Uint8Array>): Promise<CompletionChunk[]> {
  const chunks: CompletionChunk[] = []
  for await (const chunk of readCompletionStream(sse(body))) chunks.push(chunk)
  return chunks
}

const withLineEnds = (bytes: Uint8Array, end: string) => encoder.encode(decoder.decode(bytes).replace(/\n/g, end))

interface Expected {
  chunks: number
  id: string
  model: string
  finish: string
  usage: Record<string, unknown>
  text?: string
  textStart?: string
  textEnd?: string
  textLength?: number
  thinkingStart?: string
  thinkingEnd?: string
  thinkingLength?: number
  toolCalls?: unknown[]
}

const details = (cached: number) => ({ prompt_tokens_details: { cached_tokens: cached }, service_tier: 'standard' })

const EXPECTED: Record<string, Expected> = {
  'chat_after_tool_result_mistral-small_2026-08-19.sse': {
    chunks: 14,
    id: '3a266e7631b44d6a89f65a5839a585e4',
    model: 'mistral-small-latest',
    finish: 'stop',
    usage: { prompt_tokens: 222, total_tokens: 265, completion_tokens: 43, ...details(192) },
    textStart: 'The current weather in Berlin at coordinates (52.5200, 13.40',
    textEnd: '15°C** with a wind speed of **10 km/h**.',
    textLength: 109,
  },
  'chat_magistral-medium_thinking_2025-11.sse': {
    chunks: 158,
    id: '9f9d90210f194076abeee223863eaaf0',
    model: 'magistral-medium-latest',
    finish: 'stop',
    usage: { prompt_tokens: 10, total_tokens: 242, completion_tokens: 232 },
    textStart: 'To cross the street safely, follow these steps:\n\n1. Look bot',
    textEnd: 'e steps, you can ensure a safe crossing.',
    textLength: 607,
    thinkingStart: 'Okay, the user is asking how to cross the street. ',
    thinkingEnd: 'ation into a clear and concise response.',
    thinkingLength: 421,
  },
  'chat_reasoning_effort_high_mistral-small_2026-08-19.sse': {
    chunks: 21,
    id: '7bfa9194c90e44c5a0efa6c6efa474cd',
    model: 'mistral-small-latest',
    finish: 'stop',
    usage: { prompt_tokens: 31, total_tokens: 97, completion_tokens: 66, ...details(0) },
    text: '144',
    thinkingStart: 'The user is asking for the product of 12 multiplie',
    thinkingEnd: ':\n\n12 * 12 = 144\n\nSo, the answer is 144.',
    thinkingLength: 174,
  },
  'chat_reasoning_long_mistral-small_2026-08-19.sse': {
    chunks: 663,
    id: 'd3f350bcd224483cac227042216b03df',
    model: 'mistral-small-latest',
    finish: 'stop',
    usage: { prompt_tokens: 59, total_tokens: 1916, completion_tokens: 1857, ...details(0) },
    textStart: 'To see your future using the magic mirror, ask:\n\n**"Are you ',
    textEnd: ' this directly, so it shows you instead.',
    textLength: 700,
    thinkingStart: 'The user is presenting a hypothetical scenario inv',
    thinkingEnd: 'ully, it shows your future self instead.',
    thinkingLength: 8080,
  },
  'chat_text_mistral-large_2024-11-25.sse': {
    chunks: 101,
    id: 'f798ebd5c41a45d88bb079635121cade',
    model: 'mistral-large-latest',
    finish: 'length',
    usage: { prompt_tokens: 34, total_tokens: 134, completion_tokens: 100 },
    textStart: 'Coca-Cola, often referred to as Coke, is a carbonated soft d',
    textEnd: 'oca-Cola is one of the most recognizable',
    textLength: 358,
  },
  'chat_text_mistral-small_2025-08-10.sse': {
    chunks: 18,
    id: 'e8176855dccb44b8843f17f543c2877d',
    model: 'mistral-small-latest',
    finish: 'stop',
    usage: { prompt_tokens: 10, total_tokens: 27, completion_tokens: 17 },
    text: "Here's the count from 1 to 3:\n\n1\n2\n3",
  },
  'chat_text_mistral-small_2025-09-03.sse': {
    chunks: 18,
    id: 'c7ad81305e4b403bba9fa90627e3e78d',
    model: 'mistral-small-latest',
    finish: 'stop',
    usage: { prompt_tokens: 10, total_tokens: 27, completion_tokens: 17 },
    text: "Here's the count from 1 to 3:\n\n1\n2\n3",
  },
  'chat_text_mistral-small_2026-08-19.sse': {
    chunks: 4,
    id: '548ed34ecc7f4a6aa69187e16761bf0c',
    model: 'mistral-small-latest',
    finish: 'stop',
    usage: { prompt_tokens: 22, total_tokens: 30, completion_tokens: 8, ...details(0) },
    text: '1, 2, 3',
  },
  'chat_tool_call_mistral-small_2026-08-19.sse': {
    chunks: 2,
    id: '95e349e3e7c04cc6b2c1700095d121f7',
    model: 'mistral-small-latest',
    finish: 'tool_calls',
    usage: { prompt_tokens: 159, total_tokens: 187, completion_tokens: 28, ...details(128) },
    text: '',
    toolCalls: [
      {
        id: 'g6fVbXS8K',
        type: 'function',
        function: { name: 'weather', arguments: '{"latitude": "52.5200", "longitude": "13.4050"}' },
        index: 0,
      },
    ],
  },
  'vercel-ai_magistral-medium-2507_reasoning.chunks.jsonl': {
    chunks: 4,
    id: 'a4e29c5b82f94d67b23e108a7c9df6e1',
    model: 'magistral-medium-2507',
    finish: 'stop',
    usage: { prompt_tokens: 10, total_tokens: 56, completion_tokens: 46 },
    text: '2 + 2 = 4',
    thinkingStart: 'The user is asking for 2+2. This is basic arithmet',
    thinkingEnd: 'or 2+2. This is basic arithmetic. 2+2=4.',
    thinkingLength: 60,
  },
  'vercel-ai_mistral-small_tool-call.chunks.jsonl': {
    chunks: 2,
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    model: 'mistral-small-latest',
    finish: 'tool_calls',
    usage: { prompt_tokens: 124, total_tokens: 146, completion_tokens: 22 },
    text: '',
    // No `index` on the wire: the call is placed at index 0.
    toolCalls: [
      { id: 'gSIMJiOkT', function: { name: 'weather', arguments: '{"location": "San Francisco"}' }, index: 0 },
    ],
  },
  'vercel-ai_zai-glm-5-2_incremental_tool_call.chunks.jsonl': {
    chunks: 3,
    id: '735e434874a24f68a2390b3cab149242',
    model: 'zai-glm-5-2',
    finish: 'tool_calls',
    usage: {
      prompt_tokens: 171,
      total_tokens: 185,
      completion_tokens: 14,
      prompt_tokens_details: { cached_tokens: 128 },
    },
    text: '',
    toolCalls: [
      {
        id: 'chatcmpl-tool-9f149c74c42f265b',
        type: 'function',
        function: { name: 'webSearchTool', arguments: '{"query": "current Berlin weather"}' },
        index: 0,
      },
    ],
  },
}

/** Text and thinking of an accumulated message, whatever the content's shape. */
function split(content: string | ContentPart[] | null | undefined) {
  if (typeof content === 'string' || !content) return { text: content ?? '', thinking: '', types: [] as string[] }
  const text = content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('')
  const thinking = content
    .flatMap((part) => (part.type === 'thinking' ? (part.thinking ?? []) : []))
    .map((part) => part.text)
    .join('')
  return { text, thinking, types: content.map((part) => part.type) }
}

async function checkCapture(name: string, body: ReadableStream<Uint8Array>, oracle: unknown[]) {
  const expected = EXPECTED[name] as Expected
  const chunks = await collect(body)
  expect(chunks).toHaveLength(expected.chunks)
  expect(chunks).toEqual(oracle)
  const response = await accumulateChunks(chunks)
  expect(response.id).toBe(expected.id)
  expect(response.model).toBe(expected.model)
  expect(response.object).toBe('chat.completion')
  expect(response.usage).toEqual(expected.usage)
  expect(response.choices).toHaveLength(1)
  const [choice] = response.choices
  expect(choice?.finish_reason).toBe(expected.finish)
  expect(choice?.message.role).toBe('assistant')
  const { text, thinking, types } = split(choice?.message.content)
  if (expected.text !== undefined) expect(text).toBe(expected.text)
  if (expected.textStart !== undefined) {
    expect(text.startsWith(expected.textStart)).toBe(true)
    expect(text.endsWith(expected.textEnd as string)).toBe(true)
    expect(text).toHaveLength(expected.textLength as number)
  }
  if (expected.thinkingStart !== undefined) {
    // One merged thinking part, then one merged text part.
    expect(types).toEqual(['thinking', 'text'])
    expect(thinking.startsWith(expected.thinkingStart)).toBe(true)
    expect(thinking.endsWith(expected.thinkingEnd as string)).toBe(true)
    expect(thinking).toHaveLength(expected.thinkingLength as number)
  } else expect(typeof choice?.message.content).toBe('string')
  expect(choice?.message.tool_calls ?? null).toEqual(expected.toolCalls ?? null)
  return response
}

// The completion captures; `conversation_*` streams are replayed by the conversation tests.
const captures = readdirSync(folder)
  .filter((name) => (name.endsWith('.sse') || name.endsWith('.jsonl')) && !name.startsWith('conversation_'))
  .sort()

describe('readCompletionStream replays every capture of fixtures/wire/sse', () => {
  it('covers all the captures in the folder', () => {
    expect(captures).toEqual(Object.keys(EXPECTED).sort())
    expect(captures).toHaveLength(12)
  })

  for (const name of captures) {
    const bytes = wireBytes(name)
    const oracle = expectedChunks(bytes)

    it(`${name}: whole body in one chunk; accumulateChunks adds the same up`, async () => {
      const response = await checkCapture(name, bodyOf([bytes]), oracle)
      expect(await accumulateChunks(readCompletionStream(sse(bodyOf([bytes]))))).toEqual(response)
    })

    it(`${name}: one byte per chunk (every boundary split)`, async () => {
      await checkCapture(name, bodyOf(bytewise(bytes)), oracle)
    })

    it(`${name}: CRLF and lone-CR line ends, one byte per chunk`, async () => {
      await checkCapture(name, bodyOf(bytewise(withLineEnds(bytes, '\r\n'))), oracle)
      await checkCapture(name, bodyOf(bytewise(withLineEnds(bytes, '\r'))), oracle)
    })
  }

  it('splits a CRLF capture with multi-byte text into two reads at every byte boundary', async () => {
    const name = 'chat_after_tool_result_mistral-small_2026-08-19.sse'
    const bytes = withLineEnds(wireBytes(name), '\r\n')
    const oracle = expectedChunks(bytes)
    // The capture holds "°" (two bytes) and 14 `\r\n\r\n` separators: some cut falls inside each.
    expect(bytes.some((byte) => byte >= 0x80)).toBe(true)
    for (let cut = 1; cut < bytes.length; cut++) {
      const chunks = await collect(bodyOf([bytes.subarray(0, cut), bytes.subarray(cut)]))
      expect(chunks).toEqual(oracle)
    }
    const response = await accumulateChunks(readCompletionStream(sse(bodyOf([bytes]))))
    expect(response.choices[0]?.message.content).toContain('15°C')
  })

  it('ignores a BOM, comments, event ids and retry fields the SSE spec allows', async () => {
    const body =
      '\uFEFF: keep-alive\r\nretry: 3000\r\nid: 1\r\nevent: message\r\ndata: {"id":"a","choices":[{"index":0,"delta":{"content":"Hé"},"finish_reason":null}]}\r\n\r\n' +
      ': ping\n\ndata: {"id":"a","choices":[{"index":0,"delta":{"content":"llo"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
    const stream = readCompletionStream(sse(bodyOf(bytewise(encoder.encode(body)))))
    const texts: string[] = []
    for await (const text of textStream(stream)) texts.push(text)
    expect(texts).toEqual(['Hé', 'llo'])
  })
})
