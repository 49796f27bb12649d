// The Worker as it would be deployed: `wrangler deploy --dry-run` bundles it without uploading anything.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const workerDirectory = fileURLToPath(new URL('../../apps/worker/', import.meta.url))

it('bundles for deployment with no Node built-in and no key inside', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'mistral-edge-worker-bundle-'))
  try {
    const wrangler = createRequire(join(workerDirectory, 'package.json')).resolve('wrangler/bin/wrangler.js')
    const result = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outDir], {
      cwd: workerDirectory,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
    const bundle = readFileSync(join(outDir, 'index.js'), 'utf8')
    // The library, the mock and the proxy are all in it...
    expect(bundle).toContain('no Route matched with those values')
    expect(bundle).toContain('/v1/chat/completions')
    // ...and nothing that needs nodejs_compat, nor a key.
    expect(bundle).not.toMatch(/from\s*["']node:|require\(\s*["']node:/)
    expect(bundle).not.toMatch(/MISTRAL_API_KEY\s*[:=]\s*["']/)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
})
