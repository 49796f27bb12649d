// `pnpm test`: builds the packages, runs every check and suite, and ends with one line `N passed, M failed` (totals
// over every suite). A passing suite prints one line; its whole output goes to test-results/logs/, and is printed only
// when it fails. Exit code 1 when anything failed or a suite could not run.
//
// Flags: `--only <word>` runs only the suites whose title contains the word (repeatable), after the build.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const logs = join(root, 'test-results/logs')
rmSync(logs, { recursive: true, force: true })
mkdirSync(logs, { recursive: true })
const scratch = mkdtempSync(join(tmpdir(), 'mistral-edge-test-'))
const only = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--only' ? [arg] : []))
const started = performance.now()

/** One line per suite: title, counts, seconds, and the log file. */
const summary = []

// No suite may hang the run: each is stopped after this long and counted as failed.
const SUITE_TIMEOUT_MS = 10 * 60_000
// Output lines that must never appear in a green run's log: a stack frame, an uncaught error.
const NOISE = /^\s+at .+[:(]\d+:\d+\)?$|Uncaught|Unhandled/m

/**
 * Runs one command with its output captured. `count(output, status)` returns `[passed, failed]`. A failing suite
 * prints its log; a passing one prints one line.
 */
function suite(title, command, args, count, { cwd = root, env = {} } = {}) {
  if (only.length && title !== 'build' && !only.some((word) => title.includes(word))) return
  const file = join(
    logs,
    `${String(summary.length + 1).padStart(2, '0')}-${title.replace(/\W+/g, '-').replace(/-$/, '')}.log`,
  )
  const begin = performance.now()
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: SUITE_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  })
  const output = `$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}\n` : ''}`
  writeFileSync(file, output)
  let [passed, failed] = count(output, result.status ?? 1)
  if (result.error) failed ||= 1
  const seconds = Math.round((performance.now() - begin) / 1000)
  const noisy = !failed && NOISE.test(output)
  summary.push({ title, passed, failed, seconds })
  const where = file.slice(root.length)
  console.log(
    `${failed ? 'FAIL' : 'ok  '} ${title}: ${passed} passed, ${failed} failed (${seconds} s)${failed || noisy ? `  -> ${where}` : ''}`,
  )
  if (failed) console.log(`${output.split('\n').slice(-150).join('\n')}\n---- end of ${where} (last 150 lines)`)
}

/** A step that is not a test but must succeed: one check, passed or failed by its exit code. */
const exitCode = (_output, status) => (status === 0 ? [1, 0] : [0, 1])

/**
 * A vitest run read through its JSON report. `directory` runs the vitest installed there (test/ has its own, which
 * its files import: the runner and the test files must share one vitest instance). `node` runs it on another Node.
 */
function vitest(title, args, { directory = root, node = process.execPath, env } = {}) {
  const report = join(scratch, `${title.replace(/\W+/g, '-')}.json`)
  const cli = join(directory, 'node_modules/vitest/vitest.mjs')
  const counted = (_output, status) => {
    try {
      const json = JSON.parse(readFileSync(report, 'utf8'))
      let failed = json.numFailedTests
      if (status !== 0 && failed === 0) failed++ // a file that failed to load, an unhandled error
      if (json.numTotalTests === 0) failed++
      return [json.numPassedTests, failed]
    } catch {
      return [0, 1]
    }
  }
  suite(
    title,
    node,
    [cli, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    counted,
    { cwd: directory, env },
  )
}

/** A `deno test` or `bun test` run, counted from its closing summary (Deno: `| N passed | M failed`; Bun: ` N pass`). */
function runtime(title, command, args) {
  suite(
    title,
    command,
    args,
    (output, status) => {
      const deno = /\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(output)
      const passed = Number(deno?.[1] ?? /^\s*(\d+) pass$/m.exec(output)?.[1] ?? 0)
      let failed = Number(deno?.[2] ?? /^\s*(\d+) fail$/m.exec(output)?.[1] ?? 0)
      if ((status !== 0 && failed === 0) || passed + failed === 0) failed++
      return [passed, failed]
    },
    { cwd: join(root, 'test') },
  )
}

const test = join(root, 'test')
suite('build', 'pnpm', ['run', 'build'], exitCode)
suite('typecheck (sources, every test file, the apps)', 'pnpm', ['run', 'typecheck'], exitCode)
suite('lint and format (biome ci)', join(root, 'node_modules/.bin/biome'), ['ci', '--colors=off', '.'], exitCode)
suite('knip (unused files, exports, dependencies)', join(root, 'node_modules/.bin/knip'), ['--no-progress'], exitCode)
suite('publint --strict (both packages)', 'pnpm', ['--filter', './packages/*', 'exec', 'publint', '--strict'], exitCode)
for (const name of ['client', 'mock']) {
  const attw = join(root, 'node_modules/.bin/attw')
  suite(
    `attw (@mistral-edge/${name}'s published types)`,
    attw,
    ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii'],
    exitCode,
    { cwd: join(root, 'packages', name) },
  )
}
suite('bundle size (esbuild and rolldown)', process.execPath, ['scripts/size.mjs'], (output, status) => {
  const lines = output.split('\n').filter((line) => /^size \S+\s+(esbuild|rolldown) /.test(line))
  const passed = lines.filter((line) => line.endsWith('ok')).length
  let failed = lines.length - passed
  if (status !== 0 && !failed) failed++
  return [passed, failed]
})

vitest('unit (Node 20 + happy-dom, type tests)', [])
// The Node suites again on the Node versions the library also promises; the type tests ran once above.
for (const version of ['22', '24']) {
  const node = join(root, `lanes/node_modules/node${version}/bin/node`)
  if (!existsSync(node)) suite(`unit on Node ${version}`, 'false', [], () => [0, 1])
  else vitest(`unit on Node ${version}`, ['--typecheck.enabled=false'], { node })
}

// Runtime suites, all on the built packages (the build step above built packages/* and apps/browser).
vitest('workerd: the Worker routes', ['--config', 'workerd/vitest.config.ts'], { directory: test })
vitest(
  'official SDK through wrangler dev, and the deploy bundle',
  ['--config', 'e2e/vitest.config.ts', 'official-sdk', 'worker-bundle'],
  { directory: test },
)
vitest('Chromium: the app under wrangler dev', ['--config', 'e2e/vitest.config.ts', 'chromium'], { directory: test })
vitest('load through wrangler dev (small)', ['--config', 'e2e/vitest.config.ts', 'load'], { directory: test })
vitest('security: the key, the upstream host, the guards', ['--config', 'security/vitest.config.ts'], {
  directory: test,
})
runtime('Deno', join(test, 'node_modules/.bin/deno'), [
  'test',
  '--config',
  'deno/deno.json',
  '--no-check',
  '--allow-read',
  '--allow-env',
  'deno/',
])
runtime('Bun', join(test, 'node_modules/.bin/bun'), ['test', './bun/'])

rmSync(scratch, { recursive: true, force: true })
const passed = summary.reduce((sum, row) => sum + row.passed, 0)
const failed = summary.reduce((sum, row) => sum + row.failed, 0)
const width = Math.max(...summary.map((row) => row.title.length))
console.log(`\nsuite${' '.repeat(width - 5)}  passed  failed  seconds`)
for (const row of summary) {
  console.log(
    `${row.title.padEnd(width)}  ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${String(row.seconds).padStart(7)}`,
  )
}
console.log(`(${Math.round((performance.now() - started) / 1000)} s in all; logs in test-results/logs/)`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
