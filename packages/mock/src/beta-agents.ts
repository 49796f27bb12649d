import { apiError, baseHeaders, json, type Route, type RouteContext } from './http.js'
import type { MockState, StoredAgent } from './state.js'
import { type Detail, enumIssue, missing, numberIssue, readObjectBody, stringIssue } from './validation.js'

// Agents (`/v1/agents...`, spec `agents_api_v1_agents_*`), shaped like the docs' SDK dumps
// `json/sdk_reserialized/docs_agent_*` plus the fields the current spec requires (`versions`, `deployment_chat`,
// `source`, ...). Every PATCH stores a new version and makes it current; `PATCH .../version` switches back to a stored
// one; aliases name a version. The agents service answers its own errors as
// `{"object":"Error","message",...,"type":"invalid_request_error","code":3001}` (a 400 quoted in
// SnarfNL/HA_MistralAI#21) and its 422s with `detail` and `message` both holding the list
// (`errors/422_detail_and_message_arrays_code3001_2025-11.json`, an append with `tools`); the 404 wording is ours.

type Body = Record<string, unknown>

/** Whether a value is a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The agents service's own error (400, 404): `{ object: 'Error', message, type, code: 3001 }`. */
export const agentsError = (state: MockState, status: number, message: string) =>
  json(state, { object: 'Error', message, type: 'invalid_request_error', code: 3001 }, status)

/** The agents service's 422: the pydantic list in both `detail` and `message`. */
export const agentsValidation = (state: MockState, detail: Detail[]) =>
  json(state, { object: 'Error', detail, message: detail, type: 'invalid_request_error', code: 3001 }, 422)

/** A 204 with the API's headers and no body. */
export function noContent(state: MockState): Response {
  const headers = baseHeaders(state, 'application/json')
  headers.delete('content-type')
  return new Response(null, { status: 204, headers })
}

/** `2026-08-19T12:00:01.123456Z`: the mock's clock with microseconds, as the agents service writes its times. */
export const timestamp = (state: MockState) =>
  new Date(state.now() * 1000).toISOString().replace(/\.\d{3}Z$/, `.${state.random.hex(6, '0123456789')}Z`)

/** `ag_06…`, `conv_06…`, `msg_06…`: a prefix and 32 hex digits, as the captures' ids. */
export const entityId = (state: MockState, prefix: string) => `${prefix}06${state.random.hex(30)}`

const TOOL_TYPES = [
  'function',
  'web_search',
  'web_search_premium',
  'code_interpreter',
  'image_generation',
  'document_library',
  'connector',
]
const TOOL_CHOICES = ['auto', 'none', 'any', 'required']
const SOURCES = ['api', 'playground', 'agent_builder_v1']
const ALIAS = '^[a-z]([a-z0-9_-]*[a-z0-9])?$'
const COMMON = [
  'instructions',
  'tools',
  'completion_args',
  'guardrails',
  'model',
  'name',
  'description',
  'handoffs',
  'metadata',
  'version_message',
]
const ARGS: [string, Parameters<typeof numberIssue>[2]][] = [
  ['temperature', { ge: 0, le: 1 }],
  ['top_p', { ge: 0, le: 1 }],
  ['presence_penalty', { ge: -2, le: 2 }],
  ['frequency_penalty', { ge: -2, le: 2 }],
  ['max_tokens', { integer: true, ge: 0 }],
  ['random_seed', { integer: true, ge: 0 }],
]
const ARG_FIELDS = [
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'temperature',
  'top_p',
  'max_tokens',
  'random_seed',
  'prediction',
  'response_format',
  'tool_choice',
  'reasoning_effort',
]

const listIssue = (value: unknown, loc: (string | number)[]): Detail => ({
  type: 'list_type',
  loc,
  msg: 'Input should be a valid list',
  input: value,
})
const dictIssue = (value: unknown, loc: (string | number)[]): Detail => ({
  type: 'dict_type',
  loc,
  msg: 'Input should be a valid dictionary',
  input: value,
})
const extraIssues = (body: Body, allowed: string[], loc: (string | number)[]): Detail[] =>
  Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      type: 'extra_forbidden',
      loc: [...loc, key],
      msg: 'Extra inputs are not permitted',
      input: body[key],
    }))

