// Bundle-size budget: one one-call program per endpoint function of the root entry, each bundled alone against the
// built client (packages/client/dist) with esbuild (what wrangler uses; it ignores `@__NO_SIDE_EFFECTS__`) and with
// rolldown (Vite's and tsdown's bundler), minified, browser ESM, gzip -9. Fails (exit 1) when a program is over its
// budget in either bundler, or pulls in what it must not: another endpoint (its file, path or name), `class Mistral`,
// the validation subpath, or any valibot module. Deterministic: part of `pnpm test`, which counts the lines
// `size ... ok` as passed and every other `size ...` line as failed.
//
// Usage: node scripts/size.mjs [--verbose] [--write] [name ...]   (--verbose adds the per-file list; names pick
// programs). `--write` records bench/size-results.json (all programs, both bundlers, per-group bytes) when every program
// was measured; `pnpm test` never writes it, so a test run leaves the tree as it found it.

import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build as esbuild, version as esbuildVersion } from 'esbuild'
import { build as rolldown, VERSION as rolldownVersion } from 'rolldown'

const root = fileURLToPath(new URL('..', import.meta.url))
const clientPackage = join(root, 'packages/client')
const dist = join(clientPackage, 'dist')

/**
 * Budgets in gzipped bytes, the same for both bundlers: issue 10's figures. A one-call `modelsList` program <= 2,560;
 * a stream program (chat, FIM, agents, and the transcription and conversation streams too) <= 5,632, `aim` 5,120
 * printed beside it, never enforced; every other endpoint's program <= 3,072. The structured-output and tool helpers
 * keep their own issues' budgets.
 */
const STREAM = { budget: 5632, aim: 5120 }
const DEFAULT_BUDGET = { budget: 3072 }
const STREAMS = [
  'chatStream',
  'fimStream',
  'agentsStream',
  'audioTranscriptionsStream',
  ...['Start', 'Append', 'Restart'].map((verb) => `betaConversations${verb}Stream`),
]
const budgets = {
  chatParse: { budget: 4096 },
  runTools: { budget: 4608 },
  runToolsStream: { budget: 8320 },
  ...Object.fromEntries(STREAMS.map((name) => [name, STREAM])),
  modelsList: { budget: 2560 },
}

/** A hand-written Standard Schema object with its JSON Schema, as a user of no schema library would write it. */
const BOOK = `{ '~standard': { version: 1, vendor: 'me', validate: (value) => (typeof value?.title === 'string' ? { value } : { issues: [{ message: 'title' }] }), jsonSchema: { input: () => ({ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }), output: () => ({ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }) } } }`
/** A program importing `names` from the root entry, with the schema `Book` and the given body. */
const helperProgram = (names, body) =>
  `import { createClient, ${names} } from '@mistral-edge/client'\nconst Book = ${BOOK}\n${body}\n`

/**
 * Every endpoint function of the root entry, with its path (as written in its endpoint file) and a request for its
 * program. To add one: a line here. Streams (`...Stream`) are read with `for await`; `program` overrides the call;
 * `uses` names the endpoints a helper (chatParse, runTools) is built on, which its bundle may hold.
 */
