// `pnpm bench`: every comparison in one run, printed as tables and written to bench/results.json.
// Figures are for this machine; compare the ratios, measured side by side in one run.
// Parts: ratios (the acceptance ratios against the floor: stream.mjs in memory, ratios.mjs over loopback), size,
// throughput, overhead, cold. `node bench/run.mjs ratios` runs one part (and writes nothing).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { coldWorkerd } from './cold-workerd.mjs'
import { measureSizes } from './size.mjs'
import { formatRatio } from './stats.mjs'

const here = new URL('.', import.meta.url).pathname
const only = process.argv.slice(2)
const wants = (name) => only.length === 0 || only.includes(name)
const results = {
  machine: {
    cpus: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    loadAverageAtStart: os.loadavg()[0],
  },
  date: new Date().toISOString(),
}
const benchStarted = performance.now()
if (os.loadavg()[0] > os.cpus().length / 2)
  console.log(
    `note: load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores before the run; other processes make every figure noisier`,
  )

const table = (title, header, rows) => {
  const widths = header.map((cell, i) => Math.max(String(cell).length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ')
  console.log(`\n${title}\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`)
  for (const row of rows) console.log(line(row))
}
const fixed = (value, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : String(value))

function startServer() {
  const child = spawn(process.execPath, ['server.mjs'], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (data) => resolve({ url: String(data).trim(), stop: () => child.kill() }))
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
}
/** Runs a bench script in a fresh node; forwards its output but the last line, which is its JSON result. */
function script(file, args, { gc = false, timeout = 300_000 } = {}) {
  const result = spawnSync(process.execPath, [...(gc ? ['--expose-gc'] : []), file, ...args], {
    cwd: here,
    encoding: 'utf8',
    timeout,
    killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`${file} failed (${result.error?.message ?? `exit ${result.status}`})`)
  const lines = result.stdout.trimEnd().split('\n')
  const json = JSON.parse(lines.pop())
  if (lines.length) console.log(lines.join('\n'))
  return json
}
const measure = (...args) =>
  JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', 'measure.mjs', ...args], {
      cwd: here,
      encoding: 'utf8',
      timeout: 600_000,
    })
      .trim()
      .split('\n')
      .pop(),
  )

