import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { createClient } from '../core/client.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { withValidation } from '../validation.js'
import { modelsArchive } from './models-archive.js'
import { modelsDelete } from './models-delete.js'
import { modelsList } from './models-list.js'
import { modelsRetrieve } from './models-retrieve.js'
import { modelsUnarchive } from './models-unarchive.js'
import { modelsUpdate } from './models-update.js'

/** The mock behind a fetch that records each request as it went on the wire. */
function setup(options: { apiKey?: string } = {}) {
  const mock = createMockMistral({ apiKey: 'test-key' })
  const sent: { method: string; url: URL; headers: Headers; body: string }[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init)
    sent.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.clone().text(),
    })
    return mock.fetch(request)
  }
  const client = createClient({ apiKey: options.apiKey ?? 'test-key', fetch, retries: { strategy: 'none' } })
  const fineTuned = () => [...mock.state.models.values()].filter((model) => model.type === 'fine-tuned')
  return { mock, sent, client, fineTuned }
}

describe('models against the mock', () => {
  it('modelsList returns the catalogue with every ModelCard field', async () => {
    const { client, sent } = setup()
    const list = await modelsList(client)
    expect(list.object).toBe('list')
    expect(list.data.length).toBeGreaterThanOrEqual(12)
    const medium = list.data.find((model) => model.id === 'mistral-medium-latest')
    expect(medium).toEqual({
      id: 'mistral-medium-latest',
      object: 'model',
      created: 1766520693,
      owned_by: 'mistralai',
      capabilities: {
        completion_chat: true,
        function_calling: true,
        completion_fim: false,
        fine_tuning: true,
        vision: true,
        ocr: false,
        classification: false,
        moderation: false,
        audio: false,
      },
      name: 'mistral-medium-2508',
      description: 'Update on Mistral Medium 3 with improved capabilities.',
      max_context_length: 131072,
      aliases: ['mistral-medium-2508', 'mistral-medium'],
      deprecation: null,
      deprecation_replacement_model: null,
      default_model_temperature: 0.3,
      type: 'base',
    })
    const tuned = list.data.filter((model) => model.type === 'fine-tuned')
    expect(tuned).toHaveLength(3)
    for (const model of tuned) {
      expect(model.id).toMatch(/^ft:[a-z0-9-]+:[0-9a-f]{8}:\d{8}:[0-9a-f]{8}$/)
      expect(typeof model.job).toBe('string')
      expect(typeof model.root).toBe('string')
      expect(typeof model.archived).toBe('boolean')
    }
    expect(sent[0]).toMatchObject({ method: 'GET', body: '' })
    expect(sent[0]!.url.pathname).toBe('/v1/models')
    expect(sent[0]!.url.search).toBe('')
    expect(sent[0]!.headers.get('authorization')).toBe('Bearer test-key')
  })

  it('modelsList filters by provider and model in the query', async () => {
    const { client, sent } = setup()
    const byModel = await modelsList(client, { model: 'mistral-medium' })
    expect(byModel.data.map((model) => model.id)).toEqual(['mistral-medium-latest'])
    const byProvider = await modelsList(client, { provider: 'mistralai' })
    expect(byProvider.data.every((model) => model.owned_by === 'mistralai')).toBe(true)
    expect(sent.map((request) => request.url.search)).toEqual(['?model=mistral-medium', '?provider=mistralai'])
  })

  it('modelsRetrieve finds base models by id or alias and fine-tuned ones by their colon ids', async () => {
    const { client, sent, fineTuned } = setup()
    expect(await modelsRetrieve(client, { model_id: 'codestral-latest' })).toMatchObject({
      id: 'codestral-latest',
      capabilities: { completion_fim: true },
    })
    const ft = fineTuned()[0]!
    expect(await modelsRetrieve(client, { model_id: ft.id })).toMatchObject({
      id: ft.id,
      type: 'fine-tuned',
      root: 'open-mistral-nemo',
      archived: false,
    })
    expect(sent[1]!.url.pathname).toBe(`/v1/models/${encodeURIComponent(ft.id)}`)
    const error = await modelsRetrieve(client, { model_id: 'no-such-model' }).catch((caught) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect(error.status).toBe(404)
    expect(error.message).toBe('HTTP 404: Model not found: no-such-model')
    expect(error.requestId).toMatch(/^019/)
  })

  it('modelsUpdate renames a fine-tuned model, and the listing shows it', async () => {
    const { client, sent, fineTuned } = setup()
    const ft = fineTuned()[1]!
    const updated = await modelsUpdate(client, { model_id: ft.id, name: 'renamed', description: 'new words' })
    expect(updated).toMatchObject({
      id: ft.id,
      object: 'model',
      name: 'renamed',
      description: 'new words',
      model_type: 'completion',
      archived: false,
    })
    expect(sent[0]).toMatchObject({ method: 'PATCH', body: '{"name":"renamed","description":"new words"}' })
    expect(sent[0]!.url.pathname).toBe(`/v1/fine_tuning/models/${encodeURIComponent(ft.id)}`)
    expect(sent[0]!.headers.get('content-type')).toBe('application/json')
    const card = await modelsRetrieve(client, { model_id: ft.id })
    expect([card.name, card.description]).toEqual(['renamed', 'new words'])
  })

  it('modelsArchive and modelsUnarchive change the archived flag', async () => {
    const { client, sent, fineTuned } = setup()
    const ft = fineTuned()[0]!
    expect(await modelsArchive(client, { model_id: ft.id })).toEqual({ id: ft.id, object: 'model', archived: true })
    expect((await modelsRetrieve(client, { model_id: ft.id })).archived).toBe(true)
    expect(await modelsUnarchive(client, { model_id: ft.id })).toEqual({ id: ft.id, object: 'model', archived: false })
    expect((await modelsRetrieve(client, { model_id: ft.id })).archived).toBe(false)
    expect(sent.map((request) => `${request.method} ${request.url.pathname} ${request.body}`)).toEqual([
      `POST /v1/fine_tuning/models/${encodeURIComponent(ft.id)}/archive `,
      `GET /v1/models/${encodeURIComponent(ft.id)} `,
      `DELETE /v1/fine_tuning/models/${encodeURIComponent(ft.id)}/archive `,
      `GET /v1/models/${encodeURIComponent(ft.id)} `,
    ])
  })

  it('modelsDelete removes a fine-tuned model; base models cannot be deleted', async () => {
    const { client, sent, fineTuned } = setup()
    const ft = fineTuned()[2]!
    expect(await modelsDelete(client, { model_id: ft.id })).toEqual({ id: ft.id, object: 'model', deleted: true })
    expect(sent[0]!.method).toBe('DELETE')
    const list = await modelsList(client)
    expect(list.data.some((model) => model.id === ft.id)).toBe(false)
    await expect(modelsRetrieve(client, { model_id: ft.id })).rejects.toMatchObject({ status: 404 })
    await expect(modelsDelete(client, { model_id: 'mistral-small-latest' })).rejects.toMatchObject({
      status: 400,
      message: 'HTTP 400: Model mistral-small-latest is not a fine-tuned model',
    })
  })

  it('a 422 from the server becomes HTTPValidationError with its detail', async () => {
    const { mock, fineTuned } = setup()
    const ft = fineTuned()[0]!
    // A plain client validates nothing: the server's 422 is what the caller sees.
    const unchecked = createClient({ apiKey: 'test-key', fetch: mock.fetch })
    const error = await modelsUpdate(unchecked, { model_id: ft.id, name: 5 as never }).catch((caught) => caught)
    expect(error).toBeInstanceOf(HTTPValidationError)
    expect(error.detail).toEqual([
      { loc: ['body', 'name'], msg: 'Input should be a valid string', type: 'string_type', input: 5 },
    ])
    expect(error.message).toBe('HTTP 422: body.name: Input should be a valid string')
  })

  it('a wrong key gets the real 401 body', async () => {
    const { client } = setup({ apiKey: 'wrong-key' })
    const error = await modelsList(client).catch((caught) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect(error.status).toBe(401)
    expect(error.body).toBe('{"detail":"Invalid API Key"}')
    expect(error.message).toBe('HTTP 401: Invalid API Key')
  })

  it('withValidation: bad input names the field and sends nothing', async () => {
    const { client: plain, sent } = setup()
    const client = withValidation(plain)
    await expect(modelsRetrieve(client, { model_id: '' })).rejects.toThrow('model_id')
    await expect(
      modelsUpdate(client, { model_id: 'ft:x', description: ['not', 'a', 'string'] as never }),
    ).rejects.toThrow('Invalid request: description: Invalid type')
    await expect(modelsArchive(client, { model_id: 3 as never })).rejects.toBeInstanceOf(InvalidRequestError)
    await expect(modelsList(client, { provider: false as never })).rejects.toThrow('Invalid request: provider:')
    expect(sent).toEqual([])
  })

  it('a plain client: path ids are still checked, everything else is sent as given', async () => {
    const { client, sent } = setup()
    await expect(modelsRetrieve(client, { model_id: '' })).rejects.toThrow(
      'Invalid request: model_id: must be a non-empty, well-formed string',
    )
    await expect(modelsArchive(client, { model_id: 3 as never })).rejects.toBeInstanceOf(InvalidRequestError)
    await expect(modelsDelete(client, { model_id: '\udfff' })).rejects.toBeInstanceOf(InvalidRequestError)
    expect(sent).toEqual([])
    const error = await modelsUpdate(client, { model_id: 'ft:x', description: ['not', 'a', 'string'] as never }).catch(
      (caught) => caught,
    )
    expect(error).toBeInstanceOf(SDKError)
    expect(sent.map((request) => request.body)).toEqual(['{"description":["not","a","string"]}'])
    await modelsList(client, { provider: false as never })
    expect(sent[1]!.url.search).toBe('?provider=false')
  })

  it('withValidation accepts every mock answer, and a plain client returns a changed one as it came', async () => {
    const { client, fineTuned } = setup()
    const checked = withValidation(client)
    const ft = fineTuned()[0]!
    expect((await modelsList(checked)).data.length).toBeGreaterThanOrEqual(12)
    expect((await modelsRetrieve(checked, { model_id: ft.id })).id).toBe(ft.id)
    expect(await modelsArchive(checked, { model_id: ft.id })).toEqual({ id: ft.id, object: 'model', archived: true })
    const odd = createClient({ fetch: async () => new Response('{"id":"m","capabilities":"all","brand_new":1}') })
    expect(await modelsRetrieve(odd, { model_id: 'm' })).toEqual({ id: 'm', capabilities: 'all', brand_new: 1 })
    const error = await modelsRetrieve(withValidation(odd), { model_id: 'm' }).catch((caught) => caught)
    expect(error.name).toBe('ResponseValidationError')
    expect(error.message).toMatch(/^Invalid response: capabilities: /)
  })

  it('status faults from x-mock-fault are retried like real ones', async () => {
    const { mock } = setup()
    const client = createClient({
      apiKey: 'test-key',
      fetch: mock.fetch,
      retries: { strategy: 'backoff', backoff: { initialInterval: 1 } },
    })
    const list = await modelsList(client, {}, { headers: { 'x-mock-fault': 'status=429;retry-after-ms=5;times=1' } })
    expect(list.object).toBe('list')
    expect(mock.state.faultCounts.get('status=429;retry-after-ms=5;times=1')).toBe(2)
    const error = await modelsList(client, {}, { headers: { 'x-mock-fault': 'status=503' } }).catch((caught) => caught)
    expect(error).toMatchObject({ status: 503, message: 'HTTP 503: Service unavailable.' })
  })
})
