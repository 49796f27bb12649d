import { expectTypeOf, test } from 'vitest'
import type { accumulateChunks } from '../streaming/accumulate-chunks.js'
import type {
  AssistantMessageOut,
  ChatCompletionRequest,
  ChatCompletionResponse,
  ContentChunk,
  ContentPart,
  FinishReason,
  Message,
  Tool,
  ToolCallOut,
} from './schemas.js'

// The round trips of shared/API.md §1 "Types": what a response gives is sent back unchanged, without a cast.

declare const response: ChatCompletionResponse
declare const accumulated: Awaited<ReturnType<typeof accumulateChunks>>

test('a completion message is pushed onto the request messages as it is', () => {
  const messages: Message[] = [{ role: 'user', content: 'Hi' }]
  messages.push(response.choices[0]!.message)
  expectTypeOf(response.choices[0]!.message).toExtend<Message>()
  expectTypeOf({ model: 'mistral-small-latest', messages }).toExtend<ChatCompletionRequest>()
})

test('the message accumulated from a stream is pushed the same way', () => {
  expectTypeOf(accumulated).toEqualTypeOf<ChatCompletionResponse>()
  const messages: Message[] = []
  messages.push(accumulated.choices[0]!.message)
})

test('a tool-call turn: the message with tool_calls, then a tool message per call, then the next request', () => {
  const messages: Message[] = [{ role: 'user', content: 'Weather in Paris?' }]
  const message = response.choices[0]!.message
  messages.push(message)
  for (const call of message.tool_calls ?? []) {
    expectTypeOf(call).toEqualTypeOf<ToolCallOut>()
    // `function` is nullish: the API has returned `function: null` (tool_calls[].function in shared/API.md §1 fixes).
    messages.push({ role: 'tool', tool_call_id: call.id, name: call.function?.name, content: '15°C' })
  }
  const next: ChatCompletionRequest['messages'] = messages
  expectTypeOf(next).toExtend<ChatCompletionRequest['messages']>()
})

test('the assistant message of a response has a literal role, nullish content and tool calls', () => {
  const message = response.choices[0]!.message
  expectTypeOf(message).toEqualTypeOf<AssistantMessageOut>()
  expectTypeOf(message.role).toEqualTypeOf<'assistant'>()
  expectTypeOf(message.content).toEqualTypeOf<string | ContentPart[] | null | undefined>()
  expectTypeOf(message.tool_calls).toEqualTypeOf<ToolCallOut[] | null | undefined>()
  expectTypeOf(response.id).toEqualTypeOf<string | null | undefined>()
  expectTypeOf(response.usage!.total_tokens).toEqualTypeOf<number | null | undefined>()
})

test('response content parts narrow on their literal type', () => {
  const part = {} as ContentPart
  if (part.type === 'thinking') {
    const inner = part.thinking[0]!
    if (inner.type === 'text') expectTypeOf(inner.text).toEqualTypeOf<string>()
    expectTypeOf(part.closed).toEqualTypeOf<boolean | null | undefined>()
  } else if (part.type === 'text') {
    expectTypeOf(part.text).toEqualTypeOf<string>()
  }
  expectTypeOf(part.type).toEqualTypeOf<
    'text' | 'image_url' | 'document_url' | 'reference' | 'file' | 'thinking' | 'input_audio'
  >()
  expectTypeOf<ContentPart>().toExtend<ContentChunk>()
})

test('finish_reason is an open union: known values compare and autocomplete, an unknown one is accepted', () => {
  const reason = response.choices[0]!.finish_reason
  expectTypeOf(reason).toEqualTypeOf<FinishReason | null | undefined>()
  if (reason === 'tool_calls') {
    // Null is gone; TypeScript keeps the open member `string & {}` next to the literal after `===`.
    expectTypeOf(reason).toEqualTypeOf<'tool_calls' | (string & {})>()
  }
  expectTypeOf<'stop' | 'length' | 'model_length' | 'error' | 'tool_calls'>().toExtend<FinishReason>()
  expectTypeOf<'content_filter'>().toExtend<FinishReason>()
  // @ts-expect-error a number is not a finish reason
  expectTypeOf<5>().toExtend<FinishReason>()
})

test('enum-like request fields are open: reasoning_effort "max", a new service tier', () => {
  expectTypeOf({
    model: 'm',
    messages: [],
    reasoning_effort: 'max',
    service_tier: 'gold',
  } as const).toExtend<ChatCompletionRequest>()
  expectTypeOf<'none' | 'low' | 'medium' | 'high'>().toExtend<NonNullable<ChatCompletionRequest['reasoning_effort']>>()
})

test('object unions are closed in types: an unknown role, tool or part needs a cast (validation passes them)', () => {
  // Decision: closed unions keep `switch (message.role)` narrowing; an open `string & {}` member would spoil it.
  // @ts-expect-error role 'developer' is not one of the four known roles
  const developer: Message = { role: 'developer', content: 'Be brief.' }
  const cast = { role: 'developer', content: 'Be brief.' } as unknown as Message
  // @ts-expect-error a tool type this library does not know
  const teleport: Tool = { type: 'teleport' }
  // @ts-expect-error a part type this library does not know
  const video: ContentChunk = { type: 'video', url: 'x' }
  expectTypeOf([developer, cast]).toExtend<ChatCompletionRequest['messages']>()
  expectTypeOf([teleport]).toExtend<NonNullable<ChatCompletionRequest['tools']>>()
  expectTypeOf(video).toExtend<ContentChunk>()
})

test('request arrays accept readonly arrays', () => {
  const messages: readonly Message[] = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] as const }]
  const tools: readonly Tool[] = [{ type: 'document_library', library_ids: ['lib'] as const }]
  const stop: readonly string[] = ['\n']
  expectTypeOf({ model: 'm', messages, tools, stop }).toExtend<ChatCompletionRequest>()
  expectTypeOf<readonly ContentChunk[]>().toExtend<Extract<Message, { role: 'user' }>['content']>()
})
