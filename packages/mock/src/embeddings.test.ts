import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8'))
const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('https://api.mistral.ai/v1/embeddings', {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('POST /v1/embeddings', () => {
  it('answers in the shape of the 2026 capture: same keys in the same order, 1024 floats per input', async () => {
    const wire = capture('embeddings_multiple_2026-08-19.json')
    const response = await createMockMistral().fetch(post({ model: 'mistral-embed', input: ['a', 'b', 'c'] }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-ratelimit-tokens-query-cost')).toBe('3')
    const body = await response.json()
    expect(Object.keys(body)).toEqual(Object.keys(wire))
    expect(Object.keys(body.usage)).toEqual(Object.keys(wire.usage))
    expect(body.data.map((item: Record<string, unknown>) => Object.keys(item))).toEqual(
      wire.data.map((item: Record<string, unknown>) => Object.keys(item)),
    )
    expect(body.data.map((item: { embedding: number[] }) => item.embedding.length)).toEqual([1024, 1024, 1024])
    expect(body.usage).toMatchObject({
      prompt_tokens: 3,
      total_tokens: 3,
      completion_tokens: 0,
      prompt_audio_seconds: null,
    })
  })

  it('is deterministic: the same text gives the same vector in any mock, whatever the seed', async () => {
    const one = await (
      await createMockMistral({ seed: 1 }).fetch(post({ model: 'mistral-embed', input: 'hello' }))
    ).json()
    const two = await (
      await createMockMistral({ seed: 99 }).fetch(post({ model: 'mistral-embed', input: ['other', 'hello'] }))
    ).json()
    expect(two.data[1].embedding).toEqual(one.data[0].embedding)
    expect(two.data[0].embedding).not.toEqual(one.data[0].embedding)
    // Half-precision values, like the wire's.
    expect(one.data[0].embedding.every((value: number) => Math.fround(value) === value)).toBe(true)
  })

  it('keeps a shorter output_dimension the prefix direction of the full vector', async () => {
    const mock = createMockMistral()
    const full = (
      await (await mock.fetch(post({ model: 'codestral-embed', input: 'x', output_dimension: 3072 }))).json()
    ).data[0].embedding as number[]
    const short = (await (await mock.fetch(post({ model: 'codestral-embed', input: 'x', output_dimension: 8 }))).json())
      .data[0].embedding as number[]
    const scale = Math.hypot(...full.slice(0, 8))
    short.forEach((value, index) => expect(value).toBeCloseTo((full[index] as number) / scale, 2))
  })

  it('answers bad bodies with the gateway 422 and unknown models with invalid_model', async () => {
    const mock = createMockMistral()
    const missing = await mock.fetch(post({ model: 'mistral-embed' }))
    expect([missing.status, await missing.json()]).toEqual([
      422,
      {
        object: 'error',
        message: {
          detail: [
            { type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: { model: 'mistral-embed' } },
          ],
        },
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    ])
    const format = await mock.fetch(post({ model: 'mistral-embed', input: 'x', encoding_format: 'hex' }))
    expect((await format.json()).message.detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'encoding_format'] })
    const chatModel = await mock.fetch(post({ model: 'mistral-small-latest', input: 'x' }))
    expect([chatModel.status, await chatModel.json()]).toEqual([
      400,
      {
        object: 'error',
        message: 'Invalid model: mistral-small-latest',
        type: 'invalid_model',
        param: null,
        code: '1500',
      },
    ])
    const dtype = await mock.fetch(post({ model: 'mistral-embed', input: 'x', output_dtype: 'int8' }))
    expect([dtype.status, (await dtype.json()).message]).toEqual([
      400,
      'output_dtype int8 is not supported by mistral-embed',
    ])
  })

  it('goes through auth and faults like every route', async () => {
    const mock = createMockMistral({ apiKey: 'right' })
    expect((await mock.fetch(post({ model: 'mistral-embed', input: 'x' }))).status).toBe(401)
    const faulted = await mock.fetch(
      post({ model: 'mistral-embed', input: 'x' }, { authorization: 'Bearer right', 'x-mock-fault': 'status=429' }),
    )
    expect(faulted.status).toBe(429)
  })
})
