import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { createClient, type FetchFunction } from '../core/client.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { textStream } from '../streaming/text-stream.js'
import { recordingFetch } from '../test-support.js'
import { withValidation } from '../validation.js'
import { fimComplete } from './fim-complete.js'
import { fimStream } from './fim-stream.js'
import type { FIMCompletionRequest } from './schemas.js'

const request: FIMCompletionRequest = {
  model: 'codestral-latest',
  prompt: 'def add(a, b):',
  suffix: 'print(add(1, 2))',
  max_tokens: 64,
  stop: ['\n\n'],
}

describe('fimStream and fimComplete', () => {
  it('fimStream POSTs /v1/fim/completions with stream: true and Accept text/event-stream', async () => {
    const sent: Request[] = []
    const mock = createMockMistral()
    const fetch: FetchFunction = async (input, init) => {
      const wire = new Request(input, init)
      sent.push(wire.clone())
      return mock.fetch(wire)
    }
    const stream = await fimStream(createClient({ apiKey: 'k', fetch }), request)
    expect([sent[0]?.method, sent[0]?.url, sent[0]?.headers.get('accept')]).toEqual([
      'POST',
      'https://api.mistral.ai/v1/fim/completions',
      'text/event-stream',
    ])
    expect(await sent[0]?.text()).toBe(JSON.stringify({ ...request, stream: true }))
    const texts: string[] = []
    for await (const text of textStream(stream)) texts.push(text)
    expect(texts.length).toBeGreaterThan(1)
    const whole = await fimComplete(createClient({ apiKey: 'k', fetch: createMockMistral().fetch }), request)
    expect(texts.join('')).toBe(whole.choices[0]?.message.content)
    expect(whole).toMatchObject({
      object: 'chat.completion',
      model: 'codestral-latest',
      choices: [{ index: 0, finish_reason: 'stop' }],
    })
    expect(whole.usage?.prompt_tokens).toBe(8)
  })

  for (const [name, input, field] of [
    ['no prompt', { model: 'codestral-latest' }, 'prompt'],
    ['suffix not a string', { ...request, suffix: 3 }, 'suffix'],
    ['min_tokens not a number', { ...request, min_tokens: 'one' }, 'min_tokens'],
    ['top_p not a number', { ...request, top_p: '1' }, 'top_p'],
  ] as const) {
    it(`withValidation rejects ${name} naming ${field} and sends nothing; a plain client sends it`, async () => {
      const { fetch, bodies } = recordingFetch('{}')
      const client = withValidation(createClient({ apiKey: 'k', fetch }))
      for (const call of [fimStream, fimComplete]) {
        const error = await call(client, input as unknown as FIMCompletionRequest).catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(InvalidRequestError)
        expect((error as InvalidRequestError).message).toMatch(new RegExp(`^Invalid request: ${field}: `))
      }
      expect(bodies).toHaveLength(0)
      await fimComplete(createClient({ apiKey: 'k', fetch }), input as unknown as FIMCompletionRequest)
      expect(bodies).toEqual([JSON.stringify(input)])
    })
  }

  it('withValidation sends numbers outside the spec ranges unchanged (the API judges them)', async () => {
    const { fetch, bodies } = recordingFetch()
    for (const input of [
      { ...request, min_tokens: -1 },
      { ...request, temperature: -0.1 },
      { ...request, top_p: 0 },
    ]) {
      await fimComplete(withValidation(createClient({ apiKey: 'k', fetch })), input)
    }
    expect(bodies.map((body) => JSON.parse(body))).toEqual([
      { ...request, min_tokens: -1 },
      { ...request, temperature: -0.1 },
      { ...request, top_p: 0 },
    ])
  })
})
