import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../core/client.js'
import type { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { filesUpload } from '../files/files-upload.js'
import { modelsList } from '../models/models-list.js'
import { withValidation } from '../validation.js'
import { fineTuningJobsCancel } from './fine-tuning-jobs-cancel.js'
import { fineTuningJobsCreate } from './fine-tuning-jobs-create.js'
import { fineTuningJobsGet } from './fine-tuning-jobs-get.js'
import { fineTuningJobsIterate } from './fine-tuning-jobs-iterate.js'
import { fineTuningJobsList } from './fine-tuning-jobs-list.js'
import { fineTuningJobsStart } from './fine-tuning-jobs-start.js'
import { fineTuningJobsWait } from './fine-tuning-jobs-wait.js'
import type { DetailedJobOut, JobOut } from './schemas.js'

/** Reads a capture from fixtures/wire/json (a dynamic import: the library's tsconfig carries no Node types). */
async function fixture(name: string): Promise<string> {
  const { readFile } = (await import('node:fs/promises' as string)) as {
    readFile: (path: URL, encoding: 'utf8') => Promise<string>
  }
  return readFile(new URL(`../../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')
}

/** A fetch that records its calls and answers each with the next body (the last one repeats). */
function recording(...bodies: string[]) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return new Response(bodies[Math.min(calls.length - 1, bodies.length - 1)] ?? '{}', {
      headers: { 'content-type': 'application/json' },
    })
  })
  return { fetch, calls, client: createClient({ apiKey: 'secret', fetch, retries: { strategy: 'none' } }) }
}

const JOB = {
  id: 'j1',
  auto_start: true,
  model: 'open-mistral-nemo',
  status: 'QUEUED',
  job_type: 'completion',
  created_at: 1,
  modified_at: 1,
  training_files: ['f1'],
  hyperparameters: {},
}
const FILE_ID = '497f6eca-6276-4993-bfeb-53cbbbba6f09'
const JSONL = Array.from({ length: 8 }, (_, index) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Question ${index}` },
      { role: 'assistant', content: `Answer ${index}` },
    ],
  }),
).join('\n')

/** A mock, a client on it, and one uploaded training file. */
async function withTrainingFile() {
  const mock = createMockMistral()
  const client = createClient({ apiKey: 'test-key', fetch: mock.fetch, retries: { strategy: 'none' } })
  const file = await filesUpload(client, { file: JSONL, filename: 'train.jsonl', purpose: 'fine-tune' })
  return { mock, client, file }
}

