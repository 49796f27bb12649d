// `pnpm soak [--ops N] [--seed S] [--concurrency C]`: the seeded fault soak of test/soak, run long against the BUILT
// packages (built first when missing or older than their sources) and printing its figures. Exit code 1 when an
// invariant broke. The soak is TypeScript: esbuild bundles it on the fly, resolving @mistral-edge/* to their dist.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`)
  if (index < 0) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} takes a whole number, got ${process.argv[index + 1]}`)
    process.exit(2)
  }
  return value
}

const ops = option('ops', 2000)
const seed = option('seed', Date.now() % 2 ** 31)
const concurrency = option('concurrency', 8)
// Printed first, so even a run that crashes can be replayed.
console.log(`soak: seed ${seed}, ${ops} operations, concurrency ${concurrency}`)

/** The newest modification time under a folder, test files aside. */
function newest(folder) {
  let time = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) time = Math.max(time, newest(path))
    else if (!entry.name.includes('.test.')) time = Math.max(time, statSync(path).mtimeMs)
  }
  return time
}

const outputs = ['packages/client/dist/index.js', 'packages/mock/dist/index.js', 'packages/mock/dist/node.js'].map(
  (path) => join(root, path),
)
const stale =
  outputs.some((path) => !existsSync(path)) ||
  Math.min(...outputs.map((path) => statSync(path).mtimeMs)) <
    Math.max(newest(join(root, 'packages/client/src')), newest(join(root, 'packages/mock/src')))
if (stale) {
  console.log('soak: building the packages')
  const result = spawnSync('pnpm', ['--filter', './packages/client', '--filter', './packages/mock', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(1)
}

const scratch = mkdtempSync(join(tmpdir(), 'mistral-edge-soak-'))
try {
  const bundle = join(scratch, 'soak.mjs')
  // Bundled from test/soak, where @mistral-edge/client and @mistral-edge/mock resolve to the built packages.
  await build({
    entryPoints: [join(root, 'test/soak/soak.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  })
  const { runSoak, formatFigures } = await import(pathToFileURL(bundle).href)
  const figures = await runSoak({ seed, ops, concurrency })
  console.log(formatFigures(figures))
  process.exitCode = figures.violationCount ? 1 : 0
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
