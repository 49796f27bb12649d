import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Tests run against the TypeScript sources; the runtime suites (workerd, Deno, Bun, Chromium) use the built packages.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@mistral-edge\/client$/, replacement: source('./packages/client/src/index.ts') },
      { find: /^@mistral-edge\/client\/sdk$/, replacement: source('./packages/client/src/sdk.ts') },
      { find: /^@mistral-edge\/client\/schemas$/, replacement: source('./packages/client/src/schemas.ts') },
      { find: /^@mistral-edge\/client\/validation$/, replacement: source('./packages/client/src/validation.ts') },
      { find: /^@mistral-edge\/mock$/, replacement: source('./packages/mock/src/index.ts') },
      { find: /^@mistral-edge\/mock\/node$/, replacement: source('./packages/mock/src/node.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    testTimeout: 20_000,
    // Type tests (`*.test-d.ts`, `expectTypeOf`) run with `vitest run`; tsc checks the sources and test files too.
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.typecheck.json' },
  },
})