export const endpoints = {
  modelsList: { path: '/v1/models' },
  modelsRetrieve: { path: '/v1/models/{model_id}', request: `{ model_id: 'mistral-small-latest' }` },
  modelsDelete: { path: '/v1/models/{model_id}', request: `{ model_id: 'ft:open-mistral-7b:abc' }` },
  modelsUpdate: {
    path: '/v1/fine_tuning/models/{model_id}',
    request: `{ model_id: 'ft:open-mistral-7b:abc', name: 'n' }`,
  },
  modelsArchive: {
    path: '/v1/fine_tuning/models/{model_id}/archive',
    request: `{ model_id: 'ft:open-mistral-7b:abc' }`,
  },
  modelsUnarchive: {
    path: '/v1/fine_tuning/models/{model_id}/archive',
    request: `{ model_id: 'ft:open-mistral-7b:abc' }`,
  },
  chatComplete: {
    path: '/v1/chat/completions',
    request: `{ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }`,
  },
  chatStream: {
    path: '/v1/chat/completions',
    request: `{ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }`,
  },
  fimComplete: { path: '/v1/fim/completions', request: `{ model: 'codestral-latest', prompt: 'def f(', suffix: ')' }` },
  fimStream: { path: '/v1/fim/completions', request: `{ model: 'codestral-latest', prompt: 'def f(', suffix: ')' }` },
  agentsComplete: {
    path: '/v1/agents/completions',
    request: `{ agent_id: 'ag_1', messages: [{ role: 'user', content: 'Hi' }] }`,
  },
  agentsStream: {
    path: '/v1/agents/completions',
    request: `{ agent_id: 'ag_1', messages: [{ role: 'user', content: 'Hi' }] }`,
  },
  embeddingsCreate: { path: '/v1/embeddings', request: `{ model: 'mistral-embed', input: ['x'] }` },
  filesUpload: {
    path: '/v1/files',
    request: `{ file: new Blob(['{}']), filename: 'train.jsonl', purpose: 'fine-tune' }`,
  },
  filesList: { path: '/v1/files', request: `{ page_size: 10 }` },
  filesRetrieve: { path: '/v1/files/{file_id}', request: `{ file_id: 'f' }` },
  filesDelete: { path: '/v1/files/{file_id}', request: `{ file_id: 'f' }` },
  filesDownload: { path: '/v1/files/{file_id}/content', request: `{ file_id: 'f' }` },
  filesGetSignedUrl: { path: '/v1/files/{file_id}/url', request: `{ file_id: 'f' }` },
  fineTuningJobsList: { path: '/v1/fine_tuning/jobs', request: `{ page_size: 10 }` },
  fineTuningJobsCreate: {
    path: '/v1/fine_tuning/jobs',
    request: `{ model: 'open-mistral-7b', hyperparameters: { training_steps: 10 }, training_files: [{ file_id: 'f' }] }`,
  },
  fineTuningJobsGet: { path: '/v1/fine_tuning/jobs/{job_id}', request: `{ job_id: 'j' }` },
  fineTuningJobsCancel: { path: '/v1/fine_tuning/jobs/{job_id}/cancel', request: `{ job_id: 'j' }` },
  fineTuningJobsStart: { path: '/v1/fine_tuning/jobs/{job_id}/start', request: `{ job_id: 'j' }` },
  ocrProcess: {
    path: '/v1/ocr',
    request: `{ model: 'mistral-ocr-latest', document: { type: 'document_url', document_url: 'https://arxiv.org/pdf/2201.04234' } }`,
  },
  classifiersModerate: { path: '/v1/moderations', request: `{ model: 'mistral-moderation-latest', input: ['x'] }` },
  classifiersModerateChat: {
    path: '/v1/chat/moderations',
    request: `{ model: 'mistral-moderation-latest', input: [{ role: 'user', content: 'Hi' }] }`,
  },
  classifiersClassify: {
    path: '/v1/classifications',
    request: `{ model: 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:db22ea7e', input: 'x' }`,
  },
  classifiersClassifyChat: {
    path: '/v1/chat/classifications',
    request: `{ model: 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:db22ea7e', input: { messages: [{ role: 'user', content: 'Hi' }] } }`,
  },
  audioTranscriptionsComplete: {
    path: '/v1/audio/transcriptions',
    request: `{ model: 'voxtral-mini-latest', file: new Blob(['x']) }`,
  },
  audioTranscriptionsStream: {
    path: '/v1/audio/transcriptions',
    request: `{ model: 'voxtral-mini-latest', file: new Blob(['x']) }`,
  },
  audioSpeechComplete: { path: '/v1/audio/speech', request: `{ input: 'Hello' }` },
  batchJobsList: { path: '/v1/batch/jobs', request: `{ status: ['QUEUED'], page_size: 10 }` },
  batchJobsCreate: {
    path: '/v1/batch/jobs',
    request: `{ endpoint: '/v1/chat/completions', model: 'mistral-small-latest', input_files: ['f'] }`,
  },
  batchJobsGet: { path: '/v1/batch/jobs/{job_id}', request: `{ job_id: 'j' }` },
  batchJobsCancel: { path: '/v1/batch/jobs/{job_id}/cancel', request: `{ job_id: 'j' }` },
  batchJobsDelete: { path: '/v1/batch/jobs/{job_id}', request: `{ job_id: 'j' }` },
  // Helpers over chatComplete / chatStream, with a hand-written Standard Schema: no schema library is bundled.
  chatParse: {
    path: '/v1/chat/completions',
    uses: ['chatComplete'],
    program: helperProgram(
      'chatParse, responseFormat',
      `console.log(responseFormat(Book))\nconsole.log((await chatParse(createClient({ apiKey: 'k' }), { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }], response_format: Book })).choices[0]?.message.parsed)`,
    ),
  },
  runTools: {
    path: '/v1/chat/completions',
    uses: ['chatComplete'],
    program: helperProgram(
      'runTools, tool',
      `const weather = tool({ name: 'weather', parameters: Book, execute: (args) => args })\nconsole.log(await runTools(createClient({ apiKey: 'k' }), { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }, { tools: [weather] }))`,
    ),
  },
  runToolsStream: {
    path: '/v1/chat/completions',
    uses: ['chatStream'],
    program: helperProgram(
      'runToolsStream, tool',
      `const weather = tool({ name: 'weather', parameters: Book, execute: (args) => args })\nfor await (const chunk of runToolsStream(createClient({ apiKey: 'k' }), { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }, { tools: [weather] })) console.log(chunk)`,
    ),
  },
  betaConversationsStart: { path: '/v1/conversations', request: `{ model: 'mistral-medium-latest', inputs: 'Hi' }` },
  betaConversationsStartStream: {
    path: '/v1/conversations',
    request: `{ model: 'mistral-medium-latest', inputs: 'Hi' }`,
  },
  betaConversationsAppend: {
    path: '/v1/conversations/{conversation_id}',
    request: `{ conversation_id: 'c', inputs: 'Hi' }`,
  },
  betaConversationsAppendStream: {
    path: '/v1/conversations/{conversation_id}',
    request: `{ conversation_id: 'c', inputs: 'Hi' }`,
  },
  betaConversationsRestart: {
    path: '/v1/conversations/{conversation_id}/restart',
    request: `{ conversation_id: 'c', from_entry_id: 'e', inputs: 'Hi' }`,
  },
  betaConversationsRestartStream: {
    path: '/v1/conversations/{conversation_id}/restart',
    request: `{ conversation_id: 'c', from_entry_id: 'e', inputs: 'Hi' }`,
  },
  betaConversationsList: { path: '/v1/conversations', request: `{ page_size: 10 }` },
  betaConversationsGet: { path: '/v1/conversations/{conversation_id}', request: `{ conversation_id: 'c' }` },
  betaConversationsGetHistory: {
    path: '/v1/conversations/{conversation_id}/history',
    request: `{ conversation_id: 'c' }`,
  },
  betaConversationsGetMessages: {
    path: '/v1/conversations/{conversation_id}/messages',
    request: `{ conversation_id: 'c' }`,
  },
  betaConversationsDelete: { path: '/v1/conversations/{conversation_id}', request: `{ conversation_id: 'c' }` },
  betaAgentsCreate: { path: '/v1/agents', request: `{ model: 'mistral-medium-latest', name: 'Simple Agent' }` },
  betaAgentsList: { path: '/v1/agents', request: `{ page_size: 10 }` },
  betaAgentsGet: { path: '/v1/agents/{agent_id}', request: `{ agent_id: 'a' }` },
  betaAgentsUpdate: { path: '/v1/agents/{agent_id}', request: `{ agent_id: 'a', description: 'd' }` },
  betaAgentsDelete: { path: '/v1/agents/{agent_id}', request: `{ agent_id: 'a' }` },
  betaAgentsUpdateVersion: { path: '/v1/agents/{agent_id}/version', request: `{ agent_id: 'a', version: 0 }` },
  betaAgentsListVersions: { path: '/v1/agents/{agent_id}/versions', request: `{ agent_id: 'a' }` },
  betaAgentsGetVersion: {
    path: '/v1/agents/{agent_id}/versions/{version}',
    request: `{ agent_id: 'a', version: '1' }`,
  },
  betaAgentsCreateVersionAlias: {
    path: '/v1/agents/{agent_id}/aliases',
    request: `{ agent_id: 'a', alias: 'stable', version: 1 }`,
  },
  betaAgentsListVersionAliases: { path: '/v1/agents/{agent_id}/aliases', request: `{ agent_id: 'a' }` },
  betaAgentsDeleteVersionAlias: {
    path: '/v1/agents/{agent_id}/aliases',
    request: `{ agent_id: 'a', alias: 'stable' }`,
  },
}

