import {
  agentsError,
  agentsValidation,
  completionArgsIssues,
  entityId,
  isObject,
  noContent,
  resolveAgent,
  timestamp,
  toolIssues,
} from './beta-agents.js'
import { parseFault } from './faults.js'
import { apiError, json, type Route, type RouteContext } from './http.js'
import { proseAnswer, proseTokens } from './prose.js'
import { createRandom, hashString } from './random.js'
import { pythonJson, schemaIssue, schemaValue } from './schema-value.js'
import { type SseEvent, sseResponse } from './sse.js'
import type { MockState, StoredConversation } from './state.js'
import { type Detail, enumIssue, missing, numberIssue, readObjectBody, stringIssue } from './validation.js'

// Conversations (`/v1/conversations...`, spec `agents_api_v1_conversations_*`), shaped like the docs' SDK dumps
// `json/sdk_reserialized/docs_conversation_*` and streamed like `sse/conversation_web_search_stream_docs_2025-04_elided.sse`
// (`event: <type>` then `data: <json with the same type>`, no `[DONE]`: `conversation.response.done` ends it).
//
// What the mock answers, decided from the inputs alone (see `respond`):
// - the last input is a `function.result`: a `message.output` "The function <name> returned <result>.";
// - otherwise, when the agent has `handoffs` and the last user message names one of those agents (its `name`, any
//   case): an `agent.handoff` entry, then (with `handoff_execution: "server"`, the default) that agent answers;
// - otherwise, when a function tool's name (or that name with spaces for `_`) appears in the last user message, any
//   case, or `completion_args.tool_choice` is `any`/`required`: a `function.call` entry of that (or the first)
//   function, with one argument per required parameter;
// - otherwise the first built-in tool (`web_search`, `code_interpreter`, ...) runs as a `tool.execution` entry, then
//   a `message.output` answers (after a web search, with a `tool_reference` chunk shaped as the current spec has it:
//   `favicon` and `description`, where the 2025 docs dump had `source`);
// - the answer is the chat mock's prose about the last user message (prose.ts: its subject in bold, a list, a code
//   sketch when code is asked), seeded by a hash of the model and the message; after a web search its first
//   paragraph is followed by a `tool_reference` chunk.
// Appending other inputs while a function call waits for its result is refused with the API's own 400 message.

type Body = Record<string, unknown>
type Entry = Record<string, unknown>

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const BUILT_IN = [
  'web_search',
  'web_search_premium',
  'code_interpreter',
  'image_generation',
  'document_library',
  'connector',
]
const SHARED = ['inputs', 'stream', 'store', 'handoff_execution', 'completion_args']
const START = [
  ...SHARED,
  'instructions',
  'tools',
  'guardrails',
  'name',
  'description',
  'metadata',
  'agent_id',
  'agent_version',
  'model',
]
const APPEND = [...SHARED, 'tool_confirmations']
const RESTART = [...SHARED, 'guardrails', 'metadata', 'from_entry_id', 'agent_version']

/** The text of a content: a string, or the `text` of its chunks. */
const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((chunk) => (isObject(chunk) && typeof chunk.text === 'string' ? chunk.text : '')).join('')
      : ''

