// Cold start in node: imported and called once in this fresh process; prints ms since the process started.
import { performance } from 'node:perf_hooks'

const [name, baseURL] = process.argv.slice(2)
const importStarted = performance.now()
const { clients } = await import(`./cold-${name}.mjs`)
const imported = performance.now()
await clients(baseURL)
console.log(
  JSON.stringify({
    client: name,
    importMs: imported - importStarted,
    firstCallMs: performance.now() - imported,
    sinceProcessStartMs: performance.now(),
  }),
)