/** Code in a bundle that never belongs to a one-call program of the root entry (besides other endpoints). */
const forbiddenCode = ['class Mistral']
/** Client files that never belong (besides other endpoints' files): the validation and schema subpaths, the SDK class. */
const forbiddenClientFiles = /^(validation|schemas|sdk)\.js$/
/** Any valibot module, found by its path (pnpm's `.pnpm/valibot@x/node_modules/valibot/` or a flat install). */
const isValibot = (file) =>
  /[\\/]node_modules[\\/](?:\.pnpm[\\/]valibot@[^\\/]+[\\/]node_modules[\\/])?valibot[\\/]/.test(file)

const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

/** dist files by relative path (forward slashes). */
function distFiles(folder = dist, prefix = '') {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? distFiles(join(folder, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith('.js')
        ? [`${prefix}${entry.name}`]
        : [],
  )
}

/** Which client is measured: the commit, whether packages/client has uncommitted changes, and a hash of dist/*.js. */
function clientBuild(files) {
  const hash = createHash('sha256')
  for (const file of files) hash.update(file).update(readFileSync(join(dist, file)))
  let commit = 'unknown'
  let dirty = null
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages/client/src'], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length
  } catch {}
  return { commit, uncommittedFilesInSrc: dirty, distHash: hash.digest('hex').slice(0, 12), distFiles: files.length }
}