/** The pydantic checks of a start, append or restart body. */
function issues(body: Body, allowed: string[], kind: 'start' | 'append' | 'restart'): Detail[] {
  const found: (Detail | undefined)[] = Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      type: 'extra_forbidden',
      loc: ['body', key],
      msg: 'Extra inputs are not permitted',
      input: body[key],
    }))
  const { inputs } = body
  if (inputs === undefined && kind === 'start') found.push(missing(['body', 'inputs'], body))
  else if (inputs !== undefined && typeof inputs !== 'string') {
    if (!Array.isArray(inputs)) {
      found.push({
        type: 'string_type',
        loc: ['body', 'inputs', 'str'],
        msg: 'Input should be a valid string',
        input: inputs,
      })
      found.push({
        type: 'list_type',
        loc: ['body', 'inputs', 'list[union]'],
        msg: 'Input should be a valid list',
        input: inputs,
      })
    } else inputs.forEach((entry: unknown, index) => found.push(entryIssue(entry, ['body', 'inputs', index])))
  }
  if (kind === 'restart' && body.from_entry_id === undefined) found.push(missing(['body', 'from_entry_id'], body))
  for (const field of ['from_entry_id', 'agent_id', 'model', 'instructions', 'name', 'description'])
    if (body[field] != null) found.push(stringIssue(body[field], ['body', field]))
  for (const field of ['stream', 'store']) {
    if (body[field] != null && typeof body[field] !== 'boolean')
      found.push({
        type: 'bool_type',
        loc: ['body', field],
        msg: 'Input should be a valid boolean',
        input: body[field],
      })
  }
  if (body.handoff_execution != null)
    found.push(enumIssue(body.handoff_execution, ['client', 'server'], ['body', 'handoff_execution']))
  if (body.metadata != null && !isObject(body.metadata))
    found.push({
      type: 'dict_type',
      loc: ['body', 'metadata'],
      msg: 'Input should be a valid dictionary',
      input: body.metadata,
    })
  found.push(
    ...toolIssues(body.tools, ['body', 'tools']),
    ...completionArgsIssues(body.completion_args, ['body', 'completion_args']),
  )
  const format = isObject(body.completion_args) ? body.completion_args.response_format : undefined
  if (isObject(format) && format.type === 'json_schema' && isObject(format.json_schema)) {
    found.push(
      schemaIssue(format.json_schema.schema, ['body', 'completion_args', 'response_format', 'json_schema', 'schema']),
    )
  }
  const details = found.filter((issue) => issue !== undefined)
  if (kind === 'start' && details.length === 0 && (body.agent_id == null) === (body.model == null)) {
    const error = 'Exactly one of agent_id or model must be provided'
    details.push({ type: 'value_error', loc: ['body'], msg: `Value error, ${error}`, input: body, ctx: { error } })
  }
  return details
}

/** Checks one input entry: a message (`role` user/assistant and `content`) or a `function.result`. */
function entryIssue(entry: unknown, loc: (string | number)[]): Detail | undefined {
  if (!isObject(entry))
    return {
      type: 'model_attributes_type',
      loc,
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: entry,
    }
  if (entry.type === 'function.result') {
    for (const field of ['tool_call_id', 'result'])
      if (typeof entry[field] !== 'string')
        return entry[field] === undefined ? missing([...loc, field], entry) : stringIssue(entry[field], [...loc, field])
    return undefined
  }
  if (entry.type !== undefined && entry.type !== 'message.input') return undefined
  if (entry.content === undefined) return missing([...loc, 'content'], entry)
  return entry.role === undefined
    ? missing([...loc, 'role'], entry)
    : enumIssue(entry.role, ['assistant', 'user'], [...loc, 'role'])
}

/** The new input entries, stored as the API stores them (ids, `created_at`, `completed_at: null`). */
function inputEntries(state: MockState, inputs: unknown): Entry[] {
  const list = typeof inputs === 'string' ? [{ role: 'user', content: inputs }] : ((inputs ?? []) as Body[])
  return list.map((entry) => {
    const stamp = { object: 'entry', created_at: timestamp(state), completed_at: null }
    if (entry.type === 'function.result')
      return {
        tool_call_id: entry.tool_call_id,
        result: entry.result,
        ...stamp,
        type: 'function.result',
        id: entityId(state, 'fr_'),
      }
    if (entry.type === undefined || entry.type === 'message.input') {
      const prefix = entry.prefix === undefined ? {} : { prefix: entry.prefix }
      return {
        role: entry.role,
        content: entry.content,
        ...stamp,
        type: 'message.input',
        id: entityId(state, 'msg_'),
        ...prefix,
      }
    }
    return { ...entry, object: 'entry', id: entry.id ?? entityId(state, 'entry_') }
  })
}

/** Who answers: an agent (as `GET /v1/agents/{id}` returns it) or a model with the conversation's settings. */
interface Speaker {
  agent: Body | undefined
  model: string
  tools: Body[]
  args: Body
  instructions: string
}

