// Streaming benchmark: a 20 MB SSE body of realistic completion chunks (the shapes of fixtures/wire/sse, with `p`
// padding, text and thinking deltas), held in memory (no network), read through the built client's public API
// (`chatStream` with an injected `fetch`, then `for await`), without validation (the default path) and with
// `withValidation`, against the floor: TextDecoderStream + EventSourceParserStream + JSON.parse, no library.
// Rounds are interleaved in rotating order; each ratio is taken within a round and reported as median [q1-q3].
// Run: `pnpm bench` (builds first), or `node bench/stream.mjs [--json]` (--json: a last line of JSON for run.mjs).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
// The built client (packages/client/dist, through the workspace link) and the parser the floor uses.
import { chatStream, createClient } from '@mistral-edge/client'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import { formatRatio, pairedRatio, rotation, summary } from './stats.mjs'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc')

const TOTAL_BYTES = 20 * 1024 * 1024
const READ_SIZE = 16 * 1024 // what a socket typically hands over per read
const ROUNDS = 11
const TARGET = 0.8 // mistral-edge without validation, wall and CPU time, as a ratio to the floor
const MB = 1024 * 1024

/** Deterministic words, some multi-byte, as the captures' text and thinking deltas are. */
function* wordSource() {
  const words = [
    'The',
    ' user',
    ' is',
    ' asking',
    ' about',
    ' the',
    ' café',
    ' near',
    ' Berlin',
    ' (52.5200,',
    ' 13.4050)',
    ' →',
    ' 15°C',
    ' and',
    ' wind',
    ' of',
    ' 10',
    ' km/h',
    '.',
    '\n\n',
    ' **bold**',
    ' naïve',
    ' 🙂',
  ]
  let seed = 7
  for (;;) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    yield words[seed % words.length]
  }
}

/** Builds the body: role chunk, text and thinking deltas with `p` padding, usage on the last chunk, `[DONE]`. */
function buildBody() {
  const encoder = new TextEncoder()
  const words = wordSource()
  const head =
    '{"id":"7bfa9194c90e44c5a0efa6c6efa474cd","object":"chat.completion.chunk","created":1787150315,"model":"mistral-small-latest","choices":[{"index":0,"delta":'
  const padding = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const events = [`data: ${head}{"role":"assistant","content":""},"finish_reason":null}]}\n\n`]
  let size = events[0].length
  let count = 1
  while (size < TOTAL_BYTES - 1024) {
    const text = JSON.stringify(words.next().value + (count % 3 === 0 ? words.next().value : ''))
    const pad = padding.slice(0, 1 + ((count * 7) % padding.length))
    // One chunk in three is a thinking part (chat_reasoning_long), the rest string content (chat_text).
    const delta =
      count % 3 === 1
        ? `{"content":[{"type":"thinking","thinking":[{"type":"text","text":${text}}],"closed":true}]}`
        : `{"content":${text}}`
    const event = `data: ${head}${delta},"finish_reason":null}],"p":"${pad}"}\n\n`
    events.push(event)
    size += event.length
    count++
  }
  events.push(
    `data: ${head}{"content":"."},"finish_reason":"stop"}],"usage":{"prompt_tokens":31,"total_tokens":${count + 31},"completion_tokens":${count},"prompt_tokens_details":{"cached_tokens":0},"service_tier":"standard"},"p":"abc"}\n\n`,
  )
  events.push('data: [DONE]\n\n')
  return { bytes: encoder.encode(events.join('')), chunks: count + 1 }
}

/** The body as a socket delivers it: READ_SIZE views of one buffer, pulled lazily, no copies. */
function bodyOf(bytes, onRead) {
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      const end = Math.min(offset + READ_SIZE, bytes.length)
      controller.enqueue(bytes.subarray(offset, end))
      offset = end
      onRead?.(offset)
    },
  })
}

async function floor(bytes) {
  const reader = bodyOf(bytes)
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader()
  let chunks = 0
  let sink = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (value.data === '[DONE]') break
    const chunk = JSON.parse(value.data)
    sink += chunk.choices.length
    chunks++
  }
  return chunks + sink * 0
}

/** A client whose `fetch` answers every call with the in-memory body, as a socket would deliver it. */
const clientOf = (bytes, onRead) =>
  createClient({
    apiKey: 'k',
    retries: { strategy: 'none' },
    fetch: async () => new Response(bodyOf(bytes, onRead), { headers: { 'content-type': 'text/event-stream' } }),
  })
const request = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }

async function edge(client) {
  let chunks = 0
  let sink = 0
  for await (const chunk of await chatStream(client, request)) {
    sink += chunk.choices.length
    chunks++
  }
  return chunks + sink * 0
}

