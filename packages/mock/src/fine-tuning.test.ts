import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMockMistral, type MockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/sdk_reserialized/${name}`, import.meta.url), 'utf8'))
const call = (path: string, init: RequestInit = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    ...init,
    headers: { authorization: 'Bearer k', ...(init.headers as Record<string, string>) },
  })
const JSONL = '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n'

async function withFile(mock: MockMistral = createMockMistral()) {
  const form = new FormData()
  form.append('file', new File([JSONL], 'train.jsonl'))
  const file = await (await mock.fetch(call('/v1/files', { method: 'POST', body: form }))).json()
  return { mock, file: file as { id: string; bytes: number } }
}

const create = (mock: MockMistral, body: unknown, query = '') =>
  mock.fetch(
    call(`/v1/fine_tuning/jobs${query}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  )

describe('fine-tuning jobs routes', () => {
  it('creates a JobOut whose keys are the capture keys plus object, and whose detail adds events and checkpoints', async () => {
    const { mock, file } = await withFile()
    const response = await create(mock, {
      model: 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
    })
    const job = await response.json()
    expect(response.status).toBe(200)
    expect(Object.keys(job).sort()).toEqual(
      [...Object.keys(capture('cookbook_ft_job_create_2024-07.json')), 'object'].sort(),
    )
    expect(job).toMatchObject({
      object: 'job',
      status: 'QUEUED',
      job_type: 'completion',
      model: 'open-mistral-7b',
      training_files: [file.id],
      validation_files: [],
      integrations: [],
      repositories: [],
    })
    const detailed = await (await mock.fetch(call(`/v1/fine_tuning/jobs/${job.id}`))).json()
    expect(Object.keys(detailed).sort()).toEqual(
      [...Object.keys(capture('cookbook_ft_job_get_detailed_2024-07.json')), 'object'].sort(),
    )
    expect(detailed.events[0]).toEqual({
      name: 'status-updated',
      data: { status: 'VALIDATING' },
      created_at: detailed.modified_at,
    })
  })

  it('finishes like the captured job: 10 steps of 131072 tokens cost 2.6214 USD, an ft: model named after the job', async () => {
    const { mock, file } = await withFile()
    const job = await (
      await create(mock, {
        model: 'open-mistral-7b',
        training_files: [{ file_id: file.id }],
        hyperparameters: { training_steps: 10 },
      })
    ).json()
    let detailed: Record<string, unknown> = {}
    for (let i = 0; i < 4; i++) detailed = await (await mock.fetch(call(`/v1/fine_tuning/jobs/${job.id}`))).json()
    const wire = capture('cookbook_ft_job_get_detailed_2024-07.json')
    expect(detailed).toMatchObject({
      status: 'SUCCESS',
      trained_tokens: wire.trained_tokens,
      metadata: { cost: wire.metadata.cost, train_tokens: wire.metadata.train_tokens, train_tokens_per_step: 131072 },
    })
    expect(detailed.fine_tuned_model).toBe(
      `ft:open-mistral-7b:${mock.state.workspace.slice(0, 8)}:20260819:${job.id.slice(0, 8)}`,
    )
    expect(
      (detailed.checkpoints as { step_number: number; metrics: Record<string, unknown> }[]).map((checkpoint) => [
        checkpoint.step_number,
        Object.keys(checkpoint.metrics),
      ]),
    ).toEqual([
      [10, ['train_loss', 'valid_loss', 'valid_mean_token_accuracy']],
      [5, ['train_loss', 'valid_loss', 'valid_mean_token_accuracy']],
    ])
    expect(mock.state.models.get(detailed.fine_tuned_model as string)).toMatchObject({
      type: 'fine-tuned',
      root: 'open-mistral-7b',
      job: job.id,
    })
  })

  it('answers dry_run with every LegacyJobMetadataOut field', async () => {
    const { mock, file } = await withFile()
    const body = await (
      await create(
        mock,
        { model: 'open-mistral-nemo', training_files: [{ file_id: file.id }], hyperparameters: { epochs: 2 } },
        '?dry_run=true',
      )
    ).json()
    expect(Object.keys(body)).toEqual([
      'expected_duration_seconds',
      'cost',
      'cost_currency',
      'train_tokens_per_step',
      'train_tokens',
      'data_tokens',
      'estimated_start_time',
      'deprecated',
      'details',
      'epochs',
      'training_steps',
      'object',
    ])
    expect(body).toMatchObject({
      object: 'job.metadata',
      training_steps: 1,
      data_tokens: Math.ceil(file.bytes / 4),
      deprecated: true,
    })
    expect(mock.state.jobs.size).toBe(0)
  })

  it('lists newest first with the JobsOut shape and filters', async () => {
    const { mock, file } = await withFile()
    const first = await (
      await create(mock, {
        model: 'open-mistral-nemo',
        training_files: [{ file_id: file.id }],
        hyperparameters: {},
        integrations: [{ project: 'proj', name: 'run', api_key: 'k'.repeat(40) }],
      })
    ).json()
    const second = await (
      await create(mock, {
        model: 'codestral-latest',
        training_files: [{ file_id: file.id }],
        hyperparameters: { fim_ratio: 0.5 },
      })
    ).json()
    const all = await (await mock.fetch(call('/v1/fine_tuning/jobs'))).json()
    expect([Object.keys(all), all.total, all.data.map((job: { id: string }) => job.id)]).toEqual([
      ['data', 'object', 'total'],
      2,
      [second.id, first.id],
    ])
    expect(all.data[1].integrations).toEqual([
      { type: 'wandb', project: 'proj', name: 'run', run_name: null, url: null },
    ])
    const byProject = await (
      await mock.fetch(call('/v1/fine_tuning/jobs?wandb_project=proj&created_by_me=true'))
    ).json()
    expect(byProject.data.map((job: { id: string }) => job.id)).toEqual([first.id])
    const byModel = await (
      await mock.fetch(call('/v1/fine_tuning/jobs?model=codestral-latest&page=0&page_size=1'))
    ).json()
    expect([byModel.total, byModel.data[0].hyperparameters.fim_ratio]).toEqual([1, 0.5])
  })

  it('answers malformed input with the FastAPI detail lists', async () => {
    const { mock, file } = await withFile()
    const broken = await mock.fetch(call('/v1/fine_tuning/jobs', { method: 'POST', body: '{"model":' }))
    expect([broken.status, (await broken.json()).detail[0]]).toMatchObject([
      422,
      { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' },
    ])
    const dryRun = await create(mock, {}, '?dry_run=maybe')
    expect((await dryRun.json()).detail).toEqual([
      {
        type: 'bool_parsing',
        loc: ['query', 'dry_run'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: 'maybe',
      },
    ])
    const missing = await create(mock, { training_files: [{ file_id: file.id }] })
    expect((await missing.json()).detail.map((issue: { loc: string[] }) => issue.loc.join('.'))).toEqual([
      'body.model',
      'body.hyperparameters',
    ])
    const status = await mock.fetch(call('/v1/fine_tuning/jobs?status=DONE'))
    expect((await status.json()).detail[0]).toMatchObject({ type: 'enum', loc: ['query', 'status'], input: 'DONE' })
    const weights = await create(mock, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id, weight: 0 }],
      hyperparameters: { training_steps: 0 },
      integrations: [{ project: 'p', api_key: 'short' }],
    })
    expect(
      (await weights.json()).detail.map((issue: { type: string; loc: (string | number)[] }) => [
        issue.type,
        issue.loc.join('.'),
      ]),
    ).toEqual([
      ['greater_than_equal', 'body.hyperparameters.training_steps'],
      ['greater_than', 'body.training_files.0.weight'],
      ['string_too_short', 'body.integrations.0.wandb.api_key'],
    ])
    const learningRate = await create(mock, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: { learning_rate: 0 },
    })
    expect((await learningRate.json()).detail[0].msg).toBe('Input should be greater than or equal to 1e-08')
  })
})