const speakerOf = (agent: Body | undefined, conversation: Body, args: unknown): Speaker => ({
  agent,
  model: String(agent?.model ?? conversation.model),
  tools: ((agent ? agent.tools : conversation.tools) ?? []) as Body[],
  args: { ...((agent ? agent.completion_args : conversation.completion_args) ?? {}), ...(isObject(args) ? args : {}) },
  instructions: String((agent ? agent.instructions : conversation.instructions) ?? ''),
})

/** Arguments for a function's `parameters`, from the shared schema generator (strings it cannot hint take the message's longest word). */
function argumentsFor(parameters: unknown, text: string): string {
  const schema = isObject(parameters) ? parameters : {}
  return pythonJson(schemaValue({ type: 'object', ...schema }, { random: createRandom(hashString(text)), text }))
}

/** With `completion_args.response_format` `json_schema`, the answer is a JSON value of its schema (undefined otherwise). */
function structuredAnswer(format: unknown, text: string): string | undefined {
  if (!isObject(format)) return undefined
  const random = createRandom(hashString(text))
  if (format.type === 'json_schema' && isObject(format.json_schema))
    return pythonJson(schemaValue(format.json_schema.schema, { random, text }))
  return format.type === 'json_object'
    ? pythonJson(schemaValue({ type: 'object', properties: { answer: {} } }, { random, text }))
    : undefined
}

/** The entries one turn adds after the inputs, and its usage. */
function respond(
  state: MockState,
  speaker: Speaker,
  entries: Entry[],
  handoffExecution: unknown,
): { outputs: Entry[]; usage: Body; speaker: Speaker } {
  const outputs: Entry[] = []
  const last = entries.at(-1)
  const text = textOf([...entries].reverse().find((entry) => entry.type === 'message.input')?.content)
  const topic = text.length > 60 ? `${text.slice(0, 57)}...` : text
  let current = speaker
  const stamp = () => ({ object: 'entry', created_at: timestamp(state) })
  const message = (content: unknown) =>
    outputs.push({
      content,
      ...stamp(),
      type: 'message.output',
      completed_at: timestamp(state),
      id: entityId(state, 'msg_'),
      agent_id: current.agent?.id ?? null,
      model: current.model,
      role: 'assistant',
    })
  const answer = () =>
    structuredAnswer(current.args.response_format, text) ??
    proseAnswer(text, createRandom(hashString(`${current.model}|${text}`)))
  const done = (connectorTokens = 0, connector?: string) => ({
    outputs,
    usage: usage(current, entries, outputs, connectorTokens, connector),
    speaker: current,
  })
  if (last?.type === 'function.result') {
    const call = entries.find((entry) => entry.type === 'function.call' && entry.tool_call_id === last.tool_call_id)
    message(
      structuredAnswer(current.args.response_format, text) ??
        `The function ${call?.name ?? 'you ran'} returned ${last.result}.`,
    )
    return done()
  }
  const lower = text.toLowerCase()
  const handoffs = (speaker.agent?.handoffs ?? []) as string[]
  const next = handoffs
    .map((id) => state.agents.get(id))
    .find((stored) => stored && lower.includes(String(stored.versions[stored.current]?.name).toLowerCase()))
  if (next) {
    const agent = resolveAgent(state, String(next.versions[0]?.id)) as Body
    outputs.push({
      previous_agent_id: speaker.agent?.id,
      previous_agent_name: speaker.agent?.name,
      next_agent_id: agent.id,
      next_agent_name: agent.name,
      ...stamp(),
      type: 'agent.handoff',
      completed_at: timestamp(state),
      id: entityId(state, 'handoff_'),
    })
    if (handoffExecution === 'client') return done()
    current = speakerOf(agent, {}, speaker.args)
  }
  const functions = current.tools.filter((tool) => tool.type === 'function' || (!tool.type && tool.function))
  const choice = current.args.tool_choice
  const named = functions.find((tool) => {
    const name = String((tool.function as Body).name).toLowerCase()
    return lower.includes(name) || lower.includes(name.replaceAll('_', ' '))
  })
  const called =
    choice === 'none' ? undefined : (named ?? (choice === 'any' || choice === 'required' ? functions[0] : undefined))
  if (called) {
    const fn = called.function as Body
    const call = {
      tool_call_id: state.random.hex(9, ALPHANUMERIC),
      name: fn.name,
      arguments: argumentsFor(fn.parameters, text),
    }
    outputs.push({ ...call, ...stamp(), type: 'function.call', completed_at: null, id: entityId(state, 'fc_') })
    return done()
  }
  const tool = current.tools.find((item) => BUILT_IN.includes(item.type as string))
  if (!tool) {
    message(answer())
    return done()
  }
  const name = tool.type === 'connector' ? String(tool.connector_id ?? 'connector') : String(tool.type)
  const code = `print(${JSON.stringify(topic)})`
  const info = tool.type === 'code_interpreter' ? { code, code_output: `${topic}\n` } : {}
  const args = pythonJson(tool.type === 'code_interpreter' ? { code } : { query: topic })
  outputs.push({
    name,
    arguments: args,
    ...stamp(),
    type: 'tool.execution',
    completed_at: timestamp(state),
    id: entityId(state, 'tool_exec_'),
    info,
  })
  if (name.startsWith('web_search') && structuredAnswer(current.args.response_format, text) === undefined) {
    const url = `https://search.mock.mistral.ai/?q=${encodeURIComponent(topic)}`
    const prose = answer() as string
    const cut = prose.indexOf('\n\n') + 1 || prose.length
    message([
      { type: 'text', text: prose.slice(0, cut) },
      { type: 'tool_reference', tool: name, title: `Results for ${topic}`, url, favicon: null, description: null },
      { type: 'text', text: prose.slice(cut) },
    ])
  } else message(answer())
  return done(40 + (hashString(text) % 60), name)
}