/** Checks a `tools` list: a tagged union on `type`, function tools with a `function` holding `name` and `parameters`. */
export function toolIssues(tools: unknown, loc: (string | number)[]): Detail[] {
  if (tools == null) return []
  if (!Array.isArray(tools)) return [listIssue(tools, loc)]
  return tools.flatMap((tool: unknown, index): Detail[] => {
    const at = [...loc, index]
    if (!isObject(tool))
      return [
        {
          type: 'model_attributes_type',
          loc: at,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: tool,
        },
      ]
    const tag = tool.type ?? (tool.function ? 'function' : undefined)
    if (!TOOL_TYPES.includes(tag as string)) {
      const expected = TOOL_TYPES.map((name) => `'${name}'`).join(', ')
      return [
        {
          type: 'union_tag_invalid',
          loc: at,
          msg: `Input tag '${String(tag)}' found using 'type' does not match any of the expected tags: ${expected}`,
          input: tool,
          ctx: { discriminator: "'type'", tag: String(tag), expected_tags: expected },
        },
      ]
    }
    if (tag !== 'function') return []
    const fn = tool.function
    if (!isObject(fn))
      return [
        fn === undefined
          ? missing([...at, 'function', 'function'], tool)
          : dictIssue(fn, [...at, 'function', 'function']),
      ]
    return [
      fn.name === undefined
        ? missing([...at, 'function', 'function', 'name'], fn)
        : stringIssue(fn.name, [...at, 'function', 'function', 'name']),
      fn.parameters === undefined
        ? missing([...at, 'function', 'function', 'parameters'], fn)
        : isObject(fn.parameters)
          ? undefined
          : dictIssue(fn.parameters, [...at, 'function', 'function', 'parameters']),
    ].filter((issue) => issue !== undefined)
  })
}

/** Checks `completion_args` (CompletionArgs: no extra keys, the spec's ranges, `tool_choice` enum). */
export function completionArgsIssues(args: unknown, loc: (string | number)[]): Detail[] {
  if (args == null) return []
  if (!isObject(args))
    return [
      {
        type: 'model_attributes_type',
        loc,
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: args,
      },
    ]
  const issues = [...extraIssues(args, ARG_FIELDS, loc)]
  for (const [field, rules] of ARGS)
    if (args[field] != null) issues.push(numberIssue(args[field], [...loc, field], rules) as Detail)
  if (args.tool_choice != null)
    issues.push(enumIssue(args.tool_choice, TOOL_CHOICES, [...loc, 'tool_choice']) as Detail)
  return issues.filter((issue) => issue !== undefined)
}

/** The pydantic checks of CreateAgentRequest (`create`) and UpdateAgentRequest. */
function agentIssues(body: Body, create: boolean): Detail[] {
  const issues: (Detail | undefined)[] = extraIssues(body, create ? COMMON : [...COMMON, 'deployment_chat'], ['body'])
  for (const field of ['model', 'name']) {
    if (create && body[field] === undefined) issues.push(missing(['body', field], body))
    else if (body[field] != null || (create && body[field] === null))
      issues.push(stringIssue(body[field], ['body', field]))
  }
  for (const field of ['instructions', 'description'])
    if (body[field] != null) issues.push(stringIssue(body[field], ['body', field]))
  if (body.version_message != null)
    issues.push(stringIssue(body.version_message, ['body', 'version_message'], { max: 500 }))
  issues.push(
    ...toolIssues(body.tools, ['body', 'tools']),
    ...completionArgsIssues(body.completion_args, ['body', 'completion_args']),
  )
  const { handoffs, metadata, guardrails } = body
  if (handoffs != null) {
    if (!Array.isArray(handoffs)) issues.push(listIssue(handoffs, ['body', 'handoffs']))
    else if (handoffs.length === 0)
      issues.push({
        type: 'too_short',
        loc: ['body', 'handoffs'],
        msg: 'List should have at least 1 item after validation, not 0',
        input: handoffs,
        ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
      })
    else handoffs.forEach((id, index) => issues.push(stringIssue(id, ['body', 'handoffs', index])))
  }
  if (metadata != null && !isObject(metadata)) issues.push(dictIssue(metadata, ['body', 'metadata']))
  if (guardrails != null && !Array.isArray(guardrails)) issues.push(listIssue(guardrails, ['body', 'guardrails']))
  if (body.deployment_chat != null && typeof body.deployment_chat !== 'boolean')
    issues.push({
      type: 'bool_type',
      loc: ['body', 'deployment_chat'],
      msg: 'Input should be a valid boolean',
      input: body.deployment_chat,
    })
  return issues.filter((issue) => issue !== undefined)
}

