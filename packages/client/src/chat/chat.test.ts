import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { type ClientOptions, createClient, type FetchFunction } from '../core/client.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { chatComplete } from './chat-complete.js'
import { chatStream } from './chat-stream.js'
import type { ChatCompletionRequest } from './schemas.js'

const DONE_STREAM = 'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
const COMPLETION = '{"id":"a","created":1,"model":"m","usage":{"prompt_tokens":1,"total_tokens":2,"completion_tokens":1},"object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","tool_calls":null,"content":"ok"}}]}'

/** A fetch that records each request as it went on the wire and answers with a canned body. */
function recorder(body = DONE_STREAM, options: Omit<ClientOptions, 'fetch'> = {}) {
  const sent: { method: string; url: string; headers: Headers; body: string }[] = []
  const fetch: FetchFunction = async (input, requestInit) => {
    const request = new Request(input, requestInit)
    sent.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() })
    return new Response(body, { headers: { 'content-type': body === DONE_STREAM ? 'text/event-stream' : 'application/json' } })
  }
  return { sent, client: createClient({ apiKey: 'test-key', fetch, retries: { strategy: 'none' }, ...options }) }
}

const mockClient = (validate?: { request?: boolean; response?: boolean }) => {
  const mock = createMockMistral()
  return createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' }, ...(validate ? { validate } : {}) })
}

const request: ChatCompletionRequest = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }

/** Every request field with a valid value: the schema must accept all of it. */
const full = {
  model: 'mistral-small-latest',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look:' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
        { type: 'image_url', image_url: 'https://example.com/a.png' },
        { type: 'document_url', document_url: 'https://example.com/a.pdf', document_name: 'a.pdf' },
        { type: 'file', file_id: '497f6eca-6276-4993-bfeb-53cbbbba6f08' },
        { type: 'input_audio', input_audio: 'UklGRg==' },
      ],
    },
    { role: 'assistant', content: null, tool_calls: [{ id: 'g6fVbXS8K', type: 'function', function: { name: 'weather', arguments: '{}' }, index: 0 }] },
    { role: 'tool', content: [{ type: 'reference', reference_ids: [1, 'r2'] }], tool_call_id: 'g6fVbXS8K', name: 'weather' },
    { role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hm' }], closed: true }, { type: 'text', text: 'The answer' }], prefix: true },
  ],
  temperature: 0.3, top_p: 1, max_tokens: 0, stream: false, stop: ['\n\n'], random_seed: 42, metadata: { team: 'a' },
  response_format: { type: 'json_schema', json_schema: { name: 'book', schema: { type: 'object' }, strict: true } },
  tools: [
    { type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: {} }, strict: false } },
    { type: 'web_search' }, { type: 'web_search_premium', tool_configuration: { exclude: ['x'] } }, { type: 'code_interpreter' },
    { type: 'image_generation' }, { type: 'document_library', library_ids: ['lib'] }, { type: 'connector', connector_id: 'c', authorization: { type: 'api-key', value: 'v' } },
  ],
  tool_choice: { type: 'function', function: { name: 'weather' } },
  presence_penalty: -2, frequency_penalty: 2, n: 1, prediction: { type: 'content', content: 'x' }, parallel_tool_calls: false,
  reasoning_effort: 'xhigh', prompt_mode: 'reasoning', guardrails: [{ block_on_error: true, moderation_llm_v1: null }], prompt_cache_key: 'k',
  service_tier: 'standard_only', safe_prompt: true, a_field_newer_than_this_library: { kept: true },
} satisfies ChatCompletionRequest

