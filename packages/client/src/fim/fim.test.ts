import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { createClient, type FetchFunction } from '../core/client.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { fimComplete } from './fim-complete.js'
import { fimStream } from './fim-stream.js'
import type { FIMCompletionRequest } from './schemas.js'

const request: FIMCompletionRequest = { model: 'codestral-latest', prompt: 'def add(a, b):', suffix: 'print(add(1, 2))', max_tokens: 64, stop: ['\n\n'] }

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
    expect([sent[0]?.method, sent[0]?.url, sent[0]?.headers.get('accept')]).toEqual(['POST', 'https://api.mistral.ai/v1/fim/completions', 'text/event-stream'])
    expect(await sent[0]?.text()).toBe(JSON.stringify({ ...request, stream: true }))
    const texts: string[] = []
    for await (const text of stream.textStream()) texts.push(text)
    expect(texts.length).toBeGreaterThan(1)
    const whole = await fimComplete(createClient({ apiKey: 'k', fetch: createMockMistral().fetch }), request)
    expect(texts.join('')).toBe(whole.choices[0]?.message.content)
    expect(whole).toMatchObject({ object: 'chat.completion', model: 'codestral-latest', choices: [{ index: 0, finish_reason: 'stop' }] })
    expect(whole.usage?.prompt_tokens).toBe(8)
  })

  for (const [name, input, field] of [
    ['no prompt', { model: 'codestral-latest' }, 'prompt'],
    ['suffix not a string', { ...request, suffix: 3 }, 'suffix'],
    ['negative min_tokens', { ...request, min_tokens: -1 }, 'min_tokens'],
    ['temperature below 0', { ...request, temperature: -0.1 }, 'temperature'],
  ] as const) {
    it(`rejects ${name} naming ${field} and sends nothing`, async () => {
      let calls = 0
      const client = createClient({ apiKey: 'k', fetch: async () => (calls++, new Response('')) })
      for (const call of [fimStream, fimComplete]) {
        const error = await call(client, input as unknown as FIMCompletionRequest).catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(InvalidRequestError)
        expect((error as InvalidRequestError).message).toMatch(new RegExp(`^Invalid request: ${field}: `))
      }
      expect(calls).toBe(0)
    })
  }
})
