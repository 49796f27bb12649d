// `pnpm load`: the full load run through the Worker under `wrangler dev`, its figures printed. Flags (defaults):
// --concurrency 200 --burst 120 --rate-limit 60 --disconnects 20 --chunk-delay 100 --timeout-ms 120000.
// LOAD_DEBUG=1 also prints wrangler's output, request lines aside.
// Exit code 1 when a stream failed or differed, the burst was not limited as configured, or a disconnect was not
// seen upstream.
import { formatFigures, loadProblems, runLoad, startLoadWorker } from './load.js'

/** The value of `--name N`, or `fallback`. */
function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  if (index < 0) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a non-negative integer`)
  return value
}

const concurrency = flag('concurrency', 200)
const burst = flag('burst', 120)
const disconnects = flag('disconnects', 20)
const timeoutMs = flag('timeout-ms', 120_000)
const worker = await startLoadWorker({ rateLimit: flag('rate-limit', 60), chunkDelayMs: flag('chunk-delay', 100) })
let failed = true
try {
  console.log(`wrangler dev on ${worker.url} (embedded mock); running ${concurrency} streams, ${disconnects} disconnects and a burst of ${burst}...`)
  const figures = await runLoad(worker, { concurrency, burst, disconnects, timeoutMs })
  console.log(`\n${formatFigures(figures)}\n`)
  const problems = loadProblems(figures)
  for (const problem of problems) console.log(`PROBLEM: ${problem}`)
  failed = problems.length > 0
  if (process.env.LOAD_DEBUG) console.log(worker.output().split('\n').filter((line) => !/\[wrangler:info\] (GET|POST)/.test(line)).join('\n'))
} finally {
  await worker.stop()
}
process.exit(failed ? 1 : 0)
