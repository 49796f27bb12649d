import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMockMistral, type MockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/sdk_reserialized/${name}`, import.meta.url), 'utf8'))
const call = (path: string, init: RequestInit = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    ...init,
    headers: {
      authorization: 'Bearer k',
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  })
const post = (mock: MockMistral, path: string, body: unknown, headers: Record<string, string> = {}) =>
  mock.fetch(call(path, { method: 'POST', body: JSON.stringify(body), headers }))
const send = async (mock: MockMistral, method: string, path: string, body?: unknown) => {
  const response = await mock.fetch(
    call(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  )
  return { status: response.status, body: response.status === 204 ? await response.text() : await response.json() }
}
const keys = (value: object) => Object.keys(value).sort()
const types = (entries: { type: string }[]) => entries.map((entry) => entry.type)

/** Splits an SSE body into `[event, data]` pairs, checking that every frame is `event: <type>\ndata: <json>` with the same type. */
function frames(text: string): [string, Record<string, unknown>][] {
  expect(text.endsWith('\n\n')).toBe(true)
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      const match = /^event: (\S+)\ndata: (.+)$/.exec(frame)
      expect(match, frame).not.toBeNull()
      const data = JSON.parse(match?.[2] as string)
      expect(data.type).toBe(match?.[1])
      return [match?.[1] as string, data]
    })
}

const ecb = capture('docs_agent_create_function_tool_2025-05-27.json')
const ecbAgent = {
  model: ecb.model,
  name: ecb.name,
  description: ecb.description,
  instructions: ecb.instructions,
  tools: ecb.tools,
}
// The chat mock's prose about the message: its subject in bold, then a list.
const ANSWER = /^.*\*\*Albert Einstein\*\*[\s\S]*\n(?:- |1\. )/

async function agent(
  mock: MockMistral,
  body: Record<string, unknown> = { model: 'mistral-medium-latest', name: 'Simple Agent' },
) {
  return (await send(mock, 'POST', '/v1/agents', body)).body as { id: string; name: string }
}

describe('conversations: start, append, history, messages, restart', () => {
  it('starts with an agent: the docs response shape, a deterministic answer about the input, usage', async () => {
    const mock = createMockMistral()
    const { id } = await agent(mock)
    const response = await post(mock, '/v1/conversations', { agent_id: id, inputs: 'Who is Albert Einstein?' })
    const body = await response.json()
    const wire = capture('docs_conversation_append_2025-06-16.json')
    expect(response.status).toBe(200)
    expect(keys(body)).toEqual(keys(wire))
    expect(keys(body.outputs[0])).toEqual(keys(wire.outputs[0]))
    expect(keys(body.usage)).toEqual(keys(wire.usage))
    expect(body.conversation_id).toMatch(/^conv_[0-9a-f]{32}$/)
    const [output] = body.outputs
    expect(output).toMatchObject({
      object: 'entry',
      type: 'message.output',
      agent_id: id,
      model: 'mistral-medium-latest',
      role: 'assistant',
    })
    expect(output.id).toMatch(/^msg_[0-9a-f]{32}$/)
    expect(output.content).toMatch(ANSWER)
    expect(output.completed_at > output.created_at).toBe(true)
    expect(body.usage).toMatchObject({ connector_tokens: null, connectors: null })
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens)
    expect(body.usage.prompt_tokens).toBeGreaterThan(0)

    // The same input gets the same text from another mock (ids differ with the seed, the text does not).
    const other = createMockMistral({ seed: 9 })
    const again = await (
      await post(other, '/v1/conversations', {
        agent_id: (await agent(other)).id,
        inputs: [{ role: 'user', content: 'Who is Albert Einstein?' }],
      })
    ).json()
    expect(again.outputs[0].content).toBe(output.content)
  })

  it('GET returns the conversation (agent and model shapes); history grows across two appends; messages keep only messages', async () => {
    const mock = createMockMistral()
    const { id: agentId } = await agent(mock)
    const started = await (
      await post(mock, '/v1/conversations', { agent_id: agentId, inputs: 'Who is Albert Einstein?' })
    ).json()
    const id = started.conversation_id
    const conversation = await send(mock, 'GET', `/v1/conversations/${id}`)
    expect(keys(conversation.body)).toEqual(
      [...keys(capture('docs_conversation_get_2025-06-16.json')), 'agent_version', 'metadata'].sort(),
    )
    expect(conversation.body).toMatchObject({
      id,
      agent_id: agentId,
      object: 'conversation',
      name: null,
      description: null,
      agent_version: null,
    })

    const history = async () => (await send(mock, 'GET', `/v1/conversations/${id}/history`)).body
    expect(types((await history()).entries)).toEqual(['message.input', 'message.output'])
    const appended = await (await post(mock, `/v1/conversations/${id}`, { inputs: 'Translate to French.' })).json()
    expect(appended.conversation_id).toBe(id)
    expect(appended.outputs[0].content).toContain('**translate to French**')
    await post(mock, `/v1/conversations/${id}`, { inputs: [{ role: 'user', content: 'Thanks!' }], store: true })
    const after = await history()
    const wire = capture('docs_conversation_history_2025-06-16.json')
    expect(keys(after)).toEqual(keys(wire))
    expect(after).toMatchObject({ object: 'conversation.history', conversation_id: id })
    expect(types(after.entries)).toEqual([
      'message.input',
      'message.output',
      'message.input',
      'message.output',
      'message.input',
      'message.output',
    ])
    expect(keys(after.entries[0])).toEqual(keys(wire.entries[0]))
    expect(keys(after.entries[1])).toEqual(keys(wire.entries[1]))
    expect(after.entries.map((entry: { completed_at: unknown }) => entry.completed_at)).toEqual(Array(6).fill(null))
    expect(after.entries[2]).toMatchObject({ role: 'user', content: 'Translate to French.' })
    expect(after.entries[3].id).toBe(appended.outputs[0].id)
    // A later turn's prompt counts the whole history.
    expect(appended.usage.prompt_tokens).toBeGreaterThan(started.usage.prompt_tokens)

    await post(mock, `/v1/conversations/${id}`, { inputs: 'Not kept', store: false })
    expect((await history()).entries).toHaveLength(6)
    const updated = await send(mock, 'GET', `/v1/conversations/${id}`)
    expect(updated.body.updated_at > conversation.body.updated_at).toBe(true)

    const messages = (await send(mock, 'GET', `/v1/conversations/${id}/messages`)).body
    expect(keys(messages)).toEqual(keys(capture('docs_conversation_messages_2025-06-16.json')))
    expect(messages).toMatchObject({ object: 'conversation.messages', conversation_id: id })
    expect(messages.messages).toEqual(after.entries)

    const model = await (
      await post(mock, '/v1/conversations', {
        model: 'mistral-small-latest',
        inputs: 'Hi',
        instructions: 'Be brief.',
        name: 'chat',
        metadata: { team: 'a' },
      })
    ).json()
    const modelConversation = (await send(mock, 'GET', `/v1/conversations/${model.conversation_id}`)).body
    expect(keys(modelConversation)).toEqual([
      'completion_args',
      'created_at',
      'description',
      'guardrails',
      'id',
      'instructions',
      'metadata',
      'model',
      'name',
      'object',
      'tools',
      'updated_at',
    ])
    expect(modelConversation).toMatchObject({
      model: 'mistral-small-latest',
      instructions: 'Be brief.',
      name: 'chat',
      metadata: { team: 'a' },
      tools: [],
    })
    expect(model.outputs[0]).toMatchObject({ agent_id: null, model: 'mistral-small-latest' })
  })

  it('restarts from an entry: a new conversation with the history up to it, then the new turn; the original is unchanged', async () => {
    const mock = createMockMistral()
    const { id: agentId } = await agent(mock)
    const { conversation_id: id, outputs } = await (
      await post(mock, '/v1/conversations', { agent_id: agentId, inputs: 'Who is Albert Einstein?' })
    ).json()
    await post(mock, `/v1/conversations/${id}`, { inputs: 'Translate to French.' })
    const restarted = await post(mock, `/v1/conversations/${id}/restart`, {
      from_entry_id: outputs[0].id,
      inputs: 'Translate to Portuguese.',
    })
    const body = await restarted.json()
    expect(restarted.status).toBe(200)
    expect(keys(body)).toEqual(keys(capture('docs_conversation_restart_2025-06-16.json')))
    expect(body.conversation_id).not.toBe(id)
    expect(body.outputs[0].content).toContain('**translate to Portuguese**')
    const history = (await send(mock, 'GET', `/v1/conversations/${body.conversation_id}/history`)).body.entries
    expect(history.map((entry: { content: string }) => entry.content.slice(0, 24))).toEqual([
      'Who is Albert Einstein?',
      outputs[0].content.slice(0, 24),
      'Translate to Portuguese.',
      body.outputs[0].content.slice(0, 24),
    ])
    expect((await send(mock, 'GET', `/v1/conversations/${id}/history`)).body.entries).toHaveLength(4)
    expect((await send(mock, 'GET', `/v1/conversations/${body.conversation_id}`)).body).toMatchObject({
      agent_id: agentId,
    })
    const unknown = await post(mock, `/v1/conversations/${id}/restart`, { from_entry_id: 'msg_nope', inputs: 'x' })
    expect([unknown.status, (await unknown.json()).message]).toEqual([
      404,
      `Entry msg_nope not found in conversation ${id}.`,
    ])
  })

  it('store: false answers but keeps nothing: GET, history and append are 404s', async () => {
    const mock = createMockMistral()
    const body = await (
      await post(mock, '/v1/conversations', { model: 'mistral-small-latest', inputs: 'Hello', store: false })
    ).json()
    expect(body.outputs[0].content).toContain('**your question**')
    expect(mock.state.conversations.size).toBe(0)
    for (const path of ['', '/history', '/messages']) {
      expect(await send(mock, 'GET', `/v1/conversations/${body.conversation_id}${path}`)).toEqual({
        status: 404,
        body: {
          object: 'Error',
          message: `Conversation ${body.conversation_id} not found.`,
          type: 'invalid_request_error',
          code: 3001,
        },
      })
    }
    expect((await post(mock, `/v1/conversations/${body.conversation_id}`, { inputs: 'Again' })).status).toBe(404)
    expect((await send(mock, 'GET', '/v1/conversations')).body).toEqual([])
  })

  it('lists newest first with page, page_size and metadata; deletes with a 204', async () => {
    const mock = createMockMistral()
    const ids: string[] = []
    for (const team of ['a', 'b', 'a'])
      ids.push(
        (
          await (
            await post(mock, '/v1/conversations', { model: 'mistral-small-latest', inputs: 'Hi', metadata: { team } })
          ).json()
        ).conversation_id,
      )
    const listed = async (query: string) =>
      ((await send(mock, 'GET', `/v1/conversations${query}`)).body as { id: string }[]).map((item) => item.id)
    expect(await listed('')).toEqual([...ids].reverse())
    expect(await listed('?page=1&page_size=2')).toEqual([ids[0]])
    expect(await listed(`?metadata=${encodeURIComponent('{"team":"a"}')}`)).toEqual([ids[2], ids[0]])
    expect((await send(mock, 'GET', '/v1/conversations?page=x')).body.detail[0]).toMatchObject({
      type: 'int_parsing',
      loc: ['query', 'page'],
    })
    expect(await send(mock, 'DELETE', `/v1/conversations/${ids[1]}`)).toEqual({ status: 204, body: '' })
    expect(await listed('')).toEqual([ids[2], ids[0]])
    expect((await send(mock, 'DELETE', `/v1/conversations/${ids[1]}`)).status).toBe(404)
  })
})

describe('conversations: tools and handoffs', () => {
  it('calls a function the message names, then answers its function.result; other inputs wait for the result', async () => {
    const mock = createMockMistral()
    const { id: agentId } = await agent(mock, ecbAgent)
    const input = 'Use get european central bank interest rate for 2024-06-06.'
    const called = await (await post(mock, '/v1/conversations', { agent_id: agentId, inputs: input })).json()
    const wire = capture('docs_conversation_function_call_2025-05-27.json')
    expect(keys(called)).toEqual(keys(wire))
    expect(types(called.outputs)).toEqual(['function.call'])
    const [fc] = called.outputs
    expect(keys(fc)).toEqual(keys(wire.outputs[0]))
    expect(fc).toMatchObject({
      name: 'get_european_central_bank_interest_rate',
      arguments: '{"date": "european"}',
      completed_at: null,
      object: 'entry',
    })
    expect(fc.tool_call_id).toMatch(/^[A-Za-z0-9]{9}$/)
    expect(fc.id).toMatch(/^fc_[0-9a-f]{32}$/)

    const blocked = await post(mock, `/v1/conversations/${called.conversation_id}`, { inputs: 'And tomorrow?' })
    expect(blocked.status).toBe(400)
    expect(await blocked.json()).toEqual({
      object: 'Error',
      message: `Cannot append other inputs while function results are still missing. Provide function results first for: ['${fc.tool_call_id}']`,
      type: 'invalid_request_error',
      code: 3001,
    })

    const result = { tool_call_id: fc.tool_call_id, result: '2.5%', type: 'function.result', object: 'entry' }
    const answered = await (
      await post(mock, `/v1/conversations/${called.conversation_id}`, { inputs: [result] })
    ).json()
    expect(types(answered.outputs)).toEqual(['message.output'])
    expect(keys(answered.outputs[0])).toEqual(
      keys(capture('docs_conversation_after_function_result_entry_2025-05-27.json')),
    )
    expect(answered.outputs[0]).toMatchObject({
      content: 'The function get_european_central_bank_interest_rate returned 2.5%.',
      agent_id: agentId,
    })
    const history = (await send(mock, 'GET', `/v1/conversations/${called.conversation_id}/history`)).body.entries
    expect(types(history)).toEqual(['message.input', 'function.call', 'function.result', 'message.output'])
    expect(history[2]).toMatchObject({ tool_call_id: fc.tool_call_id, result: '2.5%' })

    // A message that names no function gets text; tool_choice "any" calls the first function anyway, "none" never.
    const plain = await (await post(mock, '/v1/conversations', { agent_id: agentId, inputs: 'Hello there' })).json()
    expect(types(plain.outputs)).toEqual(['message.output'])
    const forced = await (
      await post(mock, '/v1/conversations', {
        model: 'mistral-small-latest',
        tools: ecb.tools,
        completion_args: { tool_choice: 'any' },
        inputs: 'Hello there',
      })
    ).json()
    expect(forced.outputs[0]).toMatchObject({ type: 'function.call', name: 'get_european_central_bank_interest_rate' })
    const none = await (
      await post(mock, '/v1/conversations', {
        model: 'mistral-small-latest',
        tools: ecb.tools,
        completion_args: { tool_choice: 'none' },
        inputs: input,
      })
    ).json()
    expect(types(none.outputs)).toEqual(['message.output'])
  })

  it('runs built-in tools as tool.execution entries: web search with tool_reference chunks, code interpreter with its code', async () => {
    const mock = createMockMistral()
    const web = await (
      await post(mock, '/v1/conversations', {
        model: 'mistral-medium-latest',
        tools: [{ type: 'web_search' }],
        inputs: 'Who won the last Euro?',
      })
    ).json()
    const wire = capture('docs_conversation_web_search_tool_reference_2025-05-27.json')
    expect(types(web.outputs)).toEqual(['tool.execution', 'message.output'])
    expect(keys(web.outputs[0])).toEqual([...keys(wire.outputs[0]), 'arguments', 'info'].sort())
    expect(web.outputs[0]).toMatchObject({ name: 'web_search', arguments: '{"query": "Who won the last Euro?"}' })
    expect(web.outputs[0].id).toMatch(/^tool_exec_[0-9a-f]{32}$/)
    expect(web.outputs[1].content.map((chunk: { type: string }) => chunk.type)).toEqual([
      'text',
      'tool_reference',
      'text',
    ])
    // The current spec's ToolReferenceChunk (additionalProperties: false) has favicon and description, no source.
    const reference = { ...wire.outputs[1].content[1], favicon: null, description: null }
    delete reference.source
    expect(keys(web.outputs[1].content[1])).toEqual(keys(reference))
    expect(keys(web.usage)).toEqual(keys(wire.usage))
    expect(web.usage.connectors).toEqual({ web_search: 1 })
    expect(web.usage.total_tokens).toBe(
      web.usage.prompt_tokens + web.usage.completion_tokens + web.usage.connector_tokens,
    )

    const code = await (
      await post(mock, '/v1/conversations', {
        model: 'mistral-medium-latest',
        tools: [{ type: 'code_interpreter' }],
        inputs: 'Run this',
      })
    ).json()
    expect(keys(code.outputs[0])).toEqual(
      [...keys(capture('docs_conversation_code_interpreter_2025-05-27.json').outputs[1]), 'arguments'].sort(),
    )
    expect(code.outputs[0].info).toEqual({ code: 'print("Run this")', code_output: 'Run this\n' })
    expect(code.outputs[1].content).toContain('**run**')
    expect(code.usage.connectors).toEqual({ code_interpreter: 1 })
  })

  it('hands off to an agent the message names: server execution answers as that agent, client execution stops at the handoff', async () => {
    const mock = createMockMistral()
    const helper = await agent(mock, { model: 'mistral-small-latest', name: 'Calculator' })
    const triage = await agent(mock, { model: 'mistral-medium-latest', name: 'Triage', handoffs: [helper.id] })
    const server = await (
      await post(mock, '/v1/conversations', { agent_id: triage.id, inputs: 'Ask the calculator for 2 + 2' })
    ).json()
    expect(types(server.outputs)).toEqual(['agent.handoff', 'message.output'])
    expect(keys(server.outputs[0])).toEqual([
      'completed_at',
      'created_at',
      'id',
      'next_agent_id',
      'next_agent_name',
      'object',
      'previous_agent_id',
      'previous_agent_name',
      'type',
    ])
    expect(server.outputs[0]).toMatchObject({
      previous_agent_id: triage.id,
      previous_agent_name: 'Triage',
      next_agent_id: helper.id,
      next_agent_name: 'Calculator',
    })
    expect(server.outputs[1]).toMatchObject({ agent_id: helper.id, model: 'mistral-small-latest' })
    const client = await (
      await post(mock, '/v1/conversations', {
        agent_id: triage.id,
        inputs: 'Ask the calculator',
        handoff_execution: 'client',
      })
    ).json()
    expect(types(client.outputs)).toEqual(['agent.handoff'])
    expect(
      types(
        (await (await post(mock, '/v1/conversations', { agent_id: triage.id, inputs: 'Just chat' })).json()).outputs,
      ),
    ).toEqual(['message.output'])
  })
})

describe('conversations: streams', () => {
  it('streams a plain answer framed like the real capture: started, message deltas, done with usage', async () => {
    const mock = createMockMistral()
    const { id } = await agent(mock)
    const response = await post(mock, '/v1/conversations', {
      agent_id: id,
      inputs: 'Who is Albert Einstein?',
      stream: true,
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const events = frames(await response.text())
    const names = events.map(([event]) => event)
    expect(names[0]).toBe('conversation.response.started')
    expect(names.at(-1)).toBe('conversation.response.done')
    expect(new Set(names.slice(1, -1))).toEqual(new Set(['message.output.delta']))
    expect(names.length).toBeGreaterThan(5)
    const started = events[0]?.[1] as { conversation_id: string }
    expect(keys(started)).toEqual(['conversation_id', 'type'])
    const delta = events[1]?.[1] as Record<string, unknown>
    expect(Object.keys(delta)).toEqual([
      'type',
      'output_index',
      'id',
      'content_index',
      'model',
      'agent_id',
      'role',
      'content',
    ])
    expect(delta).toMatchObject({
      output_index: 0,
      content_index: 0,
      model: 'mistral-medium-latest',
      agent_id: id,
      role: 'assistant',
    })
    const text = events
      .slice(1, -1)
      .map(([, data]) => data.content)
      .join('')
    expect(text).toMatch(ANSWER)
    const done = events.at(-1)?.[1] as { usage: Record<string, number> }
    expect(Object.keys(done.usage)).toEqual(['prompt_tokens', 'total_tokens', 'completion_tokens'])
    // The streamed turn is stored like a plain one.
    const history = (await send(mock, 'GET', `/v1/conversations/${started.conversation_id}/history`)).body.entries
    expect(history[1]).toMatchObject({ id: delta.id, content: text })
    const other = createMockMistral()
    const plain = await (
      await post(other, '/v1/conversations', { agent_id: (await agent(other)).id, inputs: 'Who is Albert Einstein?' })
    ).json()
    expect(plain.outputs[0].content).toBe(text)
  })

  it('streams a function call as function.call.delta pieces, and tools and handoffs with their started/done events', async () => {
    const mock = createMockMistral()
    const { id } = await agent(mock, ecbAgent)
    const fc = frames(
      await (
        await post(mock, '/v1/conversations', {
          agent_id: id,
          inputs: 'get european central bank interest rate',
          stream: true,
        })
      ).text(),
    )
    expect(fc.map(([event]) => event)).toEqual([
      'conversation.response.started',
      'function.call.delta',
      'function.call.delta',
      'function.call.delta',
      'conversation.response.done',
    ])
    const pieces = fc.slice(1, -1).map(([, data]) => data)
    expect(pieces.map((data) => data.arguments).join('')).toBe('{"date": "european"}')
    expect(pieces[0]).toMatchObject({
      name: 'get_european_central_bank_interest_rate',
      output_index: 0,
      agent_id: id,
      model: 'mistral-medium-latest',
    })
    expect(new Set(pieces.map((data) => `${data.id}|${data.tool_call_id}`)).size).toBe(1)
    const conversationId = (fc[0]![1] as { conversation_id: string }).conversation_id
    const result = frames(
      await (
        await post(mock, `/v1/conversations/${conversationId}`, {
          inputs: [{ type: 'function.result', tool_call_id: pieces[0]?.tool_call_id, result: '2.5%' }],
          stream: true,
        })
      ).text(),
    )
    expect(
      result
        .slice(1, -1)
        .map(([, data]) => data.content)
        .join(''),
    ).toBe('The function get_european_central_bank_interest_rate returned 2.5%.')

    const web = frames(
      await (
        await post(mock, '/v1/conversations', {
          model: 'mistral-medium-latest',
          tools: [{ type: 'web_search' }],
          inputs: 'Who won the last Euro?',
          stream: true,
        })
      ).text(),
    )
    const names = web.map(([event]) => event)
    expect(names.slice(0, 4)).toEqual([
      'conversation.response.started',
      'tool.execution.started',
      'tool.execution.done',
      'message.output.delta',
    ])
    expect(web[1]?.[1]).toMatchObject({
      output_index: 0,
      name: 'web_search',
      arguments: '{"query": "Who won the last Euro?"}',
    })
    const deltas = web.filter(([event]) => event === 'message.output.delta').map(([, data]) => data)
    expect(deltas.every((data) => data.output_index === 1)).toBe(true)
    expect(deltas.find((data) => typeof data.content === 'object')).toMatchObject({
      content_index: 1,
      content: { type: 'tool_reference', tool: 'web_search' },
    })
    // The reference follows the answer's first paragraph; the rest of the answer is the third content part.
    const parts = [0, 2].map((index) =>
      deltas
        .filter((data) => data.content_index === index)
        .map((data) => data.content)
        .join(''),
    )
    expect(parts[0]).toMatch(/\*\*won the last Euro\*\*[^\n]*\n$/)
    expect(parts[1]).toMatch(/^\n[\s\S]*\n(?:- |1\. )/)
    expect(deltas.at(-1)?.content_index).toBe(2)
    expect((web.at(-1)![1] as { usage: { connectors: unknown } }).usage.connectors).toEqual({ web_search: 1 })

    const helper = await agent(mock, { model: 'mistral-small-latest', name: 'Calculator' })
    const triage = await agent(mock, { model: 'mistral-medium-latest', name: 'Triage', handoffs: [helper.id] })
    const handoff = frames(
      await (
        await post(mock, '/v1/conversations', { agent_id: triage.id, inputs: 'calculator please', stream: true })
      ).text(),
    )
    expect(handoff.slice(0, 4).map(([event]) => event)).toEqual([
      'conversation.response.started',
      'agent.handoff.started',
      'agent.handoff.done',
      'message.output.delta',
    ])
    expect(handoff[1]?.[1]).toMatchObject({
      output_index: 0,
      previous_agent_id: triage.id,
      previous_agent_name: 'Triage',
    })
    expect(handoff[2]?.[1]).toMatchObject({ output_index: 0, next_agent_id: helper.id, next_agent_name: 'Calculator' })
    expect(handoff[3]?.[1]).toMatchObject({ output_index: 1, agent_id: helper.id })
  })

  it('honours the faults: drop-after, malformed-after, stall-after, slow, and status before the stream', async () => {
    const mock = createMockMistral()
    const body = { model: 'mistral-small-latest', inputs: 'Tell me something', stream: true }
    const dropped = await post(mock, '/v1/conversations', body, { 'x-mock-fault': 'drop-after=2' })
    const reader = (dropped.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    expect(decoder.decode((await reader.read()).value)).toMatch(/^event: conversation\.response\.started\n/)
    expect(decoder.decode((await reader.read()).value)).toMatch(/^event: message\.output\.delta\n/)
    await expect(reader.read()).rejects.toThrow('mock fault: connection dropped after 2 events')

    const malformed = await (
      await post(mock, '/v1/conversations', body, { 'x-mock-fault': 'malformed-after=1' })
    ).text()
    const parts = malformed.split('\n\n')
    expect(parts[0]).toMatch(/^event: conversation\.response\.started\n/)
    expect(() => JSON.parse((parts[1] as string).replace(/^data: /, ''))).toThrow()
    expect(parts.at(-2)).toMatch(/^event: conversation\.response\.done\n/)

    const controller = new AbortController()
    const stalled = await mock.fetch(
      call('/v1/conversations', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'x-mock-fault': 'stall-after=1' },
        signal: controller.signal,
      }),
    )
    const stalledReader = (stalled.body as ReadableStream<Uint8Array>).getReader()
    await stalledReader.read()
    const pending = await Promise.race([
      stalledReader.read().then(() => 'read'),
      new Promise((resolve) => setTimeout(() => resolve('stalled'), 50)),
    ])
    expect(pending).toBe('stalled')
    const cancelled = mock.state.stats.cancelled
    controller.abort()
    await stalledReader.cancel()
    expect(mock.state.stats.cancelled).toBe(cancelled + 1)

    const started = Date.now()
    const slow = frames(await (await post(mock, '/v1/conversations', body, { 'x-mock-fault': 'slow=5' })).text())
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * slow.length - 5)

    const unavailable = await post(mock, '/v1/conversations', body, { 'x-mock-fault': 'status=503' })
    expect([unavailable.status, unavailable.headers.get('content-type')]).toEqual([503, 'application/json'])
    expect((await unavailable.json()).message).toBe('Service unavailable.')
    const limited = await post(
      mock,
      '/v1/agents',
      { model: 'mistral-small-latest', name: 'x' },
      { 'x-mock-fault': 'status=429;retry-after=2' },
    )
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2'])
    expect(mock.state.agents.size).toBe(0)
  })
})

describe('conversations: validation', () => {
  it('answers invalid bodies with 422s in the service shape; unknown agents and models as the API does', async () => {
    const mock = createMockMistral()
    const errors = async (path: string, body: unknown) => {
      const response = await post(mock, path, body)
      const json = await response.json()
      expect(response.status).toBe(422)
      expect(json.message).toEqual(json.detail)
      expect(json).toMatchObject({ object: 'Error', type: 'invalid_request_error', code: 3001 })
      return json.detail.map((detail: { loc: unknown[]; type: string }) => [detail.loc.join('.'), detail.type])
    }
    expect(await errors('/v1/conversations', { model: 'mistral-small-latest' })).toEqual([['body.inputs', 'missing']])
    expect(await errors('/v1/conversations', { inputs: 'x' })).toEqual([['body', 'value_error']])
    expect(await errors('/v1/conversations', { inputs: 'x', model: 'm', agent_id: 'a' })).toEqual([
      ['body', 'value_error'],
    ])
    expect(
      await errors('/v1/conversations', {
        inputs: [{ role: 'system', content: 'x' }, { type: 'function.result', result: 'r' }, 'x'],
        model: 'm',
        store: 'yes',
        handoff_execution: 'both',
        tools: [{ type: 'nope' }],
      }),
    ).toEqual([
      ['body.inputs.0.role', 'enum'],
      ['body.inputs.1.tool_call_id', 'missing'],
      ['body.inputs.2', 'model_attributes_type'],
      ['body.store', 'bool_type'],
      ['body.handoff_execution', 'enum'],
      ['body.tools.0', 'union_tag_invalid'],
    ])
    const { conversation_id: id } = await (
      await post(mock, '/v1/conversations', { model: 'mistral-small-latest', inputs: 'x' })
    ).json()
    // The capture's case: appending with `tools`, which AppendConversationRequest does not have.
    expect(await errors(`/v1/conversations/${id}`, { inputs: 'y', tools: [] })).toEqual([
      ['body.tools', 'extra_forbidden'],
    ])
    expect(await errors(`/v1/conversations/${id}/restart`, { inputs: 'y' })).toEqual([
      ['body.from_entry_id', 'missing'],
    ])
    const noAgent = await post(mock, '/v1/conversations', { agent_id: 'ag_nope', inputs: 'x' })
    expect([noAgent.status, (await noAgent.json()).message]).toEqual([404, 'Agent ag_nope not found.'])
    const noModel = await post(mock, '/v1/conversations', { model: 'nope', inputs: 'x' })
    expect([noModel.status, (await noModel.json()).message]).toEqual([400, 'Invalid model: nope'])
    expect((await post(mock, '/v1/conversations/conv_nope', { inputs: 'x' })).status).toBe(404)
  })

  it('starts with an agent version or alias, and answers 404 for an unknown one', async () => {
    const mock = createMockMistral()
    const { id } = await agent(mock)
    await send(mock, 'PATCH', `/v1/agents/${id}`, { model: 'mistral-small-latest' })
    await send(mock, 'PUT', `/v1/agents/${id}/aliases?alias=first&version=0`)
    const current = await (await post(mock, '/v1/conversations', { agent_id: id, inputs: 'x' })).json()
    expect(current.outputs[0].model).toBe('mistral-small-latest')
    const first = await (
      await post(mock, '/v1/conversations', { agent_id: id, agent_version: 'first', inputs: 'x' })
    ).json()
    expect(first.outputs[0].model).toBe('mistral-medium-latest')
    expect((await send(mock, 'GET', `/v1/conversations/${first.conversation_id}`)).body.agent_version).toBe('first')
    expect((await post(mock, '/v1/conversations', { agent_id: id, agent_version: 5, inputs: 'x' })).status).toBe(404)
  })
})
