// `bun test`: the shared runtime cases (test/runtimes/cases.ts) against the built packages and the mock.
import { test } from 'bun:test'
import { cases } from '../runtimes/cases.ts'

for (const { name, run } of cases) test(name, run, 20_000)