/** A tool as the API echoes it: function tools get `strict: false` when unset. */
const echoTool = (tool: Body): Body =>
  tool.type === 'function' || (!tool.type && tool.function)
    ? { function: { ...(tool.function as Body), strict: (tool.function as Body).strict ?? false }, type: 'function' }
    : tool

/** `completion_args` as the API echoes it: every field, `null` unless given, `tool_choice` `auto`. */
const echoArgs = (args: unknown, base?: unknown): Body => {
  const defaults = Object.fromEntries(ARG_FIELDS.map((field) => [field, field === 'tool_choice' ? 'auto' : null]))
  return { ...defaults, ...(isObject(base) ? base : {}), ...(isObject(args) ? args : {}) }
}

/** An agent version from a request (create) or from the current version and a PATCH body (update). */
function agentVersion(state: MockState, body: Body, previous: Body | undefined, id: string, version: number): Body {
  const pick = (field: string, fallback: unknown) =>
    body[field] !== undefined ? body[field] : (previous?.[field] ?? fallback)
  const now = timestamp(state)
  return {
    instructions: pick('instructions', null),
    tools: ((pick('tools', []) ?? []) as Body[]).map(echoTool),
    completion_args: echoArgs(body.completion_args, previous?.completion_args),
    guardrails: pick('guardrails', null),
    model: pick('model', null),
    name: pick('name', null),
    description: pick('description', null),
    handoffs: pick('handoffs', null),
    metadata: pick('metadata', null),
    object: 'agent',
    id,
    version,
    versions: [],
    created_at: previous?.created_at ?? now,
    updated_at: now,
    deployment_chat: pick('deployment_chat', false),
    source: 'api',
    version_message: body.version_message ?? null,
  }
}

/** Version `n` as the routes return it, with the agent's list of versions. */
const view = (stored: StoredAgent, n = stored.current): Body => ({
  ...(stored.versions[n] as Body),
  versions: stored.versions.map((_, index) => index),
})

/** The version an integer or an alias names, or undefined. */
function versionOf(stored: StoredAgent, raw: unknown): number | undefined {
  const text = String(raw)
  if (/^\d+$/.test(text)) return Number(text) < stored.versions.length ? Number(text) : undefined
  return stored.aliases.get(text)?.version
}

/**
 * The agent version a conversation runs: the current one, or the one `version` (number or alias) names.
 *
 * @returns the agent as `GET /v1/agents/{id}` returns it, or the 404 to send.
 */
export function resolveAgent(state: MockState, id: string, version?: unknown): Body | Response {
  const stored = state.agents.get(id)
  if (!stored) return agentsError(state, 404, `Agent ${id} not found.`)
  const n = version == null ? stored.current : versionOf(stored, version)
  return n === undefined
    ? agentsError(state, 404, `Version ${String(version)} of agent ${id} not found.`)
    : view(stored, n)
}

const knownModel = (state: MockState, model: string) =>
  [...state.models.values()].some((card) => card.id === model || card.aliases.includes(model))

/** Checks page/page_size query values with the given bounds. */
const pageIssues = (query: URLSearchParams, max: number): Detail[] =>
  [
    query.has('page') ? numberIssue(query.get('page'), ['query', 'page'], { integer: true, ge: 0 }) : undefined,
    query.has('page_size')
      ? numberIssue(query.get('page_size'), ['query', 'page_size'], { integer: true, ge: 1, le: max })
      : undefined,
  ].filter((issue) => issue !== undefined)

async function create({ request, state }: RouteContext): Promise<Response> {
  const { body, issue } = await readObjectBody(request)
  if (issue) return agentsValidation(state, [issue])
  const issues = agentIssues(body, true)
  if (issues.length) return agentsValidation(state, issues)
  if (!knownModel(state, body.model as string))
    return apiError(state, 400, `Invalid model: ${body.model}`, 'invalid_model', '1500')
  const id = entityId(state, 'ag_')
  const stored: StoredAgent = {
    versions: [agentVersion(state, body, undefined, id, 0)],
    current: 0,
    aliases: new Map(),
  }
  state.agents.set(id, stored)
  return json(state, view(stored))
}

