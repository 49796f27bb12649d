import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { type ClientOptions, createClient, type FetchFunction } from '../core/client.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { accumulateChunks } from '../streaming/accumulate-chunks.js'
import { type ValidationOptions, withValidation } from '../validation.js'
import { chatComplete } from './chat-complete.js'
import { chatStream } from './chat-stream.js'
import type { ChatCompletionRequest } from './schemas.js'

const DONE_STREAM =
  'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
const COMPLETION =
  '{"id":"a","created":1,"model":"m","usage":{"prompt_tokens":1,"total_tokens":2,"completion_tokens":1},"object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","tool_calls":null,"content":"ok"}}]}'

/**
 * A fetch that records each request as it went on the wire and answers a stream or a completion, as the request
 * accepts; `validation` wraps the client in `withValidation`.
 */
function recorder(body?: string, options: Omit<ClientOptions, 'fetch'> = {}, validation?: ValidationOptions) {
  const sent: { method: string; url: string; headers: Headers; body: string }[] = []
  const fetch: FetchFunction = async (input, requestInit) => {
    const request = new Request(input, requestInit)
    sent.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() })
    const streamed = request.headers.get('accept') === 'text/event-stream'
    return new Response(body ?? (streamed ? DONE_STREAM : COMPLETION), {
      headers: { 'content-type': streamed ? 'text/event-stream' : 'application/json' },
    })
  }
  const client = createClient({ apiKey: 'test-key', fetch, retries: { strategy: 'none' }, ...options })
  return { sent, client: validation ? withValidation(client, validation) : client }
}

