// `pnpm load`: the full load run through the Worker, its figures printed. The Worker runs as deployed: the
// `wrangler deploy` bundle in Miniflare's workerd, which holds the client's connection itself. `--wrangler-dev` runs it
// under `wrangler dev` instead (what `pnpm start` runs), whose dev proxy sometimes loses a departed client (see
// `LoadWorkerOptions.runtime`). Flags (defaults): --concurrency 200 --over-limit-callers 20 --over-limit-requests 8
// --rate-limit 5 --disconnects 20 --chunk-delay 100 --timeout-ms 120000.
// LOAD_DEBUG=1 also prints workerd's (or wrangler's) output, request lines aside.
// Exit code 1 when anything did not hold (see loadProblems): a request that did not settle in time, a stream that
// failed or differed from the direct call by one byte, an over-limit caller never refused or served beyond its limit,
// a leaving client's stream that ran on or was not cancelled upstream, a connection left open. The whole run, the
// Worker's start included, is bounded.
import { formatFigures, type LoadRuntime, loadProblems, runLoad, startLoadWorker } from './load.js'

/** The value of `--name N`, or `fallback`. */
function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  if (index < 0) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a non-negative integer`)
  return value
}

const concurrency = flag('concurrency', 200)
const overLimitCallers = flag('over-limit-callers', 20)
const rateLimit = flag('rate-limit', 5)
const overLimitRequests = flag('over-limit-requests', rateLimit + 3)
const disconnects = flag('disconnects', 20)
const timeoutMs = flag('timeout-ms', 120_000)
if (overLimitCallers && overLimitRequests <= rateLimit)
  throw new Error('--over-limit-requests must exceed --rate-limit')

const runtime: LoadRuntime = process.argv.includes('--wrangler-dev') ? 'wrangler' : 'miniflare'

const worker = await startLoadWorker({ rateLimit, chunkDelayMs: flag('chunk-delay', 100), runtime })
// No hang: past the requests' own bound (plus time to wait for a rate-limit window, compare and drain), give up.
const watchdog = setTimeout(() => {
  console.log(`PROBLEM: hang: the run did not finish within ${timeoutMs + 120_000} ms`)
  void worker.stop().finally(() => process.exit(1))
}, timeoutMs + 120_000)
let failed = true
try {
  console.log(
    `${runtime === 'miniflare' ? 'Miniflare (deploy bundle)' : 'wrangler dev'} on ${worker.url} (embedded mock); ${concurrency} streams, ${overLimitCallers} callers sending ${overLimitRequests} each against a limit of ${rateLimit}, ${disconnects} disconnects...`,
  )
  const figures = await runLoad(worker, { concurrency, overLimitCallers, overLimitRequests, disconnects, timeoutMs })
  console.log(`\n${formatFigures(figures)}\n`)
  const problems = loadProblems(figures)
  for (const problem of problems) console.log(`PROBLEM: ${problem}`)
  if (!problems.length)
    console.log(
      'OK: no hang, no leak, every over-limit caller refused, every served stream byte-identical to the direct call',
    )
  failed = problems.length > 0
  if (process.env.LOAD_DEBUG)
    console.log(
      worker
        .output()
        .split('\n')
        .filter((line) => !/\[wrangler:info\] (GET|POST)/.test(line))
        .join('\n'),
    )
} finally {
  clearTimeout(watchdog)
  await worker.stop()
}
process.exit(failed ? 1 : 0)
