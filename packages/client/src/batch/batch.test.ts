import { readFile } from 'node:fs/promises'
import { createMockMistral } from '@mistral-edge/mock'
import { beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../core/client.js'
import type { RetryConfig } from '../core/retry.js'
import { ConnectionError } from '../errors/connection-error.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { useRecorder } from '../test-support-node.js'
import { assertValid } from '../validation.js'
import { batchJobsCancel } from './batch-jobs-cancel.js'
import { batchJobsCreate } from './batch-jobs-create.js'
import { batchJobsDelete } from './batch-jobs-delete.js'
import { batchJobsGet } from './batch-jobs-get.js'
import { batchJobsIterate } from './batch-jobs-iterate.js'
import { batchJobsList } from './batch-jobs-list.js'
import { batchJobsWait } from './batch-jobs-wait.js'
import {
  BatchJobInSchema,
  type BatchJobOut,
  BatchJobOutSchema,
  BatchJobsListRequestSchema,
  BatchJobsOutSchema,
  BatchRequestSchema,
  BatchResultSchema,
  DeleteBatchJobOutSchema,
} from './schemas.js'

const fixture = async (name: string) =>
  readFile(new URL(`../../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')
const JOB_ID = 'ca1cd668-91bd-4abb-accb-3541709c0db1'
const fast: RetryConfig = { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 2 } }

describe('batch: the requests on the wire (loopback node:http server)', () => {
  let queued: string
  let done: string

  beforeAll(async () => {
    queued = await fixture('batch_job_00_2026-08-19.json')
    done = await fixture('batch_job_04_2026-08-19.json')
  })
  const wire = useRecorder(() => ({ body: queued }))
  const client = (retries: RetryConfig = { strategy: 'none' }) =>
    createClient({ apiKey: 'batch-key', baseURL: wire.baseURL, retries })

  it('batchJobsList sends every filter; status as repeated keys, metadata as one JSON string', async () => {
    wire.answers = [
      { body: await fixture('batch_jobs_list_headers-stripped_2025-10-29.json') },
      { body: '{"data":[],"object":"list","total":0}' },
    ]
    const page = await batchJobsList(client(), {
      page: 2,
      page_size: 5,
      model: 'mistral-small-latest',
      agent_id: 'ag_1',
      metadata: { team: 'a b' },
      created_after: '2026-01-01T00:00:00Z',
      created_by_me: true,
      status: ['QUEUED', 'RUNNING'],
      order_by: 'created',
    })
    await batchJobsList(client(), { status: 'SUCCESS', metadata: '{"raw":"1"}' })
    expect(wire.seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /v1/batch/jobs?page=2&page_size=5&model=mistral-small-latest&agent_id=ag_1&metadata=%7B%22team%22%3A%22a+b%22%7D&created_after=2026-01-01T00%3A00%3A00Z&created_by_me=true&status=QUEUED&status=RUNNING&order_by=created',
      'GET /v1/batch/jobs?metadata=%7B%22raw%22%3A%221%22%7D&status=SUCCESS',
    ])
    expect(wire.seen[0]).toMatchObject({
      body: '',
      headers: { authorization: 'Bearer batch-key', accept: 'application/json' },
    })
    expect(wire.seen[0]?.headers['content-type']).toBeUndefined()
    expect(page).toMatchObject({
      object: 'list',
      total: 1,
      data: [{ id: '877443e6-c853-4846-9857-6e4e0ab932f4', status: 'RUNNING', total_requests: 3 }],
    })
  })

  it('batchJobsCreate sends the object as given, unknown fields included, as JSON', async () => {
    const request = JSON.parse(await fixture('batch_job_create_inline_2026-08-19.request.json'))
    const job = await batchJobsCreate(client(), {
      ...request,
      metadata: { run: '1' },
      timeout_hours: 2,
      brand_new: [1],
    })
    expect(wire.seen).toHaveLength(1)
    expect(wire.seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/batch/jobs',
      headers: { 'content-type': 'application/json' },
    })
    expect(JSON.parse(wire.seen[0]?.body as string)).toEqual({
      ...request,
      metadata: { run: '1' },
      timeout_hours: 2,
      brand_new: [1],
    })
    expect(job).toEqual(JSON.parse(queued))
  })

  it('get (with inline), cancel and delete name the job in the path and send no body', async () => {
    wire.answers = [
      { body: done },
      { body: queued },
      { body: queued },
      { body: `{"id":"${JOB_ID}","object":"batch","deleted":true}` },
    ]
    const got = await batchJobsGet(client(), { job_id: JOB_ID, inline: true })
    await batchJobsGet(client(), { job_id: JOB_ID })
    await batchJobsCancel(client(), { job_id: JOB_ID })
    const deleted = await batchJobsDelete(client(), { job_id: JOB_ID })
    expect(wire.seen.map(({ method, url, body }) => [method, url, body])).toEqual([
      ['GET', `/v1/batch/jobs/${JOB_ID}?inline=true`, ''],
      ['GET', `/v1/batch/jobs/${JOB_ID}`, ''],
      ['POST', `/v1/batch/jobs/${JOB_ID}/cancel`, ''],
      ['DELETE', `/v1/batch/jobs/${JOB_ID}`, ''],
    ])
    expect(got.outputs?.map((output) => [output.custom_id, output.response?.status_code])).toEqual([
      ['0', 200],
      ['1', 200],
    ])
    expect(deleted).toEqual({ id: JOB_ID, object: 'batch', deleted: true })
  })

  it('batchJobsCreate is sent once after a 500 or a dropped connection', async () => {
    const request = { endpoint: '/v1/chat/completions', input_files: [JOB_ID] }
    wire.answers = [
      { status: 500, body: '{"object":"error","message":"boom","type":"internal","param":null,"code":null}' },
    ]
    const failed = await batchJobsCreate(client(fast), request).catch((caught: unknown) => caught)
    expect(failed).toBeInstanceOf(SDKError)
    expect((failed as SDKError).status).toBe(500)
    expect(wire.seen).toHaveLength(1)
    wire.answers = ['drop']
    expect(await batchJobsCreate(client(fast), request).catch((caught: unknown) => caught)).toBeInstanceOf(
      ConnectionError,
    )
    expect(wire.seen).toHaveLength(2)
  })

  it('batchJobsCreate is retried after 429 and 503, with the same body', async () => {
    wire.answers = [
      { status: 429, body: '{"message":"Requests rate limit exceeded"}' },
      { status: 503, body: '{"message":"busy"}' },
      { body: queued },
    ]
    const job = await batchJobsCreate(client(fast), { endpoint: '/v1/chat/completions', input_files: [JOB_ID] })
    expect(job.status).toBe('QUEUED')
    expect(wire.seen.map(({ method, body }) => [method, JSON.parse(body)])).toEqual(
      Array(3).fill(['POST', { endpoint: '/v1/chat/completions', input_files: [JOB_ID] }]),
    )
  })

  it('reads (list, get) are retried after a 500 and a dropped connection', async () => {
    wire.answers = [{ status: 500, body: '{}' }, 'drop', { body: queued }]
    expect((await batchJobsGet(client(fast), { job_id: JOB_ID })).status).toBe('QUEUED')
    expect(wire.seen).toHaveLength(3)
  })

  it('batchJobsIterate goes through the pages until total; batchJobsWait polls until a terminal status', async () => {
    const job = (id: string, status: string) => ({ ...JSON.parse(queued), id, status })
    wire.answers = [
      { body: JSON.stringify({ data: [job('a', 'QUEUED'), job('b', 'QUEUED')], object: 'list', total: 3 }) },
      { body: JSON.stringify({ data: [job('c', 'QUEUED')], object: 'list', total: 3 }) },
    ]
    const ids: string[] = []
    for await (const item of batchJobsIterate(client(), { page_size: 2, status: ['QUEUED'] })) ids.push(item.id)
    expect(ids).toEqual(['a', 'b', 'c'])
    expect(wire.seen.map(({ url }) => url)).toEqual([
      '/v1/batch/jobs?page=0&page_size=2&status=QUEUED',
      '/v1/batch/jobs?page=1&page_size=2&status=QUEUED',
    ])

    wire.seen = []
    wire.answers = ['RUNNING', 'RUNNING', 'CANCELLATION_REQUESTED', 'TIMEOUT_EXCEEDED'].map((status) => ({
      body: JSON.stringify(job(JOB_ID, status)),
    }))
    const updates: string[] = []
    const final = await batchJobsWait(
      client(),
      { job_id: JOB_ID },
      { intervalMs: 0, onUpdate: (update) => updates.push(update.status) },
    )
    expect([final.status, updates, wire.seen.length]).toEqual([
      'TIMEOUT_EXCEEDED',
      ['RUNNING', 'CANCELLATION_REQUESTED', 'TIMEOUT_EXCEEDED'],
      4,
    ])
  })
})

describe('batch: schemas replay the captures', () => {
  it('parses the queued, running and done captures, the list capture and the inline create request', async () => {
    const [queued, running, done] = await Promise.all(
      ['00', '01', '04'].map(async (n) => JSON.parse(await fixture(`batch_job_${n}_2026-08-19.json`))),
    )
    for (const job of [queued, running, done])
      expect(() => assertValid(BatchJobOutSchema, job, 'response')).not.toThrow()
    const outputs = (done as BatchJobOut).outputs ?? []
    for (const output of outputs) expect(() => assertValid(BatchResultSchema, output, 'response')).not.toThrow()
    expect(
      outputs.map(
        (output) =>
          (output.response!.body as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
      ),
    ).toEqual(['4', 'Jupiter'])
    const list = JSON.parse(await fixture('batch_jobs_list_headers-stripped_2025-10-29.json'))
    expect(() => assertValid(BatchJobsOutSchema, list, 'response')).not.toThrow()
    const request = JSON.parse(await fixture('batch_job_create_inline_2026-08-19.request.json'))
    expect(() => assertValid(BatchJobInSchema, request, 'request')).not.toThrow()
    for (const line of request.requests) expect(() => assertValid(BatchRequestSchema, line, 'request')).not.toThrow()
    expect(() =>
      assertValid(DeleteBatchJobOutSchema, { id: JOB_ID, object: 'batch', deleted: true }, 'response'),
    ).not.toThrow()
  })

  it('is open: a new status, endpoint and field pass; a wrong-typed known field fails', async () => {
    const job = JSON.parse(await fixture('batch_job_01_2026-08-19.json'))
    expect(() =>
      assertValid(BatchJobOutSchema, { ...job, status: 'PAUSED', endpoint: '/v2/next', shiny: true }, 'response'),
    ).not.toThrow()
    expect(() => assertValid(BatchJobOutSchema, { ...job, total_requests: '2' }, 'response')).toThrow(/total_requests/)
    expect(() => assertValid(BatchJobOutSchema, { ...job, outputs: [{ custom_id: 1 }] }, 'response')).toThrow(
      /outputs\.0\.custom_id/,
    )
    expect(() => assertValid(BatchJobsListRequestSchema, { status: ['QUEUED', 3] }, 'request')).toThrow(/status/)
    expect(() =>
      assertValid(
        BatchJobsListRequestSchema,
        { status: 'BRAND_NEW', order_by: 'newest', metadata: { a: 1 } },
        'request',
      ),
    ).not.toThrow()
  })

  it.each([
    [{ requests: [] }, 'endpoint'],
    [{ endpoint: 7, requests: [] }, 'endpoint'],
    [{ endpoint: '/v1/chat/completions', requests: [{ custom_id: '0' }] }, 'requests.0.body'],
    [{ endpoint: '/v1/chat/completions', requests: [{ custom_id: 0, body: {} }] }, 'requests.0.custom_id'],
    [{ endpoint: '/v1/chat/completions', input_files: 'f' }, 'input_files'],
    [{ endpoint: '/v1/chat/completions', metadata: { k: 1 } }, 'metadata.k'],
    [{ endpoint: '/v1/chat/completions', timeout_hours: '24' }, 'timeout_hours'],
  ])('BatchJobInSchema rejects %j naming %s', (request, field) => {
    expect(() => assertValid(BatchJobInSchema, request, 'request')).toThrow(InvalidRequestError)
    expect(() => assertValid(BatchJobInSchema, request, 'request')).toThrow(
      new RegExp(`(^Invalid request: |; )${field.replace(/\./g, '\\.')}: `),
    )
  })

  it('BatchJobInSchema leaves ranges and values to the API: a new endpoint, 1000 hours, unknown fields pass', () => {
    expect(() =>
      assertValid(
        BatchJobInSchema,
        { endpoint: '/v1/next', timeout_hours: 1000, requests: [], brand_new: true },
        'request',
      ),
    ).not.toThrow()
  })
})

describe('batch: against the mock', () => {
  const setup = () => {
    const mock = createMockMistral()
    return { mock, client: createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' } }) }
  }
  const requests = [{ custom_id: 'a', body: { messages: [{ role: 'user' as const, content: 'Hi' }] } }]

  it('every answer of the mock passes the response schemas: create, get through SUCCESS with outputs, list, cancel, delete', async () => {
    const { client } = setup()
    const valid = <T>(schema: Parameters<typeof assertValid>[0], value: T): T => (
      assertValid(schema, value, 'response'), value
    )
    const job = valid(
      BatchJobOutSchema,
      await batchJobsCreate(client, { endpoint: '/v1/chat/completions', model: 'mistral-small-latest', requests }),
    )
    const statuses: string[] = []
    const onUpdate = (update: BatchJobOut) => statuses.push(valid(BatchJobOutSchema, update).status)
    const done = await batchJobsWait(client, { job_id: job.id }, { intervalMs: 0, onUpdate })
    expect(statuses).toEqual(['RUNNING', 'SUCCESS'])
    expect(done.outputs?.map((output) => [output.custom_id, output.response?.status_code, output.error])).toEqual([
      ['a', 200, null],
    ])
    const list = valid(BatchJobsOutSchema, await batchJobsList(client, { status: ['SUCCESS'], metadata: {} }))
    expect(list.data.map((item) => item.id)).toEqual([job.id])
    const other = await batchJobsCreate(client, {
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
      requests,
    })
    expect(valid(BatchJobOutSchema, await batchJobsCancel(client, { job_id: other.id })).status).toBe(
      'CANCELLATION_REQUESTED',
    )
    expect((await batchJobsWait(client, { job_id: other.id }, { intervalMs: 0, onUpdate })).status).toBe('CANCELLED')
    expect(valid(DeleteBatchJobOutSchema, await batchJobsDelete(client, { job_id: other.id }))).toEqual({
      id: other.id,
      object: 'batch',
      deleted: true,
    })
  })

  it('a create the mock refuses is an HTTPValidationError (422) or a 404 SDKError', async () => {
    const { client } = setup()
    const error = await batchJobsCreate(client, {
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPValidationError)
    expect((error as HTTPValidationError).detail[0]).toMatchObject({
      loc: ['body'],
      msg: 'Value error, Either input_files or requests must be provided',
    })
    const missing = await batchJobsCreate(client, { endpoint: '/v1/chat/completions', input_files: [JOB_ID] }).catch(
      (caught: unknown) => caught,
    )
    expect([missing instanceof SDKError, (missing as SDKError).status, (missing as SDKError).message]).toEqual([
      true,
      404,
      `HTTP 404: File ${JOB_ID} not found`,
    ])
  })

  it('batchJobsWait stops with RequestAbortedError when its signal aborts', async () => {
    const { client } = setup()
    const job = await batchJobsCreate(client, {
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
      requests,
    })
    const controller = new AbortController()
    const waiting = batchJobsWait(
      client,
      { job_id: job.id },
      { intervalMs: 60_000, signal: controller.signal, onUpdate: () => controller.abort() },
    )
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError)
  })
})