function programOf(name, { request = '', program }) {
  if (program) return program
  const call = `${name}(createClient({ apiKey: 'k' })${request ? `, ${request}` : ''})`
  const body = /Stream$/.test(name)
    ? `for await (const event of await ${call}) console.log(event)`
    : `console.log(await ${call})`
  return `import { createClient, ${name} } from '@mistral-edge/client'\n${body}\n`
}

const folder = mkdtempSync(join(tmpdir(), 'size-'))
const GROUPS = ['core/', 'errors/', 'streaming/', 'endpoint', 'eventsource-parser', 'valibot', 'other']

/** The group of one bundled module (an absolute or cwd-relative path), for the entry whose endpoint file is `own`. */
function classify(file, own) {
  const absolute = file.startsWith('/') ? file : join(root, file)
  if (isValibot(absolute)) return { group: 'valibot', label: labelOf(absolute) }
  if (/[\\/]eventsource-parser[\\/]/.test(absolute)) return { group: 'eventsource-parser', label: labelOf(absolute) }
  const inClient = relative(dist, absolute)
  if (!inClient.startsWith('..') && !inClient.startsWith(sep) && !absolute.includes('\0')) {
    const client = inClient.split(sep).join('/')
    const top = client.split('/')[0]
    if (client === own) return { group: 'endpoint', label: client, client }
    if (['core', 'errors', 'streaming'].includes(top)) return { group: `${top}/`, label: client, client }
    return { group: 'other', label: client, client }
  }
  return { group: 'other', label: absolute.startsWith(folder) ? '(the program)' : labelOf(absolute) }
}
const labelOf = (absolute) => {
  const at = absolute.lastIndexOf('node_modules')
  return at >= 0
    ? absolute.slice(at + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '')
    : relative(root, absolute).replace(/\0/g, '') || absolute
}