describe('chatStream and chatComplete on the wire', () => {
  it('chatStream POSTs the request as given plus stream: true, accepting text/event-stream', async () => {
    const { sent, client } = recorder()
    const stream = await chatStream(client, full, { headers: { 'x-trace': '1' } })
    expect(sent).toHaveLength(1)
    const [wire] = sent
    expect([wire?.method, wire?.url]).toEqual(['POST', 'https://api.mistral.ai/v1/chat/completions'])
    expect(wire?.headers.get('accept')).toBe('text/event-stream')
    expect(wire?.headers.get('content-type')).toBe('application/json')
    expect(wire?.headers.get('authorization')).toBe('Bearer test-key')
    expect(wire?.headers.get('x-trace')).toBe('1')
    // Same keys, same order, unknown fields included; only `stream` is set.
    expect(wire?.body).toBe(JSON.stringify({ ...full, stream: true }))
    expect((await stream.finalResponse()).choices[0]?.message.content).toBe('ok')
  })

  it('chatComplete POSTs the request exactly as given, accepting JSON', async () => {
    const { sent, client } = recorder(COMPLETION)
    const response = await chatComplete(client, full)
    expect(sent[0]?.headers.get('accept')).toBe('application/json')
    expect(sent[0]?.body).toBe(JSON.stringify(full))
    expect(response.choices[0]?.message.content).toBe('ok')
  })

  const bad: [string, unknown, string][] = [
    ['no model', { messages: request.messages }, 'model'],
    ['no messages', { model: 'm' }, 'messages'],
    ['temperature above 1.5', { ...request, temperature: 1.6 }, 'temperature'],
    ['top_p of 0', { ...request, top_p: 0 }, 'top_p'],
    ['negative max_tokens', { ...request, max_tokens: -1 }, 'max_tokens'],
    ['fractional random_seed', { ...request, random_seed: 1.5 }, 'random_seed'],
    ['n of 0', { ...request, n: 0 }, 'n'],
    ['penalty out of range', { ...request, presence_penalty: 3 }, 'presence_penalty'],
    ['stop as a number', { ...request, stop: 5 }, 'stop'],
    ['unknown role', { ...request, messages: [{ role: 'robot', content: 'x' }] }, 'messages.0.role'],
    ['user message without content', { ...request, messages: [{ role: 'user' }] }, 'messages.0.content'],
    ['prefix not boolean', { ...request, messages: [{ role: 'assistant', content: 'x', prefix: 'yes' }] }, 'messages.0.prefix'],
    ['tool call without function', { ...request, messages: [{ role: 'assistant', tool_calls: [{ id: 'x' }] }] }, 'messages.0.tool_calls.0.function'],
    ['function tool without parameters', { ...request, tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools.0.function.parameters'],
    ['unknown tool type', { ...request, tools: [{ type: 'teleport' }] }, 'tools.0.type'],
    ['document library without ids', { ...request, tools: [{ type: 'document_library', library_ids: [] }] }, 'tools.0.library_ids'],
    ['tool_choice not allowed', { ...request, tool_choice: 'sometimes' }, 'tool_choice'],
    ['response_format type unknown', { ...request, response_format: { type: 'xml' } }, 'response_format.type'],
    ['json_schema without schema', { ...request, response_format: { type: 'json_schema', json_schema: { name: 'x' } } }, 'response_format.json_schema.schema'],
    ['reasoning_effort unknown', { ...request, reasoning_effort: 'huge' }, 'reasoning_effort'],
    ['prediction type unknown', { ...request, prediction: { type: 'guess' } }, 'prediction.type'],
    ['parallel_tool_calls not boolean', { ...request, parallel_tool_calls: 1 }, 'parallel_tool_calls'],
    ['service_tier unknown', { ...request, service_tier: 'gold' }, 'service_tier'],
  ]

  for (const [name, input, field] of bad) {
    it(`rejects ${name} naming ${field}, and sends nothing`, async () => {
      const { sent, client } = recorder()
      for (const call of [() => chatStream(client, input as ChatCompletionRequest), () => chatComplete(client, input as ChatCompletionRequest)]) {
        const error = await call().catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(InvalidRequestError)
        const issue = (error as InvalidRequestError).issues[0]
        expect(issue?.path?.map((item) => item.key).join('.')).toBe(field)
        expect((error as InvalidRequestError).message).toContain(`${field}: `)
      }
      expect(sent).toHaveLength(0)
    })
  }

  it('rejects a content part of an unknown type inside the content union', async () => {
    const { sent, client } = recorder()
    const error = await chatStream(client, { ...request, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] } as unknown as ChatCompletionRequest).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as InvalidRequestError).message).toMatch(/^Invalid request: messages\.0\.content: /)
    expect(sent).toHaveLength(0)
  })

  it('sends an invalid request anyway when request validation is off', async () => {
    const { sent, client } = recorder(DONE_STREAM, { validate: { request: false } })
    await chatStream(client, { ...request, temperature: 9 })
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ temperature: 9, stream: true })
  })

  it('a 2xx body that breaks the response schema is a ResponseValidationError', async () => {
    const { client } = recorder('{"id":"a","choices":[{"index":0,"message":{"content":7},"finish_reason":"stop"}]}')
    const error = await chatComplete(client, request).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).message).toContain('choices.0.message.content')
  })
})