/** The agents matching the list filters (`name`, `search`, `id`, `sources`, `deployment_chat`, `metadata`), newest first. */
function filtered(state: MockState, query: URLSearchParams): Body[] | Detail[] {
  const issues: Detail[] = query
    .getAll('sources')
    .map((value, index) => enumIssue(value, SOURCES, ['query', 'sources', index]))
    .filter((issue) => issue !== undefined)
  const chat = query.get('deployment_chat')
  if (chat !== null && !['true', 'false'].includes(chat))
    issues.push({
      type: 'bool_parsing',
      loc: ['query', 'deployment_chat'],
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: chat,
    })
  let metadata: unknown = {}
  try {
    metadata = JSON.parse(query.get('metadata') ?? '{}')
  } catch {}
  if (!isObject(metadata)) issues.push(dictIssue(query.get('metadata'), ['query', 'metadata']))
  if (issues.length) return issues
  const search = query.get('search')?.toLowerCase()
  const sources = query.getAll('sources')
  return [...state.agents.values()]
    .map((stored) => view(stored))
    .filter(
      (agent) =>
        (!query.has('name') || agent.name === query.get('name')) &&
        (!query.has('id') || agent.id === query.get('id')) &&
        (!search || `${agent.name} ${agent.id}`.toLowerCase().includes(search)) &&
        (sources.length === 0 || sources.includes(agent.source as string)) &&
        (chat === null || agent.deployment_chat === (chat === 'true')) &&
        Object.entries(metadata as Body).every(
          ([key, value]) => JSON.stringify((agent.metadata as Body | null)?.[key]) === JSON.stringify(value),
        ),
    )
    .reverse()
}

function list({ state, url }: RouteContext): Response {
  const query = url.searchParams
  const issues = pageIssues(query, 1000)
  const agents = filtered(state, query)
  if (issues.length || agents.some((item) => 'loc' in item))
    return agentsValidation(state, [...issues, ...(agents.filter((item) => 'loc' in item) as Detail[])])
  const page = Number(query.get('page') ?? 0)
  const size = Number(query.get('page_size') ?? 20)
  return json(state, agents.slice(page * size, (page + 1) * size))
}

/** `GET /v1/agents/pages`: the same filters, paged by an opaque cursor (base64 of the next offset). */
function pages({ state, url }: RouteContext): Response {
  const query = url.searchParams
  const issues = pageIssues(query, 1000)
  const agents = filtered(state, query)
  if (issues.length || agents.some((item) => 'loc' in item))
    return agentsValidation(state, [...issues, ...(agents.filter((item) => 'loc' in item) as Detail[])])
  const token = query.get('page_token')
  let offset = 0
  if (token) {
    try {
      offset = Number(/^offset:(\d+)$/.exec(atob(token))?.[1] ?? Number.NaN)
    } catch {
      offset = Number.NaN
    }
    if (Number.isNaN(offset)) return agentsError(state, 400, 'Invalid page token.')
  }
  const size = Number(query.get('page_size') ?? 20)
  const next = offset + size < agents.length ? btoa(`offset:${offset + size}`) : null
  return json(state, { object: 'list', data: agents.slice(offset, offset + size), next_page_token: next })
}

async function update({ request, state }: RouteContext, stored: StoredAgent): Promise<Response> {
  const { body, issue } = await readObjectBody(request)
  if (issue) return agentsValidation(state, [issue])
  const issues = agentIssues(body, false)
  if (issues.length) return agentsValidation(state, issues)
  if (typeof body.model === 'string' && !knownModel(state, body.model))
    return apiError(state, 400, `Invalid model: ${body.model}`, 'invalid_model', '1500')
  const current = stored.versions[stored.current] as Body
  stored.current = stored.versions.length
  stored.versions.push(agentVersion(state, body, current, current.id as string, stored.current))
  return json(state, view(stored))
}

function switchVersion({ state, url }: RouteContext, stored: StoredAgent): Response {
  const raw = url.searchParams.get('version')
  const issue =
    raw === null ? missing(['query', 'version'], null) : numberIssue(raw, ['query', 'version'], { integer: true })
  if (issue) return agentsValidation(state, [issue])
  const n = Number(raw)
  const version = stored.versions[n]
  if (!version) return agentsError(state, 404, `Version ${n} of agent ${view(stored).id} not found.`)
  stored.current = n
  version.updated_at = timestamp(state)
  return json(state, view(stored))
}

