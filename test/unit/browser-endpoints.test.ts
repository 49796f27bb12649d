// @vitest-environment happy-dom
import {
  createClient,
  embeddingsCreate,
  filesDelete,
  filesDownload,
  filesList,
  filesRetrieve,
  filesUpload,
  fineTuningJobsCancel,
  fineTuningJobsCreate,
  fineTuningJobsGet,
  fineTuningJobsList,
  fineTuningJobsWait,
  HTTPValidationError,
  InvalidRequestError,
} from '@mistral-edge/client'
import { withValidation } from '@mistral-edge/client/validation'
import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'

// The same calls a browser page makes, under happy-dom's window globals (its Blob, File, FormData), with the mock
// injected as fetch: no Node streams, no Buffer on the request path.
const JSONL =
  '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n{"messages":[{"role":"user","content":"Bye"},{"role":"assistant","content":"Ciao"}]}'

describe('embeddings, files and fine-tuning jobs in a browser-like environment', () => {
  it('runs under a DOM window', () => {
    expect(typeof window).toBe('object')
    expect(typeof document.createElement).toBe('function')
  })

  it('embeds', async () => {
    const client = createClient({ apiKey: 'browser-key', fetch: createMockMistral().fetch })
    const response = await embeddingsCreate(client, { model: 'mistral-embed', input: ['one', 'two'] })
    expect(response.data.map((item) => [item.index, (item.embedding as number[]).length])).toEqual([
      [0, 1024],
      [1, 1024],
    ])
  })

  it('uploads a File picked by the user, lists, retrieves, downloads and deletes it', async () => {
    const client = createClient({ apiKey: 'browser-key', fetch: createMockMistral().fetch })
    const picked = new File([JSONL], 'picked.jsonl', { type: 'application/jsonl' })
    const uploaded = await filesUpload(client, { file: picked, purpose: 'fine-tune' })
    expect(uploaded).toMatchObject({
      filename: 'picked.jsonl',
      num_lines: 2,
      sample_type: 'instruct',
      bytes: new TextEncoder().encode(JSONL).byteLength,
    })
    const bytes = await filesUpload(client, { file: new TextEncoder().encode(JSONL), filename: 'bytes.jsonl' })
    expect(bytes.filename).toBe('bytes.jsonl')
    expect((await filesList(client)).data.map((file) => file.filename)).toEqual(['bytes.jsonl', 'picked.jsonl'])
    expect((await filesRetrieve(client, { file_id: uploaded.id })).deleted).toBe(false)
    expect(await new Response(await filesDownload(client, { file_id: uploaded.id })).text()).toBe(JSONL)
    expect((await filesDelete(client, { file_id: uploaded.id })).deleted).toBe(true)
    // Not a file: a plain client sends it and the API refuses it; a validating client refuses it before sending.
    const notAFile = { file: { not: 'a blob' } as never }
    expect(await filesUpload(client, notAFile).catch((caught: unknown) => caught)).toBeInstanceOf(HTTPValidationError)
    const refused = await filesUpload(withValidation(client), notAFile).catch((caught: unknown) => caught)
    expect(refused).toBeInstanceOf(InvalidRequestError)
    expect((refused as InvalidRequestError).message).toMatch(/^Invalid request: file: /)
  })

  it('creates, follows and cancels fine-tuning jobs', async () => {
    const client = createClient({ apiKey: 'browser-key', fetch: createMockMistral().fetch })
    const file = await filesUpload(client, { file: new Blob([JSONL]), filename: 'train.jsonl', purpose: 'fine-tune' })
    const job = await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 2 },
    })
    if (job.object === 'job.metadata') throw new Error('expected a job')
    expect((await fineTuningJobsGet(client, { job_id: job.id })).status).toBe('VALIDATING')
    const done = await fineTuningJobsWait(client, { job_id: job.id }, { intervalMs: 0 })
    expect(done.status).toBe('SUCCESS')
    const other = await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: {},
    })
    if (other.object === 'job.metadata') throw new Error('expected a job')
    expect((await fineTuningJobsCancel(client, { job_id: other.id })).status).toBe('CANCELLED')
    expect((await fineTuningJobsList(client, { status: 'SUCCESS' })).data.map((each) => each.id)).toEqual([job.id])
  })
})
