import { expectTypeOf, test } from 'vitest'
import type { betaAgentsDelete } from './beta-agents-delete.js'
import type {
  Agent,
  AgentCreationRequest,
  AgentsGetVersionRequest,
  AgentsListRequest,
  AgentUpdateRequest,
  CompletionArgs,
} from './schemas.js'

declare const agent: Agent

test("an agent's fields go back into a create or an update as they are", () => {
  const { model, name, instructions, tools, completion_args, description, handoffs } = agent
  expectTypeOf({
    model,
    name,
    instructions,
    tools,
    completion_args,
    description,
    handoffs,
  }).toExtend<AgentCreationRequest>()
  expectTypeOf({
    agent_id: agent.id,
    tools: agent.tools,
    completion_args: agent.completion_args,
  }).toExtend<AgentUpdateRequest>()
  expectTypeOf({ model: 'm' }).not.toExtend<AgentCreationRequest>()
})

test('tools are typed by kind and readonly; enum-like fields stay open', () => {
  const tools = [{ type: 'web_search' }, { type: 'function', function: { name: 'f', parameters: {} } }] as const
  expectTypeOf({ model: 'm', name: 'n', tools }).toExtend<AgentCreationRequest>()
  expectTypeOf({ tool_choice: 'sometimes', temperature: 0.3 }).toExtend<CompletionArgs>()
  expectTypeOf({ sources: ['api', 'future'] as readonly string[] }).toExtend<AgentsListRequest>()
  expectTypeOf<Agent['version']>().toEqualTypeOf<number>()
})

test('a version in the path is a string; deletes resolve to nothing', () => {
  expectTypeOf({ agent_id: 'a', version: '1' }).toExtend<AgentsGetVersionRequest>()
  expectTypeOf({ agent_id: 'a', version: 1 }).not.toExtend<AgentsGetVersionRequest>()
  expectTypeOf<ReturnType<typeof betaAgentsDelete>>().toEqualTypeOf<Promise<void>>()
})
