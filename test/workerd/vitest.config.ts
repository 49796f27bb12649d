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
      // The shared Worker instance: its own origin (the tests' requests go to http://worker.test), a high rate limit
      // (limits are tested with TIGHT_LIMITER, 2 a minute) and a short per-chunk delay, so a streamed answer arrives
      // in several reads.
      miniflare: {
        bindings: { PUBLIC_ORIGIN: 'http://worker.test', MOCK_CHUNK_DELAY_MS: '20' },
        ratelimits: {
          LIMITER: { simple: { limit: 100_000, period: 60 } },
          TIGHT_LIMITER: { simple: { limit: 2, period: 60 } },
        },
      },
    }),
  ],
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 20_000,
  },
})