describe('fine-tuning: the requests on the wire', () => {
  it('fineTuningJobsCreate sends dry_run in the query and the rest of the object as the body, as given', async () => {
    const { calls, client } = recording(JSON.stringify(JOB))
    const body = {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: FILE_ID, weight: 2 }],
      hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
      suffix: 'support',
      auto_start: false,
      brand_new_field: ['kept'],
    }
    await fineTuningJobsCreate(client, { dry_run: true, ...body })
    await fineTuningJobsCreate(client, body)
    expect(calls.map(({ url, init }) => `${init.method} ${url}`)).toEqual([
      'POST https://api.mistral.ai/v1/fine_tuning/jobs?dry_run=true',
      'POST https://api.mistral.ai/v1/fine_tuning/jobs',
    ])
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual(body)
    expect(JSON.parse(calls[1]?.init.body as string)).toEqual(body)
    expect(new Headers(calls[0]?.init.headers).get('content-type')).toBe('application/json')
  })

  it('fineTuningJobsList sends every filter', async () => {
    const { calls, client } = recording('{"data":[],"object":"list","total":0}')
    await fineTuningJobsList(client, {
      page: 2,
      page_size: 5,
      model: 'open-mistral-nemo',
      created_after: '2026-01-01T00:00:00Z',
      created_by_me: true,
      status: 'RUNNING',
      wandb_project: 'proj',
      wandb_name: 'run 1',
      suffix: 'sfx',
    })
    expect(calls[0]?.url).toBe(
      'https://api.mistral.ai/v1/fine_tuning/jobs?page=2&page_size=5&model=open-mistral-nemo&created_after=2026-01-01T00%3A00%3A00Z&created_by_me=true&status=RUNNING&wandb_project=proj&wandb_name=run+1&suffix=sfx',
    )
  })

  it('get, cancel and start name the job in the path and send no body', async () => {
    const { calls, client } = recording(JSON.stringify(JOB))
    await fineTuningJobsGet(client, { job_id: 'j1' })
    await fineTuningJobsCancel(client, { job_id: 'j1' })
    await fineTuningJobsStart(client, { job_id: 'j 1' })
    expect(calls.map(({ url, init }) => [init.method, url, init.body])).toEqual([
      ['GET', 'https://api.mistral.ai/v1/fine_tuning/jobs/j1', undefined],
      ['POST', 'https://api.mistral.ai/v1/fine_tuning/jobs/j1/cancel', undefined],
      ['POST', 'https://api.mistral.ai/v1/fine_tuning/jobs/j%201/start', undefined],
    ])
  })

  const valid = {
    model: 'open-mistral-nemo',
    training_files: [{ file_id: FILE_ID }],
    hyperparameters: { training_steps: 10 },
  }
  it.each([
    [{ model: 'open-mistral-nemo', training_files: [{ file_id: FILE_ID }] }, 'hyperparameters'],
    [{ ...valid, model: undefined }, 'model'],
    [{ ...valid, model: 42 }, 'model'],
    [{ ...valid, hyperparameters: { learning_rate: 'fast' } }, 'hyperparameters.learning_rate'],
    [{ ...valid, hyperparameters: { training_steps: '10' } }, 'hyperparameters.training_steps'],
    [{ ...valid, hyperparameters: 'default' }, 'hyperparameters'],
    [{ ...valid, suffix: 18 }, 'suffix'],
    [{ ...valid, training_files: [{ weight: 1 }] }, 'training_files.0.file_id'],
    [{ ...valid, training_files: [FILE_ID] }, 'training_files.0'],
    [{ ...valid, training_files: [{ file_id: FILE_ID, weight: 'heavy' }] }, 'training_files.0.weight'],
    [{ ...valid, auto_start: 'yes' }, 'auto_start'],
    [{ ...valid, dry_run: 'yes' }, 'dry_run'],
  ])('withValidation: fineTuningJobsCreate rejects %j naming %s, without sending', async (request, field) => {
    const { fetch, client } = recording()
    const error = await fineTuningJobsCreate(withValidation(client), request as never).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as Error).message).toMatch(new RegExp(`(^Invalid request: |; )${field.replace(/\./g, '\\.')}: `))
    expect(fetch).not.toHaveBeenCalled()
  })

  it.each([
    [{ ...valid, hyperparameters: { learning_rate: 2 } }],
    [{ ...valid, hyperparameters: { learning_rate: 1e-9 } }],
    [{ ...valid, hyperparameters: { training_steps: 0 } }],
    [{ ...valid, hyperparameters: { training_steps: 1.5 } }],
    [{ ...valid, hyperparameters: { weight_decay: 1.1 } }],
    [{ ...valid, hyperparameters: { warmup_fraction: -0.1 } }],
    [{ ...valid, hyperparameters: { epochs: 0 } }],
    [{ ...valid, hyperparameters: { fim_ratio: 2 } }],
    [{ ...valid, hyperparameters: { seq_len: 99 } }],
    [{ ...valid, suffix: 'nineteen-characters' }],
    [{ ...valid, training_files: [{ file_id: FILE_ID, weight: 0 }] }],
    [{ ...valid, integrations: [{ project: 'p', api_key: 'short' }] }],
    [{ ...valid, invalid_sample_skip_percentage: 0.6 }],
    [{ ...valid, job_type: 'brand_new_kind' }],
  ])(
    "withValidation: fineTuningJobsCreate sends %j unchanged (ranges and values are the API's to judge)",
    async (request) => {
      const { calls, client } = recording(JSON.stringify(JOB))
      await fineTuningJobsCreate(withValidation(client), request as never)
      expect(JSON.parse(calls[0]?.init.body as string)).toEqual(request)
    },
  )

  it('a plain client sends a wrong-typed create request as given', async () => {
    const { calls, client } = recording(JSON.stringify(JOB))
    const request = { ...valid, hyperparameters: { learning_rate: 'fast' }, suffix: 18 }
    await fineTuningJobsCreate(client, request as never)
    expect(calls[0]?.init.body).toBe(JSON.stringify(request))
  })

  it.each([
    [{ status: 5 }, 'status'],
    [{ page: '0' }, 'page'],
    [{ page_size: '10' }, 'page_size'],
    [{ created_by_me: 'yes' }, 'created_by_me'],
  ])('withValidation: fineTuningJobsList rejects %j naming %s', async (request, field) => {
    const { fetch, client } = recording()
    const error = await fineTuningJobsList(withValidation(client), request as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as InvalidRequestError).message).toMatch(new RegExp(`^Invalid request: ${field}: `))
    expect(fetch).not.toHaveBeenCalled()
  })

  it('withValidation: fineTuningJobsList sends unknown statuses and out-of-range pages as given', async () => {
    const { calls, client } = recording('{"data":[],"object":"list","total":0}')
    await fineTuningJobsList(withValidation(client), { status: 'DONE', page: 0.5, page_size: 0 } as never)
    expect(calls[0]?.url).toBe('https://api.mistral.ai/v1/fine_tuning/jobs?page=0.5&page_size=0&status=DONE')
  })

  it('a job id holding a lone surrogate throws InvalidRequestError naming job_id, with or without validation, sending nothing', async () => {
    const { fetch, client } = recording()
    for (const call of [fineTuningJobsGet, fineTuningJobsCancel, fineTuningJobsStart]) {
      for (const target of [client, withValidation(client)]) {
        const error = await call(target, { job_id: '\ud800' }).catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(InvalidRequestError)
        expect((error as InvalidRequestError).message).toBe(
          'Invalid request: job_id: must be a non-empty, well-formed string other than "." and ".."',
        )
      }
    }
    expect(fetch).not.toHaveBeenCalled()
  })

  it('410 Gone (the current API has retired fine-tuning jobs) is an SDKError saying the endpoint was retired, not retried', async () => {
    const calls: string[] = []
    const fetch = vi.fn(async (url: string | URL | Request) => {
      calls.push(String(url))
      return new Response('{"detail":"Not Found"}', {
        status: 410,
        headers: { 'content-type': 'application/json', 'mistral-correlation-id': 'corr-410' },
      })
    })
    const client = createClient({
      apiKey: 'k',
      fetch,
      retries: { strategy: 'backoff', backoff: { initialInterval: 1 } },
    })
    for (const call of [
      () => fineTuningJobsList(client),
      () => fineTuningJobsGet(client, { job_id: 'j1' }),
      () => fineTuningJobsCreate(client, valid),
    ]) {
      const error = await call().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(SDKError)
      expect([(error as SDKError).status, (error as SDKError).message, (error as SDKError).requestId]).toEqual([
        410,
        'HTTP 410: endpoint retired: Not Found',
        'corr-410',
      ])
    }
    expect(calls).toHaveLength(3)
    const empty = createClient({ fetch: async () => new Response(null, { status: 410, statusText: 'Gone' }) })
    const error = await fineTuningJobsStart(empty, { job_id: 'j1' }).catch((caught: unknown) => caught)
    expect((error as SDKError).message).toMatch(/^HTTP 410: endpoint retired/)
  })
})