const json = process.argv.includes('--json')
const { bytes, chunks: expectedChunks } = buildBody()
const plain = clientOf(bytes)
const runs = { floor: () => floor(bytes), 'mistral-edge': () => edge(plain) }
// Validation is opt-in (`@mistral-edge/client/validation`); a build without the subpath just skips the row.
let validationNote = ''
try {
  const { withValidation } = await import('@mistral-edge/client/validation')
  const checked = withValidation(plain)
  runs['mistral-edge +validation'] = () => edge(checked)
} catch (error) {
  validationNote = `(no validation row: ${String(error?.message ?? error).split('\n')[0]})`
}
const names = Object.keys(runs)
const times = Object.fromEntries(names.map((name) => [name, []]))
const cpuTimes = Object.fromEntries(names.map((name) => [name, []]))
const heapPeaks = Object.fromEntries(names.map((name) => [name, 0]))

console.log(
  `body: ${(bytes.length / MB).toFixed(1)} MB, ${expectedChunks} chunks (${Math.round(bytes.length / expectedChunks)} B each), reads of ${READ_SIZE / 1024} KB, in memory; ${ROUNDS} interleaved rounds after 1 warm-up; node ${process.version} ${validationNote}`,
)
for (let round = 0; round <= ROUNDS; round++) {
  for (const name of rotation(names, round)) {
    gc()
    let peak = 0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5)
    const cpuStart = process.cpuUsage()
    const started = performance.now()
    const count = await runs[name]()
    const elapsed = performance.now() - started
    const cpu = process.cpuUsage(cpuStart)
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().heapUsed)
    if (count !== expectedChunks) throw new Error(`${name}: ${count} chunks, expected ${expectedChunks}`)
    if (round > 0) {
      times[name].push(elapsed)
      cpuTimes[name].push((cpu.user + cpu.system) / 1000)
      heapPeaks[name] = Math.max(heapPeaks[name], peak)
    }
  }
}

const rows = names.map((name) => ({
  run: name,
  wallMs: summary(times[name]),
  cpuMs: summary(cpuTimes[name]),
  wallRatio: pairedRatio(times[name], times.floor),
  cpuRatio: pairedRatio(cpuTimes[name], cpuTimes.floor),
  chunksPerSecond: Math.round(expectedChunks / (summary(times[name]).median / 1000)),
  peakHeapMB: Math.round((heapPeaks[name] / MB) * 10) / 10,
}))
console.log('')
console.log(
  'run                        median ms  chunks/s  time / floor [q1-q3]  CPU ms  CPU / floor [q1-q3]  peak heap',
)
for (const row of rows) {
  console.log(
    [
      row.run.padEnd(25),
      row.wallMs.median.toFixed(1).padStart(10),
      row.chunksPerSecond.toLocaleString('en-US').padStart(9),
      formatRatio(row.wallRatio).padStart(21),
      row.cpuMs.median.toFixed(0).padStart(7),
      formatRatio(row.cpuRatio).padStart(20),
      `${row.peakHeapMB.toFixed(1)} MB`.padStart(10),
    ].join(' '),
  )
}

// Retained memory while streaming: the heap after a full GC once 5, 10, 15 and 20 MB of the body were read.
// A flat figure means nothing grows with the stream (the 20 MB input buffer itself is outside the heap).
const marks = []
let next = 5 * MB
gc()
const before = process.memoryUsage().heapUsed
await edge(
  clientOf(bytes, (offset) => {
    if (offset < next) return
    gc()
    marks.push({ at: offset, heap: process.memoryUsage().heapUsed - before })
    next = Math.min(next + 5 * MB, bytes.length)
    if (marks.length === 4) next = Number.POSITIVE_INFINITY
  }),
)
console.log('')
for (const mark of marks)
  console.log(
    `retained heap after ${(mark.at / MB).toFixed(1).padStart(4)} MB read: ${(mark.heap / 1024).toFixed(0).padStart(6)} KB above the start`,
  )
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
console.log(`peak RSS of the process: ${peakRssMB} MB (includes the 20 MB body)`)
const edgeRow = rows.find((row) => row.run === 'mistral-edge')
const verdict = (ratio) => `${ratio.median.toFixed(3)}x ${ratio.median <= TARGET ? 'ok' : 'MISSED'}`
console.log(
  `\ntarget: mistral-edge (no validation) <= ${TARGET}x the floor: time ${verdict(edgeRow.wallRatio)}, CPU ${verdict(edgeRow.cpuRatio)}`,
)
if (json)
  console.log(
    JSON.stringify({
      bytes: bytes.length,
      chunks: expectedChunks,
      rounds: ROUNDS,
      target: TARGET,
      rows,
      retainedHeapKB: marks.map((mark) => ({
        atMB: Math.round((mark.at / MB) * 10) / 10,
        kb: Math.round(mark.heap / 1024),
      })),
      peakRssMB,
    }),
  )
