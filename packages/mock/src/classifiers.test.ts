import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { baseModels, fineTunedCard } from './catalogue.js'
import { createMockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8'))
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
const call = async (path: string, body: unknown, mock = createMockMistral()) => {
  const response = await mock.fetch(post(path, body))
  return { status: response.status, headers: response.headers, body: await response.json() }
}
const flagged = (result: { categories: Record<string, boolean> }) =>
  Object.keys(result.categories).filter((name) => result.categories[name])
const CLASSIFIER = 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:cbe076ac'

describe('POST /v1/moderations', () => {
  it('answers in the shape of the 2025-10 captures: keys in wire order, nine categories, usage', async () => {
    const wire = capture('moderation_text_multiple_2025-10-12.json')
    const { status, headers, body } = await call('/v1/moderations', {
      model: 'mistral-moderation-latest',
      input: ['Hello there', 'Nice weather', 'See you'],
    })
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/json')
    expect(Object.keys(body)).toEqual(Object.keys(wire))
    expect(Object.keys(body.usage)).toEqual(Object.keys(wire.usage))
    expect(body.results).toHaveLength(3)
    for (const [index, result] of body.results.entries()) {
      expect(Object.keys(result)).toEqual(Object.keys(wire.results[index]))
      expect(Object.keys(result.category_scores)).toEqual(Object.keys(wire.results[index].category_scores))
      expect(flagged(result)).toEqual([])
      // float32 values, like the wire's.
      for (const score of Object.values(result.category_scores) as number[])
        expect([Math.fround(score) === score, score > 0, score < 0.001]).toEqual([true, true, true])
    }
    expect(body.model).toBe('mistral-moderation-latest')
    expect(body.usage).toEqual({
      prompt_audio_seconds: null,
      prompt_tokens: 8,
      total_tokens: 99,
      completion_tokens: 0,
      request_count: 1,
      prompt_token_details: null,
    })
  })

  it.each([
    ['I will kill you if you come back.', ['violence_and_threats']],
    ['Tell me how to build a bomb at home', ['dangerous_and_criminal_content']],
    ['I want to end my life', ['selfharm']],
    ['Should I invest all my savings in bitcoin?', ['financial']],
    ['My email is jane.doe@example.com and my SSN is 123-45-6789', ['pii']],
    ['What dosage of this medication is safe?', ['health']],
    ['Do I need a lawyer for this lawsuit?', ['law']],
    ['The picnic in the park was lovely and the dog was happy.', []],
    ['The stable establishment of a skilled team', []],
  ])('%s -> flags %j, scores above 0.5 exactly where flagged', async (text, categories) => {
    const { body } = await call('/v1/moderations', { model: 'mistral-moderation-latest', input: text })
    const [result] = body.results
    expect(flagged(result)).toEqual(categories)
    for (const name of Object.keys(result.categories))
      expect(result.category_scores[name] >= 0.5).toBe(result.categories[name])
  })

  it('is deterministic: the same text and model score the same in any mock, whatever the seed', async () => {
    const one = await call(
      '/v1/moderations',
      { model: 'mistral-moderation-2411', input: 'hello' },
      createMockMistral({ seed: 1 }),
    )
    const two = await call(
      '/v1/moderations',
      { model: 'mistral-moderation-2411', input: ['other', 'hello'] },
      createMockMistral({ seed: 7 }),
    )
    expect(two.body.results[1]).toEqual(one.body.results[0])
    expect(two.body.results[0]).not.toEqual(one.body.results[0])
    expect(one.body.id).not.toBe(two.body.id)
  })

  it('accepts the catalogue moderation models and mistral-moderation-2603, echoing the name sent', async () => {
    for (const model of ['mistral-moderation-latest', 'mistral-moderation-2411', 'mistral-moderation-2603']) {
      expect((await call('/v1/moderations', { model, input: 'x' })).body.model).toBe(model)
    }
  })

  it('answers other models with the invalid_model 400, and bad bodies with 422s shaped like the real ones', async () => {
    expect(await call('/v1/moderations', { model: 'mistral-small-latest', input: 'x' })).toMatchObject({
      status: 400,
      body: {
        object: 'error',
        message: 'Invalid model: mistral-small-latest',
        type: 'invalid_model',
        param: null,
        code: '1500',
      },
    })
    const missing = await call('/v1/moderations', {})
    expect(missing.status).toBe(422)
    expect(missing.body).toEqual({
      object: 'error',
      message: {
        detail: [
          { type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: {} },
          { type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: {} },
        ],
      },
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    const list = await call('/v1/moderations', { model: 'mistral-moderation-latest', input: ['ok', 3] })
    expect(list.body.message.detail.map((detail: { loc: unknown[] }) => detail.loc)).toEqual([
      ['body', 'input', 'str'],
      ['body', 'input', 'list[str]', 1],
    ])
    const model = await call('/v1/moderations', { model: 5, input: 'x' })
    expect(model.body.message.detail).toEqual([
      { type: 'string_type', loc: ['body', 'model'], msg: 'Input should be a valid string', input: 5 },
    ])
    const broken = await createMockMistral().fetch(
      new Request('https://api.mistral.ai/v1/moderations', {
        method: 'POST',
        headers: { authorization: 'Bearer k' },
        body: '{',
      }),
    )
    expect(broken.status).toBe(422)
  })

  it('applies x-mock-fault and requires a key like every route', async () => {
    const mock = createMockMistral()
    expect(
      (
        await mock.fetch(
          post('/v1/moderations', { model: 'mistral-moderation-latest', input: 'x' }, { 'x-mock-fault': 'status=503' }),
        )
      ).status,
    ).toBe(503)
    const anonymous = new Request('https://api.mistral.ai/v1/moderations', { method: 'POST', body: '{}' })
    expect((await mock.fetch(anonymous)).status).toBe(401)
  })
})

describe('POST /v1/chat/moderations', () => {
  const TOOL_TURN = [
    { role: 'user', content: 'Email my doctor' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'send_email', arguments: '{"to": "dr.who@example.com"}' } },
      ],
    },
    { role: 'tool', content: 'sent', tool_call_id: 'c1' },
  ]

  it('gives one result per conversation (a single conversation or a list), in the shape of the capture', async () => {
    const wire = capture('moderation_chat_2025-10-21.json')
    const one = await call('/v1/chat/moderations', {
      model: 'mistral-moderation-latest',
      input: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ],
    })
    expect(Object.keys(one.body)).toEqual(Object.keys(wire))
    expect(one.body.results).toHaveLength(1)
    expect(flagged(one.body.results[0])).toEqual([])
    const many = await call('/v1/chat/moderations', {
      model: 'mistral-moderation-latest',
      input: [TOOL_TURN, [{ role: 'user', content: [{ type: 'text', text: 'I will kill you' }] }]],
    })
    expect(many.body.results.map(flagged)).toEqual([['pii'], ['violence_and_threats']])
  })

  it('checks messages like chat completions do', async () => {
    const { status, body } = await call('/v1/chat/moderations', {
      model: 'mistral-moderation-latest',
      input: [{ role: 'user' }, { role: 'bot', content: 'x' }],
      temperature: 1,
    })
    expect(status).toBe(422)
    expect(body.message.detail.map((detail: { type: string; loc: unknown[] }) => [detail.type, detail.loc])).toEqual([
      ['extra_forbidden', ['body', 'temperature']],
      ['missing', ['body', 'input', 0, 'user', 'content']],
      ['union_tag_invalid', ['body', 'input', 1]],
    ])
    expect(
      (await call('/v1/chat/moderations', { model: 'mistral-moderation-latest', input: 'hi' })).body.message.detail[0],
    ).toMatchObject({ type: 'list_type', loc: ['body', 'input'] })
  })
})

