import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const here = fileURLToPath(new URL('.', import.meta.url))

// The Worker's routes, run inside workerd by @cloudflare/vitest-pool-workers, against the BUILT packages
// (apps/worker resolves @mistral-edge/client to packages/client/dist). Run in test/ with its own vitest: `pnpm exec vitest run
// --config workerd/vitest.config.ts` (scripts/test.mjs does, after `pnpm run build`).
export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: fileURLToPath(new URL('../../apps/worker/wrangler.jsonc', import.meta.url)) },
      // The shared Worker instance gets a high limit (rate limits are tested on their own instances) and a short
      // per-chunk delay, so a streamed answer arrives in several reads.
      miniflare: { bindings: { RATE_LIMIT_REQUESTS: '1000', MOCK_CHUNK_DELAY_MS: '20' } },
    }),
  ],
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 20_000,
  },
})
