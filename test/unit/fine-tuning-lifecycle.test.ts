import {
  chatComplete,
  createClient,
  filesDelete,
  filesUpload,
  fineTuningJobsCreate,
  fineTuningJobsWait,
  modelsArchive,
  modelsDelete,
  modelsList,
  modelsRetrieve,
  modelsUpdate,
  SDKError,
} from '@mistral-edge/client'
import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'

const examples = [
  ['What is the capital of France?', 'Paris.'],
  ['What is the capital of Italy?', 'Rome.'],
  ['What is the capital of Spain?', 'Madrid.'],
]
const JSONL = examples
  .map(([question, answer]) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: answer },
      ],
    }),
  )
  .join('\n')

describe('fine-tuning lifecycle through the client against the mock', () => {
  it('upload -> job -> wait -> model -> chat with it -> rename -> archive -> delete', async () => {
    const mock = createMockMistral({ seed: 7 })
    const client = createClient({ apiKey: 'lifecycle-key', fetch: mock.fetch, retries: { strategy: 'none' } })

    const training = await filesUpload(client, {
      file: new Blob([JSONL], { type: 'application/jsonl' }),
      filename: 'capitals.jsonl',
      purpose: 'fine-tune',
    })
    expect([training.num_lines, training.sample_type, training.purpose]).toEqual([3, 'instruct', 'fine-tune'])

    const estimate = await fineTuningJobsCreate(client, {
      dry_run: true,
      model: 'mistral-small-latest',
      training_files: [{ file_id: training.id }],
      hyperparameters: { training_steps: 3 },
    })
    expect(estimate).toMatchObject({
      object: 'job.metadata',
      training_steps: 3,
      train_tokens: 3 * 131072,
      cost_currency: 'USD',
    })

    const job = await fineTuningJobsCreate(client, {
      model: 'mistral-small-latest',
      training_files: [{ file_id: training.id, weight: 1 }],
      hyperparameters: { training_steps: 3, learning_rate: 0.0001 },
      suffix: 'capitals',
    })
    if (job.object === 'job.metadata') throw new Error('expected a job')
    expect([job.status, job.suffix, job.fine_tuned_model]).toEqual(['QUEUED', 'capitals', null])

    const statuses: string[] = []
    const done = await fineTuningJobsWait(
      client,
      { job_id: job.id },
      { intervalMs: 0, onUpdate: (update) => statuses.push(update.status) },
    )
    expect(statuses).toEqual(['VALIDATING', 'VALIDATED', 'RUNNING', 'SUCCESS'])
    const modelId = done.fine_tuned_model as string
    expect(modelId).toMatch(new RegExp(`^ft:mistral-small:[0-9a-f]{8}:20260819:${job.id.slice(0, 8)}$`))
    expect(done.checkpoints?.map((checkpoint) => checkpoint.step_number)).toEqual([3, 1])

    const card = await modelsRetrieve(client, { model_id: modelId })
    expect(card).toMatchObject({
      id: modelId,
      type: 'fine-tuned',
      job: job.id,
      root: 'mistral-small',
      archived: false,
      capabilities: { completion_chat: true },
    })
    expect((await modelsList(client)).data.some((model) => model.id === modelId)).toBe(true)

    const completion = await chatComplete(client, {
      model: modelId,
      messages: [{ role: 'user', content: 'What is the capital of Germany?' }],
    })
    expect(completion.model).toBe(modelId)
    expect(typeof completion.choices[0]?.message.content).toBe('string')

    expect(
      await modelsUpdate(client, { model_id: modelId, name: 'capitals-bot', description: 'Answers capitals' }),
    ).toMatchObject({ id: modelId, name: 'capitals-bot', description: 'Answers capitals', job: job.id })
    expect(await modelsArchive(client, { model_id: modelId })).toEqual({ id: modelId, object: 'model', archived: true })
    expect((await modelsRetrieve(client, { model_id: modelId })).archived).toBe(true)
    expect(await modelsDelete(client, { model_id: modelId })).toEqual({ id: modelId, object: 'model', deleted: true })
    const gone = await modelsRetrieve(client, { model_id: modelId }).catch((caught: unknown) => caught)
    expect(gone).toBeInstanceOf(SDKError)
    expect((gone as SDKError).status).toBe(404)
    expect((await modelsList(client)).data.some((model) => model.id === modelId)).toBe(false)

    expect((await filesDelete(client, { file_id: training.id })).deleted).toBe(true)
    expect(mock.state.files.size).toBe(0)
  })
})