const mockClient = () => createClient({ apiKey: 'k', fetch: createMockMistral().fetch, retries: { strategy: 'none' } })

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
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'g6fVbXS8K', type: 'function', function: { name: 'weather', arguments: '{}' }, index: 0 }],
    },
    {
      role: 'tool',
      content: [{ type: 'reference', reference_ids: [1, 'r2'] }],
      tool_call_id: 'g6fVbXS8K',
      name: 'weather',
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: [{ type: 'text', text: 'hm' }], closed: true },
        { type: 'text', text: 'The answer' },
      ],
      prefix: true,
    },
  ],
  temperature: 0.3,
  top_p: 1,
  max_tokens: 0,
  stream: false,
  stop: ['\n\n'],
  random_seed: 42,
  metadata: { team: 'a' },
  response_format: { type: 'json_schema', json_schema: { name: 'book', schema: { type: 'object' }, strict: true } },
  tools: [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: 'Weather',
        parameters: { type: 'object', properties: {} },
        strict: false,
      },
    },
    { type: 'web_search' },
    { type: 'web_search_premium', tool_configuration: { exclude: ['x'] } },
    { type: 'code_interpreter' },
    { type: 'image_generation' },
    { type: 'document_library', library_ids: ['lib'] },
    { type: 'connector', connector_id: 'c', authorization: { type: 'api-key', value: 'v' } },
  ],
  tool_choice: { type: 'function', function: { name: 'weather' } },
  presence_penalty: -2,
  frequency_penalty: 2,
  n: 1,
  prediction: { type: 'content', content: 'x' },
  parallel_tool_calls: false,
  reasoning_effort: 'xhigh',
  prompt_mode: 'reasoning',
  guardrails: [{ block_on_error: true, moderation_llm_v1: null }],
  prompt_cache_key: 'k',
  service_tier: 'standard_only',
  safe_prompt: true,
  a_field_newer_than_this_library: { kept: true },
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
    expect((await accumulateChunks(stream)).choices[0]?.message.content).toBe('ok')
  })

  it('chatComplete POSTs the request exactly as given, accepting JSON', async () => {
    const { sent, client } = recorder(COMPLETION)
    const response = await chatComplete(client, full)
    expect(sent[0]?.headers.get('accept')).toBe('application/json')
    expect(sent[0]?.body).toBe(JSON.stringify(full))
    expect(response.choices[0]?.message.content).toBe('ok')
  })

  it('a validating client sends the full request unchanged too', async () => {
    const { sent, client } = recorder(undefined, {}, {})
    await chatComplete(client, full)
    await chatStream(client, full)
    expect(sent.map((wire) => wire.body)).toEqual([JSON.stringify(full), JSON.stringify({ ...full, stream: true })])
  })

  // v2: only a known field of the wrong type, or a missing required one, fails validation.
  const rejected: [string, unknown, string][] = [
    ['no model', { messages: request.messages }, 'model'],
    ['model not a string', { ...request, model: 42 }, 'model'],
    ['no messages', { model: 'm' }, 'messages'],
    ['messages not a list', { ...request, messages: 'hi' }, 'messages'],
    ['temperature not a number', { ...request, temperature: 'hot' }, 'temperature'],
    ['max_tokens not a number', { ...request, max_tokens: '10' }, 'max_tokens'],
    ['stop as a number', { ...request, stop: 5 }, 'stop'],
    ['a role that is not a string', { ...request, messages: [{ role: 5, content: 'x' }] }, 'messages.0.role'],
    ['user message without content', { ...request, messages: [{ role: 'user' }] }, 'messages.0.content'],
    [
      'prefix not boolean',
      { ...request, messages: [{ role: 'assistant', content: 'x', prefix: 'yes' }] },
      'messages.0.prefix',
    ],
    [
      'a text part whose text is a number',
      { ...request, messages: [{ role: 'user', content: [{ type: 'text', text: 42 }] }] },
      'messages.0.content.0.text',
    ],
    [
      'tool call function without name',
      { ...request, messages: [{ role: 'assistant', tool_calls: [{ id: 'x', function: { arguments: '{}' } }] }] },
      'messages.0.tool_calls.0.function.name',
    ],
    [
      'function tool without parameters',
      { ...request, tools: [{ type: 'function', function: { name: 'f' } }] },
      'tools.0.function.parameters',
    ],
    [
      'document library ids not a list',
      { ...request, tools: [{ type: 'document_library', library_ids: 'lib' }] },
      'tools.0.library_ids',
    ],
    [
      'json_schema without schema',
      { ...request, response_format: { type: 'json_schema', json_schema: { name: 'x' } } },
      'response_format.json_schema.schema',
    ],
    ['reasoning_effort not a string', { ...request, reasoning_effort: 5 }, 'reasoning_effort'],
    ['parallel_tool_calls not boolean', { ...request, parallel_tool_calls: 1 }, 'parallel_tool_calls'],
  ]

  for (const [name, input, field] of rejected) {
    it(`withValidation rejects ${name} naming ${field}, and sends nothing; a plain client sends it as given`, async () => {
      const { sent, client } = recorder(undefined, {}, {})
      for (const call of [
        () => chatStream(client, input as ChatCompletionRequest),
        () => chatComplete(client, input as ChatCompletionRequest),
      ]) {
        const error = await call().catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(InvalidRequestError)
        // The top issue sits on the field or on a union above it; the message names the deepest field.
        const issue = (error as InvalidRequestError).issues[0]
        expect(`${field}.`.startsWith(`${issue?.path?.map((item) => item.key).join('.')}.`)).toBe(true)
        expect((error as InvalidRequestError).message).toMatch(
          new RegExp(`^Invalid request: (.*; )?${field.replace(/\./g, '\\.')}: `),
        )
      }
      expect(sent).toHaveLength(0)
      const plain = recorder()
      await chatComplete(plain.client, input as ChatCompletionRequest)
      expect(plain.sent[0]?.body).toBe(JSON.stringify(input))
    })
  }

  // Values the API may add or judge: unknown enum values, new roles, parts and tools, numbers out of today's ranges.
  const accepted: [string, Record<string, unknown>][] = [
    ['reasoning_effort max', { ...request, reasoning_effort: 'max' }],
    ['reasoning_effort unknown', { ...request, reasoning_effort: 'huge' }],
    [
      'a developer message',
      { ...request, messages: [{ role: 'developer', content: 'Be brief.' }, ...request.messages] },
    ],
    ['an unknown role', { ...request, messages: [{ role: 'robot', content: 'x' }] }],
    [
      'a content part of an unknown type',
      { ...request, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
    ],
    ['an unknown tool type', { ...request, tools: [{ type: 'teleport' }] }],
    ['tool_choice unknown', { ...request, tool_choice: 'sometimes' }],
    ['response_format type unknown', { ...request, response_format: { type: 'xml' } }],
    ['prediction type unknown', { ...request, prediction: { type: 'guess' } }],
    ['service_tier unknown', { ...request, service_tier: 'gold' }],
    [
      'image detail unknown',
      {
        ...request,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'u', detail: 'ultra' } }] }],
      },
    ],
    ['temperature above 1.5', { ...request, temperature: 1.6 }],
    ['top_p of 0', { ...request, top_p: 0 }],
    ['negative max_tokens', { ...request, max_tokens: -1 }],
    ['fractional random_seed', { ...request, random_seed: 1.5 }],
    ['n of 0', { ...request, n: 0 }],
    ['penalty out of range', { ...request, presence_penalty: 3 }],
    ['document library without ids', { ...request, tools: [{ type: 'document_library', library_ids: [] }] }],
    ['a tool call without function', { ...request, messages: [{ role: 'assistant', tool_calls: [{ id: 'x' }] }] }],
  ]

  for (const [name, input] of accepted) {
    it(`withValidation sends ${name} unchanged (the API judges it)`, async () => {
      const { sent, client } = recorder(undefined, {}, {})
      await chatComplete(client, input as ChatCompletionRequest)
      await accumulateChunks(await chatStream(client, input as ChatCompletionRequest))
      expect(sent.map((wire) => wire.body)).toEqual([JSON.stringify(input), JSON.stringify({ ...input, stream: true })])
    })
  }

  it('a bad content part is reported at its deepest field, not as "Expected (string | Array)"', async () => {
    const { sent, client } = recorder(undefined, {}, {})
    const input = {
      ...request,
      messages: [
        { role: 'system', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'fine' },
            { type: 'image_url', image_url: 7 },
          ],
        },
      ],
    }
    const error = await chatComplete(client, input as unknown as ChatCompletionRequest).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(InvalidRequestError)
    const { message } = error as InvalidRequestError
    expect(message).toMatch(/^Invalid request: messages\.1\.content\.1\.image_url: /)
    expect(message).not.toContain('Expected (string | Array)')
    expect(sent).toHaveLength(0)
  })

  it('sends an invalid request anyway when request validation is off', async () => {
    const { sent, client } = recorder(undefined, {}, { request: false })
    await chatStream(client, { ...request, temperature: 'hot' as never })
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ temperature: 'hot', stream: true })
  })

  it('a 2xx body that breaks the response schema: returned unchanged by a plain client, ResponseValidationError with validation', async () => {
    const body = '{"id":"a","choices":[{"index":0,"message":{"content":7},"finish_reason":"stop"}]}'
    expect(await chatComplete(recorder(body).client, request)).toEqual(JSON.parse(body))
    const error = await chatComplete(recorder(body, {}, {}).client, request).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).message).toContain('choices.0.message.content')
    expect((error as ResponseValidationError).data).toEqual(JSON.parse(body))
    expect(await chatComplete(recorder(body, {}, { response: false }).client, request)).toEqual(JSON.parse(body))
  })

  it('a stream chunk that breaks the schema: yielded unchanged by a plain client, ResponseValidationError with validation', async () => {
    const body =
      'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":42},"finish_reason":null}]}\n\ndata: [DONE]\n\n'
    const chunks: unknown[] = []
    for await (const chunk of await chatStream(recorder(body).client, request))
      chunks.push(chunk.choices[0]?.delta.content)
    expect(chunks).toEqual([42])
    const stream = await chatStream(recorder(body, {}, {}).client, request)
    const error = await accumulateChunks(stream).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as ResponseValidationError).message).toMatch(/^Invalid response: choices\.0\.delta\.content: /)
  })
})

