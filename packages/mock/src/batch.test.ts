import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMockMistral, type MockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8'))
const call = (path: string, init: RequestInit = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    ...init,
    headers: { authorization: 'Bearer k', ...(init.headers as Record<string, string>) },
  })
const get = async (mock: MockMistral, path: string) => (await mock.fetch(call(path))).json()
const create = (mock: MockMistral, body: unknown) =>
  mock.fetch(
    call('/v1/batch/jobs', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  )

const question = (content: string) => ({ messages: [{ role: 'user', content }] })
const JSONL = ['What is 2 + 2?', 'Name the largest planet.', 'Capital of France?']
  .map((content, index) => JSON.stringify({ custom_id: `q${index}`, body: question(content) }))
  .join('\n')

async function upload(mock: MockMistral, content: string, purpose = 'batch') {
  const form = new FormData()
  form.append('file', new File([content], 'requests.jsonl'))
  form.append('purpose', purpose)
  return (await (await mock.fetch(call('/v1/files', { method: 'POST', body: form }))).json()) as { id: string }
}

const download = async (mock: MockMistral, id: string) =>
  (await (await mock.fetch(call(`/v1/files/${id}/content`))).text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))

describe('batch jobs routes', () => {
  it('moves an inline job QUEUED -> RUNNING -> SUCCESS like the captured one: same keys, counts and result lines', async () => {
    const mock = createMockMistral()
    const request = capture('batch_job_create_inline_2026-08-19.request.json')
    const queued = await (await create(mock, request)).json()
    const running = await get(mock, `/v1/batch/jobs/${queued.id}`)
    const done = await get(mock, `/v1/batch/jobs/${queued.id}`)
    const [wireQueued, wireRunning, wireDone] = ['00', '01', '04'].map((n) => capture(`batch_job_${n}_2026-08-19.json`))
    for (const [mine, wire] of [
      [queued, wireQueued],
      [running, wireRunning],
      [done, wireDone],
    ])
      expect(Object.keys(mine)).toEqual(Object.keys(wire))
    expect(queued).toMatchObject({
      object: 'batch',
      status: 'QUEUED',
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
      total_requests: 0,
      outputs: null,
      output_file: null,
      started_at: null,
    })
    expect(queued.input_files).toHaveLength(1)
    expect(mock.state.files.get(queued.input_files[0])?.record).toMatchObject({
      purpose: 'batch',
      sample_type: 'batch_request',
      num_lines: 2,
    })
    expect(running).toMatchObject({
      status: 'RUNNING',
      total_requests: 2,
      completed_requests: 0,
      started_at: expect.any(Number),
      outputs: null,
    })
    expect(done).toMatchObject({
      status: 'SUCCESS',
      total_requests: 2,
      completed_requests: 2,
      succeeded_requests: 2,
      failed_requests: 0,
      error_file: null,
      errors: [],
    })
    expect(done.completed_at).toBeGreaterThan(done.started_at)
    expect(done.outputs.map((output: { custom_id: string }) => output.custom_id)).toEqual(['0', '1'])
    const first = done.outputs[0]
    expect(Object.keys(first)).toEqual(Object.keys(wireDone.outputs[0]))
    expect(first.id).toBe(`batch-${queued.id.slice(0, 8)}-${queued.input_files[0].slice(0, 8)}-0`)
    expect(first.response.status_code).toBe(200)
    expect(first.response.body).toMatchObject({
      object: 'chat.completion',
      model: 'mistral-small-latest',
      choices: [{ index: 0, message: { role: 'assistant' } }],
    })
    expect(await download(mock, done.output_file)).toEqual(done.outputs)
    expect(mock.state.files.get(done.output_file)?.record).toMatchObject({
      purpose: 'batch',
      sample_type: 'batch_result',
      source: 'mistral',
      num_lines: 2,
      mimetype: 'application/jsonl',
    })
  })

  it('answers each line of an input file as the chat route answers the same request alone', async () => {
    const mock = createMockMistral()
    const file = await upload(mock, JSONL)
    const job = await (
      await create(mock, {
        input_files: [file.id],
        endpoint: '/v1/chat/completions',
        model: 'mistral-small-latest',
        metadata: { run: 'a' },
      })
    ).json()
    await get(mock, `/v1/batch/jobs/${job.id}`)
    const done = await get(mock, `/v1/batch/jobs/${job.id}`)
    expect(done).toMatchObject({
      status: 'SUCCESS',
      input_files: [file.id],
      metadata: { run: 'a' },
      outputs: null,
      total_requests: 3,
      succeeded_requests: 3,
    })
    const lines = await download(mock, done.output_file)
    expect(lines.map((line) => [line.custom_id, line.response.status_code, line.error])).toEqual([
      ['q0', 200, null],
      ['q1', 200, null],
      ['q2', 200, null],
    ])
    const offsets = JSONL.split('\n').map((_, index, all) =>
      all.slice(0, index).reduce((sum, line) => sum + line.length + 1, 0),
    )
    expect(lines.map((line) => line.id)).toEqual(
      offsets.map((offset) => `batch-${job.id.slice(0, 8)}-${file.id.slice(0, 8)}-${offset}`),
    )
    const alone = await (
      await mock.fetch(
        call('/v1/chat/completions', {
          method: 'POST',
          body: JSON.stringify({ model: 'mistral-small-latest', ...question('What is 2 + 2?') }),
        }),
      )
    ).json()
    expect(lines[0].response.body.choices[0].message.content).toBe(alone.choices[0].message.content)
    expect(lines[0].response.body.usage).toEqual(alone.usage)
    const inline = await get(mock, `/v1/batch/jobs/${job.id}?inline=true`)
    expect(inline.outputs).toEqual(lines)
  })

  it('runs other endpoints through their own routes: an embeddings batch answers with embedding lists', async () => {
    const mock = createMockMistral()
    const job = await (
      await create(mock, {
        endpoint: '/v1/embeddings',
        model: 'mistral-embed',
        requests: [{ custom_id: 'e', body: { input: ['Embed this'] } }],
      })
    ).json()
    await get(mock, `/v1/batch/jobs/${job.id}`)
    const done = await get(mock, `/v1/batch/jobs/${job.id}`)
    expect(done.outputs[0].response.status_code).toBe(200)
    expect(done.outputs[0].response.body).toMatchObject({
      object: 'list',
      model: 'mistral-embed',
      data: [{ object: 'embedding', index: 0 }],
    })
    expect(done.outputs[0].response.body.data[0].embedding).toHaveLength(1024)
  })

  it('puts a bad line, and a request the endpoint refuses, in the error file; FAILED when nothing succeeded', async () => {
    const mock = createMockMistral()
    const content = `${JSONL.split('\n')[0]}\nnot json\n{"custom_id":"bad-model","body":{"model":"nope","messages":[{"role":"user","content":"x"}]}}\n{"custom_id":"no-body"}\n`
    const file = await upload(mock, content.replace('not json', '{"custom_id":"placeholder","body":{}}'))
    // Upload refuses non-JSON lines, so the broken line is put in the stored bytes directly.
    const stored = mock.state.files.get(file.id)
    if (!stored) throw new Error('no file')
    stored.content = new TextEncoder().encode(content)
    const job = await (
      await create(mock, { input_files: [file.id], endpoint: '/v1/chat/completions', model: 'mistral-small-latest' })
    ).json()
    await get(mock, `/v1/batch/jobs/${job.id}`)
    const done = await get(mock, `/v1/batch/jobs/${job.id}`)
    expect(done).toMatchObject({
      status: 'SUCCESS',
      total_requests: 4,
      completed_requests: 4,
      succeeded_requests: 1,
      failed_requests: 3,
    })
    expect(done.errors).toEqual([
      { message: 'Invalid request line: not a JSON object', count: 1 },
      { message: 'Invalid model: nope', count: 1 },
      { message: 'Invalid request line: `body` must be a JSON object', count: 1 },
    ])
    expect((await download(mock, done.output_file)).map((line) => line.custom_id)).toEqual(['q0'])
    const errors = await download(mock, done.error_file)
    expect(errors.map((line) => [line.custom_id, line.response?.status_code ?? null, line.error.code])).toEqual([
      [null, null, 'invalid_request_line'],
      ['bad-model', 400, '400'],
      ['no-body', null, 'invalid_request_line'],
    ])
    expect(mock.state.files.get(done.error_file)?.record.sample_type).toBe('batch_error')

    const allBad = await (
      await create(mock, { endpoint: '/v1/chat/completions', model: 'nope', requests: [{ body: question('x') }] })
    ).json()
    await get(mock, `/v1/batch/jobs/${allBad.id}`)
    expect(await get(mock, `/v1/batch/jobs/${allBad.id}`)).toMatchObject({
      status: 'FAILED',
      failed_requests: 1,
      output_file: null,
      error_file: expect.any(String),
    })
  })

  it('validates the create body with 422s shaped like the jobs service, 404 for an unknown input file', async () => {
    const mock = createMockMistral()
    const missing = await create(mock, { requests: [{ body: question('x') }] })
    expect(missing.status).toBe(422)
    expect(await missing.json()).toEqual({
      detail: [
        {
          type: 'missing',
          loc: ['body', 'endpoint'],
          msg: 'Field required',
          input: { requests: [{ body: question('x') }] },
        },
      ],
    })
    const empty = await (await create(mock, { endpoint: '/v1/chat/completions', model: 'mistral-small-latest' })).json()
    expect(empty.detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body'],
      msg: 'Value error, Either input_files or requests must be provided',
    })
    const bad = await (
      await create(mock, {
        endpoint: '/v1/nope',
        requests: [{ custom_id: 1, body: 'x' }, {}],
        timeout_hours: 200,
        metadata: { k: 1 },
      })
    ).json()
    expect(bad.detail.map((detail: { loc: unknown[]; type: string }) => [detail.loc.join('.'), detail.type])).toEqual([
      ['body.endpoint', 'enum'],
      ['body.requests.0.body', 'dict_type'],
      ['body.requests.0.custom_id', 'string_type'],
      ['body.requests.1.body', 'missing'],
      ['body.metadata.k', 'string_type'],
      ['body.timeout_hours', 'less_than_equal'],
    ])
    const unknown = await create(mock, {
      endpoint: '/v1/chat/completions',
      input_files: ['00000000-0000-4000-8000-000000000000'],
    })
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { detail: 'File 00000000-0000-4000-8000-000000000000 not found' },
    ])
    const notUuid = await (await create(mock, { endpoint: '/v1/chat/completions', input_files: ['file-1'] })).json()
    expect(notUuid.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 'input_files', 0] })
    const training = await upload(mock, JSONL, 'fine-tune')
    const wrongPurpose = await (
      await create(mock, { endpoint: '/v1/chat/completions', input_files: [training.id] })
    ).json()
    expect(wrongPurpose.detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body', 'input_files', 0],
      msg: `Value error, File ${training.id} was uploaded with purpose 'fine-tune', expected 'batch'`,
    })
    expect(mock.state.batchJobs.size).toBe(0)
  })

  it('cancel: CANCELLATION_REQUESTED, CANCELLED on the next retrieve; a finished job cannot be cancelled; delete', async () => {
    const mock = createMockMistral()
    const job = await (
      await create(mock, {
        endpoint: '/v1/chat/completions',
        model: 'mistral-small-latest',
        requests: [{ body: question('x') }],
      })
    ).json()
    const cancel = () => mock.fetch(call(`/v1/batch/jobs/${job.id}/cancel`, { method: 'POST' }))
    expect((await (await cancel()).json()).status).toBe('CANCELLATION_REQUESTED')
    expect((await (await cancel()).json()).status).toBe('CANCELLATION_REQUESTED')
    expect(await get(mock, `/v1/batch/jobs/${job.id}`)).toMatchObject({
      status: 'CANCELLED',
      completed_at: expect.any(Number),
      output_file: null,
    })
    expect((await (await cancel()).json()).status).toBe('CANCELLED')

    const other = await (
      await create(mock, {
        endpoint: '/v1/chat/completions',
        model: 'mistral-small-latest',
        requests: [{ body: question('y') }],
      })
    ).json()
    await get(mock, `/v1/batch/jobs/${other.id}`)
    await get(mock, `/v1/batch/jobs/${other.id}`)
    const refused = await mock.fetch(call(`/v1/batch/jobs/${other.id}/cancel`, { method: 'POST' }))
    expect([refused.status, await refused.json()]).toEqual([
      400,
      { detail: `Batch job ${other.id} is SUCCESS and cannot be cancelled` },
    ])

    const deleted = await mock.fetch(call(`/v1/batch/jobs/${job.id}`, { method: 'DELETE' }))
    expect(await deleted.json()).toEqual({ id: job.id, object: 'batch', deleted: true })
    expect((await mock.fetch(call(`/v1/batch/jobs/${job.id}`))).status).toBe(404)
    expect((await mock.fetch(call('/v1/batch/jobs/not-a-uuid'))).status).toBe(422)
  })

  it('lists with paging, filters (status repeated, metadata JSON, model, created_after), order_by and total', async () => {
    const mock = createMockMistral()
    const ids: string[] = []
    for (const [index, model] of ['mistral-small-latest', 'mistral-large-latest', 'mistral-small-latest'].entries()) {
      ids.push(
        (
          await (
            await create(mock, {
              endpoint: '/v1/chat/completions',
              model,
              metadata: { n: String(index) },
              requests: [{ body: question('x') }],
            })
          ).json()
        ).id,
      )
    }
    await get(mock, `/v1/batch/jobs/${ids[0]}`)
    const page = await get(mock, '/v1/batch/jobs?page=1&page_size=2')
    expect([page.object, page.total, page.data.map((job: { id: string }) => job.id)]).toEqual(['list', 3, [ids[0]]])
    expect(Object.keys(page.data[0])).toEqual(Object.keys(capture('batch_job_01_2026-08-19.json')))
    const byStatus = await get(mock, '/v1/batch/jobs?status=RUNNING&status=SUCCESS')
    expect(byStatus.data.map((job: { id: string }) => job.id)).toEqual([ids[0]])
    const small = await get(mock, '/v1/batch/jobs?model=mistral-small-latest&order_by=created')
    expect(small.data.map((job: { id: string }) => job.id)).toEqual([ids[0], ids[2]])
    const tagged = await get(mock, `/v1/batch/jobs?metadata=${encodeURIComponent('{"n":"1"}')}`)
    expect(tagged.data.map((job: { id: string }) => job.id)).toEqual([ids[1]])
    const created = mock.state.batchJobs.get(ids[2] as string)?.record.created_at as number
    const recent = await get(
      mock,
      `/v1/batch/jobs?created_after=${new Date(created * 1000).toISOString()}&created_by_me=true`,
    )
    expect(recent.total).toBe(1)
    const bad = await (await mock.fetch(call('/v1/batch/jobs?status=DONE&order_by=new&metadata=x'))).json()
    expect(bad.detail.map((detail: { loc: unknown[] }) => detail.loc.join('.'))).toEqual([
      'query.status.0',
      'query.order_by',
      'query.metadata',
    ])
  })
})