/** Tokens as a quarter of the characters, four per entry; a connector adds its own tokens (total = all three). */
function usage(
  speaker: Speaker,
  entries: Entry[],
  outputs: Entry[],
  connectorTokens: number,
  connector?: string,
): Body {
  const size = (entry: Entry) =>
    textOf(entry.content).length + String(entry.result ?? '').length + String(entry.arguments ?? '').length
  const prompt =
    Math.ceil((speaker.instructions.length + entries.reduce((sum, entry) => sum + size(entry), 0)) / 4) +
    4 * entries.length
  const completion =
    Math.max(1, Math.ceil(outputs.reduce((sum, entry) => sum + size(entry), 0) / 4)) +
    (outputs.some((entry) => entry.type === 'function.call') ? 12 : 0)
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion + connectorTokens,
    connector_tokens: connector ? connectorTokens : null,
    connectors: connector ? { [connector]: 1 } : null,
  }
}

/** The events of a streamed turn, as the real stream frames them (`event:` equal to the data's `type`). */
function streamEvents(conversationId: string, outputs: Entry[], total: Body, speaker: Speaker): SseEvent[] {
  const events: SseEvent[] = []
  const push = (data: Body) => events.push({ event: data.type as string, data: JSON.stringify(data) })
  push({ type: 'conversation.response.started', conversation_id: conversationId })
  outputs.forEach((entry, index) => {
    const at = { output_index: index, id: entry.id }
    if (entry.type === 'message.output') {
      const head = { type: 'message.output.delta', ...at }
      const tail = { model: entry.model, agent_id: entry.agent_id, role: 'assistant' }
      const chunks = typeof entry.content === 'string' ? [entry.content] : (entry.content as Body[])
      chunks.forEach((chunk, position) => {
        if (typeof chunk === 'string' || chunk.type === 'text')
          for (const content of proseTokens(typeof chunk === 'string' ? chunk : String(chunk.text)))
            push({ ...head, content_index: position, ...tail, content })
        else push({ ...head, content_index: position, ...tail, content: chunk })
      })
    } else if (entry.type === 'function.call') {
      const text = String(entry.arguments)
      const third = Math.ceil(text.length / 3)
      for (const part of [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)]) {
        push({
          type: 'function.call.delta',
          ...at,
          model: speaker.model,
          agent_id: speaker.agent?.id ?? null,
          name: entry.name,
          tool_call_id: entry.tool_call_id,
          arguments: part,
        })
      }
    } else if (entry.type === 'tool.execution') {
      push({ type: 'tool.execution.started', ...at, name: entry.name, arguments: entry.arguments })
      push({ type: 'tool.execution.done', ...at, name: entry.name, info: entry.info })
    } else if (entry.type === 'agent.handoff') {
      push({
        type: 'agent.handoff.started',
        ...at,
        previous_agent_id: entry.previous_agent_id,
        previous_agent_name: entry.previous_agent_name,
      })
      push({
        type: 'agent.handoff.done',
        ...at,
        next_agent_id: entry.next_agent_id,
        next_agent_name: entry.next_agent_name,
      })
    }
  })
  const { prompt_tokens, completion_tokens, total_tokens, connector_tokens, connectors } = total
  push({
    type: 'conversation.response.done',
    usage: { prompt_tokens, total_tokens, completion_tokens, ...(connectors ? { connector_tokens, connectors } : {}) },
  })
  return events
}