async function withEsbuild(input) {
  const result = await esbuild({
    entryPoints: [input],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    write: false,
    outfile: join(input, '..', 'out.js'),
    logLevel: 'silent',
    absWorkingDir: root,
  })
  const output = Object.values(result.metafile.outputs)[0]
  const code = Buffer.from(result.outputFiles[0].contents)
  return { code, modules: Object.entries(output.inputs).map(([file, { bytesInOutput }]) => [file, bytesInOutput]) }
}

async function withRolldown(input) {
  const output = await rolldown({
    input,
    write: false,
    platform: 'browser',
    logLevel: 'silent',
    output: { format: 'esm', minify: true, comments: { annotation: false, legal: false, jsdoc: false } },
  })
  const chunk = output.output[0]
  return {
    code: Buffer.from(chunk.code),
    modules: Object.entries(chunk.modules).map(([file, module]) => [file, module.renderedLength]),
  }
}

const bundlers = { rolldown: withRolldown, esbuild: withEsbuild }

/** Bundles one program with one bundler; returns sizes, per-group and per-file bytes, and what it must not pull in. */
async function measure(name, input, bundler, files) {
  const own = files.find((file) => file.endsWith(`/${kebab(name)}.js`))
  // The endpoints a helper program is built on (`uses`) are its own, not leaks.
  const allowed = new Set([name, ...(endpoints[name].uses ?? [])])
  const others = new Map(
    Object.keys(endpoints)
      .filter((other) => !allowed.has(other))
      .map((other) => [files.find((file) => file.endsWith(`/${kebab(other)}.js`)), other]),
  )
  const { code, modules } = await bundlers[bundler](input)
  const text = code.toString('utf8')
  const groups = Object.fromEntries(GROUPS.map((group) => [group, 0]))
  const perFile = []
  const leaks = new Set()
  for (const [file, bytes] of modules) {
    const { group, label, client } = classify(file, own)
    groups[group] += bytes
    perFile.push({ group, file: label, bytes })
    if (group === 'valibot') leaks.add('valibot')
    if (client && forbiddenClientFiles.test(client)) leaks.add(client)
    if (client && others.has(client)) leaks.add(others.get(client))
  }
  const quoted = (literal) => new RegExp(`["'\`]${literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["'\`]`)
  for (const [other, { path }] of Object.entries(endpoints)) {
    if (allowed.has(other)) continue
    // A path the program itself writes (batchJobsCreate's `endpoint: '/v1/chat/completions'`) is not a leak.
    if (path !== endpoints[name].path && !endpoints[name].request?.includes(`'${path}'`) && quoted(path).test(text))
      leaks.add(path)
    if (quoted(other).test(text)) leaks.add(`"${other}"`)
  }
  for (const needle of forbiddenCode) if (text.includes(needle)) leaks.add(needle)
  perFile.sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || b.bytes - a.bytes)
  return {
    min: code.length,
    gz: gzipSync(code, { level: 9 }).length,
    groups,
    perFile,
    leaks: [...leaks],
    ownFile: own ?? null,
  }
}

const verbose = process.argv.includes('--verbose')
const picked = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
for (const name of picked) {
  if (endpoints[name]) continue
  rmSync(folder, { recursive: true, force: true })
  throw new Error(`unknown program ${name}; known: ${Object.keys(endpoints).join(', ')}`)
}
const names = picked.length ? picked : Object.keys(endpoints)

const files = distFiles().sort()
const build = clientBuild(files)
console.log(
  `bundle size of one-call programs: client ${build.commit}${build.uncommittedFilesInSrc ? ` + ${build.uncommittedFilesInSrc} uncommitted file(s) in packages/client/src` : ''}, dist ${build.distHash}; esbuild ${esbuildVersion}, rolldown ${rolldownVersion}; gzip -9`,
)
console.log(
  'module groups: bytes as each bundler attributes them (rolldown: rendered, before minifying; esbuild: minified); --verbose lists every file',
)

