import { readFile } from 'node:fs/promises'
import { createMockMistral } from '@mistral-edge/mock'
import { beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../core/client.js'
import type { RetryConfig } from '../core/retry.js'
import { ConnectionError } from '../errors/connection-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { StreamError } from '../errors/stream-error.js'
import { drain } from '../test-support.js'
import { type Answer, useRecorder } from '../test-support-node.js'
import { assertValid, withValidation } from '../validation.js'
import { accumulateConversation } from './accumulate-conversation.js'
import { betaConversationsAppend } from './beta-conversations-append.js'
import { betaConversationsAppendStream } from './beta-conversations-append-stream.js'
import { betaConversationsDelete } from './beta-conversations-delete.js'
import { betaConversationsGet } from './beta-conversations-get.js'
import { betaConversationsGetHistory } from './beta-conversations-get-history.js'
import { betaConversationsGetMessages } from './beta-conversations-get-messages.js'
import { betaConversationsList } from './beta-conversations-list.js'
import { betaConversationsRestart } from './beta-conversations-restart.js'
import { betaConversationsRestartStream } from './beta-conversations-restart-stream.js'
import { betaConversationsStart } from './beta-conversations-start.js'
import { betaConversationsStartStream } from './beta-conversations-start-stream.js'
import {
  ConversationEntrySchema,
  type ConversationEvent,
  ConversationEventSchema,
  ConversationRequestSchema,
} from './schemas.js'

const fixture = async (name: string) => readFile(new URL(`../../../../fixtures/wire/${name}`, import.meta.url), 'utf8')
const docs = (name: string) => fixture(`json/sdk_reserialized/docs_conversation_${name}.json`)
const CONVERSATION_ID = 'conv_0684fe18cbc57ba6800065acdd2b6c85'
const fast: RetryConfig = { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 2 } }

