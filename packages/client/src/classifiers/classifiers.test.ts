import { readFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMockMistral } from '@mistral-edge/mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Message } from '../chat/schemas.js'
import { createClient } from '../core/client.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { CLASSIFICATION_CAPTURES, CLASSIFIER, MODERATION_CAPTURES } from '../test-support.js'
import { assertValid, withValidation } from '../validation.js'
import { classifiersClassify } from './classifiers-classify.js'
import { classifiersClassifyChat } from './classifiers-classify-chat.js'
import { classifiersModerate } from './classifiers-moderate.js'
import { classifiersModerateChat } from './classifiers-moderate-chat.js'
import { ClassificationResponseSchema, ModerationResponseSchema } from './schemas.js'

const fixture = (name: string) => readFile(new URL(`../../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')

/** A conversation with every role, an assistant tool call and a tool result. */
const CONVERSATION: Message[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
  {
    role: 'assistant',
    content: '',
    tool_calls: [
      {
        id: 'D681PevKs',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
        index: 0,
      },
    ],
  },
  { role: 'tool', content: '{"temperature": 21}', tool_call_id: 'D681PevKs', name: 'get_weather' },
  { role: 'user', content: 'Thanks!' },
]

interface Recorded {
  method: string | undefined
  url: string | undefined
  headers: IncomingHttpHeaders
  body: string
}

// A real loopback server that records each request exactly and answers with the next queued body.
let server: Server
let baseURL: string
let recorded: Recorded[] = []
let answer: { status: number; body: string } = { status: 200, body: '{}' }
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      recorded.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  recorded = []
  answer = { status: 200, body: '{}' }
})

const loopback = () => createClient({ apiKey: 'secret-key', baseURL, retries: { strategy: 'none' } })
const mockClient = () =>
  createClient({ apiKey: 'test-key', fetch: createMockMistral().fetch, retries: { strategy: 'none' } })

describe('classifiers: the request on the wire (loopback server)', () => {
  const cases = [
    [
      'classifiersModerate',
      '/v1/moderations',
      classifiersModerate,
      { model: 'mistral-moderation-latest', input: 'This is a safe message' },
    ],
    [
      'classifiersModerate',
      '/v1/moderations',
      classifiersModerate,
      { model: 'mistral-moderation-latest', input: ['one', 'two'], metadata: { user: 'u1' } },
    ],
    [
      'classifiersModerateChat',
      '/v1/chat/moderations',
      classifiersModerateChat,
      { model: 'mistral-moderation-latest', input: CONVERSATION },
    ],
    [
      'classifiersModerateChat',
      '/v1/chat/moderations',
      classifiersModerateChat,
      { model: 'mistral-moderation-2603', input: [CONVERSATION, [{ role: 'user', content: 'Hi' }]] },
    ],
    [
      'classifiersClassify',
      '/v1/classifications',
      classifiersClassify,
      { model: CLASSIFIER, input: 'Will it rain tomorrow?' },
    ],
    [
      'classifiersClassify',
      '/v1/classifications',
      classifiersClassify,
      { model: CLASSIFIER, input: ['a', 'b', 'c'], future_field: 1 },
    ],
    [
      'classifiersClassifyChat',
      '/v1/chat/classifications',
      classifiersClassifyChat,
      { model: CLASSIFIER, input: { messages: CONVERSATION } },
    ],
    [
      'classifiersClassifyChat',
      '/v1/chat/classifications',
      classifiersClassifyChat,
      {
        model: CLASSIFIER,
        input: [{ messages: CONVERSATION }, { messages: [{ role: 'user', content: 'Play jazz' }] }],
      },
    ],
  ] as const

  it.each(cases)('%s POSTs %s with the body as given', async (_name, path, call, request) => {
    answer = {
      status: 200,
      body: await fixture(
        path.includes('classif') ? (CLASSIFICATION_CAPTURES[0] as string) : 'moderation_chat_2025-10-21.json',
      ),
    }
    await (call as (client: ReturnType<typeof loopback>, request: unknown) => Promise<unknown>)(loopback(), request)
    expect(recorded).toHaveLength(1)
    const [sent] = recorded as [Recorded]
    expect(sent.method).toBe('POST')
    expect(sent.url).toBe(`/prefix${path}`)
    expect(sent.headers.authorization).toBe('Bearer secret-key')
    expect(sent.headers['content-type']).toBe('application/json')
    expect(sent.headers.accept).toBe('application/json')
    expect(sent.body).toBe(JSON.stringify(request))
  })

  it.each([
    [{ model: 'mistral-moderation-latest' }, 'input', classifiersModerate],
    [{ input: 'x' }, 'model', classifiersModerate],
    [{ model: 'm', input: ['ok', 3] }, 'input.1', classifiersModerate],
    [{ model: 'm', input: 42 }, 'input', classifiersModerate],
    [{ model: 7, input: 'x' }, 'model', classifiersClassify],
    [{ model: 'm', input: [{ role: 'user', content: 5 }] }, 'input.0.content', classifiersModerateChat],
    [
      { model: 'm', input: [[{ role: 'user', content: 'ok' }], [{ role: 'tool' }]] },
      'input.1.0.content',
      classifiersModerateChat,
    ],
    [{ model: 'm', input: 'hello' }, 'input', classifiersModerateChat],
    [
      {
        model: 'm',
        input: {
          messages: [
            { role: 'user', content: 'ok' },
            { role: 'assistant', tool_calls: 'x' },
          ],
        },
      },
      'input.messages.1.tool_calls',
      classifiersClassifyChat,
    ],
    [{ model: 'm', input: [{ messages: [] }, { conversation: [] }] }, 'input.1.messages', classifiersClassifyChat],
  ])('a validating client rejects %#: %j naming %s, without sending', async (request, field, call) => {
    const error = await (call as (client: ReturnType<typeof loopback>, request: unknown) => Promise<unknown>)(
      withValidation(loopback()),
      request,
    ).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as InvalidRequestError).message).toMatch(
      new RegExp(`^Invalid request: (.*; )?${field.replace(/\./g, '\\.')}: `),
    )
    expect(recorded).toHaveLength(0)
  })

  it('a validating client sends unknown fields, roles and part types unchanged', async () => {
    answer = { status: 200, body: await fixture('moderation_chat_2025-10-21.json') }
    const request = {
      model: 'mistral-moderation-latest',
      input: [
        { role: 'developer', content: 'x' },
        { role: 'user', content: [{ type: 'video', url: 'v' }] },
      ],
      extra: true,
    }
    await classifiersModerateChat(withValidation(loopback()), request as never)
    expect(recorded[0]?.body).toBe(JSON.stringify(request))
  })
})

describe('classifiers: the captures', () => {
  it.each(MODERATION_CAPTURES)('%s passes ModerationResponseSchema and is returned as sent', async (name) => {
    const text = await fixture(name)
    const body = JSON.parse(text)
    assertValid(ModerationResponseSchema, body, 'response')
    answer = { status: 200, body: text }
    const response = await classifiersModerate(withValidation(loopback()), {
      model: 'mistral-moderation-latest',
      input: 'x',
    })
    expect(response).toEqual(body)
    expect(response.results.length).toBeGreaterThan(0)
    for (const result of response.results) {
      expect(Object.keys(result.categories).sort()).toEqual(Object.keys(result.category_scores).sort())
      expect(result.categories.violence_and_threats).toBe((result.category_scores.violence_and_threats ?? 0) >= 0.5)
    }
    const chat = await classifiersModerateChat(withValidation(loopback()), {
      model: 'mistral-moderation-latest',
      input: CONVERSATION,
    })
    expect(chat).toEqual(body)
  })

  it('reads the flags the captures carry', async () => {
    const docs = JSON.parse(await fixture('moderation_text_2inputs_flagged_mistral-moderation-2603_docs.json'))
    expect(
      docs.results.map(
        (result: { categories: Record<string, boolean> }) => result.categories.dangerous_and_criminal_content,
      ),
    ).toEqual([false, true])
    const cookbook = JSON.parse(
      await fixture('sdk_reserialized/cookbook_moderation_chat_hate_violence_flagged_2024-12.json'),
    )
    assertValid(ModerationResponseSchema, cookbook, 'response')
    expect(
      Object.entries(cookbook.results[0].categories)
        .filter(([, flagged]) => flagged)
        .map(([name]) => name),
    ).toEqual(['hate_and_discrimination', 'violence_and_threats'])
  })

  it.each(CLASSIFICATION_CAPTURES)('%s passes ClassificationResponseSchema and is returned as sent', async (name) => {
    const text = await fixture(name)
    const body = JSON.parse(text)
    assertValid(ClassificationResponseSchema, body, 'response')
    answer = { status: 200, body: text }
    expect(await classifiersClassify(withValidation(loopback()), { model: body.model, input: 'x' })).toEqual(body)
    expect(
      await classifiersClassifyChat(withValidation(loopback()), {
        model: body.model,
        input: { messages: CONVERSATION },
      }),
    ).toEqual(body)
  })

  it('the multi-target capture has two targets, each with scores summing to 1', async () => {
    const body = JSON.parse(
      await fixture('sdk_reserialized/cookbook_classification_food_country_multitarget_2025-04.json'),
    )
    answer = { status: 200, body: JSON.stringify(body) }
    const [result] = (await classifiersClassify(loopback(), { model: body.model, input: 'pasta' })).results
    expect(Object.keys(result ?? {})).toEqual(['food', 'country_label'])
    expect(Object.values(result?.country_label?.scores ?? {}).reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 5)
  })

  it('schemas are open: a new category or label passes; a known field of the wrong type fails by path', () => {
    const moderation = {
      id: 'i',
      model: 'm',
      results: [
        { categories: { sexual: false, jailbreaking: true }, category_scores: { sexual: 0.1, jailbreaking: 0.9 } },
      ],
      flagged: true,
    }
    expect(() => assertValid(ModerationResponseSchema, moderation, 'response')).not.toThrow()
    expect(() =>
      assertValid(
        ModerationResponseSchema,
        { ...moderation, results: [{ categories: { sexual: 'no' }, category_scores: {} }] },
        'response',
      ),
    ).toThrow(/^Invalid response: results\.0\.categories\.sexual: /)
    expect(() =>
      assertValid(
        ModerationResponseSchema,
        { ...moderation, results: [{ categories: { jailbreaking: 1 }, category_scores: {} }] },
        'response',
      ),
    ).toThrow(/^Invalid response: results\.0\.categories\.jailbreaking: /)
    expect(() =>
      assertValid(
        ClassificationResponseSchema,
        { id: 'i', model: 'm', results: [{ t: { scores: { a: 'high' } } }] },
        'response',
      ),
    ).toThrow(/^Invalid response: results\.0\.t\.scores\.a: /)
  })

  it('a 2xx body without results: returned by a plain client, ResponseValidationError with validation', async () => {
    answer = { status: 200, body: '{"id":"i","model":"m"}' }
    expect(await classifiersModerate(loopback(), { model: 'm', input: 'x' })).toEqual({ id: 'i', model: 'm' })
    const error = await classifiersModerate(withValidation(loopback()), { model: 'm', input: 'x' }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).message).toMatch(/^Invalid response: results: /)
  })
})

describe('classifiers against the mock', () => {
  const VIOLENT = 'I will kill you and burn your house down tonight.'
  const HARMLESS = 'What a lovely day for a picnic in the park.'

  it('flags a violent text and not a harmless one, one result per input, in order', async () => {
    const response = await classifiersModerate(withValidation(mockClient()), {
      model: 'mistral-moderation-latest',
      input: [HARMLESS, VIOLENT],
    })
    expect(response.id).toMatch(/^[0-9a-f]{32}$/)
    expect(response.model).toBe('mistral-moderation-latest')
    expect(Object.keys(response)).toEqual(['id', 'usage', 'model', 'results'])
    const [harmless, violent] = response.results as [(typeof response.results)[0], (typeof response.results)[0]]
    expect(Object.values(harmless.categories).some(Boolean)).toBe(false)
    expect(Math.max(...(Object.values(harmless.category_scores) as number[]))).toBeLessThan(0.01)
    expect(
      Object.entries(violent.categories)
        .filter(([, flagged]) => flagged)
        .map(([name]) => name),
    ).toEqual(['violence_and_threats'])
    expect(violent.category_scores.violence_and_threats).toBeGreaterThan(0.8)
    expect(Object.keys(violent.category_scores)).toEqual([
      'sexual',
      'hate_and_discrimination',
      'violence_and_threats',
      'dangerous_and_criminal_content',
      'selfharm',
      'health',
      'financial',
      'law',
      'pii',
    ])
    expect(response.usage).toEqual({
      prompt_audio_seconds: null,
      prompt_tokens: 24,
      total_tokens: 115,
      completion_tokens: 0,
      request_count: 1,
      prompt_token_details: null,
    })
  })

  it('scores the same text the same way every time', async () => {
    const first = await classifiersModerate(mockClient(), { model: 'mistral-moderation-latest', input: VIOLENT })
    const again = await classifiersModerate(mockClient(), { model: 'mistral-moderation-latest', input: [VIOLENT] })
    expect(again.results).toEqual(first.results)
    expect(first.results).toHaveLength(1)
  })

  it('moderates each conversation, tool calls included, and echoes the model', async () => {
    const response = await classifiersModerateChat(withValidation(mockClient()), {
      model: 'mistral-moderation-2603',
      input: [
        CONVERSATION,
        [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', function: { name: 'send', arguments: '{"to": "jane.doe@example.com"}' } }],
          },
        ],
      ],
    })
    expect(response.model).toBe('mistral-moderation-2603')
    expect(
      response.results.map((result) => Object.keys(result.categories).filter((name) => result.categories[name])),
    ).toEqual([[], ['pii']])
    const single = await classifiersModerateChat(mockClient(), {
      model: 'mistral-moderation-latest',
      input: [{ role: 'user', content: VIOLENT }],
    })
    expect(single.results.map((result) => result.categories.violence_and_threats)).toEqual([true])
  })

  it('classifies with a classifier model: the cookbook targets, scores summing to 1, the named label first', async () => {
    const response = await classifiersClassify(withValidation(mockClient()), {
      model: CLASSIFIER,
      input: ['What is the weather in Paris tomorrow?', 'Play some music'],
    })
    expect(response.model).toBe(CLASSIFIER)
    expect(response.results).toHaveLength(2)
    const [weather, music] = response.results.map((result) => result.intent?.scores ?? {})
    expect(Object.keys(weather ?? {})).toHaveLength(16)
    expect(Object.values(weather ?? {}).reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 5)
    const best = (scores: Record<string, number>) => Object.entries(scores).sort(([, a], [, b]) => b - a)[0]?.[0]
    expect(best(weather ?? {})).toBe('weather_query')
    expect(['play_music', 'play_radio']).toContain(best(music ?? {}))
    const multi = await classifiersClassifyChat(mockClient(), {
      model: 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:1905e7d8',
      input: [{ messages: [{ role: 'user', content: 'Italian pasta' }] }, { messages: CONVERSATION }],
    })
    expect(multi.results.map((result) => Object.keys(result))).toEqual([
      ['food', 'country_label'],
      ['food', 'country_label'],
    ])
  })

  it('answers an unknown or non-classifier model with the real invalid_model body', async () => {
    for (const [call, model] of [
      [classifiersClassify, 'mistral-small-latest'],
      [classifiersModerate, 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:db22ea7e'],
      [classifiersModerate, 'mistral-moderation-9999'],
    ] as const) {
      const error = await call(mockClient(), { model, input: 'x' }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(SDKError)
      expect((error as SDKError).status).toBe(400)
      expect((error as SDKError).data).toEqual({
        object: 'error',
        message: `Invalid model: ${model}`,
        type: 'invalid_model',
        param: null,
        code: '1500',
      })
    }
  })

  it('answers a missing or malformed input with a 422 shaped like the real ones', async () => {
    const missing = await classifiersModerate(mockClient(), { model: 'mistral-moderation-latest' } as never).catch(
      (caught: unknown) => caught,
    )
    expect(missing).toBeInstanceOf(HTTPValidationError)
    expect((missing as SDKError).data).toMatchObject({
      object: 'error',
      type: 'invalid_request_error',
      message: { detail: [{ type: 'missing', loc: ['body', 'input'], msg: 'Field required' }] },
    })
    expect((missing as HTTPValidationError).detail).toEqual([
      { type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: { model: 'mistral-moderation-latest' } },
    ])
    const wrong = await classifiersModerate(mockClient(), {
      model: 'mistral-moderation-latest',
      input: 42,
      extra: 1,
    } as never).catch((caught: unknown) => caught)
    expect((wrong as HTTPValidationError).detail.map((detail) => [detail.type, detail.loc.join('.')])).toEqual([
      ['extra_forbidden', 'body.extra'],
      ['string_type', 'body.input.str'],
      ['list_type', 'body.input.list[str]'],
    ])
    const chat = await classifiersModerateChat(mockClient(), {
      model: 'mistral-moderation-latest',
      input: [{ role: 'robot', content: 'x' }],
    } as never).catch((caught: unknown) => caught)
    expect((chat as HTTPValidationError).detail.map((detail) => [detail.type, detail.loc.join('.')])).toEqual([
      ['union_tag_invalid', 'body.input.0'],
    ])
    const instruct = await classifiersClassifyChat(mockClient(), {
      model: CLASSIFIER,
      input: { conversation: [] },
    } as never).catch((caught: unknown) => caught)
    expect((instruct as HTTPValidationError).detail.map((detail) => [detail.type, detail.loc.join('.')])).toEqual([
      ['missing', 'body.input.InstructRequest.messages'],
    ])
  })
})
