// One measurement in a fresh process: `node measure.mjs <scenario> <client> <baseURL>`; prints one JSON line.
// (The side-by-side ratios against the floor, interleaved in one process, are in ratios.mjs.)
// Scenarios: throughput (one 20 MB stream), overhead (2,000 list + 2,000 complete requests), ttfc (time to first chunk).
import { performance } from 'node:perf_hooks'
import { clients } from './clients.mjs'

const [scenario, name, baseURL] = process.argv.slice(2)
const client = await clients[name](baseURL)

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
const cpuMs = (start) => {
  const { user, system } = process.cpuUsage(start)
  return (user + system) / 1000
}

async function throughput() {
  const bytes = 20_000_000
  const rounds = 5
  await client.stream('bench-100000') // loads the code paths before the memory baseline
  globalThis.gc?.()
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed
  const sampler = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage()
    peakRss = Math.max(peakRss, rss)
    peakHeap = Math.max(peakHeap, heapUsed)
  }, 5)
  // Two whole streams warm up the JIT, which settles only after a few MB of chunks of every shape; memory is sampled
  // through them too, so the peaks are those of the first 20 MB stream as much as of the later ones.
  for (let i = 0; i < 2; i++) await client.stream(`bench-${bytes}`)
  const samples = []
  let result
  for (let round = 0; round < rounds; round++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    result = await client.stream(`bench-${bytes}`)
    samples.push({ seconds: (performance.now() - started) / 1000, cpuMs: cpuMs(cpu) })
  }
  clearInterval(sampler)
  const seconds = quantile(
    samples.map((sample) => sample.seconds),
    0.5,
  )
  return {
    rounds,
    chunks: result.chunks,
    textLength: result.text.length,
    seconds,
    chunksPerSecond: result.chunks / seconds,
    megabytesPerSecond: bytes / 1e6 / seconds,
    cpuMs: quantile(
      samples.map((sample) => sample.cpuMs),
      0.5,
    ),
    peakRssMB: (peakRss - base.rss) / 1e6,
    peakHeapMB: (peakHeap - base.heapUsed) / 1e6,
  }
}

async function timed(operation, count) {
  for (let i = 0; i < 100; i++) await operation() // warm-up
  const latencies = []
  const cpu = process.cpuUsage()
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await operation()
    latencies.push(performance.now() - started)
  }
  return {
    count,
    medianMs: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuMsPerRequest: cpuMs(cpu) / count,
  }
}

async function overhead() {
  const result = {}
  if (client.list) result.list = await timed(client.list, 2000)
  if (client.complete) result.complete = await timed(client.complete, 2000)
  return result
}

async function ttfc() {
  const firsts = []
  for (let i = 0; i < 250; i++) {
    const started = performance.now()
    let first = 0
    await client.stream('bench-4096', () => (first = performance.now() - started))
    if (i >= 50) firsts.push(first) // the first 50 are warm-up
  }
  return { count: firsts.length, medianMs: quantile(firsts, 0.5), p99Ms: quantile(firsts, 0.99) }
}

const scenarios = { throughput, overhead, ttfc }
const result = await scenarios[scenario]()
console.log(JSON.stringify({ scenario, client: name, ...result }))
