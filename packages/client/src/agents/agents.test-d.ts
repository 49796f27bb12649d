import { expectTypeOf, test } from 'vitest'
import type { ChatCompletionResponse, Message } from '../chat/schemas.js'
import type { AgentsCompletionRequest } from './schemas.js'

declare const response: ChatCompletionResponse

test('an agents request takes readonly messages and tools, and a returned message as it is', () => {
  const messages: readonly Message[] = [{ role: 'user', content: 'Hi' }, response.choices[0]!.message]
  expectTypeOf({
    agent_id: 'ag_1',
    messages,
    tools: [] as const,
    reasoning_effort: 'max',
  }).toExtend<AgentsCompletionRequest>()
  expectTypeOf<AgentsCompletionRequest['messages']>().toEqualTypeOf<readonly Message[]>()
})
