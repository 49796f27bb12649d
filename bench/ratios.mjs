// The acceptance ratios over loopback, in one process: mistral-edge (no validation, the default path; and with
// `withValidation`) against the floor (clients.mjs: the least a correct client does, a timeout and a status check
// included), interleaved round by round in rotating order, each ratio taken within a round and reported as median
// [q1-q3] over the rounds. The server runs in its own process (its CPU never counts here).
//   stream: one 20 MB SSE stream per contender per round: wall time and CPU time.
//   list, complete: a block of small JSON calls (GET /v1/models, POST /v1/chat/completions) per contender per round:
//     CPU time per request, and the median latency; `bare fetch` (no timeout, no status check) is measured beside.
//   ttfc: a block of small streams per contender per round: the median time to the first parsed chunk.
// Run by run.mjs: `node --expose-gc ratios.mjs <baseURL> plain|validation`; prints progress on stderr and one JSON line
// on stdout. `plain` measures mistral-edge (and `bare fetch`) against the floor, `validation` the validating client
// against the floor, each in its own process: in one process the validating client's schema outputs share V8 hidden
// classes with the parsed chunks, and the plain client's stream loop then deoptimizes ("wrong map") and runs up to
// 1.5x slower, a cost of sharing the process, not of either path.
import { performance } from 'node:perf_hooks'
import { clients } from './clients.mjs'
import { pairedRatio, rotation, summary } from './stats.mjs'

const [baseURL, which = 'plain'] = process.argv.slice(2)
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(baseURL ?? '') || !['plain', 'validation'].includes(which))
  throw new Error('usage: node ratios.mjs http://127.0.0.1:<port> plain|validation (loopback only)')

/**
 * Rounds and block sizes: the whole file runs in about two minutes on a quiet 2-core machine (five under load). Short blocks and many
 * rounds: each ratio is taken between neighbours in time, so load from other processes (which moves a block's CPU
 * by +-15% or more) hits both sides of most ratios, and the median over the rounds shrugs off the rest.
 */
const plan = {
  stream: { rounds: 17, model: 'bench-20000000' },
  list: { rounds: 61, block: 60 },
  complete: { rounds: 61, block: 60 },
  ttfc: { rounds: 17, block: 20, model: 'bench-4096' },
}

const contenders = { floor: await clients.floor(baseURL) }
if (which === 'plain') {
  contenders['bare fetch'] = await clients['bare fetch'](baseURL)
  contenders['mistral-edge'] = await clients['mistral-edge'](baseURL)
} else contenders['mistral-edge +validation'] = await clients['mistral-edge +validation'](baseURL)
/** Who takes part in each operation: `bare fetch` only in the JSON calls (it has no stream). */
const takesPart = (operation) =>
  Object.keys(contenders).filter((name) => contenders[name][operation === 'ttfc' ? 'stream' : operation])
const gc = globalThis.gc ?? (() => {})
const cpuNow = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Runs `measure(name)` for every contender of `operation`, `rounds` + 1 times (the first round warms up and is dropped). */
async function interleaved(operation, rounds, measure) {
  const names = takesPart(operation)
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round <= rounds; round++) {
    for (const name of rotation(names, round)) {
      gc()
      const sample = await measure(name)
      if (round > 0) samples[name].push(sample)
    }
  }
  return samples
}

/** Per contender: the summary of each metric and its ratio to the floor's, round by round. */
function report(samples, metrics) {
  return Object.fromEntries(
    Object.keys(samples).map((name) => [
      name,
      Object.fromEntries(
        metrics.map((metric) => {
          const values = samples[name].map((sample) => sample[metric])
          return [
            metric,
            {
              ...summary(values),
              ratio: pairedRatio(
                values,
                samples.floor.map((sample) => sample[metric]),
              ),
            },
          ]
        }),
      ),
    ]),
  )
}

/** Every contender must have seen the same data, or its figures mean nothing. */
const seen = new Map()
function check(what, name, value) {
  const key = JSON.stringify(value)
  if (!seen.has(what)) seen.set(what, key)
  else if (seen.get(what) !== key)
    throw new Error(`${name} saw different ${what} data: ${key.slice(0, 200)} vs ${seen.get(what).slice(0, 200)}`)
}

const results = { plan, contenders: Object.keys(contenders) }
const started = performance.now()

console.error(`ratios: 20 MB streams (${Math.round(performance.now() - started)} ms)`)
results.stream = report(
  await interleaved('stream', plan.stream.rounds, async (name) => {
    const cpu = cpuNow()
    const wall = performance.now()
    const { chunks, text } = await contenders[name].stream(plan.stream.model)
    const sample = { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu }
    check('stream', name, { chunks, length: text.length })
    return sample
  }),
  ['wallMs', 'cpuMs'],
)

for (const operation of ['list', 'complete']) {
  console.error(`ratios: ${operation} (${Math.round(performance.now() - started)} ms)`)
  const { rounds, block } = plan[operation]
  results[operation] = report(
    await interleaved(operation, rounds, async (name) => {
      const call = contenders[name][operation]
      const latencies = []
      let last
      const cpu = cpuNow()
      for (let i = 0; i < block; i++) {
        const wall = performance.now()
        last = await call()
        latencies.push(performance.now() - wall)
      }
      const sample = { cpuMsPerRequest: (cpuNow() - cpu) / block, medianMs: summary(latencies).median }
      check(operation, name, last)
      return sample
    }),
    ['cpuMsPerRequest', 'medianMs'],
  )
}

console.error(`ratios: time to first chunk (${Math.round(performance.now() - started)} ms)`)
results.ttfc = report(
  await interleaved('ttfc', plan.ttfc.rounds, async (name) => {
    const firsts = []
    for (let i = 0; i < plan.ttfc.block; i++) {
      const wall = performance.now()
      let first = Number.NaN
      const { chunks } = await contenders[name].stream(plan.ttfc.model, () => (first = performance.now() - wall))
      check('ttfc', name, chunks)
      firsts.push(first)
    }
    return { medianMs: summary(firsts).median }
  }),
  ['medianMs'],
)

results.seconds = Math.round((performance.now() - started) / 100) / 10
console.log(JSON.stringify(results))
