import { describe, expect, it } from 'vitest'
import { createMockMistral } from './index.js'
import { MALFORMED_EVENT } from './sse.js'

type Json = Record<string, any>

const messages = [{ role: 'user', content: 'Count from 1 to 3' }]
const weatherTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Current weather',
    parameters: {
      type: 'object',
      properties: {
        latitude: { type: 'string' },
        longitude: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['latitude', 'longitude', 'unit'],
    },
  },
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`https://api.mistral.ai${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

/** The raw SSE text and its events' data, as a client would read them. */
async function events(response: Response) {
  const text = await response.text()
  const blocks = text.split('\n\n')
  expect(blocks.pop()).toBe('')
  for (const block of blocks) expect(block.startsWith('data: ')).toBe(true)
  const data = blocks.map((block) => block.slice(6))
  expect(data.at(-1)).toBe('[DONE]')
  return { text, chunks: data.slice(0, -1).map((item) => JSON.parse(item) as Json) }
}

const contentText = (content: unknown) =>
  typeof content === 'string'
    ? content
    : (content as Json[])
        .filter((part) => part.type === 'text')
        .map((part) => part.text)
        .join('')

describe('mock chat completions', () => {
  it('streams like the real API: role chunk, padded deltas, usage with finish_reason last, [DONE]', async () => {
    const mock = createMockMistral()
    const response = await mock.fetch(
      post('/v1/chat/completions', { model: 'mistral-small-latest', messages, stream: true }),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('mistral-correlation-id')).toMatch(/^019/)
    const { chunks } = await events(response)
    expect(chunks.length).toBeGreaterThanOrEqual(4)
    const [first, ...rest] = chunks as [Json, ...Json[]]
    expect(first).toEqual({
      id: first.id,
      object: 'chat.completion.chunk',
      created: first.created,
      model: 'mistral-small-latest',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    })
    expect(first.id).toMatch(/^[0-9a-f]{32}$/)
    expect(Object.keys(first)).toEqual(['id', 'object', 'created', 'model', 'choices'])
    for (const chunk of rest) {
      expect(chunk.id).toBe(first.id)
      expect(chunk.p.length).toBeGreaterThanOrEqual(1)
      expect('abcdefghijklmnopqrstuvwxyz0123456789'.startsWith(chunk.p)).toBe(true)
      expect(typeof chunk.choices[0].delta.content).toBe('string')
    }
    const middle = rest.slice(0, -1)
    expect(middle.length).toBeGreaterThanOrEqual(2)
    for (const chunk of middle) expect([chunk.choices[0].finish_reason, chunk.usage]).toEqual([null, undefined])
    const last = rest.at(-1) as Json
    expect(last.choices[0].finish_reason).toBe('stop')
    const text = rest.map((chunk) => chunk.choices[0].delta.content).join('')
    // The answer is prose about the prompt, one token per word (line breaks ride with the word before them).
    expect(text).toContain('**count from 1 to 3**')
    const words = text.trim().split(/\s+/)
    expect(words.length).toBeGreaterThanOrEqual(60)
    expect(last.usage).toEqual({
      prompt_tokens: 9,
      total_tokens: 9 + words.length,
      completion_tokens: words.length,
      prompt_tokens_details: { cached_tokens: 0 },
      service_tier: 'standard',
    })
    expect(Object.keys(last)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage', 'p'])
  })

  it('answers the same text for the same request and seed, and another for another seed', async () => {
    const request = { model: 'mistral-small-latest', messages, random_seed: 7 }
    const answer = async (seed: number) => {
      const body = (await (
        await createMockMistral({ seed }).fetch(post('/v1/chat/completions', request))
      ).json()) as Json
      return body.choices[0].message.content as string
    }
    const mock = createMockMistral({ seed: 3 })
    const streamed = await events(await mock.fetch(post('/v1/chat/completions', { ...request, stream: true })))
    expect(await answer(3)).toBe(await answer(3))
    expect(await answer(3)).not.toBe(await answer(4))
    expect(streamed.chunks.map((chunk) => chunk.choices[0].delta.content).join('')).toBe(await answer(3))
  })

  it('answers prose about the last user message: markdown list always, a ts code block only when code is asked', async () => {
    const mock = createMockMistral()
    const ask = async (content: string, extra: Json = {}) => {
      const request = {
        model: 'mistral-small-latest',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content },
        ],
        ...extra,
      }
      return (await (await mock.fetch(post('/v1/chat/completions', request))).json()) as Json
    }
    const plain = (await ask('What is the capital of France?')).choices[0].message.content as string
    expect(plain).toContain('**capital of France**')
    expect(plain).toMatch(/\n\n(?:- |1\. )\*\*Capital\*\*: start from what `capital` means here/)
    expect(plain).not.toContain('```')
    const code = (await ask('Write a function that reverses a string')).choices[0].message.content as string
    expect(code).toContain(
      '```ts\n/** A sketch for function that reverses a string: it only tidies the spacing. */\nexport function reversesString(input: string): string {\n',
    )
    expect(code.match(/```/g)).toHaveLength(2)
    expect(code).not.toBe(plain)
    // The same question asked again gets the same answer.
    expect((await ask('What is the capital of France?')).choices[0].message.content).toBe(plain)
    // Agents completions answer the same way.
    const agent = (await (
      await mock.fetch(
        post('/v1/agents/completions', {
          agent_id: 'ag_0123',
          messages: [{ role: 'user', content: 'Explain recursion' }],
        }),
      )
    ).json()) as Json
    expect(agent.choices[0].message.content).toContain('**recursion**')
  })

  it('cuts the answer at max_tokens (finish_reason length) and streams it in token-aligned chunks with multi-byte text', async () => {
    const mock = createMockMistral()
    const request = {
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Write a function that reverses a string' }],
    }
    const whole = (await (await mock.fetch(post('/v1/chat/completions', request))).json()) as Json
    const text = whole.choices[0].message.content as string
    const tokens = text.trim().split(/\s+/).length
    expect(whole.usage.completion_tokens).toBe(tokens)
    expect(whole.choices[0].finish_reason).toBe('stop')
    const cut = (await (await mock.fetch(post('/v1/chat/completions', { ...request, max_tokens: 12 }))).json()) as Json
    expect(cut.choices[0].finish_reason).toBe('length')
    expect(cut.usage.completion_tokens).toBe(12)
    const start = cut.choices[0].message.content as string
    expect(start.trim().split(/\s+/)).toHaveLength(12)
    expect(text.startsWith(start)).toBe(true)
    expect(/\s/.test(text.charAt(start.length))).toBe(true)

    const { chunks } = await events(await mock.fetch(post('/v1/chat/completions', { ...request, stream: true })))
    const deltas = chunks.slice(1).map((chunk) => chunk.choices[0].delta.content as string)
    expect(deltas.join('')).toBe(text)
    expect(deltas.length).toBeGreaterThan(tokens / 3)
    // Each delta is whole tokens: it starts a word (after a line break) or with the space before one.
    for (const delta of deltas) expect(delta).toMatch(/^(?: +\S|\S)/)
    expect(deltas.some((delta) => new TextEncoder().encode(delta).length > delta.length)).toBe(true)
    expect(chunks.at(-1)!.usage.completion_tokens).toBe(tokens)
  })

  it('returns a JSON completion shaped like the 2026 capture', async () => {
    const mock = createMockMistral()
    const response = await mock.fetch(
      post('/v1/chat/completions', { model: 'mistral-small-latest', messages, max_tokens: 3 }),
    )
    expect(response.headers.get('x-ratelimit-remaining-req-minute')).toBe('719')
    const body = (await response.json()) as Json
    expect(Object.keys(body)).toEqual(['id', 'created', 'model', 'usage', 'object', 'choices'])
    expect(body.object).toBe('chat.completion')
    expect(body.choices).toEqual([
      {
        index: 0,
        finish_reason: 'length',
        message: { role: 'assistant', tool_calls: null, content: body.choices[0].message.content },
      },
    ])
    expect(body.choices[0].message.content.split(' ')).toHaveLength(3)
    expect(body.usage).toEqual({
      prompt_tokens: 9,
      total_tokens: 12,
      completion_tokens: 3,
      prompt_tokens_details: { cached_tokens: 0 },
      service_tier: 'standard',
    })
  })

  it('calls a tool whole: 9-alphanumeric id, JSON-string arguments, finish_reason tool_calls', async () => {
    const mock = createMockMistral()
    const request = {
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Weather in Berlin?' }],
      tools: [weatherTool],
    }
    const { chunks } = await events(await mock.fetch(post('/v1/chat/completions', { ...request, stream: true })))
    expect(chunks).toHaveLength(2)
    const call = chunks[1]!.choices[0]
    expect(call.finish_reason).toBe('tool_calls')
    expect(call.delta.tool_calls).toHaveLength(1)
    const [toolCall] = call.delta.tool_calls
    expect(toolCall.id).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(toolCall).toMatchObject({ type: 'function', index: 0, function: { name: 'weather' } })
    expect(toolCall.function.arguments).toMatch(/^\{"latitude": "[^"]+", "longitude": "[^"]+", "unit": "celsius"\}$/)
    expect(Object.keys(JSON.parse(toolCall.function.arguments))).toEqual(['latitude', 'longitude', 'unit'])
    expect(chunks[1]!.usage.completion_tokens).toBeGreaterThan(0)
    const json = (await (await mock.fetch(post('/v1/chat/completions', request))).json()) as Json
    expect(json.choices[0].finish_reason).toBe('tool_calls')
    expect(json.choices[0].message).toMatchObject({
      role: 'assistant',
      content: '',
      tool_calls: [{ type: 'function', index: 0, function: { name: 'weather' } }],
    })
  })

  it('answers in text after a tool result, and never calls with tool_choice none', async () => {
    const mock = createMockMistral()
    const afterResult = [
      { role: 'user', content: 'Weather in Berlin?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'g6fVbXS8K', type: 'function', function: { name: 'weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'g6fVbXS8K', name: 'weather', content: '15°C' },
    ]
    for (const request of [
      { messages: afterResult, tools: [weatherTool] },
      { messages, tools: [weatherTool], tool_choice: 'none' },
    ]) {
      const body = (await (
        await mock.fetch(post('/v1/chat/completions', { model: 'mistral-small-latest', ...request }))
      ).json()) as Json
      expect(body.choices[0].finish_reason).toBe('stop')
      expect(body.choices[0].message.tool_calls).toBe(null)
      expect(body.choices[0].message.content.length).toBeGreaterThan(0)
    }
  })

  it('streams tool calls by index for a model whose name contains "incremental"', async () => {
    const mock = createMockMistral()
    const request = {
      model: 'mistral-small-incremental',
      messages,
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      stream: true,
    }
    const { chunks } = await events(await mock.fetch(post('/v1/chat/completions', request)))
    expect(chunks).toHaveLength(5)
    const deltas = chunks.slice(1).map((chunk) => chunk.choices[0].delta)
    expect(deltas[0].tool_calls[0]).toMatchObject({
      type: 'function',
      index: 0,
      function: { name: 'weather', arguments: '' },
    })
    expect(deltas[0].tool_calls[0].id).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(deltas[1].tool_calls[0]).toMatchObject({ index: 0, function: { name: '' } })
    expect(deltas[1].tool_calls[0].id).toBe(undefined)
    const argumentsText = deltas[1].tool_calls[0].function.arguments + deltas[2].tool_calls[0].function.arguments
    expect(JSON.parse(argumentsText)).toMatchObject({ unit: 'celsius' })
    expect(deltas[3]).toEqual({ content: '' })
    expect(chunks[4]!.choices[0].finish_reason).toBe('tool_calls')
  })

  it('streams thinking parts when reasoning_effort is set (mistral-small) and for magistral', async () => {
    const mock = createMockMistral()
    const hybrid = await events(
      await mock.fetch(
        post('/v1/chat/completions', {
          model: 'mistral-small-latest',
          messages,
          reasoning_effort: 'high',
          stream: true,
        }),
      ),
    )
    const contents = hybrid.chunks.map((chunk) => chunk.choices[0].delta.content)
    expect(contents[0]).toBe('')
    expect(contents[1]).toBe('')
    expect(contents[2]).toEqual([{ type: 'thinking', thinking: [{ type: 'text', text: expect.any(String) }] }])
    const arrays = contents.filter(Array.isArray) as Json[][]
    expect(arrays.length).toBeGreaterThanOrEqual(3)
    for (const parts of arrays.slice(1)) expect(parts[0]).toMatchObject({ type: 'thinking', closed: true })
    // The hand-over chunk: the last thought and the first text in one delta, as in the capture.
    expect((arrays.at(-1) as Json[]).map((part) => part.type)).toEqual(['thinking', 'text'])
    expect(typeof contents.at(-1)).toBe('string')

    const magistral = await events(
      await mock.fetch(post('/v1/chat/completions', { model: 'magistral-medium-latest', messages, stream: true })),
    )
    const parts = magistral.chunks.map((chunk) => chunk.choices[0].delta.content).filter(Array.isArray) as Json[][]
    expect(parts.length).toBeGreaterThanOrEqual(3)
    for (const list of parts)
      expect(list).toEqual([{ type: 'thinking', thinking: [{ type: 'text', text: expect.any(String) }] }])

    const json = (await (
      await mock.fetch(
        post('/v1/chat/completions', { model: 'mistral-small-latest', messages, reasoning_effort: 'medium' }),
      )
    ).json()) as Json
    const content = json.choices[0].message.content as Json[]
    expect(content.map((part) => part.type)).toEqual(['thinking', 'text'])
    expect(content[0]).toMatchObject({ closed: true, thinking: [{ type: 'text' }] })
    expect(contentText(content).length).toBeGreaterThan(0)
  })

  it('serves FIM and agents completions, streamed and not', async () => {
    const mock = createMockMistral()
    const fim = (await (
      await mock.fetch(
        post('/v1/fim/completions', {
          model: 'codestral-latest',
          prompt: 'def add(a, b):',
          suffix: 'print(add(1, 2))',
        }),
      )
    ).json()) as Json
    expect(fim).toMatchObject({
      object: 'chat.completion',
      model: 'codestral-latest',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }],
    })
    expect(fim.choices[0].message.content.length).toBeGreaterThan(0)
    const fimStream = await events(
      await mock.fetch(
        post('/v1/fim/completions', { model: 'codestral-latest', prompt: 'def add(a, b):', stream: true }),
      ),
    )
    expect(fimStream.chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' })
    const agents = await events(
      await mock.fetch(post('/v1/agents/completions', { agent_id: 'ag_0123', messages, stream: true })),
    )
    expect(agents.chunks[0]!.model).toBe('mistral-medium-latest')
    expect(agents.chunks.at(-1)!.choices[0].finish_reason).toBe('stop')
  })

  it('answers 422 with the real body for bad fields, and 400 invalid_model for an unknown model', async () => {
    const mock = createMockMistral()
    const bad = await mock.fetch(
      post('/v1/chat/completions', {
        messages: [{ role: 'robot', content: 'x' }],
        temperature: 2,
        max_tokens: -1,
        reasoning_effort: 'huge',
        max_completion_tokens: 10,
      }),
    )
    expect(bad.status).toBe(422)
    const body = (await bad.json()) as Json
    expect(body).toMatchObject({ object: 'error', type: 'invalid_request_error', param: null, code: null })
    const detail = body.message.detail as Json[]
    expect(detail.map((item) => [item.type, item.loc])).toEqual([
      ['extra_forbidden', ['body', 'max_completion_tokens']],
      ['missing', ['body', 'model']],
      ['less_than_equal', ['body', 'temperature']],
      ['greater_than_equal', ['body', 'max_tokens']],
      ['enum', ['body', 'reasoning_effort']],
      ['union_tag_invalid', ['body', 'messages', 0]],
    ])
    expect(detail[2]).toMatchObject({ msg: 'Input should be less than or equal to 1.5', input: 2, ctx: { le: 1.5 } })
    const fim = await mock.fetch(post('/v1/fim/completions', { model: 'codestral-latest' }))
    expect(((await fim.json()) as Json).message.detail).toEqual([
      { type: 'missing', loc: ['body', 'prompt'], msg: 'Field required', input: { model: 'codestral-latest' } },
    ])
    const unknown = await mock.fetch(post('/v1/chat/completions', { model: 'mistral-medium-3.5', messages }))
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toBe(
      '{"object":"error","message":"Invalid model: mistral-medium-3.5","type":"invalid_model","param":null,"code":"1500"}',
    )
  })
})

describe('mock stream faults (x-mock-fault)', () => {
  const streamed = { model: 'mistral-small-latest', messages, stream: true }

  it('drop-after=n errors the body after n events', async () => {
    const response = await createMockMistral().fetch(
      post('/v1/chat/completions', streamed, { 'x-mock-fault': 'drop-after=2' }),
    )
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    expect(decoder.decode((await reader.read()).value)).toMatch(/^data: \{.*"role":"assistant"/)
    expect(decoder.decode((await reader.read()).value)).toMatch(/^data: \{/)
    await expect(reader.read()).rejects.toThrow('mock fault: connection dropped after 2 events')
  })

  it('malformed-after=n sends a broken JSON event after n events', async () => {
    const response = await createMockMistral().fetch(
      post('/v1/chat/completions', streamed, { 'x-mock-fault': 'malformed-after=1' }),
    )
    const text = await response.text()
    const data = text
      .split('\n\n')
      .filter(Boolean)
      .map((block) => block.slice(6))
    expect(data[1]).toBe(MALFORMED_EVENT)
    expect(() => JSON.parse(data[1] as string)).toThrow()
    expect(data.at(-1)).toBe('[DONE]')
  })

  it('stall-after=n stops sending without closing; cancelling counts once in stats.cancelled', async () => {
    const mock = createMockMistral()
    const controller = new AbortController()
    const response = await mock.fetch(post('/v1/chat/completions', streamed, { 'x-mock-fault': 'stall-after=1' }), {
      signal: controller.signal,
    })
    const reader = response.body!.getReader()
    await reader.read()
    let settled = false
    const pending = reader.read().then((result) => {
      settled = true
      return result
    })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(settled).toBe(false)
    controller.abort()
    await reader.cancel()
    expect(await pending).toEqual({ done: true, value: undefined })
    expect(mock.state.stats.cancelled).toBe(1)
  })

  it('slow=ms delays each chunk, and a finished stream cancelled late does not count', async () => {
    const mock = createMockMistral()
    const response = await mock.fetch(post('/v1/chat/completions', streamed, { 'x-mock-fault': 'slow=5' }))
    const { chunks } = await events(response)
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop')
    await response.body?.cancel().catch(() => {})
    expect(mock.state.stats.cancelled).toBe(0)
  })
})
