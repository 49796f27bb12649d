import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMockMistral, type MockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8'))
const call = (path: string, init: RequestInit = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    ...init,
    headers: {
      authorization: 'Bearer k',
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  })
const send = async (mock: MockMistral, method: string, path: string, body?: unknown) => {
  const response = await mock.fetch(
    call(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  )
  return { status: response.status, body: response.status === 204 ? await response.text() : await response.json() }
}

// The fields the current spec's Agent has that the 2025 docs dumps predate.
const SPEC_ADDITIONS = ['guardrails', 'metadata', 'versions', 'deployment_chat', 'source', 'version_message']
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/
const simple = {
  model: 'mistral-medium-latest',
  name: 'Simple Agent',
  description: 'A simple Agent with persistent state.',
}

describe('agents routes', () => {
  it('creates an agent shaped like the docs dump: version 0, ag_ id, every completion arg, the spec fields', async () => {
    const mock = createMockMistral()
    const { status, body: agent } = await send(mock, 'POST', '/v1/agents', simple)
    const wire = capture('sdk_reserialized/docs_agent_create_v0_2025-06-16.json')
    expect(status).toBe(200)
    expect(Object.keys(agent).sort()).toEqual([...Object.keys(wire), ...SPEC_ADDITIONS].sort())
    expect(Object.keys(agent.completion_args).sort()).toEqual(
      [...Object.keys(wire.completion_args), 'reasoning_effort'].sort(),
    )
    expect(agent).toMatchObject({
      ...simple,
      object: 'agent',
      version: 0,
      versions: [0],
      instructions: null,
      tools: [],
      handoffs: null,
      deployment_chat: false,
      source: 'api',
      version_message: null,
    })
    expect(agent.completion_args).toMatchObject({ temperature: null, top_p: null, tool_choice: 'auto', stop: null })
    expect(agent.id).toMatch(/^ag_[0-9a-f]{32}$/)
    expect(agent.created_at).toMatch(ISO)
    expect(agent.updated_at).toMatch(ISO)
    expect(mock.state.agents.size).toBe(1)
  })

  it('echoes function tools as the docs dump does (strict defaults to false)', async () => {
    const wire = capture('sdk_reserialized/docs_agent_create_function_tool_2025-05-27.json')
    const tool = structuredClone(wire.tools[0])
    delete tool.function.strict
    const request = {
      model: wire.model,
      name: wire.name,
      description: wire.description,
      instructions: wire.instructions,
      tools: [tool],
      completion_args: { temperature: 0.3 },
    }
    const { body: agent } = await send(createMockMistral(), 'POST', '/v1/agents', request)
    expect(agent.tools).toEqual(wire.tools)
    expect(agent.completion_args).toEqual({ ...wire.completion_args, reasoning_effort: null })
    expect([agent.name, agent.description, agent.instructions]).toEqual([
      wire.name,
      wire.description,
      wire.instructions,
    ])
  })

  it('PATCH stores a new version, PATCH .../version switches back, as in the docs (versions 0 -> 1 -> 0)', async () => {
    const mock = createMockMistral()
    const { body: v0 } = await send(mock, 'POST', '/v1/agents', { ...simple, completion_args: { temperature: 0.3 } })
    const { status, body: v1 } = await send(mock, 'PATCH', `/v1/agents/${v0.id}`, {
      description: 'An edited simple agent.',
      completion_args: { top_p: 0.95 },
    })
    const wire1 = capture('sdk_reserialized/docs_agent_update_v1_2025-06-16.json')
    expect(status).toBe(200)
    expect(Object.keys(v1).sort()).toEqual([...Object.keys(wire1), ...SPEC_ADDITIONS].sort())
    expect(v1).toMatchObject({
      id: v0.id,
      version: 1,
      versions: [0, 1],
      description: wire1.description,
      created_at: v0.created_at,
      name: 'Simple Agent',
    })
    expect(v1.completion_args).toMatchObject({ temperature: 0.3, top_p: 0.95 })
    expect(v1.updated_at > v0.updated_at).toBe(true)

    const back = await send(mock, 'PATCH', `/v1/agents/${v0.id}/version?version=0`)
    const wire0 = capture('sdk_reserialized/docs_agent_update_version_back_to_v0_2025-06-16.json')
    expect(back.status).toBe(200)
    expect(back.body).toMatchObject({
      version: 0,
      versions: [0, 1],
      description: wire0.description,
      created_at: v0.created_at,
    })
    expect(back.body.completion_args.top_p).toBeNull()
    expect(back.body.updated_at > v1.updated_at).toBe(true)
    expect((await send(mock, 'GET', `/v1/agents/${v0.id}`)).body).toMatchObject({
      version: 0,
      description: simple.description,
    })
    expect((await send(mock, 'GET', `/v1/agents/${v0.id}?agent_version=1`)).body).toMatchObject({
      version: 1,
      description: wire1.description,
    })
  })

  it('lists and gets versions; creates, lists, resolves and deletes aliases', async () => {
    const mock = createMockMistral()
    const { body: agent } = await send(mock, 'POST', '/v1/agents', simple)
    for (const name of ['Two', 'Three']) await send(mock, 'PATCH', `/v1/agents/${agent.id}`, { name })
    const versions = await send(mock, 'GET', `/v1/agents/${agent.id}/versions`)
    expect(versions.body.map((item: { version: number; name: string }) => [item.version, item.name])).toEqual([
      [0, 'Simple Agent'],
      [1, 'Two'],
      [2, 'Three'],
    ])
    expect(
      (await send(mock, 'GET', `/v1/agents/${agent.id}/versions?page=1&page_size=2`)).body.map(
        (item: { version: number }) => item.version,
      ),
    ).toEqual([2])
    expect((await send(mock, 'GET', `/v1/agents/${agent.id}/versions/1`)).body).toMatchObject({
      version: 1,
      name: 'Two',
      versions: [0, 1, 2],
    })

    const alias = await send(mock, 'PUT', `/v1/agents/${agent.id}/aliases?alias=stable&version=1`)
    expect(alias.status).toBe(200)
    expect(Object.keys(alias.body)).toEqual(['alias', 'version', 'created_at', 'updated_at'])
    expect(alias.body).toMatchObject({ alias: 'stable', version: 1 })
    const moved = await send(mock, 'PUT', `/v1/agents/${agent.id}/aliases?alias=stable&version=0`)
    expect(moved.body).toMatchObject({ alias: 'stable', version: 0, created_at: alias.body.created_at })
    expect(moved.body.updated_at > alias.body.updated_at).toBe(true)
    await send(mock, 'PUT', `/v1/agents/${agent.id}/aliases?alias=next&version=2`)
    expect(
      (await send(mock, 'GET', `/v1/agents/${agent.id}/aliases`)).body.map(
        (item: { alias: string; version: number }) => [item.alias, item.version],
      ),
    ).toEqual([
      ['stable', 0],
      ['next', 2],
    ])
    expect((await send(mock, 'GET', `/v1/agents/${agent.id}?agent_version=next`)).body).toMatchObject({
      version: 2,
      name: 'Three',
    })
    expect((await send(mock, 'GET', `/v1/agents/${agent.id}/versions/stable`)).body).toMatchObject({ version: 0 })

    expect(await send(mock, 'DELETE', `/v1/agents/${agent.id}/aliases?alias=next`)).toEqual({ status: 204, body: '' })
    expect((await send(mock, 'GET', `/v1/agents/${agent.id}/aliases`)).body).toHaveLength(1)
    expect((await send(mock, 'DELETE', `/v1/agents/${agent.id}/aliases?alias=next`)).status).toBe(404)
    expect((await send(mock, 'GET', `/v1/agents/${agent.id}/versions/7`)).status).toBe(404)
    expect((await send(mock, 'PUT', `/v1/agents/${agent.id}/aliases?alias=x&version=9`)).status).toBe(404)
  })

  it('lists agents newest first with page, page_size and the name/search/id filters; pages by cursor', async () => {
    const mock = createMockMistral()
    const ids: string[] = []
    for (const name of ['Alpha', 'Beta', 'Gamma'])
      ids.push(
        (
          await send(mock, 'POST', '/v1/agents', {
            model: 'mistral-small-latest',
            name,
            metadata: { team: name === 'Beta' ? 'b' : 'a' },
          })
        ).body.id,
      )
    const names = (body: { name: string }[]) => body.map((agent) => agent.name)
    expect(names((await send(mock, 'GET', '/v1/agents')).body)).toEqual(['Gamma', 'Beta', 'Alpha'])
    expect(names((await send(mock, 'GET', '/v1/agents?page=1&page_size=2')).body)).toEqual(['Alpha'])
    expect(names((await send(mock, 'GET', '/v1/agents?name=Beta')).body)).toEqual(['Beta'])
    expect(names((await send(mock, 'GET', '/v1/agents?search=mm')).body)).toEqual(['Gamma'])
    expect(names((await send(mock, 'GET', `/v1/agents?id=${ids[0]}`)).body)).toEqual(['Alpha'])
    expect(names((await send(mock, 'GET', `/v1/agents?metadata=${encodeURIComponent('{"team":"a"}')}`)).body)).toEqual([
      'Gamma',
      'Alpha',
    ])
    expect(names((await send(mock, 'GET', '/v1/agents?sources=api&deployment_chat=false')).body)).toHaveLength(3)

    const first = await send(mock, 'GET', '/v1/agents/pages?page_size=2')
    expect(Object.keys(first.body)).toEqual(['object', 'data', 'next_page_token'])
    expect([first.body.object, names(first.body.data)]).toEqual(['list', ['Gamma', 'Beta']])
    const second = await send(mock, 'GET', `/v1/agents/pages?page_size=2&page_token=${first.body.next_page_token}`)
    expect([names(second.body.data), second.body.next_page_token]).toEqual([['Alpha'], null])
  })

  it('deletes with a 204; an unknown agent is a 404 in the agents service shape', async () => {
    const mock = createMockMistral()
    const { body: agent } = await send(mock, 'POST', '/v1/agents', simple)
    expect(await send(mock, 'DELETE', `/v1/agents/${agent.id}`)).toEqual({ status: 204, body: '' })
    const missing = await send(mock, 'GET', `/v1/agents/${agent.id}`)
    expect(missing).toEqual({
      status: 404,
      body: { object: 'Error', message: `Agent ${agent.id} not found.`, type: 'invalid_request_error', code: 3001 },
    })
    for (const [method, path] of [
      ['PATCH', ''],
      ['DELETE', ''],
      ['PATCH', '/version?version=0'],
      ['GET', '/versions'],
      ['GET', '/aliases'],
    ] as const) {
      expect(
        (await send(mock, method, `/v1/agents/ag_nope${path}`, method === 'PATCH' && !path ? {} : undefined)).status,
      ).toBe(404)
    }
    expect((await send(mock, 'GET', `/v1/agents/${agent.id}?agent_version=3`)).status).toBe(404)
  })

  it('answers invalid bodies and queries with 422s shaped like the service (detail and message both hold the list)', async () => {
    const mock = createMockMistral()
    const wire = JSON.parse(
      readFileSync(
        new URL('../../../fixtures/wire/errors/422_detail_and_message_arrays_code3001_2025-11.json', import.meta.url),
        'utf8',
      ),
    )
    const empty = await send(mock, 'POST', '/v1/agents', { instructions: 3 })
    expect(empty.status).toBe(422)
    expect(Object.keys(empty.body)).toEqual(Object.keys(wire))
    expect(empty.body.message).toEqual(empty.body.detail)
    expect(
      empty.body.detail.map((detail: { loc: unknown[]; type: string }) => [detail.loc.join('.'), detail.type]),
    ).toEqual([
      ['body.model', 'missing'],
      ['body.name', 'missing'],
      ['body.instructions', 'string_type'],
    ])
    const bad = await send(mock, 'POST', '/v1/agents', {
      ...simple,
      extra: 1,
      tools: [{ type: 'calculator' }, { type: 'function', function: { name: 'f' } }],
      completion_args: { temperature: 3, tool_choice: 'maybe' },
      handoffs: [],
    })
    expect(
      bad.body.detail.map((detail: { loc: unknown[]; type: string }) => [detail.loc.join('.'), detail.type]),
    ).toEqual([
      ['body.extra', 'extra_forbidden'],
      ['body.tools.0', 'union_tag_invalid'],
      ['body.tools.1.function.function.parameters', 'missing'],
      ['body.completion_args.temperature', 'less_than_equal'],
      ['body.completion_args.tool_choice', 'enum'],
      ['body.handoffs', 'too_short'],
    ])
    const { body: agent } = await send(mock, 'POST', '/v1/agents', simple)
    const alias = await send(mock, 'PUT', `/v1/agents/${agent.id}/aliases?alias=Bad-&version=x`)
    expect(
      alias.body.detail.map((detail: { loc: unknown[]; type: string }) => [detail.loc.join('.'), detail.type]),
    ).toEqual([
      ['query.alias', 'string_pattern_mismatch'],
      ['query.version', 'int_parsing'],
    ])
    expect((await send(mock, 'PATCH', `/v1/agents/${agent.id}/version`)).body.detail[0]).toMatchObject({
      type: 'missing',
      loc: ['query', 'version'],
    })
    expect((await send(mock, 'GET', '/v1/agents?page_size=0')).body.detail[0]).toMatchObject({
      type: 'greater_than_equal',
      loc: ['query', 'page_size'],
    })
    expect(
      (await send(mock, 'PATCH', `/v1/agents/${agent.id}`, { deployment_chat: 'yes' })).body.detail[0],
    ).toMatchObject({ type: 'bool_type', loc: ['body', 'deployment_chat'] })
    const model = await send(mock, 'POST', '/v1/agents', { ...simple, model: 'nope' })
    expect([model.status, model.body.message]).toEqual([400, 'Invalid model: nope'])
  })
})
