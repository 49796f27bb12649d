// The two runtime APIs the Deno and Bun entry files use, declared here so tsc checks those files too: each runtime
// ships its own declarations, which are not installed from npm here. Only what the entry files call.

declare module 'bun:test' {
  /** Bun's test registration: a name, the test, its timeout in ms. */
  export function test(name: string, run: () => unknown, timeoutMs?: number): void
}

declare namespace Deno {
  /** Deno's test registration. */
  function test(name: string, run: () => unknown): void
}
