import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Security checks of the Worker with a (canary) key: under `wrangler dev` (key.test.ts) and in miniflare with every
// outbound request intercepted (outbound.test.ts), both against a local stand-in for the API on 127.0.0.1. Run in
// test/ with its own vitest, after `pnpm run build`: `pnpm exec vitest run --config security/vitest.config.ts`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
