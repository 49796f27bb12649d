// `pnpm start`: builds the packages and the browser app, then runs the Worker (apps/worker) with `wrangler dev` on
// 127.0.0.1: it serves the chat app and the Mistral proxy under /v1/, and prints the URL and, truthfully, which
// upstream answers and where the key came from.
// The key: MISTRAL_API_KEY in the environment (passed to wrangler in a private temporary env file, so it is neither on
// a command line nor printed), or apps/worker/.dev.vars, which wrangler reads by itself. Neither: the Worker answers
// from the embedded mock (no key, no network). MISTRAL_BASE_URL (environment or .dev.vars) points a key at another
// upstream than https://api.mistral.ai, e.g. a local `mistral-mock --port 4010`. PROXY_TOKEN (environment or
// .dev.vars): what programs other than the browser must send as `Authorization: Bearer` once a key is set.
// `--no-build` skips the build.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The variables of a dotenv file (`NAME=value`, `#` comments, optional quotes), as wrangler reads `.dev.vars`.
 *
 * @param path - the file.
 * @returns the variables; empty when the file does not exist.
 */
export function readDotenv(path) {
  if (!existsSync(path)) return {}
  const variables = {}
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!match) continue
    variables[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2')
  }
  return variables
}

/**
 * What the Worker will use, said truthfully: which upstream, where the key came from, whether programs need a token.
 * Mirrors wrangler: the process environment's key goes in through `--env-file` and wins; otherwise `.dev.vars`.
 *
 * @param environment - the process environment.
 * @param devVars - apps/worker/.dev.vars, parsed.
 * @returns `{ keySource, upstream, proxyToken, mock }` and the banner lines.
 */
export function describeUpstream(environment, devVars) {
  const keySource = environment.MISTRAL_API_KEY
    ? 'the MISTRAL_API_KEY environment variable'
    : devVars.MISTRAL_API_KEY
      ? 'apps/worker/.dev.vars'
      : undefined
  const baseURL = environment.MISTRAL_BASE_URL || devVars.MISTRAL_BASE_URL || undefined
  const mock = keySource === undefined
  const upstream = mock
    ? 'the embedded mock API (no key, no network)'
    : `${baseURL ?? 'https://api.mistral.ai'}${baseURL ? ' (MISTRAL_BASE_URL)' : ' (the real Mistral API)'}`
  const proxyToken = Boolean(environment.PROXY_TOKEN || devVars.PROXY_TOKEN)
  const lines = [`/v1/ answers from ${upstream}.`]
  if (!mock) {
    lines.push(`The key comes from ${keySource}; it stays in the Worker.`)
    lines.push(
      proxyToken
        ? 'Programs (curl, SDKs) must send Authorization: Bearer <PROXY_TOKEN>; the page itself needs nothing.'
        : 'No PROXY_TOKEN is set: only the page itself may call /v1/, programs are refused.',
    )
  }
  return { keySource, upstream, proxyToken, mock, lines }
}

async function main() {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const workerDirectory = join(root, 'apps/worker')
  const port = process.env.PORT || '8787'
  const url = `http://127.0.0.1:${port}`
  const described = describeUpstream(process.env, readDotenv(join(workerDirectory, '.dev.vars')))

  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
    if (build.status !== 0) process.exit(build.status ?? 1)
  }

  const wrangler = createRequire(join(workerDirectory, 'package.json')).resolve('wrangler/bin/wrangler.js')
  const args = [wrangler, 'dev', '--ip', '127.0.0.1', '--port', port, '--show-interactive-dev-session=false']
  // The app's own origins (the Worker never takes its origin from Host, so a DNS-rebinding page is refused).
  args.push('--var', `PUBLIC_ORIGIN:${url},http://localhost:${port}`)
  let secrets
  const secretLines = ['MISTRAL_API_KEY', 'MISTRAL_BASE_URL', 'PROXY_TOKEN']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}\n`)
  if (process.env.MISTRAL_API_KEY) {
    secrets = mkdtempSync(join(tmpdir(), 'mistral-edge-secrets-'))
    writeFileSync(join(secrets, '.env'), secretLines.join(''), { mode: 0o600 })
    args.push('--env-file', join(secrets, '.env'))
  }
  const environment = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }
  for (const name of ['MISTRAL_API_KEY', 'PROXY_TOKEN']) delete environment[name]

  const child = spawn(process.execPath, args, {
    cwd: workerDirectory,
    env: environment,
    stdio: ['inherit', 'pipe', 'inherit'],
  })
  let announced = false
  child.stdout.on('data', (data) => {
    process.stdout.write(data)
    if (!announced && String(data).includes('Ready on')) {
      announced = true
      console.log(
        `\nmistral-edge chat is running at ${url}\nOpen it in a browser. ${described.lines.join('\n')}\nCtrl-C to stop.\n`,
      )
    }
  })

  const cleanUp = () => secrets && rmSync(secrets, { recursive: true, force: true })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    cleanUp()
    process.exit(code ?? (signal ? 1 : 0))
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
