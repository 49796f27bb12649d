import { describe, expect, it } from 'vitest'
import { createMockMistral } from './index.js'
import { createRandom } from './random.js'
import { pythonJson, SchemaError, schemaValue } from './schema-value.js'

type Json = Record<string, any>

function post(path: string, body: unknown) {
  return new Request(`https://api.mistral.ai${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** The issues of a value against a JSON Schema: a small independent checker of the keywords the mock claims. */
function check(schema: unknown, value: unknown, root: unknown = schema, path = '$'): string[] {
  if (schema === true) return []
  if (schema === false) return [`${path}: false schema`]
  const s = schema as Json
  if (s.$ref) {
    const [, group, name] = /^#(?:\/(\$defs|definitions)\/(.+))?$/.exec(s.$ref) ?? []
    return check(group ? (root as Json)[group][name as string] : root, value, root, path)
  }
  const branches = s.anyOf ?? s.oneOf
  if (branches && !branches.some((branch: unknown) => check(branch, value, root, path).length === 0))
    return [`${path}: no branch of anyOf/oneOf`]
  if (s.allOf) {
    const issues = s.allOf.flatMap((branch: unknown) => check(branch, value, root, path))
    if (issues.length) return issues
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) return [`${path}: not the const`]
  if (s.enum && !s.enum.some((item: unknown) => JSON.stringify(item) === JSON.stringify(value)))
    return [`${path}: not in enum`]
  const kind =
    value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value
  const types = s.type === undefined ? undefined : [s.type].flat()
  if (types && !types.includes(kind) && !(kind === 'integer' && types.includes('number')))
    return [`${path}: ${kind} is not ${types}`]
  const issues: string[] = []
  if (typeof value === 'string') {
    const length = [...value].length
    if (s.minLength !== undefined && length < s.minLength) issues.push(`${path}: shorter than ${s.minLength}`)
    if (s.maxLength !== undefined && length > s.maxLength) issues.push(`${path}: longer than ${s.maxLength}`)
    const formats: Json = {
      date: /^\d{4}-\d{2}-\d{2}$/,
      'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      email: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
      uri: /^https?:\/\/\S+$/,
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    }
    if (formats[s.format] && !formats[s.format].test(value)) issues.push(`${path}: not a ${s.format}`)
    if (s.format === 'date' && Number.isNaN(Date.parse(value))) issues.push(`${path}: not a real date`)
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) issues.push(`${path}: below ${s.minimum}`)
    if (s.maximum !== undefined && value > s.maximum) issues.push(`${path}: above ${s.maximum}`)
    // Draft 4 writes exclusive bounds as booleans beside minimum/maximum.
    const above = s.exclusiveMinimum === true ? s.minimum : s.exclusiveMinimum
    const below = s.exclusiveMaximum === true ? s.maximum : s.exclusiveMaximum
    if (typeof above === 'number' && value <= above) issues.push(`${path}: not above ${above}`)
    if (typeof below === 'number' && value >= below) issues.push(`${path}: not below ${below}`)
    if (s.multipleOf !== undefined && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9)
      issues.push(`${path}: not a multiple of ${s.multipleOf}`)
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) issues.push(`${path}: fewer than ${s.minItems} items`)
    if (s.maxItems !== undefined && value.length > s.maxItems) issues.push(`${path}: more than ${s.maxItems} items`)
    if (s.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length)
      issues.push(`${path}: items repeat`)
    value.forEach((item, index) =>
      issues.push(...check(s.prefixItems?.[index] ?? s.items ?? true, item, root, `${path}[${index}]`)),
    )
  }
  if (kind === 'object') {
    const object = value as Json
    for (const key of s.required ?? []) if (!(key in object)) issues.push(`${path}.${key}: missing`)
    for (const [key, item] of Object.entries(object)) {
      if (s.properties && key in s.properties) issues.push(...check(s.properties[key], item, root, `${path}.${key}`))
      else if (s.additionalProperties === false) issues.push(`${path}.${key}: not allowed`)
    }
  }
  return issues
}

const person = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' } },
  required: ['name', 'age'],
  additionalProperties: false,
}
const SCHEMAS: Record<string, unknown> = {
  person,
  nested: {
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 3, maxLength: 40 },
      author: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          email: { type: 'string', format: 'email' },
          homepage: { type: 'string', format: 'uri' },
        },
        required: ['name', 'email'],
        additionalProperties: false,
      },
      published: { type: 'string', format: 'date' },
      updated_at: { type: 'string', format: 'date-time' },
      id: { type: 'string', format: 'uuid' },
    },
    required: ['title', 'author', 'published', 'updated_at', 'id'],
    additionalProperties: false,
  },
  arrays: {
    type: 'object',
    properties: {
      cities: { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 5 },
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, minItems: 3, uniqueItems: true },
      pair: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }], items: false, minItems: 2 },
      empty: { type: 'array', items: { type: 'number' }, maxItems: 0 },
    },
    required: ['cities', 'tags', 'pair', 'empty'],
    additionalProperties: false,
  },
  enums: {
    type: 'object',
    properties: {
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      level: { enum: [1, 2, 3] },
      kind: { const: 'fixed' },
    },
    required: ['unit', 'level', 'kind'],
    additionalProperties: false,
  },
  refs: {
    type: 'object',
    properties: {
      home: { $ref: '#/$defs/address' },
      work: { $ref: '#/definitions/address' },
      people: { type: 'array', items: { $ref: '#/$defs/person' } },
    },
    required: ['home', 'work', 'people'],
    additionalProperties: false,
    $defs: {
      address: {
        type: 'object',
        properties: { city: { type: 'string' }, country: { type: 'string' } },
        required: ['city', 'country'],
        additionalProperties: false,
      },
      person,
    },
    definitions: { address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
  recursive: {
    type: 'object',
    properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
    required: ['name'],
  },
  nullable: {
    type: 'object',
    properties: {
      nickname: { type: ['string', 'null'] },
      score: { anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'null' }] },
      shape: {
        oneOf: [
          { type: 'object', properties: { radius: { type: 'number', exclusiveMinimum: 0 } }, required: ['radius'] },
          { type: 'string' },
        ],
      },
      nothing: { type: 'null' },
      both: {
        allOf: [
          { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
          { properties: { b: { type: 'boolean' } }, required: ['b'] },
        ],
      },
    },
    required: ['nickname', 'score', 'shape', 'nothing', 'both'],
    additionalProperties: false,
  },
  numbers: {
    type: 'object',
    properties: {
      age: { type: 'integer', minimum: 18, maximum: 30 },
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      step: { type: 'integer', minimum: 10, maximum: 100, multipleOf: 7 },
      price: { type: 'number', minimum: 1000.5, multipleOf: 0.25 },
      below: { type: 'integer', maximum: -500 },
      tiny: { type: 'number', minimum: 0.001, maximum: 0.002 },
      old: { type: 'number', minimum: 5, exclusiveMinimum: true, maximum: 6, exclusiveMaximum: true },
      flag: { type: 'boolean' },
    },
    required: ['age', 'ratio', 'step', 'price', 'below', 'tiny', 'old', 'flag'],
    additionalProperties: false,
  },
  top_level_array: {
    type: 'array',
    items: { type: 'object', properties: { summary: { type: 'string', maxLength: 12 } }, required: ['summary'] },
    minItems: 1,
    maxItems: 2,
  },
}

const chat = (schema: unknown, content: string, extra: Json = {}) => ({
  model: 'mistral-small-latest',
  messages: [{ role: 'user', content }],
  response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
  ...extra,
})

/** The events' data of a stream, without `[DONE]`. */
async function chunks(response: Response): Promise<Json[]> {
  const data = (await response.text())
    .split('\n\n')
    .filter(Boolean)
    .map((block) => block.slice(6))
  expect(data.at(-1)).toBe('[DONE]')
  return data.slice(0, -1).map((item) => JSON.parse(item) as Json)
}

describe('schemaValue, the one generator of structured answers and tool arguments', () => {
  it('meets every schema of the set, for many seeds and prompts', () => {
    for (const [label, schema] of Object.entries(SCHEMAS)) {
      for (let seed = 0; seed < 40; seed++) {
        const value = schemaValue(schema, {
          random: createRandom(seed),
          text: seed % 2 ? 'Tell me about Lyon, in celsius' : '',
        })
        expect([label, check(schema, value)]).toEqual([label, []])
      }
    }
  })

  it('reads as text where the property name hints it, and takes values the prompt names', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        city: { type: 'string' },
        summary: { type: 'string' },
        unit: { enum: ['celsius', 'fahrenheit'] },
        count: { type: 'integer' },
      },
    }
    const value = schemaValue(schema, {
      random: createRandom(1),
      text: 'A person named Bob from city: "Lyon", in Fahrenheit, count 12',
    }) as Json
    expect(value).toEqual({
      name: 'Bob',
      city: 'Lyon',
      summary: expect.stringMatching(/^[A-Z].+\.$/),
      unit: 'fahrenheit',
      count: 12,
    })
    const free = schemaValue(schema, { random: createRandom(1) }) as Json
    expect(free.name).toMatch(/^\p{Lu}\p{L}+ \p{Lu}\p{L}+$/u)
    expect(['Paris', 'Berlin', 'Lyon', 'Madrid', 'Rome', 'Lisbon', 'Vienna', 'Oslo', 'Montréal', 'Kyoto']).toContain(
      free.city,
    )
    expect(free.unit).toBe('celsius')
    // A string no name hints takes the prompt's longest word (what conversations' tool calls have always done).
    expect(
      schemaValue(
        { type: 'object', properties: { date: { type: 'string' } } },
        { random: createRandom(0), text: 'Get European central bank interest rate' },
      ),
    ).toEqual({ date: 'European' })
  })

  it('writes JSON as the API does, with Python separators and characters kept', () => {
    expect(pythonJson({ name: 'Chloé', tags: ['a', 'b'], nested: { ok: true, none: null }, empty: {}, list: [] })).toBe(
      '{"name": "Chloé", "tags": ["a", "b"], "nested": {"ok": true, "none": null}, "empty": {}, "list": []}',
    )
  })

  it('throws a SchemaError naming the part no value can meet', () => {
    const cases: [unknown, (string | number)[], RegExp][] = [
      [{ type: 'integer', minimum: 5, maximum: 4 }, [], /no integer lies within the bounds/],
      [
        { type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 6, multipleOf: 10 } } },
        ['properties', 'n'],
        /multipleOf/,
      ],
      [
        { type: 'object', properties: { s: { type: 'string', minLength: 5, maxLength: 2 } } },
        ['properties', 's', 'minLength'],
        /minLength 5 is above maxLength 2/,
      ],
      [{ enum: [] }, ['enum'], /enum lists no value/],
      [false, [], /false schema/],
      [{ $ref: '#/$defs/missing' }, ['$ref'], /unresolvable reference/],
      [{ type: 'object', required: ['x'], additionalProperties: false }, ['required'], /required property x/],
      [{ type: 'array', items: { enum: ['a'] }, minItems: 2, uniqueItems: true }, ['uniqueItems'], /uniqueItems/],
      [{ type: 'array', minItems: 3, maxItems: 1 }, ['minItems'], /minItems 3 is above maxItems 1/],
      [{ $defs: { loop: { $ref: '#/$defs/loop' } }, $ref: '#/$defs/loop' }, [], /too deeply/],
      [{ type: 'object', properties: { me: { $ref: '#' } }, required: ['me'] }, [], /too deeply/],
    ]
    for (const [schema, path, message] of cases) {
      let caught: unknown
      try {
        schemaValue(schema, { random: createRandom(0) })
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(SchemaError)
      expect((caught as SchemaError).message).toMatch(message)
      expect((caught as SchemaError).path.slice(0, path.length)).toEqual(path)
    }
  })
})

describe('mock structured outputs (response_format)', () => {
  it('answers each schema with JSON content that meets it, as the capture writes it', async () => {
    const mock = createMockMistral()
    for (const [label, schema] of Object.entries(SCHEMAS)) {
      const body = (await (
        await mock.fetch(post('/v1/chat/completions', chat(schema, `Give me the ${label} example`)))
      ).json()) as Json
      const [choice] = body.choices
      expect([label, choice.finish_reason, choice.message.tool_calls]).toEqual([label, 'stop', null])
      expect(typeof choice.message.content).toBe('string')
      const value = JSON.parse(choice.message.content)
      expect([label, check(schema, value)]).toEqual([label, []])
      expect(choice.message.content).toBe(pythonJson(value))
      expect(body.usage.completion_tokens).toBe(Math.ceil([...choice.message.content].length / 4))
    }
    // The capture chat_json_schema_then_plain_mistral-small_2026-08-19/00: `{"name": "Bob", "age": 30}`.
    const bob = (await (
      await mock.fetch(post('/v1/chat/completions', chat(person, 'Generate a person named Bob')))
    ).json()) as Json
    expect(bob.choices[0].message.content).toMatch(/^\{"name": "Bob", "age": \d+\}$/)
  })

  it('is deterministic: the same request gets the same JSON (for a mock seed), another prompt another one', async () => {
    const answer = async (content: string, seed = 1) => {
      const response = await createMockMistral({ seed }).fetch(
        post('/v1/chat/completions', chat(SCHEMAS.nested, content)),
      )
      return ((await response.json()) as Json).choices[0].message.content as string
    }
    const first = await answer('A book please')
    expect(await answer('A book please')).toBe(first)
    expect(JSON.parse(await answer('A book please', 2))).not.toEqual(JSON.parse(first))
    expect(await answer('Another book, please')).not.toBe(first)
    // The same mock answers a repeated request the same way too.
    const mock = createMockMistral()
    const twice = await Promise.all(
      [0, 1].map(
        async () =>
          ((await (await mock.fetch(post('/v1/chat/completions', chat(SCHEMAS.arrays, 'x')))).json()) as Json)
            .choices[0].message.content,
      ),
    )
    expect(twice[0]).toBe(twice[1])
  })

  it('streams the same JSON split over several chunks, usage and finish_reason last', async () => {
    const mock = createMockMistral()
    const request = chat(SCHEMAS.refs, 'Two addresses')
    const whole = ((await (await mock.fetch(post('/v1/chat/completions', request))).json()) as Json).choices[0].message
      .content as string
    const streamed = await chunks(await mock.fetch(post('/v1/chat/completions', { ...request, stream: true })))
    const deltas = streamed.slice(1).map((chunk) => chunk.choices[0].delta.content as string)
    expect(deltas.length).toBeGreaterThanOrEqual(4)
    expect(deltas.join('')).toBe(whole)
    expect(streamed.at(-1)!.choices[0].finish_reason).toBe('stop')
    expect(streamed.at(-1)!.usage.completion_tokens).toBe(Math.ceil([...whole].length / 4))
  })

  it('cuts the JSON at max_tokens with finish_reason length', async () => {
    const mock = createMockMistral()
    const full = ((await (await mock.fetch(post('/v1/chat/completions', chat(SCHEMAS.nested, 'x')))).json()) as Json)
      .choices[0].message.content as string
    const cut = (await (
      await mock.fetch(post('/v1/chat/completions', chat(SCHEMAS.nested, 'x', { max_tokens: 3 })))
    ).json()) as Json
    expect(cut.choices[0].finish_reason).toBe('length')
    expect(cut.choices[0].message.content).toBe([...full].slice(0, 12).join(''))
  })

  it('answers json_object with the keys the prompt puts in backticks, else an answer', async () => {
    const mock = createMockMistral()
    const content = async (text: string) => {
      const request = {
        model: 'mistral-small-latest',
        messages: [{ role: 'user', content: text }],
        response_format: { type: 'json_object' },
      }
      return JSON.parse(
        ((await (await mock.fetch(post('/v1/chat/completions', request))).json()) as Json).choices[0].message.content,
      )
    }
    expect(
      Object.keys(await content('What is the square root of 64? Answer with a JSON object with the key `result`.')),
    ).toEqual(['result'])
    expect(Object.keys(await content('Use `city` and `country`.'))).toEqual(['city', 'country'])
    expect(await content('Hello')).toEqual({ answer: expect.any(String) })
  })

  it('answers structured outputs on /v1/agents/completions and in conversations (completion_args)', async () => {
    const mock = createMockMistral()
    const agents = (await (
      await mock.fetch(
        post('/v1/agents/completions', {
          agent_id: 'ag_1',
          messages: [{ role: 'user', content: 'Bob' }],
          response_format: chat(person, '').response_format,
        }),
      )
    ).json()) as Json
    expect(check(person, JSON.parse(agents.choices[0].message.content))).toEqual([])
    const started = (await (
      await mock.fetch(
        post('/v1/conversations', {
          model: 'mistral-medium-latest',
          inputs: 'Who is Ada?',
          completion_args: { response_format: chat(SCHEMAS.refs, '').response_format },
        }),
      )
    ).json()) as Json
    const output = started.outputs[0]
    expect(output.type).toBe('message.output')
    expect(check(SCHEMAS.refs, JSON.parse(output.content))).toEqual([])
    const refused = await mock.fetch(
      post('/v1/conversations', {
        model: 'mistral-medium-latest',
        inputs: 'x',
        completion_args: { response_format: chat({ enum: [] }, '').response_format },
      }),
    )
    expect(refused.status).toBe(422)
  })

  it('refuses a schema no value meets, and a json_schema without its parts, with the 422 body', async () => {
    const mock = createMockMistral()
    const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 5, maximum: 4 } }, required: ['n'] }
    const response = await mock.fetch(post('/v1/chat/completions', chat(schema, 'x')))
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({
      object: 'error',
      message: {
        detail: [
          {
            type: 'value_error',
            loc: ['body', 'response_format', 'json_schema', 'schema', 'properties', 'n'],
            msg: 'Value error, Invalid JSON schema: no integer lies within the bounds',
            input: schema,
            ctx: { error: 'no integer lies within the bounds' },
          },
        ],
      },
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
    const parts = await mock.fetch(
      post('/v1/chat/completions', {
        model: 'mistral-small-latest',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'json_schema', json_schema: {} },
      }),
    )
    expect(((await parts.json()) as Json).message.detail.map((item: Json) => [item.type, item.loc])).toEqual([
      ['missing', ['body', 'response_format', 'json_schema', 'name']],
      ['missing', ['body', 'response_format', 'json_schema', 'schema']],
    ])
    const format = await mock.fetch(
      post('/v1/chat/completions', {
        model: 'mistral-small-latest',
        messages: [{ role: 'user', content: 'x' }],
        response_format: { type: 'yaml' },
      }),
    )
    expect(((await format.json()) as Json).message.detail[0]).toMatchObject({
      type: 'enum',
      loc: ['body', 'response_format', 'type'],
      msg: "Input should be 'text', 'json_object' or 'json_schema'",
    })
  })
})

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
}
const time = {
  type: 'function',
  function: {
    name: 'get_time',
    parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
  },
}
const tools = [weather, time]
const parametersOf = (name: string) => tools.find((tool) => tool.function.name === name)!.function.parameters

describe('mock tool loop', () => {
  const ask = (content: string, extra: Json = {}) => ({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content }],
    tools,
    ...extra,
  })
  const answer = async (mock: ReturnType<typeof createMockMistral>, body: unknown) =>
    ((await (await mock.fetch(post('/v1/chat/completions', body))).json()) as Json).choices[0]

  it('user → parallel tool calls → tool results → a text quoting them', async () => {
    const mock = createMockMistral()
    const question = ask('Use get_weather for city "Lyon" and get time for timezone "Asia/Tokyo".')
    const first = await answer(mock, question)
    expect(first.finish_reason).toBe('tool_calls')
    expect(first.message.content).toBe('')
    const calls = first.message.tool_calls as Json[]
    expect(calls.map((call) => [call.type, call.index, call.function.name])).toEqual([
      ['function', 0, 'get_weather'],
      ['function', 1, 'get_time'],
    ])
    for (const call of calls) {
      expect(call.id).toMatch(/^[A-Za-z0-9]{9}$/)
      const args = JSON.parse(call.function.arguments)
      expect(check(parametersOf(call.function.name), args)).toEqual([])
      expect(call.function.arguments).toBe(pythonJson(args))
    }
    expect(calls[0]!.id).not.toBe(calls[1]!.id)
    expect(JSON.parse(calls[0]!.function.arguments)).toMatchObject({ city: 'Lyon', unit: 'celsius' })
    expect(JSON.parse(calls[1]!.function.arguments)).toEqual({ timezone: 'Asia/Tokyo' })

    const long = `${'x'.repeat(100)}`
    const messages = [
      ...question.messages,
      { role: 'assistant', content: '', tool_calls: calls.map(({ index: _, ...call }) => call) },
      { role: 'tool', tool_call_id: calls[0]!.id, content: '{"temp": 18}' },
      { role: 'tool', tool_call_id: calls[1]!.id, name: 'get_time', content: long },
    ]
    const last = await answer(mock, { ...question, messages })
    expect(last.finish_reason).toBe('stop')
    expect(last.message.tool_calls).toBe(null)
    expect(last.message.content).toBe(
      `get_weather returned {"temp": 18} for call ${calls[0]!.id}. get_time returned ${'x'.repeat(79)}… for call ${calls[1]!.id}.`,
    )
    const streamed = await chunks(
      await mock.fetch(post('/v1/chat/completions', { ...question, messages, stream: true })),
    )
    expect(
      streamed
        .slice(1)
        .map((chunk) => chunk.choices[0].delta.content)
        .join(''),
    ).toBe(last.message.content)
    expect(streamed.at(-1)!.choices[0].finish_reason).toBe('stop')
  })

  it('calls the tools the prompt names (name or spaces, any case), one with parallel_tool_calls false, else answers text', async () => {
    const mock = createMockMistral()
    const names = async (content: string, extra: Json = {}) => {
      const choice = await answer(mock, ask(content, extra))
      return choice.message.tool_calls?.map((call: Json) => call.function.name) ?? choice.message.content.length > 0
    }
    expect(await names('GET WEATHER in Paris')).toEqual(['get_weather'])
    expect(await names('what does get_time say, then get_weather?')).toEqual(['get_weather', 'get_time'])
    expect(await names('get_weather and get_time', { parallel_tool_calls: false })).toEqual(['get_weather'])
    expect(await names('Hello there')).toBe(true)
    expect(await names('Hello there', { tool_choice: 'any' })).toEqual(['get_weather'])
    expect(await names('Hello there', { tool_choice: 'required' })).toEqual(['get_weather'])
    expect(await names('get_weather now', { tool_choice: 'none' })).toBe(true)
    expect(await names('Hello there', { tool_choice: { type: 'function', function: { name: 'get_time' } } })).toEqual([
      'get_time',
    ])
    // A lone tool is called even unnamed (the mock's first behaviour, kept for the tests that rely on it).
    expect(await names('Hello there', { tools: [time] })).toEqual(['get_time'])
  })

  it('streams parallel calls whole, or by index for an "incremental" model, adding up to the same calls', async () => {
    const mock = createMockMistral()
    const request = ask('get_weather and get_time please')
    const whole = (await answer(mock, request)).message.tool_calls as Json[]
    const streamed = await chunks(await mock.fetch(post('/v1/chat/completions', { ...request, stream: true })))
    expect(streamed).toHaveLength(2)
    const deltas = streamed[1]!.choices[0].delta.tool_calls as Json[]
    expect(deltas.map((call) => [call.index, call.function])).toEqual(whole.map((call) => [call.index, call.function]))
    expect(streamed[1]!.choices[0].finish_reason).toBe('tool_calls')

    const incremental = await chunks(
      await mock.fetch(post('/v1/chat/completions', { ...request, model: 'mistral-small-incremental', stream: true })),
    )
    expect(incremental).toHaveLength(1 + 3 * 2 + 1)
    const added: Json[] = []
    for (const chunk of incremental.slice(1, -1)) {
      for (const part of chunk.choices[0].delta.tool_calls as Json[]) {
        const slot = (added[part.index] ??= { id: part.id, name: '', arguments: '' })
        slot.name += part.function.name
        slot.arguments += part.function.arguments
      }
    }
    expect(added.map((call) => call.name)).toEqual(['get_weather', 'get_time'])
    for (const call of added) {
      expect(call.id).toMatch(/^[A-Za-z0-9]{9}$/)
      expect(check(parametersOf(call.name), JSON.parse(call.arguments))).toEqual([])
    }
  })

  it('refuses a tool result whose tool_call_id no assistant message called, with the API body', async () => {
    const mock = createMockMistral()
    const messages = [
      { role: 'user', content: 'get_weather' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'abcDEF123', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'abcDEF123', content: 'sunny' },
      { role: 'tool', tool_call_id: 'zzzzzzzzz', content: 'stray' },
    ]
    const response = await mock.fetch(post('/v1/chat/completions', { model: 'mistral-small-latest', messages, tools }))
    expect(response.status).toBe(400)
    expect(await response.text()).toBe(
      '{"object":"error","message":"Unexpected tool call id zzzzzzzzz in tool results","type":"invalid_request_message_order","param":null,"code":"3230"}',
    )
    const early = [
      { role: 'user', content: 'x' },
      { role: 'tool', tool_call_id: 'abcDEF123', content: 'too soon' },
    ]
    expect(
      (await mock.fetch(post('/v1/chat/completions', { model: 'mistral-small-latest', messages: early }))).status,
    ).toBe(400)
  })

  it('refuses a function whose parameters no value meets, at its place in tools', async () => {
    const mock = createMockMistral()
    const broken = {
      type: 'function',
      function: {
        name: 'f',
        parameters: {
          type: 'object',
          properties: { s: { type: 'string', minLength: 3, maxLength: 1 } },
          required: ['s'],
        },
      },
    }
    const response = await mock.fetch(post('/v1/chat/completions', ask('f', { tools: [weather, broken] })))
    expect(response.status).toBe(422)
    expect(((await response.json()) as Json).message.detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body', 'tools', 1, 'function', 'parameters', 'properties', 's', 'minLength'],
    })
  })
})
