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

function run(title, command, args, env = {}) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8' })
  process.stdout.write(result.stdout ?? '')
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

/** A vitest run read through its JSON report. */
function vitest(title, args, env) {
  const report = join(scratch, `${title.replace(/\W+/g, '-')}.json`)
  const { status } = run(title, 'pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], env)
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

const size = run('bundle size', 'node', ['scripts/size.mjs'])
for (const line of size.stdout.split('\n')) {
  if (line.startsWith('size ')) line.endsWith('ok') ? passed++ : failed++
}
if (size.status !== 0 && !/OVER BUDGET|pulls in/.test(size.stdout)) failed++

vitest('unit (node + happy-dom)', [])

rmSync(scratch, { recursive: true, force: true })
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
