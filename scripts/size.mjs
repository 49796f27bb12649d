// Bundle-size budget: bundles one-call programs against the built client with rolldown (the bundler of Vite and
// tsdown; it honours valibot's @__NO_SIDE_EFFECTS__ annotations, which esbuild 0.28 ignores), minified, browser ESM,
// gzip -9, and fails when one is over its budget or pulls in what it should not. Deterministic: part of `pnpm test`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'rolldown'

const client = fileURLToPath(new URL('../packages/client/dist/index.js', import.meta.url))
const sdk = fileURLToPath(new URL('../packages/client/dist/sdk.js', import.meta.url))

/** name, program, budget in gzipped bytes, and module names that must not be in the bundle */
export const entries = [
  { name: 'modelsList', code: `import { createClient, modelsList } from '@mistral-edge/client'\nconsole.log(await modelsList(createClient({ apiKey: 'k' })))`, budget: 4 * 1024, forbid: ['/v1/files', '/v1/fine_tuning/jobs', 'text/event-stream', 'class Mistral', 'getSignedUrl', '/v1/embeddings'] },
  { name: 'embeddingsCreate', code: `import { createClient, embeddingsCreate } from '@mistral-edge/client'\nconsole.log(await embeddingsCreate(createClient({ apiKey: 'k' }), { model: 'mistral-embed', input: 'x' }))`, budget: 4 * 1024, forbid: ['/v1/files', '/v1/fine_tuning/jobs', '/v1/models', 'text/event-stream', 'getSignedUrl'] },
  { name: 'filesUpload', code: `import { createClient, filesUpload } from '@mistral-edge/client'\nconsole.log(await filesUpload(createClient({ apiKey: 'k' }), { file: 'x', filename: 'a.jsonl' }))`, budget: 4 * 1024, forbid: ['/v1/files/', '/v1/fine_tuning/jobs', '/v1/embeddings', '/v1/models', 'text/event-stream', 'getSignedUrl'] },
  { name: 'chatStream', code: `import { chatStream, createClient } from '@mistral-edge/client'\nconst stream = await chatStream(createClient({ apiKey: 'k' }), { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] })\nfor await (const chunk of stream) console.log(chunk.choices[0]?.delta.content)`, budget: 10 * 1024, forbid: ['fine_tuning', '/v1/files', '/v1/embeddings', '/v1/fim', '/v1/agents', 'class Mistral', 'getSignedUrl'] },
]

async function measure(entry) {
  const folder = mkdtempSync(join(tmpdir(), 'size-'))
  const input = join(folder, 'entry.mjs')
  writeFileSync(input, entry.code)
  try {
    const output = await build({
      input,
      write: false,
      platform: 'browser',
      resolve: { alias: { '@mistral-edge/client/sdk': sdk, '@mistral-edge/client': client } },
      output: { format: 'esm', minify: true, comments: { annotation: false, legal: false, jsdoc: false } },
    })
    const code = output.output[0].code
    return { code, min: Buffer.byteLength(code), gz: gzipSync(code, { level: 9 }).length }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

let failed = 0
for (const entry of entries) {
  const { code, min, gz } = await measure(entry)
  const leaks = (entry.forbid ?? []).filter((needle) => code.includes(needle))
  const over = gz > entry.budget
  if (over || leaks.length) failed++
  console.log(
    `size ${entry.name.padEnd(22)} ${String(min).padStart(6)} B min  ${String(gz).padStart(5)} B gz  budget ${entry.budget} B gz  ${over ? 'OVER BUDGET' : 'ok'}${leaks.length ? `  pulls in: ${leaks.join(', ')}` : ''}`,
  )
}
if (failed) {
  console.error(`size check: ${failed} bundle(s) over budget or pulling in what they should not`)
  process.exit(1)
}