// The programs import the package by name, resolved as an app would: through node_modules/@mistral-edge/client
// (package.json exports, sideEffects: false), symlinked to packages/client; its dependencies resolve from there.
mkdirSync(join(folder, 'node_modules/@mistral-edge'), { recursive: true })
symlinkSync(clientPackage, join(folder, 'node_modules/@mistral-edge/client'), 'dir')

const results = []
let failed = 0
try {
  for (const name of names) {
    const input = join(folder, `${name}.mjs`)
    writeFileSync(input, programOf(name, endpoints[name]))
    const { budget, aim } = budgets[name] ?? DEFAULT_BUDGET
    const result = { name, budget, ...(aim ? { aim } : {}) }
    for (const bundler of Object.keys(bundlers)) {
      let measured
      try {
        measured = await measure(name, input, bundler, files)
      } catch (error) {
        measured = { error: String(error?.message ?? error).split('\n')[0] }
      }
      result[bundler] = measured
      const over = measured.error || measured.gz > budget || measured.leaks.length > 0
      if (over) failed++
      const figures = measured.error
        ? `build failed: ${measured.error}`
        : `${String(measured.min).padStart(6)} B min  ${String(measured.gz).padStart(5)} B gz`
      // A forbidden module or code counts as over budget: its budget is zero bytes.
      const leaks = measured.leaks?.length ? `  pulls in: ${measured.leaks.join(', ')}` : ''
      console.log(
        `size ${name.padEnd(21)} ${bundler.padEnd(8)} ${figures}  budget ${budget}${aim ? ` (aim ${aim})` : ''}${leaks}  ${over ? 'OVER BUDGET' : 'ok'}`,
      )
    }
    // One line per module group, both bundlers: rolldown's renderedLength (before minifying), esbuild's bytesInOutput.
    for (const group of GROUPS) {
      const cells = Object.keys(bundlers).map((bundler) => result[bundler].groups?.[group] ?? 0)
      if (cells.every((bytes) => bytes === 0)) continue
      const label =
        group === 'endpoint' ? `endpoint ${result.rolldown.ownFile ?? result.esbuild.ownFile ?? '(not found)'}` : group
      console.log(
        `     ${label.padEnd(50)} ${Object.keys(bundlers)
          .map((bundler, i) => `${bundler} ${String(cells[i]).padStart(5)}`)
          .join('  ')}`,
      )
    }
    if (verbose) {
      for (const bundler of Object.keys(bundlers)) {
        for (const { group, file, bytes } of result[bundler].perFile ?? [])
          console.log(`       ${bundler.padEnd(8)} ${group.padEnd(18)} ${String(bytes).padStart(6)}  ${file}`)
      }
    }
    results.push(result)
  }
} finally {
  rmSync(folder, { recursive: true, force: true })
}

if (!picked.length && process.argv.includes('--write')) {
  const json = {
    date: new Date().toISOString(),
    client: build,
    bundlers: { esbuild: esbuildVersion, rolldown: rolldownVersion },
    options: 'bundle, minify, format esm, platform browser; gzip -9; group bytes are minified bytes before gzip',
    programs: results.map(({ name, budget, aim, ...rest }) => ({
      name,
      budget,
      ...(aim ? { aim } : {}),
      ...Object.fromEntries(
        Object.keys(bundlers).map((bundler) => {
          const { perFile, ownFile, ...kept } = rest[bundler]
          return [bundler, kept]
        }),
      ),
    })),
  }
  writeFileSync(join(root, 'bench/size-results.json'), `${JSON.stringify(json, null, 2)}\n`)
}
if (failed) {
  console.error(`size check: ${failed} bundle(s) over budget or pulling in what they should not`)
  process.exit(1)
}
