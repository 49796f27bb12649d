import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { HTTPClient, Mistral } from '@mistralai/mistralai'
import { describe, expect, it } from 'vitest'

// The official SDK (2.7.0) parses every answer of the mock's agents and conversations routes with its own zod
// schemas. A failure here means the mock is not faithful to what the SDK accepts: fix the mock.

/** The official SDK wired to a mock through its custom HTTP client option. */
function official(mock: MockMistral = createMockMistral()) {
  const httpClient = new HTTPClient({ fetcher: (request) => mock.fetch(request) })
  return { mock, sdk: new Mistral({ apiKey: 'official-key', serverURL: 'https://api.mistral.ai', httpClient }) }
}

const rateTool = {
  type: 'function' as const,
  function: {
    name: 'get_european_central_bank_interest_rate',
    description: 'Retrieve the real interest rate of European central bank.',
    parameters: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
  },
}

describe('the official SDK against the mock agents and conversations routes', () => {
  it('beta.agents.create and .get: the Agent schema with its versions', async () => {
    const { sdk } = official()
    const agent = await sdk.beta.agents.create({
      model: 'mistral-medium-latest',
      name: 'ecb-interest-rate-agent',
      description: 'Finds the ECB rate',
      tools: [rateTool],
      completionArgs: { temperature: 0.3 },
    })
    expect(agent).toMatchObject({
      object: 'agent',
      version: 0,
      versions: [0],
      model: 'mistral-medium-latest',
      name: 'ecb-interest-rate-agent',
      description: 'Finds the ECB rate',
      deploymentChat: false,
      source: 'api',
    })
    expect(agent.id).toMatch(/^ag_[0-9a-f]{32}$/)
    expect(agent.createdAt).toBeInstanceOf(Date)
    expect(agent.completionArgs).toMatchObject({ temperature: 0.3, toolChoice: 'auto' })
    expect(agent.tools).toEqual([{ type: 'function', function: { ...rateTool.function, strict: false } }])

    await sdk.beta.agents.update({ agentId: agent.id, updateAgentRequest: { description: 'Edited' } })
    const got = await sdk.beta.agents.get({ agentId: agent.id })
    expect(got).toMatchObject({ id: agent.id, version: 1, versions: [0, 1], description: 'Edited' })
    expect(got.createdAt.getTime()).toBe(agent.createdAt.getTime())
    expect((await sdk.beta.agents.get({ agentId: agent.id, agentVersion: 0 })).description).toBe('Finds the ECB rate')
  })

  it('beta.conversations.start and .append: text, a function call, its result, and the history', async () => {
    const { sdk } = official()
    const agent = await sdk.beta.agents.create({ model: 'mistral-medium-latest', name: 'rates', tools: [rateTool] })
    const started = await sdk.beta.conversations.start({ agentId: agent.id, inputs: 'Who is Albert Einstein?' })
    expect(started.object).toBe('conversation.response')
    expect(started.conversationId).toMatch(/^conv_[0-9a-f]{32}$/)
    expect(started.outputs).toHaveLength(1)
    expect(started.outputs[0]).toMatchObject({
      type: 'message.output',
      role: 'assistant',
      agentId: agent.id,
      model: 'mistral-medium-latest',
    })
    expect((started.outputs[0] as { content: string }).content).toContain('**Albert Einstein**')
    expect(started.usage).toMatchObject({ connectorTokens: null, connectors: null })
    expect(started.usage.totalTokens).toBe((started.usage.promptTokens ?? 0) + (started.usage.completionTokens ?? 0))

    const called = await sdk.beta.conversations.append({
      conversationId: started.conversationId,
      conversationAppendRequest: { inputs: 'Get European central bank interest rate, please.' },
    })
    const call = called.outputs[0] as { type: string; name: string; arguments: string; toolCallId: string }
    expect(call).toMatchObject({
      type: 'function.call',
      name: 'get_european_central_bank_interest_rate',
      arguments: '{"date": "European"}',
    })

    const answered = await sdk.beta.conversations.append({
      conversationId: started.conversationId,
      conversationAppendRequest: { inputs: [{ type: 'function.result', toolCallId: call.toolCallId, result: '2.5%' }] },
    })
    expect(answered.outputs[0]).toMatchObject({
      type: 'message.output',
      content: 'The function get_european_central_bank_interest_rate returned 2.5%.',
    })
    const history = await sdk.beta.conversations.getHistory({ conversationId: started.conversationId })
    expect(history.entries.map((entry) => entry.type)).toEqual([
      'message.input',
      'message.output',
      'message.input',
      'function.call',
      'function.result',
      'message.output',
    ])
    const conversation = await sdk.beta.conversations.get({ conversationId: started.conversationId })
    expect(conversation).toMatchObject({ id: started.conversationId, agentId: agent.id, object: 'conversation' })
  })

  it('beta.conversations.startStream: every event parsed, in order, the text joined equals the plain answer', async () => {
    const { sdk } = official()
    const stream = await sdk.beta.conversations.startStream({
      model: 'mistral-medium-latest',
      inputs: 'Who won the last Euro?',
      tools: [{ type: 'web_search' }],
    })
    const events: { event: string; data: Record<string, unknown> & { type: string } }[] = []
    for await (const event of stream) events.push(event as unknown as (typeof events)[number])
    expect(events.every(({ event, data }) => event === data.type)).toBe(true)
    const names = events.map(({ event }) => event)
    expect(names.slice(0, 3)).toEqual([
      'conversation.response.started',
      'tool.execution.started',
      'tool.execution.done',
    ])
    expect(names.at(-1)).toBe('conversation.response.done')
    expect(events[0]?.data.conversationId).toMatch(/^conv_/)
    expect(events[1]?.data).toMatchObject({
      name: 'web_search',
      arguments: '{"query": "Who won the last Euro?"}',
      outputIndex: 0,
    })
    const deltas = events.filter(({ event }) => event === 'message.output.delta').map(({ data }) => data)
    expect(deltas.every((data) => data.outputIndex === 1 && data.role === 'assistant')).toBe(true)
    const text = deltas.map((data) => (typeof data.content === 'string' ? data.content : '')).join('')
    expect(text).toContain('**won the last Euro**')
    expect(deltas.find((data) => typeof data.content === 'object')?.content).toEqual({
      type: 'tool_reference',
      tool: 'web_search',
      title: 'Results for Who won the last Euro?',
      url: 'https://search.mock.mistral.ai/?q=Who%20won%20the%20last%20Euro%3F',
      favicon: null,
      description: null,
    })
    expect(events.at(-1)?.data.usage).toMatchObject({ connectors: { web_search: 1 } })

    const fn = await sdk.beta.conversations.startStream({
      model: 'mistral-small-latest',
      inputs: 'get european central bank interest rate',
      tools: [rateTool],
    })
    const calls: Record<string, unknown>[] = []
    for await (const event of fn)
      if (event.event === 'function.call.delta') calls.push(event.data as unknown as Record<string, unknown>)
    expect(calls.map((data) => data.arguments).join('')).toBe('{"date": "european"}')
    expect(calls[0]).toMatchObject({
      name: 'get_european_central_bank_interest_rate',
      toolCallId: expect.stringMatching(/^[A-Za-z0-9]{9}$/),
    })
  })
})
