// Bundle size of one-call programs: mistral-edge, the official SDK's standalone functions, the official `Mistral`
// class, and openai. Each program is bundled alone (minify, browser, ESM) with esbuild and with rolldown, and gzipped
// at level 9. Returns rows for run.mjs; run alone with `node size.mjs`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build as esbuild } from 'esbuild'
import { build as rolldown } from 'rolldown'

const here = fileURLToPath(new URL('.', import.meta.url))
const request = `{ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hello' }] }`

/** One program per (operation, client); `import` lines resolve from bench/node_modules. */
export const programs = {
  'models list': {
    'mistral-edge': `import { createClient, modelsList } from '@mistral-edge/client'\nconsole.log(await modelsList(createClient({ apiKey: 'k' })))`,
    'official funcs': `import { MistralCore } from '@mistralai/mistralai/core.js'\nimport { modelsList } from '@mistralai/mistralai/funcs/modelsList.js'\nconsole.log(await modelsList(new MistralCore({ apiKey: 'k' })))`,
    'official Mistral': `import { Mistral } from '@mistralai/mistralai'\nconsole.log(await new Mistral({ apiKey: 'k' }).models.list())`,
    openai: `import OpenAI from 'openai'\nconsole.log(await new OpenAI({ apiKey: 'k', dangerouslyAllowBrowser: true }).models.list())`,
  },
  'chat stream': {
    'mistral-edge': `import { chatStream, createClient } from '@mistral-edge/client'\nfor await (const chunk of await chatStream(createClient({ apiKey: 'k' }), ${request})) console.log(chunk)`,
    'official funcs': `import { MistralCore } from '@mistralai/mistralai/core.js'\nimport { chatStream } from '@mistralai/mistralai/funcs/chatStream.js'\nconst result = await chatStream(new MistralCore({ apiKey: 'k' }), ${request})\nif (result.ok) for await (const event of result.value) console.log(event)`,
    'official Mistral': `import { Mistral } from '@mistralai/mistralai'\nfor await (const event of await new Mistral({ apiKey: 'k' }).chat.stream(${request})) console.log(event)`,
    openai: `import OpenAI from 'openai'\nfor await (const chunk of await new OpenAI({ apiKey: 'k', dangerouslyAllowBrowser: true }).chat.completions.create({ ...${request}, stream: true })) console.log(chunk)`,
  },
  embeddings: {
    'mistral-edge': `import { createClient, embeddingsCreate } from '@mistral-edge/client'\nconsole.log(await embeddingsCreate(createClient({ apiKey: 'k' }), { model: 'mistral-embed', input: ['a'] }))`,
    'official funcs': `import { MistralCore } from '@mistralai/mistralai/core.js'\nimport { embeddingsCreate } from '@mistralai/mistralai/funcs/embeddingsCreate.js'\nconsole.log(await embeddingsCreate(new MistralCore({ apiKey: 'k' }), { model: 'mistral-embed', inputs: ['a'] }))`,
    'official Mistral': `import { Mistral } from '@mistralai/mistralai'\nconsole.log(await new Mistral({ apiKey: 'k' }).embeddings.create({ model: 'mistral-embed', inputs: ['a'] }))`,
    openai: `import OpenAI from 'openai'\nconsole.log(await new OpenAI({ apiKey: 'k', dangerouslyAllowBrowser: true }).embeddings.create({ model: 'mistral-embed', input: ['a'] }))`,
  },
  'file upload': {
    'mistral-edge': `import { createClient, filesUpload } from '@mistral-edge/client'\nconsole.log(await filesUpload(createClient({ apiKey: 'k' }), { file: new Blob(['{}']), filename: 'train.jsonl', purpose: 'fine-tune' }))`,
    'official funcs': `import { MistralCore } from '@mistralai/mistralai/core.js'\nimport { filesUpload } from '@mistralai/mistralai/funcs/filesUpload.js'\nconsole.log(await filesUpload(new MistralCore({ apiKey: 'k' }), { file: new File(['{}'], 'train.jsonl'), purpose: 'fine-tune' }))`,
    'official Mistral': `import { Mistral } from '@mistralai/mistralai'\nconsole.log(await new Mistral({ apiKey: 'k' }).files.upload({ file: new File(['{}'], 'train.jsonl'), purpose: 'fine-tune' }))`,
    openai: `import OpenAI from 'openai'\nconsole.log(await new OpenAI({ apiKey: 'k', dangerouslyAllowBrowser: true }).files.create({ file: new File(['{}'], 'train.jsonl'), purpose: 'fine-tune' }))`,
  },
}

// Node built-ins and `ws` (the official SDK's realtime transport) stay external: a browser build cannot use them.
const external = [
  /^node:/,
  'ws',
  'fs',
  'path',
  'stream',
  'crypto',
  'os',
  'url',
  'util',
  'http',
  'https',
  'zlib',
  'events',
]

async function withEsbuild(input) {
  const result = await esbuild({
    entryPoints: [input],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: ['node:*', 'ws'],
    legalComments: 'none',
    logLevel: 'silent',
  })
  return result.outputFiles[0].contents
}

async function withRolldown(input) {
  const output = await rolldown({
    input,
    write: false,
    platform: 'browser',
    external,
    logLevel: 'silent',
    output: { format: 'esm', minify: true, comments: { annotation: false, legal: false, jsdoc: false } },
  })
  return Buffer.from(output.output[0].code)
}

/** @returns rows `{ operation, client, esbuild: {min, gz}, rolldown: {min, gz} }` */
export async function measureSizes() {
  const folder = mkdtempSync(join(here, '.size-'))
  const rows = []
  try {
    for (const [operation, clients] of Object.entries(programs)) {
      for (const [client, code] of Object.entries(clients)) {
        const input = join(folder, `${operation}-${client}.mjs`.replace(/\s+/g, '-'))
        writeFileSync(input, code)
        const row = { operation, client }
        for (const [name, bundle] of [
          ['esbuild', withEsbuild],
          ['rolldown', withRolldown],
        ]) {
          try {
            const code = await bundle(input)
            row[name] = { min: code.length, gz: gzipSync(code, { level: 9 }).length }
          } catch (error) {
            row[name] = { error: String(error.message ?? error).split('\n')[0] }
          }
        }
        rows.push(row)
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
  return rows
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await measureSizes()) console.log(JSON.stringify(row))
}
