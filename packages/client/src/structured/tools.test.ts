import { Buffer } from 'node:buffer'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toStandardJsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ChatCompletionRequest, CompletionChunk, Message } from '../chat/schemas.js'
import { createClient } from '../core/client.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { textStream } from '../streaming/text-stream.js'
import { runTools } from './run-tools.js'
import { runToolsStream } from './run-tools-stream.js'
import { type RunnableTool, type ToolContext, tool } from './tool.js'
import type { RunToolsStep } from './tool-loop.js'

// ---------------------------------------------------------------------------------------------------------------
// A loopback server scripted step by step: each request gets the next answer, a completion (JSON) or the chunks of
// a stream (SSE, when the request accepts text/event-stream); `hold` never answers.
// ---------------------------------------------------------------------------------------------------------------

type Answer = { completion: unknown } | { chunks: unknown[] } | 'hold'
let server: Server
let baseURL = ''
const bodies: any[] = []
let script: Answer[] = []
let onRequest: () => void = () => {}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      onRequest()
      const answer = script.shift() ?? { completion: {} }
      if (answer === 'hold') return
      if ('chunks' in answer) {
        response.writeHead(200, { 'content-type': 'text/event-stream' })
        response.end(`${answer.chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`)
      } else {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(answer.completion))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  return new Promise<void>((resolve) => server.close(() => resolve()))
})
beforeEach(() => {
  bodies.length = 0
  script = []
  onRequest = () => {}
})

const loopback = () => createClient({ apiKey: 'k', baseURL, retries: { strategy: 'none' } })

/** A tool call as the API returns it. */
const call = (id: string, name: string, args: string, index = 0) => ({
  id,
  type: 'function',
  index,
  function: { name, arguments: args },
})
/** An assistant message as the API returns it. */
const assistant = (content: string, toolCalls: unknown[] | null = null) => ({
  role: 'assistant',
  content,
  tool_calls: toolCalls,
  prefix: false,
})
/** A completion of one choice. */
const completion = (message: ReturnType<typeof assistant>, id = 'cmpl') => ({
  completion: {
    id,
    object: 'chat.completion',
    created: 1,
    model: 'mistral-small-latest',
    usage: { total_tokens: 9 },
    choices: [{ index: 0, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', message }],
  },
})

const user: Message = { role: 'user', content: 'Weather in Paris and Lyon?' }
const request: ChatCompletionRequest = { model: 'mistral-small-latest', messages: [user], temperature: 0 }

const weather = tool({
  name: 'weather',
  description: 'Current weather in a city',
  parameters: toStandardJsonSchema(v.object({ city: v.string(), unit: v.optional(v.picklist(['C', 'F'])) })),
  execute: ({ city, unit = 'C' }) => ({ city, temperature: city === 'Paris' ? 21 : 18, unit }),
})
const clock = tool({
  name: 'clock',
  parameters: z.object({ zone: z.string() }),
  execute: ({ zone }) => `12:00 in ${zone}`,
})

const WEATHER_DEFINITION = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Current weather in a city',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { anyOf: [{ enum: ['C', 'F'], type: 'string' }, { type: 'null' }] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
}
const CLOCK_DEFINITION = {
  type: 'function',
  function: {
    name: 'clock',
    description: '',
    strict: true,
    parameters: {
      type: 'object',
      properties: { zone: { type: 'string' } },
      required: ['zone'],
      additionalProperties: false,
    },
  },
}

describe('tool', () => {
  it('carries the API definition (strict parameters), the schema and execute', () => {
    expect({ type: weather.type, function: weather.function }).toEqual(WEATHER_DEFINITION)
    expect({ type: clock.type, function: clock.function }).toEqual(CLOCK_DEFINITION)
    expect(typeof weather.schema['~standard'].validate).toBe('function')
    const loose = tool({
      name: 'loose',
      parameters: z.object({ q: z.string().optional() }),
      execute: () => 1,
      strict: false,
    })
    expect(loose.function).toEqual({
      name: 'loose',
      description: '',
      strict: false,
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { q: { type: 'string' } },
      },
    })
    expect(() => tool({ name: 'bad', parameters: v.object({}) as never, execute: () => 1 })).toThrow(
      /^tool bad: the schema has no ~standard.jsonSchema/,
    )
  })
})

