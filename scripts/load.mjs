// `pnpm load`: builds the packages (the Worker bundles the built library and mock), then runs test/load/main.ts:
// 200 concurrent streamed chats through the Worker as deployed (its `wrangler deploy` bundle in Miniflare; with
// `--wrangler-dev`, under `wrangler dev`; embedded mock, no network), 20 callers above the rate limit and 20 clients
// that go away mid-stream, and prints the figures. `--no-build` skips the build; the other flags are passed on (see
// test/load/main.ts).
import { spawnSync } from 'node:child_process'
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (!process.argv.includes('--no-build')) {
  const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
register('./typescript-hooks.mjs', import.meta.url)
await import('../test/load/main.ts')
