import { toStandardJsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import type { ChatCompletionResponse, CompletionChunk, Message } from '../chat/schemas.js'
import { createClient } from '../core/client.js'
import { textStream } from '../streaming/text-stream.js'
import { runTools } from './run-tools.js'
import { runToolsStream } from './run-tools-stream.js'
import { type RunnableTool, type ToolContext, tool } from './tool.js'
import type { RunToolsResult, ToolMessage } from './tool-loop.js'

const client = createClient()
const request = { model: 'mistral-small-latest', messages: [{ role: 'user' as const, content: 'Weather?' }] }

describe('tool types', () => {
  it('types execute args from a valibot schema', () => {
    const weather = tool({
      name: 'weather',
      parameters: toStandardJsonSchema(v.object({ city: v.string(), unit: v.optional(v.picklist(['C', 'F'])) })),
      execute: (args, context) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; unit?: 'C' | 'F' | undefined }>()
        expectTypeOf(context).toEqualTypeOf<ToolContext>()
        expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>()
        return { celsius: 21 }
      },
    })
    expectTypeOf(weather).toEqualTypeOf<
      RunnableTool<{ city: string; unit?: 'C' | 'F' | undefined }, { celsius: number }>
    >()
  })

  it('types execute args from a zod schema (its output: a transform applied)', () => {
    tool({
      name: 'pages',
      parameters: z.object({ count: z.string().transform(Number), tags: z.array(z.string()).optional() }),
      execute: async (args) => {
        expectTypeOf(args).toEqualTypeOf<{ count: number; tags?: string[] | undefined }>()
        return 'ok'
      },
    })
  })

  it('refuses a schema without a JSON Schema and a wrong use of the args', () => {
    // @ts-expect-error a bare valibot schema has no ~standard.jsonSchema
    tool({ name: 'x', parameters: v.object({ a: v.string() }), execute: () => 1 })
    tool({
      name: 'y',
      parameters: z.object({ a: z.string() }),
      // @ts-expect-error `a` is a string
      execute: ({ a }) => a.toFixed(),
    })
  })
})

describe('runTools types', () => {
  const weather = tool({ name: 'weather', parameters: z.object({ city: z.string() }), execute: ({ city }) => city })
  const clock = tool({
    name: 'clock',
    parameters: toStandardJsonSchema(v.object({ zone: v.string() })),
    execute: () => 12,
  })

  it('resolves { response, messages: Message[] }, messages ready for the next request', async () => {
    const result = await runTools(client, request, { tools: [weather, clock], maxSteps: 3 })
    expectTypeOf(result).toEqualTypeOf<RunToolsResult>()
    expectTypeOf(result.messages).toEqualTypeOf<Message[]>()
    expectTypeOf(result.response).toEqualTypeOf<ChatCompletionResponse>()
    await runTools(client, { ...request, messages: result.messages }, { tools: [weather] })
  })

  it('onStep sees tool messages that are Messages', () => {
    void runTools(client, request, {
      tools: [weather],
      onStep: ({ step, message, toolResults }) => {
        expectTypeOf(step).toEqualTypeOf<number>()
        const messages: Message[] = [message, ...toolResults.map((result) => result.message)]
        expectTypeOf(toolResults[0]!.message).toEqualTypeOf<ToolMessage>()
        void messages
      },
    })
  })

  it('runToolsStream is an async iterable of chunks with a result', async () => {
    const run = runToolsStream(client, request, { tools: [weather] })
    for await (const chunk of run) expectTypeOf(chunk).toEqualTypeOf<CompletionChunk>()
    expectTypeOf(textStream(run)).toEqualTypeOf<AsyncGenerator<string, void, undefined>>()
    expectTypeOf(run.result).resolves.toEqualTypeOf<RunToolsResult>()
  })
})
