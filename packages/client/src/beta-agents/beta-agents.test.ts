import { readFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../core/client.js'
import type { RetryConfig } from '../core/retry.js'
import { ConnectionError } from '../errors/connection-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { useRecorder } from '../test-support-node.js'
import { assertValid, withValidation } from '../validation.js'
import { betaAgentsCreate } from './beta-agents-create.js'
import { betaAgentsCreateVersionAlias } from './beta-agents-create-version-alias.js'
import { betaAgentsDelete } from './beta-agents-delete.js'
import { betaAgentsDeleteVersionAlias } from './beta-agents-delete-version-alias.js'
import { betaAgentsGet } from './beta-agents-get.js'
import { betaAgentsGetVersion } from './beta-agents-get-version.js'
import { betaAgentsList } from './beta-agents-list.js'
import { betaAgentsListVersionAliases } from './beta-agents-list-version-aliases.js'
import { betaAgentsListVersions } from './beta-agents-list-versions.js'
import { betaAgentsUpdate } from './beta-agents-update.js'
import { betaAgentsUpdateVersion } from './beta-agents-update-version.js'
import { AgentCreationRequestSchema, AgentSchema } from './schemas.js'

const docs = (name: string) =>
  readFile(new URL(`../../../../fixtures/wire/json/sdk_reserialized/docs_agent_${name}.json`, import.meta.url), 'utf8')
const AGENT_ID = 'ag_0684fe0e0b98773e8000323fc71a3986'
const ALIAS =
  '{"alias":"production","version":1,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"}'
const fast: RetryConfig = { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 2 } }

