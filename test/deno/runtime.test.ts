// `deno test`: the shared runtime cases (test/runtimes/cases.ts) against the built packages and the mock.
import { cases } from '../runtimes/cases.ts'

for (const { name, run } of cases) Deno.test(name, run)
