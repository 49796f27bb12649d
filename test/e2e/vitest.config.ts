import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Node-side suites against the Worker under `wrangler dev` (official SDK) and Chromium driving the app.
// Run in test/ with its own vitest, one file per invocation (scripts/test.mjs does), after `pnpm run build`:
// `pnpm exec vitest run --config e2e/vitest.config.ts chromium`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
