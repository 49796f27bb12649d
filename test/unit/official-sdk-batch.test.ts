import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { HTTPClient, Mistral } from '@mistralai/mistralai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The official SDK (2.7.0) reads the real batch captures served over loopback HTTP, and every answer of the mock's
// batch routes, with its own zod schemas. A failure against the mock means the mock is not faithful: fix the mock.

const capture = (name: string) => readFileSync(new URL(`../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')

/** The official SDK wired to a mock through its custom HTTP client option. */
function official(mock: MockMistral = createMockMistral()) {
  const httpClient = new HTTPClient({ fetcher: (request) => mock.fetch(request) })
  return { mock, sdk: new Mistral({ apiKey: 'official-key', serverURL: 'https://api.mistral.ai', httpClient }) }
}

describe('the official SDK reads the batch captures served over loopback HTTP', () => {
  let server: Server
  let serverURL: string
  const seen: { method: string; url: string; body: string }[] = []
  let next: string[] = []

  beforeAll(async () => {
    server = createServer((incoming, response) => {
      let body = ''
      incoming.setEncoding('utf8')
      incoming.on('data', (chunk: string) => (body += chunk))
      incoming.on('end', () => {
        seen.push({ method: incoming.method as string, url: incoming.url as string, body })
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        response.end(next.shift() ?? '{}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    serverURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })

  it('list, create (the captured inline request), get (queued, running, done) and cancel', async () => {
    const sdk = new Mistral({ apiKey: 'k', serverURL })
    next = [capture('batch_jobs_list_headers-stripped_2025-10-29.json')]
    const list = await sdk.batch.jobs.list({ status: ['QUEUED', 'RUNNING'], pageSize: 5 })
    expect(seen.at(-1)?.url).toBe(
      '/v1/batch/jobs?created_by_me=false&order_by=-created&page=0&page_size=5&status=QUEUED&status=RUNNING',
    )
    expect([
      list.object,
      list.total,
      list.data?.map((job) => [job.id, job.status, job.totalRequests, job.inputFiles]),
    ]).toEqual([
      'list',
      1,
      [['877443e6-c853-4846-9857-6e4e0ab932f4', 'RUNNING', 3, ['92eceef6-84a2-4bc4-a064-ab6b6ec5b9a2']]],
    ])

    const request = JSON.parse(capture('batch_job_create_inline_2026-08-19.request.json'))
    next = [capture('batch_job_00_2026-08-19.json')]
    const requests = request.requests.map(
      ({ custom_id, body }: { custom_id: string; body: Record<string, unknown> }) => ({ customId: custom_id, body }),
    )
    const created = await sdk.batch.jobs.create({ endpoint: request.endpoint, model: request.model, requests })
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/v1/batch/jobs' })
    // The SDK sends the captured body, plus its default `timeout_hours`.
    expect(JSON.parse(seen.at(-1)?.body as string)).toEqual({ ...request, timeout_hours: 24 })
    expect(created).toMatchObject({
      id: 'ca1cd668-91bd-4abb-accb-3541709c0db1',
      object: 'batch',
      status: 'QUEUED',
      totalRequests: 0,
      outputs: null,
      startedAt: null,
    })

    next = ['01', '04'].map((n) => capture(`batch_job_${n}_2026-08-19.json`))
    const running = await sdk.batch.jobs.get({ jobId: created.id })
    const done = await sdk.batch.jobs.get({ jobId: created.id, inline: true })
    expect(seen.slice(-2).map(({ method, url }) => `${method} ${url}`)).toEqual([
      `GET /v1/batch/jobs/${created.id}`,
      `GET /v1/batch/jobs/${created.id}?inline=true`,
    ])
    expect(running).toMatchObject({ status: 'RUNNING', totalRequests: 2, completedRequests: 0, startedAt: 1787150442 })
    expect(done).toMatchObject({
      status: 'SUCCESS',
      outputFile: 'abbe56be-ac4c-4562-9586-d3046defca39',
      succeededRequests: 2,
      completedAt: 1787150467,
    })
    expect(
      done.outputs?.map((output) => [
        output.custom_id,
        output.response.status_code,
        output.response.body.choices[0].message.content,
      ]),
    ).toEqual([
      ['0', 200, '4'],
      ['1', 200, 'Jupiter'],
    ])

    next = [capture('batch_job_01_2026-08-19.json').replace('"RUNNING"', '"CANCELLATION_REQUESTED"')]
    const cancelled = await sdk.batch.jobs.cancel({ jobId: created.id })
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: `/v1/batch/jobs/${created.id}/cancel` })
    expect(cancelled.status).toBe('CANCELLATION_REQUESTED')
  })
})

describe('the official SDK against the mock batch routes', () => {
  it('creates from an uploaded file and inline, gets through SUCCESS, lists, cancels and deletes', async () => {
    const { sdk } = official()
    const jsonl = ['2 + 2?', 'Largest planet?']
      .map((content, index) =>
        JSON.stringify({ custom_id: `r${index}`, body: { messages: [{ role: 'user', content }] } }),
      )
      .join('\n')
    const file = await sdk.files.upload({
      file: { fileName: 'requests.jsonl', content: new TextEncoder().encode(jsonl) },
      purpose: 'batch',
    })
    expect(file).toMatchObject({ purpose: 'batch', sampleType: 'batch_request', numLines: 2 })

    const job = await sdk.batch.jobs.create({
      inputFiles: [file.id],
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
      metadata: { run: 'sdk' },
      timeoutHours: 2,
    })
    expect(job).toMatchObject({
      object: 'batch',
      status: 'QUEUED',
      inputFiles: [file.id],
      metadata: { run: 'sdk' },
      endpoint: '/v1/chat/completions',
      errors: [],
      totalRequests: 0,
    })
    expect(await sdk.batch.jobs.get({ jobId: job.id })).toMatchObject({
      status: 'RUNNING',
      totalRequests: 2,
      completedRequests: 0,
    })
    const done = await sdk.batch.jobs.get({ jobId: job.id })
    expect(done).toMatchObject({
      status: 'SUCCESS',
      completedRequests: 2,
      succeededRequests: 2,
      failedRequests: 0,
      errorFile: null,
      outputs: null,
    })
    const lines = (await new Response(await sdk.files.download({ fileId: done.outputFile as string })).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((line) => [line.custom_id, line.response.status_code, line.response.body.object])).toEqual([
      ['r0', 200, 'chat.completion'],
      ['r1', 200, 'chat.completion'],
    ])
    const inline = await sdk.batch.jobs.get({ jobId: job.id, inline: true })
    expect(inline.outputs).toEqual(lines)

    const other = await sdk.batch.jobs.create({
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
      requests: [{ customId: 'x', body: { messages: [{ role: 'user', content: 'Hi' }] } }],
    })
    const list = await sdk.batch.jobs.list({ status: ['QUEUED'], pageSize: 10 })
    expect([list.total, list.data?.map((item) => item.id)]).toEqual([1, [other.id]])
    expect((await sdk.batch.jobs.list({ pageSize: 1, page: 1 })).data?.map((item) => item.id)).toEqual([job.id])
    expect((await sdk.batch.jobs.cancel({ jobId: other.id })).status).toBe('CANCELLATION_REQUESTED')
    expect((await sdk.batch.jobs.get({ jobId: other.id })).status).toBe('CANCELLED')
    expect(await sdk.batch.jobs.delete({ jobId: other.id })).toEqual({ id: other.id, object: 'batch', deleted: true })
  })
})
