// The Worker as deployed (the `wrangler deploy --dry-run` bundle) in Miniflare, without wrangler dev's proxy in front.

import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { Miniflare } from 'miniflare'
import { unstable_readConfig } from 'wrangler'
import { buildWorkerBundle, workerDirectory } from './worker-bundle.js'
import type { WranglerDev } from './wrangler-dev.js'

/** Options of {@link startMiniflareWorker}. */
export interface MiniflareWorkerOptions {
  /** Requests per client per 60 s of the `LIMITER` binding. Default 1000. */
  rateLimit?: number
}

/**
 * Starts the deploy bundle in Miniflare (workerd) on a free port of 127.0.0.1, with wrangler.jsonc's settings,
 * Durable Objects and rate limit, the embedded mock (no key), and `vars` on top. Same shape as `startWranglerDev`.
 *
 * @param vars - extra bindings (e.g. `MOCK_CHUNK_DELAY_MS`).
 * @param options - the rate limit.
 * @returns the running Worker; `pid` is this process (workerd is its child).
 */
export async function startMiniflareWorker(
  vars: Record<string, string> = {},
  options: MiniflareWorkerOptions = {},
): Promise<WranglerDev> {
  const bundle = buildWorkerBundle()
  const config = unstable_readConfig({ config: join(workerDirectory, 'wrangler.jsonc') })
  let output = ''
  const miniflare = new Miniflare({
    modules: [{ type: 'ESModule', path: bundle.entry }],
    modulesRoot: bundle.directory,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...(config.vars as Record<string, string>), MISTRAL_API_KEY: '', ...vars },
    ratelimits: { LIMITER: { simple: { limit: options.rateLimit ?? 1000, period: 60 } } },
    durableObjects: { BUDGET: { className: 'TokenBudget', useSQLite: true } },
    // Typed here: miniflare's option types lean on whichever `zod` the install hoists.
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on('data', (data: Buffer) => (output += data.toString()))
      stderr.on('data', (data: Buffer) => (output += data.toString()))
    },
    host: '127.0.0.1',
    port: 0,
    cf: false,
  })
  const url = (await miniflare.ready).origin
  return {
    url,
    output: () => output,
    pid: process.pid,
    stop: async () => {
      await miniflare.dispose()
      bundle.remove()
    },
  }
}