/** Runs one turn on a conversation: refuses inputs while function results are missing, stores (unless `store: false`), answers. */
function turn(context: RouteContext, conversation: StoredConversation, body: Body): Response {
  const { state, request } = context
  const { record } = conversation
  let agent: Body | undefined
  if (record.agent_id) {
    const found = resolveAgent(state, String(record.agent_id), body.agent_version ?? record.agent_version)
    if (found instanceof Response) return found
    agent = found
  }
  const inputs = inputEntries(state, body.inputs)
  const results = new Set(
    [...conversation.entries, ...inputs]
      .filter((entry) => entry.type === 'function.result')
      .map((entry) => entry.tool_call_id),
  )
  const waiting = conversation.entries
    .filter((entry) => entry.type === 'function.call' && !results.has(entry.tool_call_id))
    .map((entry) => entry.tool_call_id)
  if (waiting.length && inputs.some((entry) => entry.type !== 'function.result')) {
    return agentsError(
      state,
      400,
      `Cannot append other inputs while function results are still missing. Provide function results first for: [${waiting.map((id) => `'${id}'`).join(', ')}]`,
    )
  }
  const entries = [...conversation.entries, ...inputs]
  const {
    outputs,
    usage: total,
    speaker,
  } = respond(state, speakerOf(agent, record, body.completion_args), entries, body.handoff_execution)
  if (body.store !== false) {
    conversation.entries = [...entries, ...outputs]
    record.updated_at = timestamp(state)
    state.conversations.set(String(record.id), conversation)
  }
  const id = String(record.id)
  if (body.stream === true)
    return sseResponse(
      state,
      streamEvents(id, outputs, total, speaker),
      parseFault(request.headers.get('x-mock-fault')),
      request.signal,
    )
  return json(state, { object: 'conversation.response', conversation_id: id, outputs, usage: total })
}

/** Reads and checks a body, then runs `action`, or answers the 422. */
const withBody =
  (allowed: string[], kind: 'start' | 'append' | 'restart', action: (context: RouteContext, body: Body) => Response) =>
  async (context: RouteContext) => {
    const { body, issue } = await readObjectBody(context.request)
    if (issue) return agentsValidation(context.state, [issue])
    const found = issues(body, allowed, kind)
    return found.length ? agentsValidation(context.state, found) : action(context, body)
  }

const start = withBody(START, 'start', (context, body) => {
  const { state } = context
  const now = timestamp(state)
  const id = entityId(state, 'conv_')
  const common = {
    name: body.name ?? null,
    description: body.description ?? null,
    metadata: body.metadata ?? null,
    object: 'conversation',
    id,
    created_at: now,
    updated_at: now,
  }
  let record: Body
  if (body.agent_id != null) {
    const agent = resolveAgent(state, String(body.agent_id), body.agent_version)
    if (agent instanceof Response) return agent
    record = { ...common, agent_id: body.agent_id, agent_version: body.agent_version ?? null }
  } else {
    const model = String(body.model)
    if (![...state.models.values()].some((card) => card.id === model || card.aliases.includes(model)))
      return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
    const args = isObject(body.completion_args) ? body.completion_args : {}
    record = {
      instructions: body.instructions ?? null,
      tools: body.tools ?? [],
      completion_args: args,
      guardrails: body.guardrails ?? null,
      ...common,
      model,
    }
  }
  return turn(context, { record, entries: [] }, body)
})

