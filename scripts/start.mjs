// `pnpm start`: builds the packages and serves the embedded mock on 127.0.0.1, then lists models through the client.
// With MISTRAL_API_KEY set, the listing goes to the real API instead.
import { spawnSync } from 'node:child_process'

const root = new URL('..', import.meta.url).pathname
const build = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const { createClient, modelsList } = await import('../packages/client/dist/index.js')
const { serveMock } = await import('../packages/mock/dist/node.js')

const real = Boolean(process.env.MISTRAL_API_KEY)
const server = real ? undefined : await serveMock({ port: Number(process.env.PORT ?? 8080) })
const client = real ? createClient({ apiKey: process.env.MISTRAL_API_KEY }) : createClient({ apiKey: 'local', baseURL: server.url })
const { data } = await modelsList(client)
console.log(`${data.length} models from ${real ? 'api.mistral.ai' : server.url}:`)
for (const model of data) console.log(`  ${model.id.padEnd(48)} ${model.type ?? ''}${model.archived ? ' (archived)' : ''}`)
if (server) console.log(`\nThe mock API is serving at ${server.url} (try: curl -H 'Authorization: Bearer x' ${server.url}/v1/models). Ctrl-C to stop.`)