describe('fine-tuning: responses', () => {
  it.each(['cookbook_ft_job_create_2024-07.json', 'cookbook_ft_classifier_job_cell15_2025-04.json'])(
    'parses the create capture %s as a job',
    async (name) => {
      const text = await fixture(`sdk_reserialized/${name}`)
      const job = await fineTuningJobsCreate(recording(text).client, {
        model: 'm',
        training_files: [],
        hyperparameters: {},
      })
      expect(job).toEqual(JSON.parse(text))
      expect(job.object).toBeUndefined()
    },
  )

  it('accepts job_type FT and any status, and parses events and checkpoints', async () => {
    const text = await fixture('sdk_reserialized/cookbook_ft_job_get_detailed_2024-07.json')
    const job = await fineTuningJobsGet(recording(text.replace('"SUCCESS"', '"SOMETHING_NEW"')).client, { job_id: 'j' })
    expect([job.job_type, job.status, job.events?.length, job.checkpoints?.[0]?.metrics.valid_loss]).toEqual([
      'FT',
      'SOMETHING_NEW',
      6,
      0.92623,
    ])
    const checked = await fineTuningJobsGet(
      withValidation(recording(text.replace('"SUCCESS"', '"SOMETHING_NEW"')).client),
      { job_id: 'j' },
    )
    expect(checked).toEqual(job)
  })

  it('a job body that breaks its schema: returned as is by a plain client, ResponseValidationError with validation', async () => {
    const body = JSON.stringify({ ...JOB, status: 7, created_at: 'today' })
    expect(await fineTuningJobsGet(recording(body).client, { job_id: 'j1' })).toEqual(JSON.parse(body))
    const error = await fineTuningJobsGet(withValidation(recording(body).client), { job_id: 'j1' }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toContain('status: ')
    expect((error as Error).message).toContain('created_at: ')
  })

  it('parses the list capture', async () => {
    const text = await fixture('sdk_reserialized/cookbook_ft_jobs_list_2024-07.json')
    const page = await fineTuningJobsList(recording(text).client)
    expect([page.total, page.data[0]?.fine_tuned_model]).toEqual([32, 'ft:open-mistral-7b:b6e34a5e:20240719:20178c3c'])
  })

  it('tells dry-run metadata from a job on `object`', async () => {
    const metadata = {
      object: 'job.metadata',
      expected_duration_seconds: 220,
      cost: 10,
      cost_currency: 'EUR',
      train_tokens_per_step: 131072,
      train_tokens: 1310720,
      data_tokens: 305375,
      estimated_start_time: null,
      deprecated: true,
      details: '',
      epochs: 4.2922,
      training_steps: 10,
    }
    const response = await fineTuningJobsCreate(recording(JSON.stringify(metadata)).client, {
      dry_run: true,
      model: 'm',
      hyperparameters: {},
    })
    if (response.object !== 'job.metadata') throw new Error('expected the dry-run metadata')
    expect([response.cost, response.cost_currency, response.epochs]).toEqual([10, 'EUR', 4.2922])
  })
})

describe('fineTuningJobsIterate', () => {
  const page = (ids: string[], total: number) =>
    JSON.stringify({ object: 'list', total, data: ids.map((id) => ({ ...JOB, id })) })

  it('walks every page until total, and sends nothing before iterating', async () => {
    const { fetch, calls, client } = recording(page(['a', 'b'], 5), page(['c', 'd'], 5), page(['e'], 5))
    const iterable = fineTuningJobsIterate(client, { page_size: 2, status: 'SUCCESS' })
    expect(fetch).not.toHaveBeenCalled()
    const ids: string[] = []
    for await (const job of iterable) ids.push(job.id)
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(calls.map(({ url }) => new URL(url).search)).toEqual([
      '?page=0&page_size=2&status=SUCCESS',
      '?page=1&page_size=2&status=SUCCESS',
      '?page=2&page_size=2&status=SUCCESS',
    ])
  })

  it('starts at the given page and stops on an empty page', async () => {
    const { calls, client } = recording(page(['x'], 9), page([], 9))
    const ids: string[] = []
    for await (const job of fineTuningJobsIterate(client, { page: 3, page_size: 1 })) ids.push(job.id)
    expect(ids).toEqual(['x'])
    expect(calls.map(({ url }) => new URL(url).searchParams.get('page'))).toEqual(['3', '4'])
  })
})

describe('fine-tuning against the mock', () => {
  it('moves a job one status per retrieval, records events and checkpoints, and creates the model', async () => {
    const { mock, client, file } = await withTrainingFile()
    const created = await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      validation_files: [file.id],
      hyperparameters: { training_steps: 4, learning_rate: 0.0002 },
    })
    if (created.object === 'job.metadata') throw new Error('expected a job')
    expect(created).toMatchObject({
      object: 'job',
      status: 'QUEUED',
      auto_start: true,
      job_type: 'completion',
      model: 'open-mistral-nemo',
      training_files: [file.id],
      validation_files: [file.id],
      fine_tuned_model: null,
      hyperparameters: { training_steps: 4, learning_rate: 0.0002, weight_decay: 0.1, warmup_fraction: 0.05 },
      metadata: { train_tokens_per_step: 131072, train_tokens: 524288, cost: 1.0486, cost_currency: 'USD' },
    })
    expect('events' in created).toBe(false)
    const statuses: string[] = []
    let job: DetailedJobOut | undefined
    for (let i = 0; i < 5; i++) {
      job = await fineTuningJobsGet(client, { job_id: created.id })
      statuses.push(job.status)
    }
    expect(statuses).toEqual(['VALIDATING', 'VALIDATED', 'RUNNING', 'SUCCESS', 'SUCCESS'])
    expect(job?.events?.map((event) => event.data?.status)).toEqual([
      'SUCCESS',
      'RUNNING',
      'VALIDATED',
      'VALIDATING',
      'QUEUED',
    ])
    expect(job?.checkpoints?.map((checkpoint) => checkpoint.step_number)).toEqual([4, 2])
    expect(job?.checkpoints?.[0]?.metrics.valid_loss).toEqual(expect.any(Number))
    expect(job?.trained_tokens).toBe(524288)
    const modelId = job?.fine_tuned_model as string
    expect(modelId).toMatch(
      new RegExp(`^ft:open-mistral-nemo:${mock.state.workspace.slice(0, 8)}:20260819:${created.id.slice(0, 8)}$`),
    )
    const listed = (await modelsList(client)).data.find((model) => model.id === modelId)
    expect(listed).toMatchObject({
      type: 'fine-tuned',
      root: 'open-mistral-nemo',
      job: created.id,
      archived: false,
      owned_by: mock.state.workspace,
    })
  })

  it('answers a dry run with the legacy metadata and creates nothing', async () => {
    const { mock, client, file } = await withTrainingFile()
    const response = await fineTuningJobsCreate(client, {
      dry_run: true,
      model: 'mistral-small-latest',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 10 },
    })
    expect(response).toEqual({
      expected_duration_seconds: 120,
      cost: 2.6214,
      cost_currency: 'USD',
      train_tokens_per_step: 131072,
      train_tokens: 1310720,
      data_tokens: Math.ceil((file.bytes as number) / 4),
      estimated_start_time: null,
      deprecated: true,
      details: '',
      epochs: Math.round((1310720 / Math.ceil((file.bytes as number) / 4)) * 1e4) / 1e4,
      training_steps: 10,
      object: 'job.metadata',
    })
    expect(mock.state.jobs.size).toBe(0)
  })

  it('waits at VALIDATED for auto_start false until started, cancels, and refuses what cannot be done', async () => {
    const { client, file } = await withTrainingFile()
    const create = () =>
      fineTuningJobsCreate(client, {
        model: 'open-mistral-nemo',
        training_files: [{ file_id: file.id }],
        hyperparameters: { training_steps: 2 },
        auto_start: false,
      }) as Promise<JobOut>
    const manual = await create()
    const seen: string[] = []
    for (let i = 0; i < 4; i++) seen.push((await fineTuningJobsGet(client, { job_id: manual.id })).status)
    expect(seen).toEqual(['VALIDATING', 'VALIDATED', 'VALIDATED', 'VALIDATED'])
    expect((await fineTuningJobsStart(client, { job_id: manual.id })).status).toBe('RUNNING')
    const done = await fineTuningJobsWait(client, { job_id: manual.id }, { intervalMs: 0 })
    expect(done.status).toBe('SUCCESS')
    const startedAgain = await fineTuningJobsStart(client, { job_id: manual.id }).catch((caught: unknown) => caught)
    expect([(startedAgain as SDKError).status, (startedAgain as SDKError).message]).toEqual([
      400,
      `HTTP 400: Job ${manual.id} is SUCCESS and cannot be started`,
    ])

    const other = await create()
    const cancelled = await fineTuningJobsCancel(client, { job_id: other.id })
    expect([cancelled.status, cancelled.events?.[0]?.data]).toEqual(['CANCELLED', { status: 'CANCELLED' }])
    expect((await fineTuningJobsGet(client, { job_id: other.id })).status).toBe('CANCELLED')
  })

  it('lists with filters and pagination, newest first, and iterates all pages', async () => {
    const { client, file } = await withTrainingFile()
    const ids: string[] = []
    for (const suffix of ['a', 'b', 'c']) {
      const job = (await fineTuningJobsCreate(client, {
        model: 'open-mistral-nemo',
        training_files: [{ file_id: file.id }],
        hyperparameters: { training_steps: 1 },
        suffix,
      })) as JobOut
      ids.push(job.id)
    }
    await fineTuningJobsCancel(client, { job_id: ids[1] as string })
    const all = await fineTuningJobsList(client)
    expect([all.object, all.total, all.data.map((job) => job.id)]).toEqual(['list', 3, [...ids].reverse()])
    expect((await fineTuningJobsList(client, { status: 'CANCELLED' })).data.map((job) => job.id)).toEqual([ids[1]])
    expect((await fineTuningJobsList(client, { suffix: 'c' })).data.map((job) => job.suffix)).toEqual(['c'])
    expect((await fineTuningJobsList(client, { created_after: '2030-01-01T00:00:00Z' })).total).toBe(0)
    const second = await fineTuningJobsList(client, { page: 1, page_size: 2 })
    expect([second.total, second.data.map((job) => job.id)]).toEqual([3, [ids[0]]])
    const iterated: string[] = []
    for await (const job of fineTuningJobsIterate(client, { page_size: 1 })) iterated.push(job.id)
    expect(iterated).toEqual([...ids].reverse())
  })

  it('answers unknown ids with 404 and bad input with FastAPI 422 bodies', async () => {
    const { client, file } = await withTrainingFile()
    const unknown = await fineTuningJobsGet(client, { job_id: '00000000-0000-4000-8000-000000000000' }).catch(
      (caught: unknown) => caught,
    )
    expect([(unknown as SDKError).status, (unknown as SDKError).data]).toEqual([
      404,
      { detail: 'Job 00000000-0000-4000-8000-000000000000 not found' },
    ])
    const notUuid = await fineTuningJobsCancel(client, { job_id: 'job-1' }).catch((caught: unknown) => caught)
    expect((notUuid as HTTPValidationError).detail).toMatchObject([
      { type: 'uuid_parsing', loc: ['path', 'job_id'], input: 'job-1' },
    ])

    // A plain client sends what the server refuses; the server's 422 bodies are what the caller sees.
    const unchecked = createClient({ apiKey: 'test-key', fetch: client.fetch as typeof fetch })
    const noFiles = await fineTuningJobsCreate(unchecked, { model: 'open-mistral-nemo', hyperparameters: {} }).catch(
      (caught: unknown) => caught,
    )
    expect((noFiles as HTTPValidationError).data).toEqual({
      detail: [
        {
          type: 'value_error',
          loc: ['body', 'job_in'],
          msg: 'Value error, At least one training file or repository is required.',
          ctx: { error: 'At least one training file or repository is required.' },
        },
      ],
    })
    const ranges = await fineTuningJobsCreate(unchecked, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: { learning_rate: 2, epochs: 0 },
      suffix: 'x'.repeat(19),
    }).catch((caught: unknown) => caught)
    expect((ranges as HTTPValidationError).detail).toEqual([
      {
        type: 'less_than_equal',
        loc: ['body', 'hyperparameters', 'learning_rate'],
        msg: 'Input should be less than or equal to 1',
        input: 2,
        ctx: { le: 1 },
      },
      {
        type: 'greater_than',
        loc: ['body', 'hyperparameters', 'epochs'],
        msg: 'Input should be greater than 0',
        input: 0,
        ctx: { gt: 0 },
      },
      {
        type: 'string_too_long',
        loc: ['body', 'suffix'],
        msg: 'String should have at most 18 characters',
        input: 'x'.repeat(19),
        ctx: { max_length: 18 },
      },
    ])
    const missingFile = await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: FILE_ID }],
      hyperparameters: {},
    }).catch((caught: unknown) => caught)
    expect((missingFile as HTTPValidationError).detail).toMatchObject([
      {
        type: 'value_error',
        loc: ['body', 'training_files', 0, 'file_id'],
        msg: `Value error, File ${FILE_ID} does not exist`,
      },
    ])
    const notTunable = await fineTuningJobsCreate(client, {
      model: 'mistral-embed',
      training_files: [{ file_id: file.id }],
      hyperparameters: {},
    }).catch((caught: unknown) => caught)
    expect((notTunable as HTTPValidationError).message).toBe(
      'HTTP 422: body.model: Value error, Model mistral-embed is not available for fine-tuning',
    )
  })
})

