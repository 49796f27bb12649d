// Starts the Worker with `wrangler dev` on 127.0.0.1 for the Node-side suites (official SDK, Chromium), and stops it.
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
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
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
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

/**
 * Starts `wrangler dev` for apps/worker on a free port of 127.0.0.1, with the embedded mock (no key, no network),
 * and waits until it serves the app.
 *
 * @param vars - extra `--var NAME:VALUE` bindings (e.g. `MOCK_CHUNK_DELAY_MS`).
 * @param timeoutMs - how long to wait for it to be ready.
 * @returns the running server.
 */
export async function startWranglerDev(vars: Record<string, string> = {}, timeoutMs = 60_000): Promise<WranglerDev> {
  const port = await freePort()
  // MISTRAL_API_KEY is forced empty: a developer's .dev.vars must never turn a test into real API traffic.
  const allVars = { RATE_LIMIT_REQUESTS: '1000', ...vars, MISTRAL_API_KEY: '' }
  const args = [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort())]
  // The default log level ("log") keeps the Worker's console.log lines in the output.
  args.push('--show-interactive-dev-session=false')
  for (const [name, value] of Object.entries(allVars)) args.push('--var', `${name}:${value}`)
  const environment: Record<string, string | undefined> = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' }
  delete environment.MISTRAL_API_KEY
  const child = spawn(process.execPath, args, { cwd: workerDirectory, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()))
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()))
  const url = `http://127.0.0.1:${port}`
  const server: WranglerDev = { url, output: () => output, stop: () => stopProcess(child) }
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