describe('chatComplete and chatStream against the mock', () => {
  it('returns a completion with finish_reason and usage', async () => {
    const response = await chatComplete(mockClient(), { ...request, max_tokens: 4 })
    expect(response.object).toBe('chat.completion')
    expect(response.id).toMatch(/^[0-9a-f]{32}$/)
    expect(response.choices[0]?.finish_reason).toBe('length')
    expect((response.choices[0]?.message.content as string).split(' ')).toHaveLength(4)
    expect(response.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 })
  })

  it('streams a tool call and adds it up like the non-streaming answer', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string', enum: ['Berlin'] } }, required: ['city'] } } }]
    const streamed = await (await chatStream(mockClient(), { ...request, tools })).finalResponse()
    expect(streamed.choices[0]?.finish_reason).toBe('tool_calls')
    const [call] = streamed.choices[0]?.message.tool_calls ?? []
    expect(call).toMatchObject({ type: 'function', index: 0, function: { name: 'weather', arguments: '{"city": "Berlin"}' } })
    expect(call?.id).toMatch(/^[A-Za-z0-9]{9}$/)
    const incremental = await (await chatStream(mockClient(), { ...request, model: 'mistral-small-incremental', tools })).finalResponse()
    expect(incremental.choices[0]?.message.tool_calls?.[0]?.function).toEqual({ name: 'weather', arguments: '{"city": "Berlin"}' })
  })

  it('streams thinking for magistral as one merged thinking part then the text', async () => {
    const final = await (await chatStream(mockClient(), { ...request, model: 'magistral-medium-latest' })).finalResponse()
    const content = final.choices[0]?.message.content as { type: string; thinking?: { text?: string | null }[] | null; text?: string | null }[]
    expect(content.map((part) => part.type)).toEqual(['thinking', 'text'])
    expect(content[0]?.thinking).toHaveLength(1)
    expect(content[0]?.thinking?.[0]?.text?.length).toBeGreaterThan(10)
    expect(content[1]?.text?.length).toBeGreaterThan(5)
  })

  it('surfaces the server 422 as HTTPValidationError and an unknown model as SDKError 400', async () => {
    const error = await chatStream(mockClient({ request: false }), { ...request, temperature: 2 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPValidationError)
    expect((error as HTTPValidationError).detail).toEqual([{ type: 'less_than_equal', loc: ['body', 'temperature'], msg: 'Input should be less than or equal to 1.5', input: 2, ctx: { le: 1.5 } }])
    const unknown = await chatComplete(mockClient(), { ...request, model: 'mistral-huge' }).catch((caught: unknown) => caught)
    expect(unknown).toBeInstanceOf(SDKError)
    expect([(unknown as SDKError).status, (unknown as SDKError).message]).toEqual([400, 'HTTP 400: Invalid model: mistral-huge'])
  })
})
