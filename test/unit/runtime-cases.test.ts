// The cross-runtime cases (test/runtimes/cases.ts, run by `deno test` and `bun test`) in Node too, on the sources: the
// README examples (chat, Worker, typed extraction, tool loop) against the mock.
import { it } from 'vitest'
import { cases } from '../runtimes/cases.ts'

for (const { name, run } of cases) it(name, run, 20_000)
