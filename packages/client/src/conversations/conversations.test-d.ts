import { expectTypeOf, test } from 'vitest'
import type { Agent } from '../beta-agents/schemas.js'
import type { EventStream } from '../streaming/event-stream.js'
import type { accumulateConversation } from './accumulate-conversation.js'
import type { betaConversationsStartStream } from './beta-conversations-start-stream.js'
import type {
  ConversationAppendRequest,
  ConversationEvent,
  ConversationHistory,
  ConversationInputs,
  ConversationRequest,
  ConversationResponse,
  FunctionCallEntry,
  FunctionResultEntry,
  MessageOutputEntry,
} from './schemas.js'

declare const response: ConversationResponse
declare const history: ConversationHistory
declare const agent: Agent

test("a response's outputs go back as inputs unchanged, with a function.result answering a function.call", () => {
  expectTypeOf(response.outputs).toExtend<ConversationInputs>()
  expectTypeOf(history.entries).toExtend<ConversationInputs>()
  const call = response.outputs.find((entry): entry is FunctionCallEntry => entry.type === 'function.call')
  if (call) {
    const inputs: ConversationInputs = [
      ...response.outputs,
      { type: 'function.result', tool_call_id: call.tool_call_id, result: '2.5%' },
    ]
    const request: ConversationAppendRequest = { conversation_id: response.conversation_id, inputs }
    expectTypeOf(request).toExtend<ConversationAppendRequest>()
  }
  const result: FunctionResultEntry = { type: 'function.result', tool_call_id: 'call_1', result: '{}' }
  expectTypeOf([result, { role: 'user', content: 'Hi' }] as const).toExtend<ConversationInputs>()
  expectTypeOf({
    inputs: [{ type: 'function.result', tool_call_id: 1, result: 'x' }],
  }).not.toExtend<ConversationRequest>()
})

test('entries and events narrow on type; enum-like fields stay open', () => {
  const entry = response.outputs[0]
  if (entry?.type === 'message.output') expectTypeOf(entry).toEqualTypeOf<MessageOutputEntry>()
  if (entry?.type === 'function.call') expectTypeOf<string>().toExtend<typeof entry.arguments>()
  if (entry?.type === 'tool.execution') expectTypeOf<'web_search' | 'my_connector'>().toExtend<typeof entry.name>()
  const narrow = (event: ConversationEvent) => {
    if (event.type === 'conversation.response.started') expectTypeOf(event.conversation_id).toEqualTypeOf<string>()
    if (event.type === 'function.call.delta') expectTypeOf(event.arguments).toEqualTypeOf<string>()
    if (event.type === 'conversation.response.done')
      expectTypeOf(event.usage.total_tokens).toEqualTypeOf<number | null | undefined>()
  }
  expectTypeOf(narrow).toBeFunction()
  expectTypeOf({
    inputs: 'Hi',
    handoff_execution: 'later',
    completion_args: { tool_choice: 'sometimes' },
  }).toExtend<ConversationRequest>()
})

test("an agent's tools and completion args go into a conversation as they are; the stream accumulates to a response", () => {
  expectTypeOf({
    model: agent.model,
    inputs: 'Hi',
    tools: agent.tools,
    completion_args: agent.completion_args,
    instructions: agent.instructions,
  }).toExtend<ConversationRequest>()
  expectTypeOf<ReturnType<typeof betaConversationsStartStream>>().toEqualTypeOf<
    Promise<EventStream<ConversationEvent>>
  >()
  expectTypeOf<ReturnType<typeof accumulateConversation>>().toEqualTypeOf<Promise<ConversationResponse>>()
  expectTypeOf<EventStream<ConversationEvent>>().toExtend<Parameters<typeof accumulateConversation>[0]>()
})
