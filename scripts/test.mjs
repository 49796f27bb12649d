// `pnpm test`: builds the packages, runs every suite, and ends with one line `N passed, M failed` (totals over
// every suite). Exit code 1 when anything failed or a suite could not run.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'mistral-edge-test-'))
let passed = 0
let failed = 0

// No suite may hang the run: each is stopped after this long and counted as failed.
const SUITE_TIMEOUT_MS = 10 * 60_000

function run(title, command, args, env = {}) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`)
  const options = { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', timeout: SUITE_TIMEOUT_MS, killSignal: 'SIGKILL' }
  const result = spawnSync(command, args, options)
  process.stdout.write(result.stdout ?? '')
  if (result.error) console.log(`${title}: ${result.error.message}`)
  return { status: result.status ?? 1, stdout: result.stdout ?? '' }
}

/** A step that is not a test but must succeed (the build). */
function step(title, command, args) {
  const { status } = run(title, command, args)
  if (status !== 0) {
    console.log(`${title} failed`)
    failed++
  }
}

/**
 * A vitest run read through its JSON report. `directory` runs the vitest installed there (test/ has its own, which
 * its files import: the runner and the test files must share one vitest instance).
 */
function vitest(title, args, env, directory) {
  const report = join(scratch, `${title.replace(/\W+/g, '-')}.json`)
  const where = directory ? ['--dir', directory] : []
  const { status } = run(title, 'pnpm', [...where, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], env)
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    passed += json.numPassedTests
    failed += json.numFailedTests
    if (status !== 0 && json.numFailedTests === 0) failed++ // a file that failed to load, an unhandled error
    if (json.numTotalTests === 0) failed++
  } catch {
    console.log(`${title}: no report`)
    failed++
  }
}

step('build', 'pnpm', ['run', 'build'])
step('typecheck', 'pnpm', ['run', 'typecheck'])
step('publint (package exports)', 'pnpm', ['--filter', './packages/*', 'exec', 'publint', '--strict'])

const size = run('bundle size', 'node', ['scripts/size.mjs'])
for (const line of size.stdout.split('\n')) {
  if (line.startsWith('size ')) line.endsWith('ok') ? passed++ : failed++
}
if (size.status !== 0 && !/OVER BUDGET|pulls in/.test(size.stdout)) failed++

vitest('unit (node + happy-dom)', [])

/**
 * A `deno test` or `bun test` run, counted from its closing summary: Deno's `ok | N passed | M failed`,
 * Bun's ` N pass` / ` M fail` lines (Bun writes them to stderr, so both streams are read).
 */
function runtime(title, command, args) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: join(root, 'test'), env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, encoding: 'utf8', timeout: SUITE_TIMEOUT_MS, killSignal: 'SIGKILL' })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  process.stdout.write(output)
  const deno = /\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(output)
  const bunPassed = /^\s*(\d+) pass$/m.exec(output)
  const bunFailed = /^\s*(\d+) fail$/m.exec(output)
  const suitePassed = Number(deno?.[1] ?? bunPassed?.[1] ?? 0)
  const suiteFailed = Number(deno?.[2] ?? bunFailed?.[1] ?? 0)
  passed += suitePassed
  failed += suiteFailed
  if (result.error) console.log(`${title}: ${result.error.message}`)
  if ((result.status !== 0 && suiteFailed === 0) || suitePassed + suiteFailed === 0) {
    console.log(`${title}: did not run to a summary (exit ${result.status})`)
    failed++
  }
}

// Runtime suites, all on the built packages (the build step above built packages/* and apps/browser).
vitest('workerd: the Worker routes', ['--config', 'workerd/vitest.config.ts'], {}, 'test')
vitest('official SDK through wrangler dev, and the deploy bundle', ['--config', 'e2e/vitest.config.ts', 'official-sdk', 'worker-bundle'], {}, 'test')
vitest('Chromium: the app under wrangler dev', ['--config', 'e2e/vitest.config.ts', 'chromium'], {}, 'test')
vitest('load through wrangler dev (small: 30 streams, 3 over-limit callers, 5 disconnects)', ['--config', 'e2e/vitest.config.ts', 'load'], {}, 'test')
vitest('security: the key, the upstream host, the guards', ['--config', 'security/vitest.config.ts'], {}, 'test')
runtime('Deno', join(root, 'test/node_modules/.bin/deno'), ['test', '--config', 'deno/deno.json', '--no-check', '--allow-read', '--allow-env', 'deno/'])
runtime('Bun', join(root, 'test/node_modules/.bin/bun'), ['test', './bun/'])

rmSync(scratch, { recursive: true, force: true })
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
