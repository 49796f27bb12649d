// A client nobody here wrote: the official @mistralai/mistralai SDK, pointed at the Worker under `wrangler dev`.
import { Mistral } from '@mistralai/mistralai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js'

let worker: WranglerDev

beforeAll(async () => {
  worker = await startWranglerDev({ MOCK_CHUNK_DELAY_MS: '10' })
}, 90_000)

afterAll(async () => {
  await worker?.stop()
})

describe('the official Mistral SDK through the Worker', () => {
  // The SDK insists on a key; the Worker ignores whatever the caller sends and adds its own.
  const sdk = () => new Mistral({ serverURL: worker.url, apiKey: 'not-a-real-key', retryConfig: { strategy: 'none' } })

  it('lists models', async () => {
    const list = await sdk().models.list()
    expect(list.object).toBe('list')
    // The SDK types each card as a union that includes an unknown variant: the wire field is `id` on all of them.
    const ids = (list.data ?? []).map((model) => (model as { id: string }).id)
    expect(ids).toContain('mistral-small-latest')
    expect(ids).toContain('mistral-embed')
  })

  it('retrieves a model', async () => {
    const model = (await sdk().models.retrieve({ modelId: 'mistral-small-latest' })) as {
      id: string
      capabilities: { completionChat: boolean }
    }
    expect(model.id).toBe('mistral-small-latest')
    expect(model.capabilities.completionChat).toBe(true)
  })

  it('streams a chat completion and gets the same text as the non-streamed call', async () => {
    const request = {
      model: 'mistral-small-latest',
      messages: [{ role: 'user' as const, content: 'Hello from the official SDK' }],
    }
    const complete = await sdk().chat.complete(request)
    const expected = complete.choices[0]?.message?.content
    expect(typeof expected).toBe('string')

    const stream = await sdk().chat.stream(request)
    const pieces: string[] = []
    let finishReason: string | null | undefined
    let totalTokens: number | undefined
    for await (const event of stream) {
      const choice = event.data.choices[0]
      if (typeof choice?.delta.content === 'string') pieces.push(choice.delta.content)
      finishReason = choice?.finishReason ?? finishReason
      totalTokens = event.data.usage?.totalTokens ?? totalTokens
    }
    expect(pieces.length).toBeGreaterThan(2)
    expect(pieces.join('')).toBe(expected)
    expect(finishReason).toBe('stop')
    expect(totalTokens).toBe(complete.usage.totalTokens)
  })

  it('creates embeddings', async () => {
    const response = await sdk().embeddings.create({ model: 'mistral-embed', inputs: ['a', 'b'] })
    expect(response.data.map((item) => item.embedding?.length)).toEqual([1024, 1024])
  })

  it("gets the API's validation error through the Worker as an SDK error carrying the status and the field", async () => {
    const failure = await sdk()
      .chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }], temperature: 2 })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect((failure as { statusCode?: number }).statusCode).toBe(422)
    expect((failure as { body?: string }).body).toContain('"loc":["body","temperature"]')
  })
})