const server = await startServer()
try {
  if (wants('ratios')) {
    console.log('\nStream read from memory (bench/stream.mjs)')
    const memory = script('stream.mjs', ['--json'])
    console.log(
      '\nOver loopback, interleaved with the floor (bench/ratios.mjs): the plain client, then the validating one',
    )
    const loopback = script('ratios.mjs', [server.url, 'plain'], { gc: true, timeout: 900_000 })
    let checked = {}
    try {
      checked = script('ratios.mjs', [server.url, 'validation'], { gc: true, timeout: 900_000 })
    } catch (error) {
      console.log(`no validation column: ${String(error?.message ?? error).split('\n')[0]}`)
    }
    const row = (name) => memory.rows.find((entry) => entry.run === name)
    const validating = 'mistral-edge +validation'
    // A line of the table: metric, the floor's summary, mistral-edge's ratio, the target, the validating client's and
    // bare fetch's ratios (bare fetch, no timeout and no status check, takes part in the JSON calls only: what the
    // floor's timeout and check cost).
    const inMemory = (metric, floorKey, ratioKey) => [
      metric,
      row('floor')?.[floorKey],
      row('mistral-edge')?.[ratioKey],
      0.8,
      row(validating)?.[ratioKey],
    ]
    const overLoopback = (metric, operation, measure, target) => [
      metric,
      loopback[operation].floor[measure],
      loopback[operation]['mistral-edge'][measure].ratio,
      target,
      checked[operation]?.[validating]?.[measure].ratio,
      loopback[operation]['bare fetch']?.[measure].ratio,
    ]
    const lines = [
      inMemory('20 MB stream, in memory: wall', 'wallMs', 'wallRatio'),
      inMemory('20 MB stream, in memory: CPU', 'cpuMs', 'cpuRatio'),
      overLoopback('20 MB stream, loopback: wall', 'stream', 'wallMs', 0.8),
      overLoopback('20 MB stream, loopback: CPU', 'stream', 'cpuMs', 0.8),
      overLoopback('models list: CPU / request', 'list', 'cpuMsPerRequest', 1.1),
      overLoopback('chat complete: CPU / request', 'complete', 'cpuMsPerRequest', 1.1),
      overLoopback('time to first chunk (4 KB stream)', 'ttfc', 'medianMs', 1.1),
    ]
    results.acceptance = lines.map(([metric, floor, ratio, target, validation, bareFetch]) => ({
      metric,
      floorMs: floor.median,
      ratio,
      target,
      met: ratio.median <= target,
      ...(validation ? { withValidation: validation } : {}),
      ...(bareFetch ? { bareFetch } : {}),
    }))
    results.streamInMemory = memory
    results.loopbackRatios = loopback
    results.loopbackRatiosWithValidation = checked
    table(
      `Acceptance: mistral-edge without validation / the floor (median of the per-round ratios [q1-q3]; ${memory.rounds} in-memory rounds, ${loopback.plan.stream.rounds} loopback stream rounds, ${loopback.plan.list.rounds} rounds of ${loopback.plan.list.block} requests, ${loopback.plan.ttfc.rounds} rounds of ${loopback.plan.ttfc.block} small streams)`,
      [
        'metric',
        'floor ms',
        'mistral-edge / floor',
        'target',
        'verdict',
        'with validation / floor',
        'bare fetch / floor',
      ],
      results.acceptance.map((entry) => [
        entry.metric,
        fixed(entry.floorMs, entry.floorMs < 10 ? 3 : 0),
        formatRatio(entry.ratio),
        `<= ${entry.target}`,
        entry.met ? 'ok' : 'MISSED',
        entry.withValidation ? formatRatio(entry.withValidation) : 'n/a',
        entry.bareFetch ? formatRatio(entry.bareFetch) : '',
      ]),
    )
  }

  if (wants('size')) {
    const rows = await measureSizes()
    results.size = rows
    const edge = Object.fromEntries(
      rows.filter((row) => row.client === 'mistral-edge').map((row) => [row.operation, row]),
    )
    table(
      'Bundle size of a one-call program (bytes; min = minified, gz = gzip -9; ratio = gz / mistral-edge gz)',
      ['operation', 'client', 'esbuild min', 'esbuild gz', 'ratio', 'rolldown min', 'rolldown gz', 'ratio'],
      rows.map((row) => [
        row.operation,
        row.client,
        row.esbuild.min ?? row.esbuild.error,
        row.esbuild.gz ?? '',
        fixed(row.esbuild.gz / edge[row.operation].esbuild.gz),
        row.rolldown.min ?? row.rolldown.error,
        row.rolldown.gz ?? '',
        fixed(row.rolldown.gz / edge[row.operation].rolldown.gz),
      ]),
    )
  }

  if (wants('throughput')) {
    const rows = ['mistral-edge', 'mistral-edge +validation', 'official SDK', 'openai', 'floor'].map((client) =>
      measure('throughput', client, server.url),
    )
    results.throughput = rows
    const floor = rows.find((row) => row.client === 'floor')
    const texts = new Set(rows.map((row) => `${row.chunks}/${row.textLength}`))
    table(
      `Stream throughput: a 20 MB SSE body from loopback, median of 5 rounds in one process (${floor.chunks} chunks; every client saw ${texts.size === 1 ? 'the same chunks and text' : `DIFFERENT data: ${[...texts]}`})`,
      ['client', 'seconds', 'chunks/s', 'MB/s', 'CPU ms', 'peak RSS MB', 'peak heap MB', 'time / floor', 'CPU / floor'],
      rows.map((row) => [
        row.client,
        fixed(row.seconds, 2),
        Math.round(row.chunksPerSecond),
        fixed(row.megabytesPerSecond),
        Math.round(row.cpuMs),
        fixed(row.peakRssMB),
        fixed(row.peakHeapMB),
        fixed(row.seconds / floor.seconds, 2),
        fixed(row.cpuMs / floor.cpuMs, 2),
      ]),
    )
  }

  if (wants('overhead')) {
    const rows = ['mistral-edge', 'mistral-edge +validation', 'official SDK', 'openai', 'floor'].map((client) =>
      measure('overhead', client, server.url),
    )
    const ttfc = ['mistral-edge', 'mistral-edge +validation', 'official SDK', 'openai', 'floor'].map((client) =>
      measure('ttfc', client, server.url),
    )
    results.overhead = rows
    results.timeToFirstChunk = ttfc
    table(
      'Per request, 2,000 sequential requests to loopback after 100 warm-up (ms)',
      ['client', 'list median', 'list p99', 'list CPU/req', 'complete median', 'complete p99', 'complete CPU/req'],
      rows.map((row) => [
        row.client,
        fixed(row.list.medianMs, 3),
        fixed(row.list.p99Ms, 3),
        fixed(row.list.cpuMsPerRequest, 3),
        fixed(row.complete.medianMs, 3),
        fixed(row.complete.p99Ms, 3),
        fixed(row.complete.cpuMsPerRequest, 3),
      ]),
    )
    table(
      'Time to first chunk of a small stream, 200 streams after 50 warm-up (ms)',
      ['client', 'median', 'p99'],
      ttfc.map((row) => [row.client, fixed(row.medianMs, 3), fixed(row.p99Ms, 3)]),
    )
  }

  if (wants('cold')) {
    const node = ['mistral-edge', 'official-SDK', 'openai'].map((client) => {
      const samples = Array.from({ length: 5 }, () =>
        JSON.parse(
          execFileSync(process.execPath, ['cold-node.mjs', client, server.url], { cwd: here, encoding: 'utf8' }),
        ),
      )
      samples.sort((a, b) => a.sinceProcessStartMs - b.sinceProcessStartMs)
      return samples[2]
    })
    const workerd = await coldWorkerd(server.url)
    results.coldStart = { node, workerd }
    table(
      'Cold start in node: import + first models list in a fresh process, median of 5 (ms)',
      ['client', 'import', 'first call', 'since process start'],
      node.map((row) => [row.client, fixed(row.importMs), fixed(row.firstCallMs), fixed(row.sinceProcessStartMs)]),
    )
    table(
      'Cold start in workerd (Miniflare): start + first request, median of 3 (ms)',
      ['client', 'worker bytes', 'start', 'first request', 'total', 'status'],
      workerd.map((row) => [
        row.client,
        row.bundleBytes,
        fixed(row.startMs),
        fixed(row.firstRequestMs),
        fixed(row.totalMs),
        row.status,
      ]),
    )
  }
} finally {
  server.stop()
}

results.seconds = Math.round((performance.now() - benchStarted) / 1000)
console.log(`\nbench: ${results.seconds} s`)
if (only.length === 0) writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