/** SSE text for events: `event: <type>` and `data: <json>` per event. */
const sse = (...events: object[]) =>
  events.map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`).join('')

const STARTED = { type: 'conversation.response.started', conversation_id: 'conv_1' }
const DONE = {
  type: 'conversation.response.done',
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
}
/** A hand-made stream: a tool execution, a message with a tool reference between two texts, a function call in pieces, an unknown event. */
const HAND_MADE = [
  { ...STARTED, created_at: '2026-01-01T00:00:00Z' },
  { type: 'tool.execution.started', output_index: 0, id: 'tool_1', name: 'web_search', arguments: '{"query":' },
  { type: 'tool.execution.delta', output_index: 0, id: 'tool_1', name: 'web_search', arguments: '"euro 2024"}' },
  { type: 'tool.execution.done', output_index: 0, id: 'tool_1', name: 'web_search', info: { results: 3 } },
  {
    type: 'message.output.delta',
    output_index: 1,
    id: 'msg_1',
    content_index: 0,
    model: 'mistral-medium-2505',
    role: 'assistant',
    content: 'Spain',
  },
  {
    type: 'message.output.delta',
    output_index: 1,
    id: 'msg_1',
    content_index: 0,
    model: 'mistral-medium-2505',
    role: 'assistant',
    content: ' won',
  },
  {
    type: 'message.output.delta',
    output_index: 1,
    id: 'msg_1',
    content_index: 1,
    role: 'assistant',
    content: { type: 'tool_reference', tool: 'web_search', title: 'UEFA', url: 'https://uefa.com', source: 'brave' },
  },
  { type: 'message.output.delta', output_index: 1, id: 'msg_1', content_index: 2, role: 'assistant', content: '.' },
  { type: 'conversation.brand_new', detail: 42 },
  {
    type: 'function.call.delta',
    output_index: 2,
    id: 'fc_1',
    tool_call_id: 'call_1',
    name: 'get_rate',
    arguments: '{"date":',
  },
  {
    type: 'function.call.delta',
    output_index: 2,
    id: 'fc_1',
    tool_call_id: 'call_1',
    name: 'get_rate',
    arguments: ' "2024-06-06"}',
  },
  DONE,
]

describe('conversations: the requests on the wire (loopback node:http server)', () => {
  let response: string

  beforeAll(async () => {
    response = await docs('append_2025-06-16')
  })
  const wire = useRecorder(() => ({ body: response }))
  const client = (retries: RetryConfig = { strategy: 'none' }) =>
    createClient({ apiKey: 'conv-key', baseURL: wire.baseURL, retries })
  const streamed = (...events: object[]): Answer => ({ type: 'text/event-stream', body: sse(...events) })

  it('start, append and restart POST the object as given (unknown fields included), path ids taken out', async () => {
    const inputs = [{ role: 'user', content: 'Who is Albert Einstein?' }] as const
    const started = await betaConversationsStart(client(), { agent_id: 'ag_1', inputs, store: true, brand_new: [1] })
    await betaConversationsAppend(client(), {
      conversation_id: CONVERSATION_ID,
      inputs: 'Translate to French.',
      completion_args: { temperature: 0.2 },
    })
    await betaConversationsRestart(client(), {
      conversation_id: CONVERSATION_ID,
      from_entry_id: 'msg_1',
      inputs: 'Translate to Portuguese.',
      agent_version: 2,
    })
    expect(wire.seen.map(({ method, url, body }) => [method, url, JSON.parse(body)])).toEqual([
      ['POST', '/v1/conversations', { agent_id: 'ag_1', inputs, store: true, brand_new: [1] }],
      [
        'POST',
        `/v1/conversations/${CONVERSATION_ID}`,
        { inputs: 'Translate to French.', completion_args: { temperature: 0.2 } },
      ],
      [
        'POST',
        `/v1/conversations/${CONVERSATION_ID}/restart`,
        { from_entry_id: 'msg_1', inputs: 'Translate to Portuguese.', agent_version: 2 },
      ],
    ])
    for (const { headers } of wire.seen)
      expect(headers).toMatchObject({
        authorization: 'Bearer conv-key',
        accept: 'application/json',
        'content-type': 'application/json',
      })
    expect(started).toEqual(JSON.parse(response))
  })

  it('the streams send stream: true and accept text/event-stream on the same paths', async () => {
    wire.answers = [streamed(STARTED, DONE), streamed(STARTED, DONE), streamed(STARTED, DONE)]
    const streams = [
      await betaConversationsStartStream(client(), {
        model: 'mistral-medium-latest',
        inputs: 'Hi',
        tools: [{ type: 'web_search' }],
      }),
      await betaConversationsAppendStream(client(), { conversation_id: CONVERSATION_ID, inputs: 'More' }),
      await betaConversationsRestartStream(client(), { conversation_id: CONVERSATION_ID, from_entry_id: 'msg_1' }),
    ]
    for (const stream of streams) expect((await drain(stream)).chunks).toEqual([STARTED, DONE])
    expect(
      wire.seen.map(({ method, url, body, headers }) => [
        method,
        url,
        JSON.parse(body),
        headers.accept,
        headers.authorization,
      ]),
    ).toEqual([
      [
        'POST',
        '/v1/conversations',
        { model: 'mistral-medium-latest', inputs: 'Hi', tools: [{ type: 'web_search' }], stream: true },
        'text/event-stream',
        'Bearer conv-key',
      ],
      [
        'POST',
        `/v1/conversations/${CONVERSATION_ID}`,
        { inputs: 'More', stream: true },
        'text/event-stream',
        'Bearer conv-key',
      ],
      [
        'POST',
        `/v1/conversations/${CONVERSATION_ID}/restart`,
        { from_entry_id: 'msg_1', stream: true },
        'text/event-stream',
        'Bearer conv-key',
      ],
    ])
  })

  it('list sends page, page_size and metadata (an object as one JSON string); get, history, messages and delete send no body', async () => {
    const get = await docs('get_2025-06-16')
    wire.answers = [
      { body: `[${get}]` },
      { body: '[]' },
      { body: get },
      { body: await docs('history_2025-06-16') },
      { body: await docs('messages_2025-06-16') },
      { status: 204 },
    ]
    const list = await betaConversationsList(client(), { page: 1, page_size: 5, metadata: { team: 'a b' } })
    await betaConversationsList(client())
    await betaConversationsGet(client(), { conversation_id: CONVERSATION_ID })
    const history = await betaConversationsGetHistory(client(), { conversation_id: CONVERSATION_ID })
    const messages = await betaConversationsGetMessages(client(), { conversation_id: CONVERSATION_ID })
    expect(await betaConversationsDelete(client(), { conversation_id: CONVERSATION_ID })).toBeUndefined()
    expect(wire.seen.map(({ method, url, body }) => [method, url, body])).toEqual([
      ['GET', '/v1/conversations?page=1&page_size=5&metadata=%7B%22team%22%3A%22a+b%22%7D', ''],
      ['GET', '/v1/conversations', ''],
      ['GET', `/v1/conversations/${CONVERSATION_ID}`, ''],
      ['GET', `/v1/conversations/${CONVERSATION_ID}/history`, ''],
      ['GET', `/v1/conversations/${CONVERSATION_ID}/messages`, ''],
      ['DELETE', `/v1/conversations/${CONVERSATION_ID}`, ''],
    ])
    for (const { headers } of wire.seen)
      expect([headers.authorization, headers.accept, headers['content-type']]).toEqual([
        'Bearer conv-key',
        'application/json',
        undefined,
      ])
    expect(list).toEqual([JSON.parse(get)])
    expect(history.entries.map((entry) => entry.type)).toEqual([
      'message.input',
      'message.output',
      'message.input',
      'message.output',
    ])
    expect(messages.messages[2]).toMatchObject({ role: 'user', content: 'Translate to French.' })
  })

  it('returns every docs capture as sent, and each passes withValidation', async () => {
    const checked = withValidation(client())
    const cases = [
      [
        'append_2025-06-16',
        () => betaConversationsAppend(checked, { conversation_id: CONVERSATION_ID, inputs: 'Translate to French.' }),
      ],
      [
        'restart_2025-06-16',
        () =>
          betaConversationsRestart(checked, {
            conversation_id: CONVERSATION_ID,
            from_entry_id: 'msg_1',
            inputs: 'Portuguese',
          }),
      ],
      ['code_interpreter_2025-05-27', () => betaConversationsStart(checked, { agent_id: 'ag_1', inputs: 'Fibonacci' })],
      ['function_call_2025-05-27', () => betaConversationsStart(checked, { agent_id: 'ag_1', inputs: 'ECB rate?' })],
      [
        'web_search_tool_reference_2025-05-27',
        () => betaConversationsStart(checked, { agent_id: 'ag_1', inputs: 'Euro?' }),
      ],
      ['get_2025-06-16', () => betaConversationsGet(checked, { conversation_id: CONVERSATION_ID })],
      ['history_2025-06-16', () => betaConversationsGetHistory(checked, { conversation_id: CONVERSATION_ID })],
      ['messages_2025-06-16', () => betaConversationsGetMessages(checked, { conversation_id: CONVERSATION_ID })],
    ] as const
    for (const [name, call] of cases) {
      const body = await docs(name)
      wire.answers = [{ body }]
      expect([name, await call()]).toEqual([name, JSON.parse(body)])
    }
    // A single entry: the answer appended after a function result.
    const entry = JSON.parse(await docs('after_function_result_entry_2025-05-27'))
    expect(() => assertValid(ConversationEntrySchema, entry, 'response')).not.toThrow()
    wire.answers = [
      {
        body: JSON.stringify({
          object: 'conversation.response',
          conversation_id: 'conv_06835a34f58773bd8000f46c0d11e42c',
          outputs: [entry],
          usage: {},
        }),
      },
    ]
    const appended = await betaConversationsAppend(checked, {
      conversation_id: 'conv_1',
      inputs: [{ type: 'function.result', tool_call_id: '6TI17yZkV', result: '2.5%' }],
    })
    expect(appended.outputs).toEqual([entry])
  })

  it('a known field of the wrong type fails only under withValidation; new entry types and fields pass', async () => {
    const good = JSON.parse(response)
    const bad = JSON.stringify({ ...good, usage: { ...good.usage, total_tokens: '855' } })
    wire.answers = [{ body: bad }, { body: bad }]
    expect(
      (await betaConversationsAppend(client(), { conversation_id: CONVERSATION_ID, inputs: 'x' })).usage.total_tokens,
    ).toBe('855')
    const error = await betaConversationsAppend(withValidation(client()), {
      conversation_id: CONVERSATION_ID,
      inputs: 'x',
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toMatch(/usage\.total_tokens: /)

    const refused = await betaConversationsStart(withValidation(client()), {
      inputs: [{ role: 'user', content: 42 }],
    } as never).catch((caught: unknown) => caught)
    expect(refused).toBeInstanceOf(InvalidRequestError)
    expect((refused as Error).message).toMatch(/inputs\.0\.content/)
    expect(wire.seen).toHaveLength(2)

    const newer = {
      ...good,
      outputs: [...good.outputs, { type: 'reasoning.summary', object: 'entry', summary: 'x' }],
      shiny: true,
    }
    wire.answers = [{ body: JSON.stringify(newer) }]
    expect(
      await betaConversationsAppend(withValidation(client()), { conversation_id: CONVERSATION_ID, inputs: 'x' }),
    ).toEqual(newer)
    expect(() =>
      assertValid(
        ConversationRequestSchema,
        { inputs: [{ role: 'user', content: 'Hi' }, { type: 'brand.new' }], handoff_execution: 'later' },
        'request',
      ),
    ).not.toThrow()
    expect(() =>
      assertValid(
        ConversationRequestSchema,
        { inputs: [{ type: 'function.result', tool_call_id: 1, result: 'x' }] },
        'request',
      ),
    ).toThrow(/inputs\.0\.tool_call_id/)
  })

  it('start and append get one retry on 503 and none on 500 or a dropped connection; a stream start likewise', async () => {
    wire.answers = [{ status: 503, body: '{"message":"busy"}' }, { body: response }]
    await betaConversationsStart(client(fast), { model: 'm', inputs: 'Hi' })
    expect(wire.seen.map(({ body }) => body)).toEqual(Array(2).fill('{"model":"m","inputs":"Hi"}'))

    wire.seen = []
    wire.answers = [{ status: 500, body: '{"message":"boom"}' }]
    const failed = await betaConversationsAppend(client(fast), { conversation_id: 'c', inputs: 'Hi' }).catch(
      (caught: unknown) => caught,
    )
    expect([failed instanceof SDKError, (failed as SDKError).status, wire.seen.length]).toEqual([true, 500, 1])
    wire.answers = ['drop']
    expect(
      await betaConversationsAppend(client(fast), { conversation_id: 'c', inputs: 'Hi' }).catch(
        (caught: unknown) => caught,
      ),
    ).toBeInstanceOf(ConnectionError)
    expect(wire.seen).toHaveLength(2)

    wire.seen = []
    wire.answers = [{ status: 503, body: '{}' }, streamed(STARTED, DONE)]
    expect(
      (await drain(await betaConversationsStartStream(client(fast), { model: 'm', inputs: 'Hi' }))).chunks,
    ).toEqual([STARTED, DONE])
    wire.answers = ['drop']
    await expect(
      betaConversationsRestartStream(client(fast), { conversation_id: 'c', from_entry_id: 'e' }),
    ).rejects.toBeInstanceOf(ConnectionError)
    expect(wire.seen).toHaveLength(3)
  })

  it('a stream that ends before conversation.response.done throws truncated; an error event throws server-error with its message', async () => {
    wire.answers = [streamed(STARTED, HAND_MADE[4] as object)]
    const truncated = await drain(await betaConversationsStartStream(client(), { model: 'm', inputs: 'Hi' }))
    expect([truncated.chunks.length, (truncated.error as StreamError).reason]).toEqual([2, 'truncated'])

    const failure = { type: 'conversation.response.error', message: 'Model overloaded, try later', code: 3000 }
    wire.answers = [streamed(STARTED, failure, DONE)]
    const failed = await drain(await betaConversationsStartStream(client(), { model: 'm', inputs: 'Hi' }))
    expect(failed.chunks).toEqual([STARTED])
    expect(failed.error).toBeInstanceOf(StreamError)
    expect([
      (failed.error as StreamError).reason,
      (failed.error as StreamError).message,
      (failed.error as StreamError).data,
    ]).toEqual(['server-error', 'Model overloaded, try later', JSON.stringify(failure)])
    wire.answers = [streamed(STARTED, failure)]
    await expect(
      accumulateConversation(await betaConversationsAppendStream(client(), { conversation_id: 'c', inputs: 'Hi' })),
    ).rejects.toThrow('Model overloaded, try later')
  })

  it('abort(), break and an idle gap close the connection', async () => {
    const open = { type: 'text/event-stream', pieces: [sse(STARTED, HAND_MADE[4] as object)], stall: true }
    wire.answers = [open, open, open]
    const broken = await betaConversationsStartStream(client(), { model: 'm', inputs: 'Hi' })
    for await (const event of broken) if (event.type === 'conversation.response.started') break
    await wire.seen[0]?.closed

    const aborted = await betaConversationsStartStream(client(), { model: 'm', inputs: 'Hi' })
    const iterator = aborted[Symbol.asyncIterator]()
    expect((await iterator.next()).value).toEqual(STARTED)
    await iterator.next()
    const pending = iterator.next()
    aborted.abort()
    expect(await pending).toEqual({ done: true, value: undefined })
    await wire.seen[1]?.closed

    const idle = await drain(
      await betaConversationsStartStream(client(), { model: 'm', inputs: 'Hi' }, { idleTimeoutMs: 50 }),
    )
    expect([idle.chunks.length, (idle.error as StreamError).reason]).toEqual([2, 'idle-timeout'])
    await wire.seen[2]?.closed
    expect(wire.seen).toHaveLength(3)
  })
})

/** A response whose body is `bytes` cut into the given pieces. */
const pieces = (chunks: Uint8Array[]) =>
  new Response(
    new ReadableStream({
      start: (controller) => (chunks.forEach((chunk) => controller.enqueue(chunk)), controller.close()),
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  )
/** A client whose fetch answers every request with `respond()`. */
const fetching = (respond: () => Response) =>
  createClient({ apiKey: 'k', fetch: async () => respond(), retries: { strategy: 'none' } })

describe('conversations: streams replayed', () => {
  it('replays the docs web search stream whole and split at every byte boundary, with the same events', async () => {
    const bytes = new TextEncoder().encode(await fixture('sse/conversation_web_search_stream_docs_2025-04_elided.sse'))
    const whole = await betaConversationsStartStream(withValidation(fetching(() => pieces([bytes]))), {
      agent_id: 'ag_1',
      inputs: 'Who won the last European Football cup?',
    })
    const reference = await drain(whole)
    expect(reference.error).toBeUndefined()
    expect(whole.lastEvent?.event).toBe('conversation.response.done')
    expect(reference.chunks.map((event) => event.type)).toEqual([
      'conversation.response.started',
      'tool.execution.started',
      'tool.execution.done',
      ...Array(6).fill('message.output.delta'),
      'conversation.response.done',
    ])
    for (let split = 0; split <= bytes.length; split++) {
      const stream = await betaConversationsStartStream(
        fetching(() => pieces([bytes.subarray(0, split), bytes.subarray(split)])),
        { agent_id: 'ag_1', inputs: 'x' },
      )
      const { chunks, error } = await drain(stream)
      expect([split, chunks, error]).toEqual([split, reference.chunks, undefined])
    }
    expect(await accumulateConversation(reference.chunks)).toEqual({
      object: 'conversation.response',
      conversation_id: 'conv_067f2a98c1a773678000ce73a36b785a',
      outputs: [
        {
          object: 'entry',
          type: 'tool.execution',
          name: 'web_search',
          id: 'tool_exec_067f2a98ca357c8b8000ea212104b290',
        },
        {
          object: 'entry',
          type: 'message.output',
          role: 'assistant',
          id: 'msg_067f2a9925d674ea8000e63c68ae0474',
          agent_id: 'ag_067f2a39ddd67bf68000fa921bc0c25d',
          model: 'mistral-medium-2505',
          // content_index 1 (a tool reference) is in the docs' elided middle.
          content: [
            { type: 'text', text: 'The last European Football' },
            { type: 'text', text: ' tournament.' },
          ],
        },
      ],
      usage: { prompt_tokens: 18709, total_tokens: 18892, completion_tokens: 183 },
    })
  })

  it('passes a hand-made stream through (the unknown event included) and accumulates it', async () => {
    const body = new TextEncoder().encode(sse(...HAND_MADE))
    const stream = await betaConversationsStartStream(withValidation(fetching(() => pieces([body]))), {
      model: 'm',
      inputs: 'Hi',
    })
    const { chunks, error } = await drain(stream)
    expect([chunks, error]).toEqual([HAND_MADE, undefined])
    const accumulated = await accumulateConversation(chunks)
    expect(accumulated).toEqual({
      object: 'conversation.response',
      conversation_id: 'conv_1',
      outputs: [
        {
          object: 'entry',
          type: 'tool.execution',
          name: 'web_search',
          id: 'tool_1',
          arguments: '{"query":"euro 2024"}',
          info: { results: 3 },
        },
        {
          object: 'entry',
          type: 'message.output',
          role: 'assistant',
          id: 'msg_1',
          model: 'mistral-medium-2505',
          content: [
            { type: 'text', text: 'Spain won' },
            { type: 'tool_reference', tool: 'web_search', title: 'UEFA', url: 'https://uefa.com', source: 'brave' },
            { type: 'text', text: '.' },
          ],
        },
        {
          object: 'entry',
          type: 'function.call',
          tool_call_id: 'call_1',
          name: 'get_rate',
          arguments: '{"date": "2024-06-06"}',
          id: 'fc_1',
        },
      ],
      usage: DONE.usage,
    })
    expect(() => assertValid(ConversationEventSchema, { type: 'conversation.brand_new' }, 'response')).not.toThrow()
    for (const output of accumulated.outputs)
      expect(() => assertValid(ConversationEntrySchema, output, 'response')).not.toThrow()
  })

  it('accumulates plain text into one string, from any iterable, sync or async', async () => {
    const events = [
      STARTED,
      ...['Hel', 'lo'].map((content) => ({ type: 'message.output.delta', id: 'm', content })),
      DONE,
    ] as ConversationEvent[]
    const expected = {
      object: 'conversation.response',
      conversation_id: 'conv_1',
      outputs: [{ object: 'entry', type: 'message.output', role: 'assistant', id: 'm', content: 'Hello' }],
      usage: DONE.usage,
    }
    expect(await accumulateConversation(events)).toEqual(expected)
    expect(
      await accumulateConversation(
        (async function* () {
          yield* events
        })(),
      ),
    ).toEqual(expected)
  })

  it('a validating client rejects a known event of the wrong shape; a plain one passes it', async () => {
    const body = () =>
      pieces([new TextEncoder().encode(sse(STARTED, { type: 'message.output.delta', id: 'm', content: 7 }, DONE))])
    const checked = await drain(
      await betaConversationsStartStream(withValidation(fetching(body)), { model: 'm', inputs: 'Hi' }),
    )
    expect(checked.error).toBeInstanceOf(ResponseValidationError)
    expect((checked.error as Error).message).toMatch(/content/)
    const plain = await drain(await betaConversationsStartStream(fetching(body), { model: 'm', inputs: 'Hi' }))
    expect([plain.chunks.length, plain.error]).toEqual([3, undefined])
  })
})

describe('conversations: streams from the mock, with faults', () => {
  const setup = () => {
    const mock = createMockMistral()
    return {
      mock,
      client: createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' }, idleTimeoutMs: 50 }),
    }
  }
  const request = { model: 'mistral-medium-latest', inputs: 'Tell me about the sea and the wind' }
  const fault = (value: string) => ({ headers: { 'x-mock-fault': value } })

  it('a whole stream accumulates to what the non-streamed call returns, conversation id and usage included', async () => {
    const { client } = setup()
    const streamed = await accumulateConversation(await betaConversationsStartStream(client, request))
    expect(streamed.conversation_id).toMatch(/^conv_/)
    expect(streamed.outputs.map((entry) => entry.type)).toEqual(['message.output'])
    const text = (streamed.outputs[0] as { content: string }).content
    expect(text).toContain('**sea and the wind**')
    const whole = await betaConversationsStart(client, request)
    expect((whole.outputs[0] as { content: string }).content).toBe(text)
    expect(streamed.usage).toMatchObject({
      prompt_tokens: whole.usage.prompt_tokens,
      completion_tokens: whole.usage.completion_tokens,
    })
  })

  it('drop-after, malformed-after and stall-after throw StreamError connection, malformed and idle-timeout after what arrived', async () => {
    for (const [value, reason, arrived] of [
      ['drop-after=2', 'connection', 2],
      ['malformed-after=2', 'malformed', 2],
      ['stall-after=3', 'idle-timeout', 3],
    ] as const) {
      const { client, mock } = setup()
      const { chunks, error } = await drain(await betaConversationsStartStream(client, request, fault(value)))
      expect([value, chunks.length, (error as StreamError).reason]).toEqual([value, arrived, reason])
      expect(chunks[0]?.type).toBe('conversation.response.started')
      if (reason === 'idle-timeout') expect(mock.state.stats.cancelled).toBe(1)
    }
  })

  it('an HTTP error from the mock rejects the call itself, and a start is not retried on 500', async () => {
    const { client, mock } = setup()
    const retrying = createClient({
      apiKey: 'k',
      fetch: mock.fetch,
      retries: { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 1 } },
    })
    const before = mock.state.stats.requests
    const error = await betaConversationsStartStream(retrying, request, fault('status=500')).catch(
      (caught: unknown) => caught,
    )
    expect([(error as SDKError).status, mock.state.stats.requests - before]).toEqual([500, 1])
    expect(
      await betaConversationsStartStream(client, request, fault('status=503')).catch(
        (caught: unknown) => (caught as SDKError).status,
      ),
    ).toBe(503)
  })
})