describe('beta agents: the requests on the wire (loopback node:http server)', () => {
  let created: string

  beforeAll(async () => {
    created = await docs('create_v0_2025-06-16')
  })
  const wire = useRecorder(() => ({ body: created }))
  const client = (retries: RetryConfig = { strategy: 'none' }) =>
    createClient({ apiKey: 'agents-key', baseURL: wire.baseURL, retries })

  it('create and update send the object as given (unknown fields included); update and update-version name the agent', async () => {
    const request = {
      model: 'mistral-medium-latest',
      name: 'ecb-interest-rate-agent',
      instructions: 'You can provide interest rate information.',
      tools: [
        {
          type: 'function',
          function: { name: 'get_rate', parameters: { type: 'object', properties: { date: { type: 'string' } } } },
        },
        { type: 'web_search' },
      ],
      completion_args: { temperature: 0.3, tool_choice: 'auto' },
      brand_new: { a: 1 },
    } as const
    const agent = await betaAgentsCreate(client(), request)
    await betaAgentsUpdate(client(), {
      agent_id: AGENT_ID,
      description: 'An edited simple agent.',
      completion_args: { top_p: 0.95 },
    })
    await betaAgentsUpdateVersion(client(), { agent_id: AGENT_ID, version: 0 })
    expect(wire.seen.map(({ method, url, body }) => [method, url, body && JSON.parse(body)])).toEqual([
      ['POST', '/v1/agents', request],
      ['PATCH', `/v1/agents/${AGENT_ID}`, { description: 'An edited simple agent.', completion_args: { top_p: 0.95 } }],
      ['PATCH', `/v1/agents/${AGENT_ID}/version?version=0`, ''],
    ])
    expect(wire.seen.map(({ headers }) => [headers.authorization, headers.accept, headers['content-type']])).toEqual([
      ['Bearer agents-key', 'application/json', 'application/json'],
      ['Bearer agents-key', 'application/json', 'application/json'],
      ['Bearer agents-key', 'application/json', undefined],
    ])
    expect(agent).toEqual(JSON.parse(created))
  })

  it('list, get, versions and aliases send their query exactly as the spec names it, and no body', async () => {
    wire.answers = [
      { body: `[${created}]` },
      { body: '[]' },
      { body: created },
      { body: created },
      { body: `[${created}]` },
      { body: created },
      { body: ALIAS },
      { body: `[${ALIAS}]` },
      { status: 204 },
      { status: 204 },
    ]
    const list = await betaAgentsList(client(), {
      page: 1,
      page_size: 50,
      deployment_chat: true,
      sources: ['api', 'playground'],
      name: 'Simple',
      search: 'simple',
      id: AGENT_ID,
      metadata: { team: 'a' },
    })
    await betaAgentsList(client())
    await betaAgentsGet(client(), { agent_id: AGENT_ID, agent_version: 'production' })
    await betaAgentsGet(client(), { agent_id: AGENT_ID })
    await betaAgentsListVersions(client(), { agent_id: AGENT_ID, page: 0, page_size: 10 })
    await betaAgentsGetVersion(client(), { agent_id: AGENT_ID, version: '1' })
    const alias = await betaAgentsCreateVersionAlias(client(), { agent_id: AGENT_ID, alias: 'production', version: 1 })
    const aliases = await betaAgentsListVersionAliases(client(), { agent_id: AGENT_ID })
    expect(await betaAgentsDeleteVersionAlias(client(), { agent_id: AGENT_ID, alias: 'production' })).toBeUndefined()
    expect(await betaAgentsDelete(client(), { agent_id: AGENT_ID })).toBeUndefined()
    expect(wire.seen.map(({ method, url, body }) => [method, url, body])).toEqual([
      [
        'GET',
        `/v1/agents?page=1&page_size=50&deployment_chat=true&sources=api&sources=playground&name=Simple&search=simple&id=${AGENT_ID}&metadata=%7B%22team%22%3A%22a%22%7D`,
        '',
      ],
      ['GET', '/v1/agents', ''],
      ['GET', `/v1/agents/${AGENT_ID}?agent_version=production`, ''],
      ['GET', `/v1/agents/${AGENT_ID}`, ''],
      ['GET', `/v1/agents/${AGENT_ID}/versions?page=0&page_size=10`, ''],
      ['GET', `/v1/agents/${AGENT_ID}/versions/1`, ''],
      ['PUT', `/v1/agents/${AGENT_ID}/aliases?alias=production&version=1`, ''],
      ['GET', `/v1/agents/${AGENT_ID}/aliases`, ''],
      ['DELETE', `/v1/agents/${AGENT_ID}/aliases?alias=production`, ''],
      ['DELETE', `/v1/agents/${AGENT_ID}`, ''],
    ])
    for (const { headers } of wire.seen)
      expect([headers.authorization, headers.accept, headers['content-type']]).toEqual([
        'Bearer agents-key',
        'application/json',
        undefined,
      ])
    expect([list, alias, aliases]).toEqual([[JSON.parse(created)], JSON.parse(ALIAS), [JSON.parse(ALIAS)]])
  })

  it('returns every docs capture as sent, and each passes withValidation', async () => {
    const checked = withValidation(client())
    const cases = [
      [
        'create_v0_2025-06-16',
        () =>
          betaAgentsCreate(checked, {
            model: 'mistral-medium-latest',
            name: 'Simple Agent',
            description: 'A simple Agent with persistent state.',
          }),
      ],
      [
        'create_function_tool_2025-05-27',
        () => betaAgentsCreate(checked, { model: 'mistral-medium-latest', name: 'ecb-interest-rate-agent' }),
      ],
      [
        'update_v1_2025-06-16',
        () => betaAgentsUpdate(checked, { agent_id: AGENT_ID, description: 'An edited simple agent.' }),
      ],
      [
        'update_version_back_to_v0_2025-06-16',
        () => betaAgentsUpdateVersion(checked, { agent_id: AGENT_ID, version: 0 }),
      ],
    ] as const
    for (const [name, call] of cases) {
      const body = await docs(name)
      wire.answers = [{ body }]
      expect([name, await call()]).toEqual([name, JSON.parse(body)])
    }
    wire.answers = [{ body: `[${created}]` }, { status: 204 }]
    expect(await betaAgentsListVersions(checked, { agent_id: AGENT_ID })).toEqual([JSON.parse(created)])
    expect(await betaAgentsDelete(checked, { agent_id: AGENT_ID })).toBeUndefined()
  })

  it('a known field of the wrong type fails only under withValidation; new tools and fields pass', async () => {
    const bad = JSON.stringify({ ...JSON.parse(created), version: '0' })
    wire.answers = [{ body: bad }, { body: bad }]
    expect((await betaAgentsGet(client(), { agent_id: AGENT_ID })).version).toBe('0')
    const error = await betaAgentsGet(withValidation(client()), { agent_id: AGENT_ID }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toMatch(/^Invalid response: version: /)
    const refused = await betaAgentsCreate(withValidation(client()), { model: 'm', name: 7 } as never).catch(
      (caught: unknown) => caught,
    )
    expect([refused instanceof InvalidRequestError, (refused as Error).message]).toEqual([
      true,
      expect.stringMatching(/name: /),
    ])
    expect(wire.seen).toHaveLength(2)
    expect(() =>
      assertValid(
        AgentCreationRequestSchema,
        {
          model: 'm',
          name: 'n',
          tools: [{ type: 'mcp_server', url: 'x' }],
          completion_args: { tool_choice: 'sometimes' },
        },
        'request',
      ),
    ).not.toThrow()
    expect(() =>
      assertValid(
        AgentCreationRequestSchema,
        { model: 'm', name: 'n', tools: [{ type: 'function', function: { name: 'f' } }] },
        'request',
      ),
    ).toThrow(/tools\.0\.function\.parameters/)
    expect(() =>
      assertValid(
        AgentSchema,
        { ...JSON.parse(created), source: 'api', versions: [0, 1], deployment_chat: false, shiny: 1 },
        'response',
      ),
    ).not.toThrow()
  })

  it('create gets one retry on 503 and none on 500 or a dropped connection; a read is retried on 500', async () => {
    wire.answers = [{ status: 503, body: '{"message":"busy"}' }, { body: created }]
    await betaAgentsCreate(client(fast), { model: 'm', name: 'n' })
    expect(wire.seen.map(({ body }) => body)).toEqual(Array(2).fill('{"model":"m","name":"n"}'))
    wire.seen = []
    wire.answers = [{ status: 500, body: '{"message":"boom"}' }]
    const failed = await betaAgentsCreate(client(fast), { model: 'm', name: 'n' }).catch((caught: unknown) => caught)
    expect([failed instanceof SDKError, (failed as SDKError).status, wire.seen.length]).toEqual([true, 500, 1])
    wire.answers = ['drop']
    expect(
      await betaAgentsCreate(client(fast), { model: 'm', name: 'n' }).catch((caught: unknown) => caught),
    ).toBeInstanceOf(ConnectionError)
    expect(wire.seen).toHaveLength(2)
    wire.seen = []
    wire.answers = [{ status: 500, body: '{}' }, 'drop', { body: created }]
    expect((await betaAgentsGet(client(fast), { agent_id: AGENT_ID })).id).toBe(AGENT_ID)
    expect(wire.seen).toHaveLength(3)
  })

  it('a delete that fails is an SDKError; a bad path id is refused before sending', async () => {
    wire.answers = [{ status: 404, body: '{"message":"Agent not found"}' }]
    const missing = await betaAgentsDelete(client(), { agent_id: 'nope' }).catch((caught: unknown) => caught)
    expect([missing instanceof SDKError, (missing as SDKError).status, (missing as SDKError).message]).toEqual([
      true,
      404,
      'HTTP 404: Agent not found',
    ])
    await expect(betaAgentsGetVersion(client(), { agent_id: AGENT_ID, version: '..' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    )
    expect(wire.seen).toHaveLength(1)
  })
})
