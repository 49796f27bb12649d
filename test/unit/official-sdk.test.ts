import {
  createClient,
  filesUpload as edgeFilesUpload,
  fineTuningJobsCreate,
  fineTuningJobsWait,
} from '@mistral-edge/client'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { serveMock } from '@mistral-edge/mock/node'
import { HTTPClient, Mistral } from '@mistralai/mistralai'
import { describe, expect, it } from 'vitest'

// Fidelity of the mock against a client nobody here wrote: the official SDK parses every answer with its own zod
// schemas. A failure here means the mock is not faithful: fix the mock, never this check.

/** The official SDK wired to a mock through its custom HTTP client option. */
function official(mock: MockMistral = createMockMistral()) {
  const httpClient = new HTTPClient({ fetcher: (request) => mock.fetch(request) })
  return { mock, sdk: new Mistral({ apiKey: 'official-key', serverURL: 'https://api.mistral.ai', httpClient }) }
}

/** The official SDK turns a card its schemas reject into `{ isUnknown: true }` instead of failing: refuse that. */
const known = (value: object) => !('isUnknown' in value)

const JSONL =
  '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n{"messages":[{"role":"user","content":"Bye"},{"role":"assistant","content":"Ciao"}]}\n'

describe('the official @mistralai/mistralai SDK against the mock', () => {
  it('lists and retrieves models, base and fine-tuned, each parsed by its own schema', async () => {
    const { sdk } = official()
    const list = await sdk.models.list()
    expect(list.data?.length).toBeGreaterThan(10)
    expect(list.data?.every(known)).toBe(true)
    const base = await sdk.models.retrieve({ modelId: 'mistral-small-latest' })
    expect(base).toMatchObject({
      id: 'mistral-small-latest',
      type: 'base',
      maxContextLength: 131072,
      capabilities: { completionChat: true },
    })
    const fineTuned = list.data?.find((model) => model.type === 'fine-tuned')
    expect(fineTuned).toMatchObject({
      type: 'fine-tuned',
      root: expect.any(String),
      job: expect.any(String),
      archived: false,
    })
  })

  it('updates, archives, unarchives and deletes a fine-tuned model made by a job', async () => {
    const { mock, sdk } = official()
    const client = createClient({ apiKey: 'edge-key', fetch: mock.fetch })
    const file = await edgeFilesUpload(client, { file: JSONL, filename: 'train.jsonl', purpose: 'fine-tune' })
    const job = await fineTuningJobsCreate(client, {
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 2 },
    })
    if (job.object === 'job.metadata') throw new Error('expected a job')
    const modelId = (await fineTuningJobsWait(client, { job_id: job.id }, { intervalMs: 0 })).fine_tuned_model as string

    const card = await sdk.models.retrieve({ modelId })
    expect(known(card)).toBe(true)
    expect(card).toMatchObject({
      id: modelId,
      type: 'fine-tuned',
      job: job.id,
      root: 'open-mistral-nemo',
      archived: false,
    })
    const updated = await sdk.models.update({
      modelId,
      updateModelRequest: { name: 'renamed', description: 'by the official SDK' },
    })
    expect(known(updated)).toBe(true)
    expect(updated).toMatchObject({ id: modelId, name: 'renamed', description: 'by the official SDK' })
    expect(await sdk.models.archive({ modelId })).toMatchObject({ id: modelId, archived: true })
    expect(await sdk.models.unarchive({ modelId })).toMatchObject({ id: modelId, archived: false })
    expect(await sdk.models.delete({ modelId })).toMatchObject({ id: modelId, deleted: true })
  })

  it('creates embeddings', async () => {
    const { sdk } = official()
    const response = await sdk.embeddings.create({
      model: 'mistral-embed',
      inputs: ['Embed this sentence.', 'As well as this one.'],
    })
    expect(response.data.map((item) => [item.object, item.index, item.embedding?.length])).toEqual([
      ['embedding', 0, 1024],
      ['embedding', 1, 1024],
    ])
    expect(response.usage).toMatchObject({ promptTokens: 10, totalTokens: 10, completionTokens: 0 })
    const short = await sdk.embeddings.create({
      model: 'codestral-embed',
      inputs: 'code',
      outputDimension: 128,
      outputDtype: 'int8',
    })
    expect(short.data[0]?.embedding?.length).toBe(128)
  })

  it('uploads, lists, retrieves, downloads, signs and deletes files', async () => {
    const { sdk } = official()
    const uploaded = await sdk.files.upload({
      file: { fileName: 'train.jsonl', content: new TextEncoder().encode(JSONL) },
      purpose: 'fine-tune',
    })
    expect(uploaded).toMatchObject({
      object: 'file',
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      sampleType: 'instruct',
      source: 'upload',
      numLines: 2,
      sizeBytes: JSONL.length,
      visibility: 'workspace',
    })
    const blob = await sdk.files.upload({
      file: new File(['%PDF'], 'scan.pdf', { type: 'application/pdf' }),
      purpose: 'ocr',
      visibility: 'user',
      expiry: 1,
    })
    expect(blob).toMatchObject({
      filename: 'scan.pdf',
      sampleType: 'ocr_input',
      mimetype: 'application/pdf',
      visibility: 'user',
      expiresAt: blob.createdAt + 3600,
    })
    const list = await sdk.files.list({ pageSize: 1, purpose: 'fine-tune' })
    expect([list.total, list.object, list.data.map((file) => file.id)]).toEqual([1, 'list', [uploaded.id]])
    const filtered = await sdk.files.list({
      sampleType: ['instruct'],
      source: ['upload'],
      mimetypes: ['application/jsonl'],
      includeTotal: false,
      search: 'train',
    })
    expect([filtered.total, filtered.data.map((file) => file.filename)]).toEqual([null, ['train.jsonl']])
    expect(await sdk.files.retrieve({ fileId: uploaded.id })).toMatchObject({
      id: uploaded.id,
      deleted: false,
      signature: uploaded.signature,
    })
    expect(await new Response(await sdk.files.download({ fileId: uploaded.id })).text()).toBe(JSONL)
    expect((await sdk.files.getSignedUrl({ fileId: uploaded.id, expiry: 2 })).url).toMatch(/^https:\/\/.+\?se=/)
    expect(await sdk.files.delete({ fileId: uploaded.id })).toEqual({ id: uploaded.id, object: 'file', deleted: true })
  })

  it('uploads over a real loopback HTTP server', async () => {
    const server = await serveMock()
    try {
      const sdk = new Mistral({ apiKey: 'official-key', serverURL: server.url })
      const uploaded = await sdk.files.upload({
        file: { fileName: 'loopback.jsonl', content: new TextEncoder().encode(JSONL) },
      })
      expect(uploaded).toMatchObject({ filename: 'loopback.jsonl', purpose: 'fine-tune', numLines: 2 })
      expect((await sdk.files.list()).data.map((file) => file.filename)).toEqual(['loopback.jsonl'])
    } finally {
      await server.close()
    }
  })

  it('completes and streams chat, and completes fim', async () => {
    const { sdk } = official()
    const completion = await sdk.chat.complete({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Hello there' }],
    })
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'mistral-small-latest',
      usage: { promptTokens: expect.any(Number) },
    })
    expect(typeof completion.choices?.[0]?.message?.content).toBe('string')
    const stream = await sdk.chat.stream({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Hello there' }],
    })
    let text = ''
    let finish: string | null | undefined
    for await (const event of stream) {
      const choice = event.data.choices[0]
      if (typeof choice?.delta.content === 'string') text += choice.delta.content
      finish = choice?.finishReason ?? finish
    }
    expect(text.length).toBeGreaterThan(0)
    expect(finish).toBe('stop')
    const fim = await sdk.fim.complete({ model: 'codestral-latest', prompt: 'def add(a, b):', suffix: 'return result' })
    expect(fim.choices[0]?.finishReason).toBe('stop')
  })
})
