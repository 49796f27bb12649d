import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMockMistral } from '@mistral-edge/mock'
import { HTTPClient, Mistral } from '@mistralai/mistralai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLASSIFICATION_CAPTURES, CLASSIFIER, MODERATION_CAPTURES } from '../../packages/client/src/test-support.js'

// The official SDK (2.7.0) parses the moderation and classification answers with its own zod schemas: first every
// capture served by a real loopback server, then the mock's answers. A failure on the mock means the mock is not
// faithful: fix the mock, never this check.

const capture = (name: string) => readFileSync(new URL(`../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')

/** A moderation result as the official SDK maps it (`category_scores` -> `categoryScores`). */
const mapped = (result: { categories: unknown; category_scores: unknown }) => ({
  categories: result.categories,
  categoryScores: result.category_scores,
})

describe('the official SDK reads every moderation and classification capture (loopback server)', () => {
  let server: Server
  let serverURL: string
  let body = '{}'
  const requests: { url: string | undefined; body: string }[] = []
  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = ''
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
      request.on('end', () => {
        requests.push({ url: request.url, body: text })
        response.writeHead(200, { 'content-type': 'application/json' }).end(body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    serverURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const sdk = () => new Mistral({ apiKey: 'official-key', serverURL, retryConfig: { strategy: 'none' } })

  it.each(MODERATION_CAPTURES)('%s through classifiers.moderate and moderateChat', async (name) => {
    body = capture(name)
    const wire = JSON.parse(body)
    const text = await sdk().classifiers.moderate({ model: 'mistral-moderation-latest', inputs: ['first', 'second'] })
    expect(text).toEqual({ id: wire.id, model: wire.model, results: wire.results.map(mapped) })
    const chat = await sdk().classifiers.moderateChat({
      model: 'mistral-moderation-latest',
      inputs: [{ role: 'user', content: 'Hi' }],
    })
    expect(chat).toEqual(text)
    expect(requests.slice(-2)).toEqual([
      { url: '/v1/moderations', body: '{"model":"mistral-moderation-latest","input":["first","second"]}' },
      {
        url: '/v1/chat/moderations',
        body: '{"input":[{"role":"user","content":"Hi"}],"model":"mistral-moderation-latest"}',
      },
    ])
  })

  it.each(CLASSIFICATION_CAPTURES)('%s through classifiers.classify and classifyChat', async (name) => {
    body = capture(name)
    const wire = JSON.parse(body)
    const text = await sdk().classifiers.classify({ model: wire.model, inputs: 'Will it rain tomorrow?' })
    expect(text).toEqual({ id: wire.id, model: wire.model, results: wire.results })
    const chat = await sdk().classifiers.classifyChat({
      model: wire.model,
      input: { messages: [{ role: 'user', content: 'Will it rain tomorrow?' }] },
    })
    expect(chat).toEqual(text)
    expect(requests.at(-1)?.url).toBe('/v1/chat/classifications')
    expect(JSON.parse(requests.at(-1)?.body ?? '')).toEqual({
      model: wire.model,
      input: { messages: [{ role: 'user', content: 'Will it rain tomorrow?' }] },
    })
  })
})

describe('the official SDK against the mock', () => {
  const official = () => {
    const mock = createMockMistral()
    const httpClient = new HTTPClient({ fetcher: (request) => mock.fetch(request) })
    return new Mistral({ apiKey: 'official-key', serverURL: 'https://api.mistral.ai', httpClient })
  }
  const flagged = (result: { categories?: { [name: string]: boolean } | undefined }) =>
    Object.keys(result.categories ?? {}).filter((name) => result.categories?.[name])

  it('moderates texts: a violent one is flagged, a harmless one is not', async () => {
    const response = await official().classifiers.moderate({
      model: 'mistral-moderation-latest',
      inputs: ['What a lovely day for a picnic.', 'I will kill you and burn your house down.'],
    })
    expect(response.id).toMatch(/^[0-9a-f]{32}$/)
    expect(response.model).toBe('mistral-moderation-latest')
    expect(response.results.map(flagged)).toEqual([[], ['violence_and_threats']])
    expect(response.results[1]?.categoryScores?.violence_and_threats).toBeGreaterThan(0.8)
    expect(Object.keys(response.results[0]?.categoryScores ?? {})).toHaveLength(9)
    const one = await official().classifiers.moderate({ model: 'mistral-moderation-2603', inputs: 'Hello' })
    expect([one.model, one.results.length]).toEqual(['mistral-moderation-2603', 1])
  })

  it('moderates a conversation with tool calls, and several conversations', async () => {
    const conversation = [
      { role: 'user' as const, content: 'Send my card number to the shop' },
      {
        role: 'assistant' as const,
        content: '',
        toolCalls: [
          {
            id: 'c1',
            type: 'function' as const,
            function: { name: 'send', arguments: '{"card": "4111 1111 1111 1111"}' },
          },
        ],
      },
      { role: 'tool' as const, content: 'sent', toolCallId: 'c1' },
    ]
    const response = await official().classifiers.moderateChat({
      model: 'mistral-moderation-latest',
      inputs: conversation,
    })
    expect(response.results.map(flagged)).toEqual([['pii']])
    const many = await official().classifiers.moderateChat({
      model: 'mistral-moderation-latest',
      inputs: [conversation, [{ role: 'user', content: 'Good morning' }]],
    })
    expect(many.results.map(flagged)).toEqual([['pii'], []])
  })

  it('classifies texts and conversations with a classifier model', async () => {
    const response = await official().classifiers.classify({
      model: CLASSIFIER,
      inputs: ['What is the weather like tomorrow?', 'Play some music'],
    })
    expect(response.model).toBe(CLASSIFIER)
    expect(response.results).toHaveLength(2)
    const scores = response.results[0]?.intent?.scores ?? {}
    expect(Object.keys(scores)).toHaveLength(16)
    expect(Object.entries(scores).sort(([, a], [, b]) => b - a)[0]?.[0]).toBe('weather_query')
    const chat = await official().classifiers.classifyChat({
      model: CLASSIFIER,
      input: [
        { messages: [{ role: 'user', content: 'Set an alarm' }] },
        { messages: [{ role: 'user', content: 'Hi' }] },
      ],
    })
    expect(chat.results.map((result) => Object.keys(result))).toEqual([['intent'], ['intent']])
  })

  it("surfaces the mock's invalid_model 400 as the official SDK's error", async () => {
    const unknown = await official()
      .classifiers.classify({ model: 'mistral-small-latest', inputs: 'x' })
      .catch((caught: unknown) => caught)
    expect(unknown).toMatchObject({ statusCode: 400 })
    expect(String((unknown as Error).message)).toContain('Invalid model: mistral-small-latest')
  })
})