describe('chatComplete and chatStream against the mock', () => {
  it('returns a completion with finish_reason and usage', async () => {
    const response = await chatComplete(mockClient(), { ...request, max_tokens: 4 })
    expect(response.object).toBe('chat.completion')
    expect(response.id).toMatch(/^[0-9a-f]{32}$/)
    expect(response.choices[0]?.finish_reason).toBe('length')
    expect((response.choices[0]!.message.content as string).split(' ')).toHaveLength(4)
    expect(response.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 })
  })

  it('streams a tool call and adds it up like the non-streaming answer', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string', enum: ['Berlin'] } },
            required: ['city'],
          },
        },
      },
    ]
    const streamed = await accumulateChunks(await chatStream(mockClient(), { ...request, tools }))
    expect(streamed.choices[0]?.finish_reason).toBe('tool_calls')
    const [call] = streamed.choices[0]?.message.tool_calls ?? []
    expect(call).toMatchObject({
      type: 'function',
      index: 0,
      function: { name: 'weather', arguments: '{"city": "Berlin"}' },
    })
    expect(call?.id).toMatch(/^[A-Za-z0-9]{9}$/)
    const incremental = await accumulateChunks(
      await chatStream(mockClient(), { ...request, model: 'mistral-small-incremental', tools }),
    )
    expect(incremental.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: 'weather',
      arguments: '{"city": "Berlin"}',
    })
  })

  it('streams thinking for magistral as one merged thinking part then the text', async () => {
    const final = await accumulateChunks(
      await chatStream(mockClient(), { ...request, model: 'magistral-medium-latest' }),
    )
    const content = final.choices[0]?.message.content as {
      type: string
      thinking?: { text?: string | null }[] | null
      text?: string | null
    }[]
    expect(content.map((part) => part.type)).toEqual(['thinking', 'text'])
    expect(content[0]?.thinking).toHaveLength(1)
    expect(content[0]?.thinking?.[0]?.text?.length).toBeGreaterThan(10)
    expect(content[1]?.text?.length).toBeGreaterThan(5)
  })

  it('surfaces the server 422 as HTTPValidationError and an unknown model as SDKError 400', async () => {
    // A plain client sends the out-of-range value; the server judges it.
    const error = await chatStream(mockClient(), { ...request, temperature: 2 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPValidationError)
    expect((error as HTTPValidationError).detail).toEqual([
      {
        type: 'less_than_equal',
        loc: ['body', 'temperature'],
        msg: 'Input should be less than or equal to 1.5',
        input: 2,
        ctx: { le: 1.5 },
      },
    ])
    const unknown = await chatComplete(mockClient(), { ...request, model: 'mistral-huge' }).catch(
      (caught: unknown) => caught,
    )
    expect(unknown).toBeInstanceOf(SDKError)
    expect([(unknown as SDKError).status, (unknown as SDKError).message]).toEqual([
      400,
      'HTTP 400: Invalid model: mistral-huge',
    ])
  })
})