describe('fineTuningJobsWait', () => {
  it('polls to a terminal status, calling onUpdate once per new status', async () => {
    const { client, file } = await withTrainingFile()
    const job = (await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 1 },
    })) as JobOut
    const updates: string[] = []
    const done = await fineTuningJobsWait(
      client,
      { job_id: job.id },
      { intervalMs: 0, onUpdate: (update) => updates.push(update.status) },
    )
    expect(updates).toEqual(['VALIDATING', 'VALIDATED', 'RUNNING', 'SUCCESS'])
    expect([done.status, done.fine_tuned_model?.startsWith('ft:open-mistral-nemo:')]).toEqual(['SUCCESS', true])
  })

  it('skips onUpdate for polls that bring no new status, and resolves on FAILED', async () => {
    const bodies = ['RUNNING', 'RUNNING', 'RUNNING', 'FAILED'].map((status) => JSON.stringify({ ...JOB, status }))
    const { calls, client } = recording(...bodies)
    const updates: string[] = []
    const done = await fineTuningJobsWait(
      client,
      { job_id: 'j1' },
      { intervalMs: 1, onUpdate: (update) => updates.push(update.status) },
    )
    expect([done.status, updates, calls.length]).toEqual(['FAILED', ['RUNNING', 'FAILED'], 4])
  })

  it('rejects with RequestAbortedError when the signal aborts between polls, and before the first', async () => {
    const { client, file } = await withTrainingFile()
    const job = (await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: {},
      auto_start: false,
    })) as JobOut
    const controller = new AbortController()
    const waiting = fineTuningJobsWait(
      client,
      { job_id: job.id },
      {
        intervalMs: 60_000,
        signal: controller.signal,
        onUpdate: () => controller.abort(new Error('enough')),
      },
    )
    const error = await waiting.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect((error as RequestAbortedError).cause).toEqual(new Error('enough'))
    const early = await fineTuningJobsWait(client, { job_id: job.id }, { signal: AbortSignal.abort('before') }).catch(
      (caught: unknown) => caught,
    )
    expect([early instanceof RequestAbortedError, (early as RequestAbortedError).cause]).toEqual([true, 'before'])
  })
})
