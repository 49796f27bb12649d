// The Worker as it would be deployed: `wrangler deploy --dry-run` bundles it into a scratch folder, uploading nothing.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** apps/worker, where wrangler.jsonc lives. */
export const workerDirectory = fileURLToPath(new URL('../../apps/worker/', import.meta.url))

/** A deploy bundle on disk. */
export interface WorkerBundle {
  /** The folder holding `index.js` (and its source map). */
  directory: string
  /** The entry module's path. */
  entry: string
  /** Deletes the folder. */
  remove: () => void
}

/**
 * Bundles the Worker with the wrangler installed for apps/worker, as `wrangler deploy` would, without uploading.
 *
 * @returns the bundle; call `remove()` when done.
 * @throws when wrangler fails, with its output.
 */
export function buildWorkerBundle(): WorkerBundle {
  const directory = mkdtempSync(join(tmpdir(), 'mistral-edge-worker-bundle-'))
  const remove = () => rmSync(directory, { recursive: true, force: true })
  const wrangler = createRequire(join(workerDirectory, 'package.json')).resolve('wrangler/bin/wrangler.js')
  const result = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', directory], {
    cwd: workerDirectory,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (result.status !== 0) {
    remove()
    throw new Error(
      `wrangler deploy --dry-run failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
    )
  }
  return { directory, entry: join(directory, 'index.js'), remove }
}
