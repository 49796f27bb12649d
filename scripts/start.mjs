// `pnpm start`: builds the packages and the browser app, then runs the Worker (apps/worker) with `wrangler dev` on
// 127.0.0.1: it serves the chat app and the Mistral proxy under /v1/, and prints the URL.
// Without MISTRAL_API_KEY the Worker answers from the embedded mock: no key, no network. With it, the Worker talks
// to the real API and adds the key itself; the key goes to wrangler through a private temporary env file, so it is
// neither on a command line nor printed (wrangler shows it as "(hidden)").
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const workerDirectory = join(root, 'apps/worker')
const port = process.env.PORT || '8787'
const url = `http://127.0.0.1:${port}`
const key = process.env.MISTRAL_API_KEY

const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const wrangler = createRequire(join(workerDirectory, 'package.json')).resolve('wrangler/bin/wrangler.js')
const args = [wrangler, 'dev', '--ip', '127.0.0.1', '--port', port, '--show-interactive-dev-session=false']
let secrets
if (key) {
  secrets = mkdtempSync(join(tmpdir(), 'mistral-edge-secrets-'))
  writeFileSync(join(secrets, '.env'), `MISTRAL_API_KEY=${key}\n`, { mode: 0o600 })
  args.push('--env-file', join(secrets, '.env'))
}
const environment = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }
delete environment.MISTRAL_API_KEY

const child = spawn(process.execPath, args, { cwd: workerDirectory, env: environment, stdio: ['inherit', 'pipe', 'inherit'] })
let announced = false
child.stdout.on('data', (data) => {
  process.stdout.write(data)
  if (!announced && String(data).includes('Ready on')) {
    announced = true
    const mode = key ? 'the real Mistral API (the key stays in the Worker)' : 'the embedded mock API (no key, no network)'
    console.log(`\nmistral-edge chat is running at ${url}\nOpen it in a browser. /v1/ answers from ${mode}. Ctrl-C to stop.\n`)
  }
})

const cleanUp = () => secrets && rmSync(secrets, { recursive: true, force: true })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => {
  cleanUp()
  process.exit(code ?? (signal ? 1 : 0))
})