describe('runTools', () => {
  it('loops: chat, tools, chat; every request carries the exact messages; resolves with the last response and all messages', async () => {
    const first = assistant('', [
      call('c1', 'weather', '{"city":"Paris","unit":null}', 0),
      call('c2', 'clock', '{"zone":"CET"}', 1),
    ])
    const last = assistant('21 °C in Paris; it is noon.')
    script = [completion(first, 'one'), completion(last, 'two')]
    const { response, messages } = await runTools(loopback(), request, { tools: [weather, clock] })
    const toolMessages = [
      { role: 'tool', content: '{"city":"Paris","temperature":21,"unit":"C"}', tool_call_id: 'c1', name: 'weather' },
      { role: 'tool', content: '12:00 in CET', tool_call_id: 'c2', name: 'clock' },
    ]
    expect(bodies).toEqual([
      {
        model: 'mistral-small-latest',
        temperature: 0,
        messages: [user],
        tools: [WEATHER_DEFINITION, CLOCK_DEFINITION],
      },
      {
        model: 'mistral-small-latest',
        temperature: 0,
        messages: [user, first, ...toolMessages],
        tools: [WEATHER_DEFINITION, CLOCK_DEFINITION],
      },
    ])
    expect(response.id).toBe('two')
    expect(messages).toEqual([user, first, ...toolMessages, last])
    expect(request.messages).toEqual([user])
  })

  it('keeps the tools of the request, and answers at once when the model calls none', async () => {
    script = [completion(assistant('Hello'))]
    const own = { type: 'function' as const, function: { name: 'other', parameters: { type: 'object' } } }
    const { response, messages } = await runTools(loopback(), { ...request, tools: [own] }, { tools: [clock] })
    expect(bodies).toHaveLength(1)
    expect(bodies[0].tools).toEqual([own, CLOCK_DEFINITION])
    expect(response.choices[0]?.message.content).toBe('Hello')
    expect(messages).toEqual([user, assistant('Hello')])
  })

  it('runs the calls of one answer concurrently, and appends their messages in the calls order', async () => {
    const started: Record<string, () => void> = {}
    const startedPromises = Object.fromEntries(
      ['a', 'b'].map((name) => [name, new Promise<void>((resolve) => (started[name] = resolve))]),
    )
    const waiter = (name: 'a' | 'b', other: 'a' | 'b', delay: number) =>
      tool({
        name,
        parameters: z.object({}),
        execute: async () => {
          started[name]?.()
          const timeout = new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`${other} never started: the calls ran one after the other`)), 2000),
          )
          await Promise.race([startedPromises[other], timeout])
          await new Promise((resolve) => setTimeout(resolve, delay))
          return `${name} done`
        },
      })
    script = [
      completion(assistant('', [call('x1', 'a', '{}', 0), call('x2', 'b', '{}', 1)])),
      completion(assistant('ok')),
    ]
    const { messages } = await runTools(loopback(), request, { tools: [waiter('a', 'b', 50), waiter('b', 'a', 0)] })
    expect(messages.slice(2, 4)).toEqual([
      { role: 'tool', content: 'a done', tool_call_id: 'x1', name: 'a' },
      { role: 'tool', content: 'b done', tool_call_id: 'x2', name: 'b' },
    ])
  })

  it('arguments that are not JSON or are rejected, a throwing tool and an unknown tool go back as error texts', async () => {
    const failing = tool({
      name: 'failing',
      parameters: z.object({}),
      execute: () => {
        throw new Error('the service is down')
      },
    })
    const throwsString = tool({
      name: 'odd',
      parameters: z.object({}),
      execute: () => {
        throw 'plain string'
      },
    })
    const calls = [
      call('e1', 'weather', '{"city":', 0),
      call('e2', 'weather', '{"city":7}', 1),
      call('e3', 'failing', '{}', 2),
      call('e4', 'nope', '{}', 3),
      call('e5', 'odd', '', 4),
      { id: 'e6', type: 'function', index: 5, function: { name: 'weather', arguments: { city: 'Lyon' } } },
    ]
    script = [completion(assistant('', calls)), completion(assistant('Sorry.'))]
    const steps: RunToolsStep[] = []
    const { messages } = await runTools(loopback(), request, {
      tools: [weather, failing, throwsString],
      onStep: (step) => void steps.push(step),
    })
    const contents = messages.filter((message) => message.role === 'tool').map((message) => message.content)
    expect(contents).toEqual([
      expect.stringMatching(/^Error: the arguments of weather is not JSON: /),
      'Error: the arguments of weather does not match the schema: city: Invalid type: Expected string but received 7',
      'Error: the service is down',
      'Error: unknown tool "nope"; the tools are weather, failing, odd',
      'Error: plain string',
      '{"city":"Lyon","temperature":18,"unit":"C"}',
    ])
    expect(bodies[1].messages.slice(2).map((message: any) => [message.tool_call_id, message.name])).toEqual([
      ['e1', 'weather'],
      ['e2', 'weather'],
      ['e3', 'failing'],
      ['e4', 'nope'],
      ['e5', 'odd'],
      ['e6', 'weather'],
    ])
    const results = steps[0]?.toolResults ?? []
    expect(results.map((result) => ('error' in result ? 'error' : 'result'))).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
      'result',
    ])
    expect((results[2]!.error as Error).message).toBe('the service is down')
    expect(results[5]?.result).toEqual({ city: 'Lyon', temperature: 18, unit: 'C' })
  })

  it('maxSteps reached: resolves with the last response, the last tool messages appended', async () => {
    const ask = (id: string) => completion(assistant('', [call(id, 'clock', '{"zone":"UTC"}')]), id)
    script = [ask('s1'), ask('s2'), ask('s3')]
    const { response, messages } = await runTools(loopback(), request, { tools: [clock], maxSteps: 2 })
    expect(bodies).toHaveLength(2)
    expect(response.id).toBe('s2')
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool'])
    expect(messages[4]).toEqual({ role: 'tool', content: '12:00 in UTC', tool_call_id: 's2', name: 'clock' })
    await expect(runTools(loopback(), request, { tools: [clock], maxSteps: 0 })).rejects.toThrow(
      new TypeError('runTools: maxSteps must be an integer >= 1, got 0'),
    )
  })

  it('signal: passed to the tools, and aborting it mid-step rejects with RequestAbortedError', async () => {
    const controller = new AbortController()
    const contexts: ToolContext[] = []
    const spy = tool({
      name: 'spy',
      parameters: z.object({}),
      execute: (_args, context) => void contexts.push(context),
    })
    script = [completion(assistant('', [call('k1', 'spy', '{}')])), 'hold']
    onRequest = () => bodies.length === 2 && controller.abort(new Error('user left'))
    const error = await runTools(loopback(), request, { tools: [spy], signal: controller.signal }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect((error as RequestAbortedError).cause).toEqual(new Error('user left'))
    expect(contexts).toEqual([{ signal: controller.signal, toolCallId: 'k1' }])
    expect(bodies).toHaveLength(2)
  })

  it('a signal aborted while the tools run stops the loop before the next chat call', async () => {
    const controller = new AbortController()
    const aborting = tool({
      name: 'aborting',
      parameters: z.object({}),
      execute: (_args, { signal }) => (controller.abort(), signal.aborted),
    })
    script = [completion(assistant('', [call('k1', 'aborting', '{}')]))]
    await expect(
      runTools(loopback(), request, { tools: [aborting], signal: controller.signal }),
    ).rejects.toBeInstanceOf(RequestAbortedError)
    expect(bodies).toHaveLength(1)
  })

  it('a tool without a signal from the caller still gets one, never aborted', async () => {
    let seen: AbortSignal | undefined
    const probe = tool({
      name: 'probe',
      parameters: z.object({}),
      execute: (_args, { signal }) => void (seen = signal),
    })
    script = [completion(assistant('', [call('p1', 'probe', '{}')])), completion(assistant('done'))]
    const { messages } = await runTools(loopback(), request, { tools: [probe] })
    expect(seen).toBeInstanceOf(AbortSignal)
    expect(seen?.aborted).toBe(false)
    expect(messages[2]).toEqual({ role: 'tool', content: '', tool_call_id: 'p1', name: 'probe' })
  })

  it('onStep sees each step: its number, response, message and tool results', async () => {
    const first = assistant('', [call('c1', 'clock', '{"zone":"UTC"}')])
    script = [completion(first, 'one'), completion(assistant('noon'), 'two')]
    const steps: RunToolsStep[] = []
    await runTools(loopback(), request, { tools: [clock], onStep: async (step) => void steps.push(step) })
    expect(
      steps.map(({ step, response, message, toolResults }) => ({ step, id: response.id, message, toolResults })),
    ).toEqual([
      {
        step: 1,
        id: 'one',
        message: first,
        toolResults: [
          {
            call: first.tool_calls?.[0],
            result: '12:00 in UTC',
            message: { role: 'tool', content: '12:00 in UTC', tool_call_id: 'c1', name: 'clock' },
          },
        ],
      },
      { step: 2, id: 'two', message: assistant('noon'), toolResults: [] },
    ])
  })
})