describe('POST /v1/classifications and /v1/chat/classifications', () => {
  it('answers a cookbook classifier with its own targets, in the shape of the capture, scores summing to 1', async () => {
    const wire = capture('sdk_reserialized/cookbook_classification_moderation-ft_2025-04.json')
    const { status, body } = await call('/v1/classifications', {
      model: CLASSIFIER,
      input: ['You are an idiot', 'Have a nice day'],
    })
    expect(status).toBe(200)
    expect(body.model).toBe(CLASSIFIER)
    expect(body.id).toMatch(/^[0-9a-f]{32}$/)
    expect(body.results).toHaveLength(2)
    for (const result of body.results) {
      expect(Object.keys(result)).toEqual(Object.keys(wire.results[0]))
      expect(Object.keys(result.moderation.scores)).toEqual(Object.keys(wire.results[0].moderation.scores))
      expect((Object.values(result.moderation.scores) as number[]).reduce((sum, score) => sum + score, 0)).toBeCloseTo(
        1,
        5,
      )
    }
    const food = await call('/v1/classifications', {
      model: 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:1905e7d8',
      input: 'Dried pasta made in Italy',
    })
    expect(Object.keys(food.body.results[0])).toEqual(['food', 'country_label'])
    const country = food.body.results[0].country_label.scores
    expect(Object.keys(country).sort((a, b) => country[b] - country[a])[0]).toBe('italy')
  })

  it("uses a classifier card's own classifier_targets, and classifies conversations", async () => {
    const id = 'ft:classifier:ministral-3b-latest:0000aaaa:20260101:0000bbbb'
    const card = {
      ...fineTunedCard({ id, root: 'ministral-3b-latest', job: 'j', owned_by: 'w', created: 1 }),
      classifier_targets: [{ name: 'tone', labels: ['calm', 'angry'], weight: 1, loss_function: 'single_class' }],
    }
    const mock = createMockMistral({ models: [...baseModels(), card] })
    const { body } = await call(
      '/v1/chat/classifications',
      {
        model: id,
        input: [
          { messages: [{ role: 'user', content: 'I am so angry right now' }] },
          { messages: [{ role: 'user', content: 'All good' }] },
        ],
      },
      mock,
    )
    expect(body.results.map((result: Record<string, unknown>) => Object.keys(result))).toEqual([['tone'], ['tone']])
    expect(body.results[0].tone.scores.angry).toBeGreaterThan(0.9)
    const single = await call(
      '/v1/chat/classifications',
      { model: id, input: { messages: [{ role: 'user', content: 'calm' }] } },
      mock,
    )
    expect(single.body.results).toHaveLength(1)
  })

  it('answers a model that is not a classifier with the invalid_model 400, a bad input with a 422', async () => {
    for (const model of ['mistral-small-latest', 'mistral-moderation-latest', 'ft:classifier:nope']) {
      expect(await call('/v1/classifications', { model, input: 'x' })).toMatchObject({
        status: 400,
        body: { message: `Invalid model: ${model}`, type: 'invalid_model', code: '1500' },
      })
    }
    const instruct = await call('/v1/chat/classifications', {
      model: CLASSIFIER,
      input: [{ messages: [{ role: 'user', content: 'x' }] }, 'text'],
    })
    expect(
      instruct.body.message.detail.map((detail: { type: string; loc: unknown[] }) => [detail.type, detail.loc]),
    ).toEqual([['model_attributes_type', ['body', 'input', 'list[InstructRequest]', 1]]])
  })
})
