// @vitest-environment happy-dom
import { type MockServer, serveMock } from '@mistral-edge/mock/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../core/client.js'
import { SDKError } from '../errors/sdk-error.js'
import { modelsArchive } from './models-archive.js'
import { modelsList } from './models-list.js'
import { modelsRetrieve } from './models-retrieve.js'
import { modelsUpdate } from './models-update.js'

// The client in a browser-like realm: happy-dom's own fetch (origin http://localhost:3000, so CORS applies)
// against the mock served over loopback HTTP.
let server: MockServer
beforeAll(async () => {
  server = await serveMock({ apiKey: 'browser-key' })
})
afterAll(() => server.close())

describe('models in happy-dom over loopback HTTP', () => {
  const client = () => createClient({ apiKey: 'browser-key', baseURL: server.url, fetch: window.fetch.bind(window) })

  it('runs with happy-dom, not Node, fetch', () => {
    expect(window.fetch).not.toBe(undefined)
    expect(String(window.location.origin)).toBe('http://localhost:3000')
  })

  it('lists, retrieves, updates and archives', async () => {
    const list = await modelsList(client())
    expect(list.data.map((model) => model.id)).toContain('mistral-small-latest')
    const tuned = list.data.find((model) => model.type === 'fine-tuned' && !model.archived)!
    expect((await modelsRetrieve(client(), { model_id: tuned.id })).root).toBe(tuned.root)
    expect((await modelsUpdate(client(), { model_id: tuned.id, name: 'from the browser' })).name).toBe(
      'from the browser',
    )
    expect(await modelsArchive(client(), { model_id: tuned.id })).toEqual({
      id: tuned.id,
      object: 'model',
      archived: true,
    })
    expect(server.mock.state.models.get(tuned.id)?.archived).toBe(true)
  })

  it('maps errors with their request id and retries a 429 through CORS', async () => {
    const wrong = createClient({ apiKey: 'nope', baseURL: server.url, fetch: window.fetch.bind(window) })
    const error = await modelsList(wrong).catch((caught) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect(error.status).toBe(401)
    expect(error.message).toBe('HTTP 401: Invalid API Key')
    expect(error.requestId).toMatch(/^019/)
    const retried = createClient({
      apiKey: 'browser-key',
      baseURL: server.url,
      fetch: window.fetch.bind(window),
      retries: { strategy: 'backoff', backoff: { initialInterval: 1 } },
    })
    const list = await modelsList(retried, {}, { headers: { 'x-mock-fault': 'status=429;times=1;retry-after-ms=1' } })
    expect(list.object).toBe('list')
    expect(server.mock.state.faultCounts.get('status=429;times=1;retry-after-ms=1')).toBe(2)
  })
})
