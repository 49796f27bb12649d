// Cold start in workerd: each client bundled into a Worker, Miniflare started, one request that lists models from
// the loopback server. Returns rows for run.mjs.
import { performance } from 'node:perf_hooks'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'

const workers = {
  'mistral-edge': `import { createClient, modelsList } from '@mistral-edge/client'
export default { async fetch(request, env) { return new Response(String((await modelsList(createClient({ apiKey: 'k', baseURL: env.BASE }))).data.length)) } }`,
  'official SDK': `import { Mistral } from '@mistralai/mistralai'
export default { async fetch(request, env) { return new Response(String((await new Mistral({ apiKey: 'k', serverURL: env.BASE }).models.list()).data.length)) } }`,
  openai: `import OpenAI from 'openai'
export default { async fetch(request, env) { return new Response(String((await new OpenAI({ apiKey: 'k', baseURL: env.BASE + '/v1' }).models.list()).data.length)) } }`,
}

/** @returns rows `{ client, bundleBytes, startMs, firstRequestMs, totalMs, models }` */
export async function coldWorkerd(baseURL, runs = 3) {
  const rows = []
  for (const [client, source] of Object.entries(workers)) {
    const bundled = await build({
      stdin: { contents: source, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      write: false,
      external: ['node:*', 'ws'],
      logLevel: 'silent',
    })
    const script = bundled.outputFiles[0].text
    const samples = []
    for (let run = 0; run < runs; run++) {
      try {
        const started = performance.now()
        const miniflare = new Miniflare({
          modules: [{ type: 'ESModule', path: 'worker.mjs', contents: script }],
          bindings: { BASE: baseURL },
          compatibilityDate: '2025-09-01',
          compatibilityFlags: ['nodejs_compat'],
        })
        await miniflare.ready
        const ready = performance.now()
        const response = await miniflare.dispatchFetch('http://localhost/')
        const models = await response.text()
        const done = performance.now()
        await miniflare.dispose()
        samples.push({
          startMs: ready - started,
          firstRequestMs: done - ready,
          totalMs: done - started,
          models,
          status: response.status,
        })
      } catch (error) {
        samples.push({ error: String(error.message ?? error).split('\n')[0], totalMs: Number.POSITIVE_INFINITY })
      }
    }
    samples.sort((a, b) => a.totalMs - b.totalMs)
    rows.push({ client, bundleBytes: script.length, ...samples[Math.floor(samples.length / 2)] })
  }
  return rows
}
