// Starts the Worker with `wrangler dev` on 127.0.0.1 for the Node-side suites (official SDK, Chromium), and stops it.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const workerDirectory = fileURLToPath(new URL('../../apps/worker/', import.meta.url))
const wranglerBin = createRequire(`${workerDirectory}package.json`).resolve('wrangler/bin/wrangler.js')

/** A running `wrangler dev`. */
export interface WranglerDev {
  /** e.g. `http://127.0.0.1:41234` */
  url: string
  /** Everything wrangler printed so far (the Worker's console.log lines included). */
  output: () => string
  /** Stops wrangler and its workerd; resolves once they are gone. */
  stop: () => Promise<void>
  /** The process id of wrangler (its workerd is a descendant), e.g. to read workerd's memory in a load run. */
  pid?: number | undefined
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve()
    const pid = child.pid
    const timer = setTimeout(() => {
      // wrangler did not stop on SIGINT: end its process group (wrangler, its cli child and workerd).
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {}
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    // SIGINT to wrangler's own node process: it shuts workerd down itself.
    child.kill('SIGINT')
  })
}

/** Options of {@link startWranglerDev}. */
export interface WranglerDevOptions {
  /** How long to wait for it to be ready, in ms. Default 60000. */
  timeoutMs?: number
  /**
   * Secrets (e.g. a canary `MISTRAL_API_KEY`), passed the way `pnpm start` passes the key: in a private temporary
   * env file, never on the command line. A `MISTRAL_API_KEY` here must come with a local `MISTRAL_BASE_URL` var.
   */
  secrets?: Record<string, string>
  /**
   * Requests per client per minute of the `LIMITER` Rate Limiting binding. Default 1000 (the suites send many
   * requests from one machine); `wrangler dev` runs a copy of wrangler.jsonc with this limit, next to it.
   */
  rateLimit?: number
}

/** wrangler.jsonc without its comments (strings, URLs included, kept as they are). */
function readJsonc(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8').replace(
    /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_match, string: string | undefined) => string ?? '',
  )
  return JSON.parse(text) as Record<string, unknown>
}

/**
 * Writes a copy of apps/worker/wrangler.jsonc with another rate limit, in apps/worker (its paths are relative to it).
 *
 * @param rateLimit - requests per client per 60 s.
 * @returns the copy's path and a function that deletes it.
 */
function writeTestConfig(rateLimit: number): { path: string; remove: () => void } {
  const config = readJsonc(join(workerDirectory, 'wrangler.jsonc'))
  config.ratelimits = [{ name: 'LIMITER', namespace_id: '1001', simple: { limit: rateLimit, period: 60 } }]
  delete config.$schema
  const path = join(workerDirectory, `.wrangler-test-${process.pid}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(path, JSON.stringify(config, null, 2))
  return { path, remove: () => rmSync(path, { force: true }) }
}

/**
 * Starts `wrangler dev` for apps/worker on a free port of 127.0.0.1, with the embedded mock (no key, no network)
 * unless `options.secrets` holds a key, and waits until it serves the app.
 *
 * @param vars - extra `--var NAME:VALUE` bindings (e.g. `MOCK_CHUNK_DELAY_MS`).
 * @param options - the ready timeout and secrets.
 * @returns the running server.
 */
export async function startWranglerDev(
  vars: Record<string, string> = {},
  options: WranglerDevOptions = {},
): Promise<WranglerDev> {
  const { timeoutMs = 60_000, secrets = {}, rateLimit = 1000 } = options
  if (secrets.MISTRAL_API_KEY && !/^http:\/\/127\.0\.0\.1:\d+$/.test(vars.MISTRAL_BASE_URL ?? '')) {
    throw new Error(
      'A MISTRAL_API_KEY secret needs a MISTRAL_BASE_URL var on http://127.0.0.1: tests never reach the real API',
    )
  }
  const port = await freePort()
  // Without a key secret, MISTRAL_API_KEY is forced empty: a developer's .dev.vars must never turn a test into real
  // API traffic.
  // The app's own origin is where this server listens (the Worker never takes it from Host).
  const url = `http://127.0.0.1:${port}`
  const allVars: Record<string, string> = { PUBLIC_ORIGIN: url, ...vars }
  if (!secrets.MISTRAL_API_KEY) allVars.MISTRAL_API_KEY = ''
  const config = writeTestConfig(rateLimit)
  // A fresh state folder: the token budgets (Durable Objects) of one run never carry into the next.
  const state = mkdtempSync(join(tmpdir(), 'mistral-edge-test-state-'))
  const args = [
    wranglerBin,
    'dev',
    '--config',
    config.path,
    '--persist-to',
    state,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort()),
  ]
  // The default log level ("log") keeps the Worker's console.log lines in the output.
  args.push('--show-interactive-dev-session=false')
  for (const [name, value] of Object.entries(allVars)) args.push('--var', `${name}:${value}`)
  let secretsDirectory: string | undefined
  if (Object.keys(secrets).length) {
    secretsDirectory = mkdtempSync(join(tmpdir(), 'mistral-edge-test-secrets-'))
    const lines = Object.entries(secrets).map(([name, value]) => `${name}=${value}\n`)
    writeFileSync(join(secretsDirectory, '.env'), lines.join(''), { mode: 0o600 })
    args.push('--env-file', join(secretsDirectory, '.env'))
  }
  const environment: Record<string, string | undefined> = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CI: 'true',
  }
  delete environment.MISTRAL_API_KEY
  const child = spawn(process.execPath, args, {
    cwd: workerDirectory,
    env: environment,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()))
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()))
  const stop = async () => {
    await stopProcess(child)
    config.remove()
    rmSync(state, { recursive: true, force: true })
    if (secretsDirectory) rmSync(secretsDirectory, { recursive: true, force: true })
  }
  const server: WranglerDev = { url, output: () => output, stop, pid: child.pid }
  const deadline = Date.now() + timeoutMs
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`)
      // A build error does not end wrangler dev (it waits for a fix): fail at once instead of at the deadline.
      if (output.includes('[ERROR]')) throw new Error(`wrangler dev could not start the Worker:\n${output}`)
      if (output.includes('Ready on')) {
        const response = await fetch(`${url}/`).catch(() => undefined)
        if (response?.ok) return server
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    throw new Error(`wrangler dev was not ready within ${timeoutMs} ms:\n${output}`)
  } catch (error) {
    await server.stop()
    throw error
  }
}
