// Streaming benchmark: a 20 MB SSE body of realistic completion chunks (the shapes of fixtures/wire/sse, with `p`
// padding, text and thinking deltas) read through the built client's readCompletionStream, with response
// validation on and off, against a bare baseline (TextDecoderStream + EventSourceParserStream + JSON.parse).
// Prints chunks/s, MB/s, the ratio of each to the baseline, and memory. Run: `pnpm bench` (builds first).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
// The built client (packages/client/dist/index.js, through the workspace link) and the parser it uses.
import { readCompletionStream } from '@mistral-edge/client'
import { EventSourceParserStream } from 'eventsource-parser/stream'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc')

const TOTAL_BYTES = 20 * 1024 * 1024
const READ_SIZE = 16 * 1024 // what a socket typically hands over per read
const ROUNDS = 11
const MB = 1024 * 1024

/** Deterministic words, some multi-byte, as the captures' text and thinking deltas are. */
function* wordSource() {
  const words = ['The', ' user', ' is', ' asking', ' about', ' the', ' café', ' near', ' Berlin', ' (52.5200,', ' 13.4050)', ' →', ' 15°C', ' and', ' wind', ' of', ' 10', ' km/h', '.', '\n\n', ' **bold**', ' naïve', ' 🙂']
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
  const head = '{"id":"7bfa9194c90e44c5a0efa6c6efa474cd","object":"chat.completion.chunk","created":1787150315,"model":"mistral-small-latest","choices":[{"index":0,"delta":'
  const padding = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const events = [`data: ${head}{"role":"assistant","content":""},"finish_reason":null}]}\n\n`]
  let size = events[0].length
  let count = 1
  while (size < TOTAL_BYTES - 1024) {
    const text = JSON.stringify(words.next().value + (count % 3 === 0 ? words.next().value : ''))
    const pad = padding.slice(0, 1 + ((count * 7) % padding.length))
    // One chunk in three is a thinking part (chat_reasoning_long), the rest string content (chat_text).
    const delta = count % 3 === 1 ? `{"content":[{"type":"thinking","thinking":[{"type":"text","text":${text}}],"closed":true}]}` : `{"content":${text}}`
    const event = `data: ${head}${delta},"finish_reason":null}],"p":"${pad}"}\n\n`
    events.push(event)
    size += event.length
    count++
  }
  events.push(`data: ${head}{"content":"."},"finish_reason":"stop"}],"usage":{"prompt_tokens":31,"total_tokens":${count + 31},"completion_tokens":${count},"prompt_tokens_details":{"cached_tokens":0},"service_tier":"standard"},"p":"abc"}\n\n`)
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

async function baseline(bytes) {
  const reader = bodyOf(bytes).pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader()
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

async function client(bytes, validate, onRead) {
  const response = new Response(bodyOf(bytes, onRead), { headers: { 'content-type': 'text/event-stream' } })
  let chunks = 0
  let sink = 0
  for await (const chunk of readCompletionStream(response, { validate })) {
    sink += chunk.choices.length
    chunks++
  }
  return chunks + sink * 0
}

const { bytes, chunks: expectedChunks } = buildBody()
const runs = { baseline: () => baseline(bytes), 'validation on': () => client(bytes, true), 'validation off': () => client(bytes, false) }
const times = Object.fromEntries(Object.keys(runs).map((name) => [name, []]))
const cpuTimes = Object.fromEntries(Object.keys(runs).map((name) => [name, []]))
const heapPeaks = Object.fromEntries(Object.keys(runs).map((name) => [name, 0]))

console.log(`body: ${(bytes.length / MB).toFixed(1)} MB, ${expectedChunks} chunks (${Math.round(bytes.length / expectedChunks)} B each), reads of ${READ_SIZE / 1024} KB; node ${process.version}`)
// One warm-up round, then ROUNDS interleaved rounds in rotating order. Noise on a shared machine only ever adds
// time, so the ratios use the best round of each run; medians and CPU time are printed beside them.
const names = Object.keys(runs)
for (let round = 0; round <= ROUNDS; round++) {
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    const run = runs[name]
    gc()
    let peak = 0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5)
    const cpuStart = process.cpuUsage()
    const started = performance.now()
    const count = await run()
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

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const best = (list) => Math.min(...list)
const ratio = (list, baseline) => (best(list) / best(baseline)).toFixed(3)
console.log('')
console.log('run              best ms   chunks/s      MB/s   x baseline | median ms   x baseline | CPU ms   x baseline | peak heap')
for (const name of names) {
  const ms = best(times[name])
  const row = [
    name.padEnd(16),
    ms.toFixed(1).padStart(7),
    Math.round(expectedChunks / (ms / 1000)).toLocaleString('en-US').padStart(10),
    (bytes.length / MB / (ms / 1000)).toFixed(1).padStart(9),
    ratio(times[name], times.baseline).padStart(12),
    '|',
    median(times[name]).toFixed(1).padStart(9),
    (median(times[name]) / median(times.baseline)).toFixed(3).padStart(12),
    '|',
    best(cpuTimes[name]).toFixed(0).padStart(6),
    ratio(cpuTimes[name], cpuTimes.baseline).padStart(12),
    '|',
    `${(heapPeaks[name] / MB).toFixed(1)} MB`.padStart(9),
  ]
  console.log(row.join(' '))
}

// Retained memory while streaming: the heap after a full GC once 5, 10, 15 and 20 MB of the body were read.
// A flat figure means nothing grows with the stream (the 20 MB input buffer itself is outside the heap).
const marks = []
let next = 5 * MB
gc()
const before = process.memoryUsage().heapUsed
await client(bytes, true, (offset) => {
  if (offset < next) return
  gc()
  marks.push({ at: offset, heap: process.memoryUsage().heapUsed - before })
  next = Math.min(next + 5 * MB, bytes.length)
  if (marks.length === 4) next = Number.POSITIVE_INFINITY
})
console.log('')
for (const mark of marks) console.log(`retained heap after ${(mark.at / MB).toFixed(1).padStart(4)} MB read: ${(mark.heap / 1024).toFixed(0).padStart(6)} KB above the start`)
console.log(`peak RSS of the process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes the 20 MB body)`)
const on = best(times['validation on']) / best(times.baseline)
const off = best(times['validation off']) / best(times.baseline)
console.log(`\ntargets: validation on <= 1.3x (${on.toFixed(3)}x ${on <= 1.3 ? 'ok' : 'MISSED'}), validation off <= 1.1x (${off.toFixed(3)}x ${off <= 1.1 ? 'ok' : 'MISSED'})`)
