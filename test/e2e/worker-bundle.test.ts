// The Worker as it would be deployed: `wrangler deploy --dry-run` bundles it without uploading anything.
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { buildWorkerBundle } from '../support/worker-bundle.js'

it('bundles for deployment with no Node built-in and no key inside', () => {
  const built = buildWorkerBundle()
  try {
    const bundle = readFileSync(built.entry, 'utf8')
    // The library, the mock and the proxy are all in it...
    expect(bundle).toContain('no Route matched with those values')
    expect(bundle).toContain('/v1/chat/completions')
    // ...and nothing that needs nodejs_compat, nor a key.
    expect(bundle).not.toMatch(/from\s*["']node:|require\(\s*["']node:/)
    expect(bundle).not.toMatch(/MISTRAL_API_KEY\s*[:=]\s*["']/)
  } finally {
    built.remove()
  }
})