/** Runs `action` on the stored conversation named by the path, or answers the 404. */
const withConversation =
  (action: (context: RouteContext, stored: StoredConversation) => Response | Promise<Response>) =>
  (context: RouteContext) => {
    const id = context.params.conversation_id as string
    const stored = context.state.conversations.get(id)
    return stored ? action(context, stored) : agentsError(context.state, 404, `Conversation ${id} not found.`)
  }

/** The entries as history and messages list them: `completed_at` is `null` there, as in the docs' dumps. */
const listed = (entries: Entry[]) => entries.map((entry) => ({ ...entry, completed_at: null }))

/** The `/v1/conversations` routes: start, list, get, append, history, messages, restart, delete (each streamed with `stream: true`). */
export const conversationRoutes: Route[] = [
  ['POST', '/v1/conversations', start],
  [
    'GET',
    '/v1/conversations',
    ({ state, url }) => {
      const query = url.searchParams
      const found = [
        query.has('page') ? numberIssue(query.get('page'), ['query', 'page'], { integer: true }) : undefined,
        query.has('page_size')
          ? numberIssue(query.get('page_size'), ['query', 'page_size'], { integer: true })
          : undefined,
      ].filter((issue) => issue !== undefined)
      let metadata: unknown = {}
      try {
        metadata = JSON.parse(query.get('metadata') ?? '{}')
      } catch {}
      if (!isObject(metadata))
        found.push({
          type: 'dict_type',
          loc: ['query', 'metadata'],
          msg: 'Input should be a valid dictionary',
          input: query.get('metadata'),
        })
      if (found.length) return agentsValidation(state, found)
      const page = Number(query.get('page') ?? 0)
      const size = Number(query.get('page_size') ?? 100)
      const matching = [...state.conversations.values()]
        .map((stored) => stored.record)
        .filter((record) =>
          Object.entries(metadata as Body).every(
            ([key, value]) => JSON.stringify((record.metadata as Body | null)?.[key]) === JSON.stringify(value),
          ),
        )
        .reverse()
      return json(state, matching.slice(page * size, (page + 1) * size))
    },
  ],
  ['GET', '/v1/conversations/{conversation_id}', withConversation(({ state }, stored) => json(state, stored.record))],
  [
    'POST',
    '/v1/conversations/{conversation_id}',
    withConversation((context, stored) =>
      withBody(APPEND, 'append', (inner, body) => turn(inner, stored, body))(context),
    ),
  ],
  [
    'DELETE',
    '/v1/conversations/{conversation_id}',
    withConversation(({ state, params }) => {
      state.conversations.delete(params.conversation_id as string)
      return noContent(state)
    }),
  ],
  [
    'GET',
    '/v1/conversations/{conversation_id}/history',
    withConversation(({ state }, stored) =>
      json(state, {
        object: 'conversation.history',
        conversation_id: stored.record.id,
        entries: listed(stored.entries),
      }),
    ),
  ],
  [
    'GET',
    '/v1/conversations/{conversation_id}/messages',
    withConversation(({ state }, stored) => {
      const messages = listed(
        stored.entries.filter((entry) => entry.type === 'message.input' || entry.type === 'message.output'),
      )
      return json(state, { object: 'conversation.messages', conversation_id: stored.record.id, messages })
    }),
  ],
  [
    'POST',
    '/v1/conversations/{conversation_id}/restart',
    withConversation((context, stored) =>
      withBody(RESTART, 'restart', (inner, body) => {
        const { state } = inner
        const index = stored.entries.findIndex((entry) => entry.id === body.from_entry_id)
        if (index < 0)
          return agentsError(state, 404, `Entry ${body.from_entry_id} not found in conversation ${stored.record.id}.`)
        const now = timestamp(state)
        const record: Body = {
          ...stored.record,
          id: entityId(state, 'conv_'),
          created_at: now,
          updated_at: now,
          ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
        }
        if (record.agent_id !== undefined && body.agent_version !== undefined) record.agent_version = body.agent_version
        return turn(inner, { record, entries: stored.entries.slice(0, index + 1) }, body)
      })(context),
    ),
  ],
]