describe('runToolsStream', () => {
  /** The chunks of a streamed answer: text in two pieces, or one tool call in fragments. */
  const chunk = (delta: unknown, finish: string | null = null): CompletionChunk =>
    ({
      id: 's',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'mistral-small-latest',
      choices: [{ index: 0, delta, finish_reason: finish }],
    }) as CompletionChunk
  const toolStep = [
    chunk({ role: 'assistant', content: '' }),
    chunk({
      tool_calls: [{ id: 'c1', type: 'function', index: 0, function: { name: 'weather', arguments: '{"city":' } }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { name: '', arguments: '"Paris"}' } }] }, 'tool_calls'),
  ]
  const textStep = [chunk({ role: 'assistant', content: '21 °C ' }), chunk({ content: 'in Paris.' }, 'stop')]

  it('yields the chunks of each step, and result holds the messages runTools would give', async () => {
    script = [{ chunks: toolStep }, { chunks: textStep }]
    const steps: number[] = []
    const run = runToolsStream(loopback(), request, { tools: [weather], onStep: ({ step }) => void steps.push(step) })
    expect(bodies).toHaveLength(0)
    const received: CompletionChunk[] = []
    for await (const item of run) received.push(item)
    expect(received).toEqual([...toolStep, ...textStep])
    expect(bodies.map((body) => body.stream)).toEqual([true, true])
    const assistantMessage = {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'c1', type: 'function', index: 0, function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      ],
    }
    const toolMessage = {
      role: 'tool',
      content: '{"city":"Paris","temperature":21,"unit":"C"}',
      tool_call_id: 'c1',
      name: 'weather',
    }
    expect(bodies[1].messages).toEqual([user, assistantMessage, toolMessage])
    const { response, messages } = await run.result
    expect(messages).toEqual([
      user,
      assistantMessage,
      toolMessage,
      { role: 'assistant', content: '21 °C in Paris.', tool_calls: null },
    ])
    expect(response.choices[0]?.message.content).toBe('21 °C in Paris.')
    expect(steps).toEqual([1, 2])
  })

  it('composes with textStream', async () => {
    script = [{ chunks: toolStep }, { chunks: textStep }]
    const texts: string[] = []
    for await (const text of textStream(runToolsStream(loopback(), request, { tools: [weather] }))) texts.push(text)
    expect(texts).toEqual(['21 °C ', 'in Paris.'])
  })

  it('an abort mid-stream throws RequestAbortedError from the iteration and rejects result', async () => {
    const controller = new AbortController()
    script = [{ chunks: toolStep }, 'hold']
    onRequest = () => bodies.length === 2 && setTimeout(() => controller.abort(), 20)
    const run = runToolsStream(loopback(), request, { tools: [weather], signal: controller.signal })
    const received: CompletionChunk[] = []
    const error = await (async () => {
      for await (const item of run) received.push(item)
    })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(received).toEqual(toolStep)
    await expect(run.result).rejects.toBe(error)
  })

  it('leaving the iteration early rejects result', async () => {
    script = [{ chunks: textStep }]
    const run = runToolsStream(loopback(), request, { tools: [weather] })
    for await (const item of run) if (item) break
    await expect(run.result).rejects.toThrow('runToolsStream: the iteration was left before the loop ended')
  })
})

// A RunnableTool of any arguments fits the tools list.
const _tools: readonly RunnableTool[] = [weather, clock]
void _tools
