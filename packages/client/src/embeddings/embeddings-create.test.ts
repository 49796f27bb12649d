import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../core/client.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { withValidation } from '../validation.js'
import { embeddingsCreate } from './embeddings-create.js'

/** Reads a capture from fixtures/wire/json (a dynamic import: the library's tsconfig carries no Node types). */
async function fixture(name: string): Promise<string> {
  const { readFile } = (await import('node:fs/promises' as string)) as {
    readFile: (path: URL, encoding: 'utf8') => Promise<string>
  }
  return readFile(new URL(`../../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')
}

/** A fetch that records its calls and answers with `body`. */
function recording(body: string, status = 200) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return new Response(body, { status, headers: { 'content-type': 'application/json' } })
  })
  return { fetch, calls }
}

const mockClient = () =>
  createClient({ apiKey: 'test-key', fetch: createMockMistral().fetch, retries: { strategy: 'none' } })

describe('embeddingsCreate: the request on the wire', () => {
  it('POSTs the caller object as given, unknown fields included', async () => {
    const { fetch, calls } = recording(await fixture('embeddings_single_2026-08-19.json'))
    const client = createClient({ apiKey: 'secret', fetch, baseURL: 'https://proxy.example/base/' })
    const request = {
      model: 'codestral-embed',
      input: ['a', 'b'],
      output_dimension: 256,
      output_dtype: 'int8',
      encoding_format: 'base64',
      future_field: { x: 1 },
    } as const
    await embeddingsCreate(client, request)
    expect(calls).toHaveLength(1)
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }]
    expect(url).toBe('https://proxy.example/base/v1/embeddings')
    expect(init.method).toBe('POST')
    const headers = new Headers(init.headers)
    expect(headers.get('authorization')).toBe('Bearer secret')
    expect(headers.get('content-type')).toBe('application/json')
    expect(headers.get('accept')).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual(request)
  })

  it.each([
    [{ model: 'mistral-embed' }, 'input'],
    [{ input: 'text' }, 'model'],
    [{ model: 'mistral-embed', input: ['ok', 3] }, 'input.1'],
    [{ model: 'mistral-embed', input: 42 }, 'input'],
    [{ model: 'codestral-embed', input: 'x', output_dimension: '256' }, 'output_dimension'],
    [{ model: 'codestral-embed', input: 'x', output_dtype: 8 }, 'output_dtype'],
    [{ model: 'mistral-embed', input: 'x', encoding_format: false }, 'encoding_format'],
  ])(
    'withValidation rejects %j naming %s, without sending; a plain client sends it as given',
    async (request, field) => {
      const { fetch, calls } = recording('{}')
      const error = await embeddingsCreate(withValidation(createClient({ fetch })), request as never).catch(
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(InvalidRequestError)
      expect((error as InvalidRequestError).message).toMatch(
        new RegExp(`^Invalid request: (.*; )?${field.replace(/\./g, '\\.')}: `),
      )
      expect(fetch).not.toHaveBeenCalled()
      await embeddingsCreate(createClient({ fetch }), request as never)
      expect(calls[0]?.init.body).toBe(JSON.stringify(request))
    },
  )

  it.each([
    { model: 'codestral-embed', input: 'x', output_dimension: 0 },
    { model: 'codestral-embed', input: 'x', output_dimension: 1.5 },
    { model: 'codestral-embed', input: 'x', output_dtype: 'int4' },
    { model: 'mistral-embed', input: 'x', encoding_format: 'hex' },
  ])("withValidation sends %j unchanged: values and ranges are the API's to judge", async (request) => {
    const { fetch, calls } = recording(await fixture('embeddings_single_2026-08-19.json'))
    await embeddingsCreate(withValidation(createClient({ fetch })), request as never)
    expect(calls[0]?.init.body).toBe(JSON.stringify(request))
  })
})

describe('embeddingsCreate: responses', () => {
  it.each([
    'embeddings_single_2026-08-19.json',
    'embeddings_multiple_2026-08-19.json',
    'embeddings_2024-11_prettyprinted.json',
  ])('parses the capture %s', async (name) => {
    const text = await fixture(name)
    const response = await embeddingsCreate(createClient({ fetch: recording(text).fetch }), {
      model: 'mistral-embed',
      input: 'x',
    })
    expect(response).toEqual(JSON.parse(text))
    expect(response.data.every((item) => Array.isArray(item.embedding) && item.embedding.length === 1024)).toBe(true)
    expect(
      await embeddingsCreate(withValidation(createClient({ fetch: recording(text).fetch })), {
        model: 'mistral-embed',
        input: 'x',
      }),
    ).toEqual(JSON.parse(text))
  })

  it('a body whose data is not a list: returned as is by a plain client, ResponseValidationError naming data with validation', async () => {
    const body =
      '{"id":"e","object":"list","model":"mistral-embed","data":{"embedding":[1]},"usage":{"prompt_tokens":1,"total_tokens":1}}'
    expect(
      await embeddingsCreate(createClient({ fetch: recording(body).fetch }), { model: 'mistral-embed', input: 'x' }),
    ).toEqual(JSON.parse(body))
    const error = await embeddingsCreate(withValidation(createClient({ fetch: recording(body).fetch })), {
      model: 'mistral-embed',
      input: 'x',
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).message).toMatch(/^Invalid response: data: /)
  })
})

describe('embeddingsCreate against the mock', () => {
  it('gives 1024 unit-length dimensions for mistral-embed, the same vector for the same text', async () => {
    const client = mockClient()
    const first = await embeddingsCreate(client, {
      model: 'mistral-embed',
      input: ['Embed this sentence.', 'As well as this one.'],
    })
    const again = await embeddingsCreate(client, { model: 'mistral-embed', input: 'Embed this sentence.' })
    expect(first.object).toBe('list')
    expect(first.model).toBe('mistral-embed')
    expect(first.id).toMatch(/^[0-9a-f]{32}$/)
    expect(first.data.map((item) => [item.object, item.index, (item.embedding as number[]).length])).toEqual([
      ['embedding', 0, 1024],
      ['embedding', 1, 1024],
    ])
    const vector = first.data[0]?.embedding as number[]
    expect(again.data[0]?.embedding).toEqual(vector)
    expect(first.data[1]?.embedding).not.toEqual(vector)
    expect(Math.hypot(...vector)).toBeCloseTo(1, 2)
    expect(first.usage).toMatchObject({ prompt_tokens: 10, total_tokens: 10, completion_tokens: 0 })
  })

  it('honours output_dimension where the model allows it, and refuses it where not', async () => {
    const client = mockClient()
    const full = await embeddingsCreate(client, { model: 'codestral-embed', input: 'code' })
    const short = await embeddingsCreate(client, { model: 'codestral-embed', input: 'code', output_dimension: 256 })
    expect((full.data[0]!.embedding as number[]).length).toBe(1536)
    expect((short.data[0]!.embedding as number[]).length).toBe(256)
    const error = await embeddingsCreate(client, { model: 'mistral-embed', input: 'x', output_dimension: 512 }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(SDKError)
    expect((error as SDKError).status).toBe(400)
    expect((error as SDKError).message).toBe(
      'HTTP 400: output_dimension 512 is not supported by mistral-embed (fixed at 1024)',
    )
  })

  it('encodes base64 as little-endian float32 of the same values', async () => {
    const client = mockClient()
    const floats = await embeddingsCreate(client, { model: 'mistral-embed', input: 'same' })
    const encoded = await embeddingsCreate(client, { model: 'mistral-embed', input: 'same', encoding_format: 'base64' })
    const text = encoded.data[0]?.embedding as string
    expect(typeof text).toBe('string')
    const bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual(floats.data[0]?.embedding)
  })

  it('quantises with output_dtype int8 and binary', async () => {
    const client = mockClient()
    const int8 = (
      await embeddingsCreate(client, {
        model: 'codestral-embed',
        input: 'q',
        output_dtype: 'int8',
        output_dimension: 64,
      })
    ).data[0]?.embedding as number[]
    expect(int8).toHaveLength(64)
    expect(int8.every((value) => Number.isInteger(value) && value >= -127 && value <= 127)).toBe(true)
    expect(Math.max(...int8.map(Math.abs))).toBe(127)
    const binary = (
      await embeddingsCreate(client, {
        model: 'codestral-embed',
        input: 'q',
        output_dtype: 'binary',
        output_dimension: 64,
      })
    ).data[0]?.embedding as number[]
    expect(binary).toHaveLength(8)
    expect(binary.every((value) => value >= -128 && value <= 127)).toBe(true)
  })

  it('answers an unknown model with the real invalid_model body, and a bad body with a 422', async () => {
    const client = mockClient()
    const unknown = await embeddingsCreate(client, { model: 'mistral-embed-9000', input: 'x' }).catch(
      (caught: unknown) => caught,
    )
    expect(unknown).toBeInstanceOf(SDKError)
    expect((unknown as SDKError).data).toEqual({
      object: 'error',
      message: 'Invalid model: mistral-embed-9000',
      type: 'invalid_model',
      param: null,
      code: '1500',
    })
    // A plain client sends the request without its input; the server answers 422.
    const invalid = await embeddingsCreate(createClient({ apiKey: 'k', fetch: createMockMistral().fetch }), {
      model: 'mistral-embed',
    } as never).catch((caught: unknown) => caught)
    expect(invalid).toBeInstanceOf(HTTPValidationError)
    expect((invalid as HTTPValidationError).detail).toEqual([
      { type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: { model: 'mistral-embed' } },
    ])
  })
})