function listVersions({ state, url }: RouteContext, stored: StoredAgent): Response {
  const issues = pageIssues(url.searchParams, 100)
  if (issues.length) return agentsValidation(state, issues)
  const page = Number(url.searchParams.get('page') ?? 0)
  const size = Number(url.searchParams.get('page_size') ?? 20)
  return json(state, stored.versions.map((_, n) => view(stored, n)).slice(page * size, (page + 1) * size))
}

/** Checks the `alias` query value (length 1-64 and the spec's pattern). */
function aliasIssue(raw: string | null): Detail | undefined {
  if (raw === null) return missing(['query', 'alias'], null)
  return (
    stringIssue(raw, ['query', 'alias'], { min: 1, max: 64 }) ??
    (new RegExp(ALIAS).test(raw)
      ? undefined
      : {
          type: 'string_pattern_mismatch',
          loc: ['query', 'alias'],
          msg: `String should match pattern '${ALIAS}'`,
          input: raw,
          ctx: { pattern: ALIAS },
        })
  )
}

function putAlias({ state, url }: RouteContext, stored: StoredAgent): Response {
  const alias = url.searchParams.get('alias')
  const raw = url.searchParams.get('version')
  const issues = [
    aliasIssue(alias),
    raw === null ? missing(['query', 'version'], null) : numberIssue(raw, ['query', 'version'], { integer: true }),
  ].filter((issue) => issue !== undefined)
  if (issues.length) return agentsValidation(state, issues)
  const version = Number(raw)
  if (!stored.versions[version])
    return agentsError(state, 404, `Version ${version} of agent ${view(stored).id} not found.`)
  const now = timestamp(state)
  const record = {
    alias: alias as string,
    version,
    created_at: stored.aliases.get(alias as string)?.created_at ?? now,
    updated_at: now,
  }
  stored.aliases.set(record.alias, record)
  return json(state, record)
}

function deleteAlias({ state, url }: RouteContext, stored: StoredAgent): Response {
  const alias = url.searchParams.get('alias')
  const issue = aliasIssue(alias)
  if (issue) return agentsValidation(state, [issue])
  if (!stored.aliases.delete(alias as string))
    return agentsError(state, 404, `Alias ${alias} of agent ${view(stored).id} not found.`)
  return noContent(state)
}

/** Runs `action` on the agent named by the path, or answers the 404. */
const withAgent =
  (action: (context: RouteContext, stored: StoredAgent) => Response | Promise<Response>) => (context: RouteContext) => {
    const stored = context.state.agents.get(context.params.agent_id as string)
    return stored
      ? action(context, stored)
      : agentsError(context.state, 404, `Agent ${context.params.agent_id} not found.`)
  }

/** The `/v1/agents` routes: create, list (and cursor pages), get, update, delete, versions and aliases. */
export const betaAgentRoutes: Route[] = [
  ['POST', '/v1/agents', create],
  ['GET', '/v1/agents', list],
  ['GET', '/v1/agents/pages', pages],
  [
    'GET',
    '/v1/agents/{agent_id}',
    withAgent(({ state, url }, stored) => {
      const wanted = url.searchParams.get('agent_version')
      const agent = resolveAgent(state, view(stored).id as string, wanted)
      return agent instanceof Response ? agent : json(state, agent)
    }),
  ],
  ['PATCH', '/v1/agents/{agent_id}', withAgent(update)],
  [
    'DELETE',
    '/v1/agents/{agent_id}',
    withAgent(({ state, params }) => {
      state.agents.delete(params.agent_id as string)
      return noContent(state)
    }),
  ],
  ['PATCH', '/v1/agents/{agent_id}/version', withAgent(switchVersion)],
  ['GET', '/v1/agents/{agent_id}/versions', withAgent(listVersions)],
  [
    'GET',
    '/v1/agents/{agent_id}/versions/{version}',
    withAgent(({ state, params }, stored) => {
      const n = versionOf(stored, params.version)
      return n === undefined
        ? agentsError(state, 404, `Version ${params.version} of agent ${params.agent_id} not found.`)
        : json(state, view(stored, n))
    }),
  ],
  ['PUT', '/v1/agents/{agent_id}/aliases', withAgent(putAlias)],
  ['GET', '/v1/agents/{agent_id}/aliases', withAgent(({ state }, stored) => json(state, [...stored.aliases.values()]))],
  ['DELETE', '/v1/agents/{agent_id}/aliases', withAgent(deleteAlias)],
]
