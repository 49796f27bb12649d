import { parseFault } from './faults.js'
import { apiError, json, type Route, type RouteContext, readJson, validationError } from './http.js'
import { proseAnswer, proseThinking, proseTokens } from './prose.js'
import { createRandom, hashString, type Random } from './random.js'
import { pythonJson, schemaIssue, schemaValue } from './schema-value.js'
import { sseResponse } from './sse.js'
import { type Detail, enumIssue, missing, numberIssue, stringIssue } from './validation.js'

type Body = Record<string, unknown>
type Kind = 'chat' | 'fim' | 'agents'

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const PADDING = 'abcdefghijklmnopqrstuvwxyz0123456789'
const CODE = ['return', 'a', '+', 'b', 'if', 'n', '<', '2', 'else', 'fib(n', '-', '1)', 'result', '=', 'value', '\n   ']
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh']
const ROLES = ['system', 'user', 'assistant', 'tool']
const FORMATS = ['text', 'json_object', 'json_schema']

// The request fields each endpoint knows (from the current spec); the API refuses any other (extra_forbidden).
const COMMON = ['max_tokens', 'stream', 'stop', 'random_seed', 'metadata', 'prompt_cache_key']
const CONVERSATION = [
  'messages',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'reasoning_effort',
  'prompt_mode',
  'guardrails',
  'service_tier',
]
const FIELDS: Record<Kind, string[]> = {
  chat: [...COMMON, ...CONVERSATION, 'model', 'temperature', 'top_p', 'safe_prompt'],
  fim: [...COMMON, 'model', 'temperature', 'top_p', 'prompt', 'suffix', 'min_tokens'],
  agents: [...COMMON, ...CONVERSATION, 'agent_id'],
}

/** The pydantic checks the real API runs, reported as its 422 `detail` entries. */
function validate(body: Body, kind: Kind): Detail[] {
  const details: (Detail | undefined)[] = []
  for (const field of Object.keys(body)) {
    if (!FIELDS[kind].includes(field))
      details.push({
        type: 'extra_forbidden',
        loc: ['body', field],
        msg: 'Extra inputs are not permitted',
        input: body[field],
      })
  }
  const required =
    kind === 'chat' ? ['model', 'messages'] : kind === 'fim' ? ['model', 'prompt'] : ['agent_id', 'messages']
  for (const field of required) if (body[field] === undefined) details.push(missing(['body', field], body))
  for (const field of ['model', 'prompt', 'agent_id', 'suffix', 'prompt_cache_key']) {
    if (body[field] != null) details.push(stringIssue(body[field], ['body', field]))
  }
  const numbers: [string, Parameters<typeof numberIssue>[2]][] = [
    ['temperature', { ge: 0, le: 1.5 }],
    ['top_p', { gt: 0, le: 1 }],
    ['presence_penalty', { ge: -2, le: 2 }],
    ['frequency_penalty', { ge: -2, le: 2 }],
    ['max_tokens', { integer: true, ge: 0 }],
    ['min_tokens', { integer: true, ge: 0 }],
    ['random_seed', { integer: true, ge: 0 }],
    ['n', { integer: true, ge: 1 }],
  ]
  for (const [field, rules] of numbers)
    if (body[field] != null) details.push(numberIssue(body[field], ['body', field], rules))
  for (const field of ['stream', 'parallel_tool_calls', 'safe_prompt']) {
    if (body[field] !== undefined && typeof body[field] !== 'boolean')
      details.push({
        type: 'bool_type',
        loc: ['body', field],
        msg: 'Input should be a valid boolean',
        input: body[field],
      })
  }
  if (body.reasoning_effort != null)
    details.push(enumIssue(body.reasoning_effort, EFFORTS, ['body', 'reasoning_effort']))
  for (const field of ['messages', 'tools']) {
    const value = body[field]
    if (value != null && !Array.isArray(value))
      details.push({ type: 'list_type', loc: ['body', field], msg: 'Input should be a valid list', input: value })
  }
  if (Array.isArray(body.messages)) {
    body.messages.forEach((message: unknown, index) => {
      const loc = ['body', 'messages', index]
      const role = (message as Body | null)?.role
      if (typeof message !== 'object' || message === null) {
        details.push({
          type: 'model_attributes_type',
          loc,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: message,
        })
      } else if (!ROLES.includes(role as string)) {
        const tags = "'system', 'user', 'assistant', 'tool'"
        const msg = `Input tag '${String(role)}' found using 'role' does not match any of the expected tags: ${tags}`
        details.push({
          type: 'union_tag_invalid',
          loc,
          msg,
          input: message,
          ctx: { discriminator: "'role'", tag: String(role), expected_tags: tags },
        })
      } else if (role !== 'assistant' && !('content' in message))
        details.push(missing([...loc, role as string, 'content'], message))
    })
  }
  return details.filter((detail): detail is Detail => detail !== undefined)
}

/** The text of a message's content, string or parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.map((part: Body) => (typeof part?.text === 'string' ? part.text : '')).join('')
}

/**
 * Arguments for a function's JSON Schema `parameters`, written as the API writes them (`{"a": 1}`): a value of the
 * shared schema generator, with property values the prompt names taken from it.
 */
function argumentsFor(parameters: unknown, random: Random, text: string): string {
  const schema = typeof parameters === 'object' && parameters !== null ? parameters : {}
  return pythonJson(schemaValue({ type: 'object', ...schema }, { random, text }))
}

/** `count` words picked deterministically, joined by spaces. */
function words(random: Random, vocabulary: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index ? ' ' : '') + vocabulary[random.int(vocabulary.length)])
}

/** Splits words into pieces of one to three words: text arrives in several chunks. */
function pieces(random: Random, list: string[]): string[] {
  const out: string[] = []
  for (let index = 0; index < list.length; ) {
    const size = 1 + random.int(3)
    out.push(list.slice(index, index + size).join(''))
    index += size
  }
  return out
}

/** One tool call of an answer. */
interface ToolCall {
  id: string
  name: string
  arguments: string
}

interface Plan {
  model: string
  text: string[]
  thinking: string[]
  /** `closed` on thinking parts and the thinking/text hand-over in one chunk (mistral-small with reasoning_effort). */
  hybrid: boolean
  tools: ToolCall[]
  incremental: boolean
  finishReason: string
  usage: Record<string, unknown>
}

/** The text of the last user message: what tools are named in and tool arguments are taken from. */
function lastUserText(messages: Body[]): string {
  return textOf([...messages].reverse().find((message) => message.role === 'user')?.content)
}

/** The `function` definitions of the request's function tools. */
function functionsOf(body: Body): Body[] {
  const tools = Array.isArray(body.tools) ? (body.tools as Body[]) : []
  return tools
    .filter((tool) => tool?.type === 'function' || (!tool?.type && tool?.function))
    .map((tool) => (tool.function ?? {}) as Body)
}

/**
 * The functions the answer calls. `tool_choice: 'none'` calls none; after tool results (last message `tool`) none
 * unless forced (`any`, `required` or a named function); a named `tool_choice` calls that one; otherwise every
 * function the last user message names (its name, or with spaces for `_`, any case), only the first with
 * `parallel_tool_calls: false`; otherwise the first when forced, or when it is the only function offered.
 */
function chosenFunctions(body: Body, messages: Body[]): Body[] {
  const functions = functionsOf(body)
  const choice = body.tool_choice
  const named =
    typeof choice === 'object' && choice !== null
      ? (choice as { function?: { name?: string } }).function?.name
      : undefined
  const forced = choice === 'any' || choice === 'required' || named !== undefined
  if (!functions.length || choice === 'none' || (messages.at(-1)?.role === 'tool' && !forced)) return []
  if (named !== undefined) return [functions.find((item) => item.name === named) ?? (functions[0] as Body)]
  const prompt = lastUserText(messages).toLowerCase()
  const mentioned = functions.filter((item) => {
    const name = String(item.name ?? '').toLowerCase()
    return name !== '' && (prompt.includes(name) || prompt.includes(name.replaceAll('_', ' ')))
  })
  if (mentioned.length) return body.parallel_tool_calls === false ? mentioned.slice(0, 1) : mentioned
  // A lone function is called even when the prompt does not name it: the mock's first behaviour, which tests rely on.
  return forced || functions.length === 1 ? [functions[0] as Body] : []
}

/** After tool results, a text quoting each: `weather returned 15°C for call g6fVbXS8K.` (content cut at 80 characters). */
function toolResultsText(messages: Body[]): string | undefined {
  const results: Body[] = []
  for (let index = messages.length - 1; messages[index]?.role === 'tool'; index--)
    results.unshift(messages[index] as Body)
  if (!results.length) return undefined
  const calls = messages.flatMap((message) =>
    message.role === 'assistant' && Array.isArray(message.tool_calls) ? (message.tool_calls as Body[]) : [],
  )
  return results
    .map((result) => {
      const id = result.tool_call_id
      const name =
        result.name ?? (calls.find((call) => call?.id === id)?.function as Body | undefined)?.name ?? 'the tool'
      const text =
        typeof result.content === 'string'
          ? result.content
          : textOf(result.content) || JSON.stringify(result.content ?? null)
      const quoted = [...text].length > 80 ? `${[...text].slice(0, 79).join('')}…` : text
      return `${name} returned ${quoted}${typeof id === 'string' ? ` for call ${id}` : ''}.`
    })
    .join(' ')
}

/** A JSON answer for `response_format` `json_schema` (a value of its schema) or `json_object` (the keys the prompt puts in backticks, else `answer`). */
function structuredAnswer(format: unknown, random: Random, text: string): string | undefined {
  const { type, json_schema: jsonSchema } = (typeof format === 'object' && format !== null ? format : {}) as Body
  if (type === 'json_schema') return pythonJson(schemaValue((jsonSchema as Body | undefined)?.schema, { random, text }))
  if (type !== 'json_object') return undefined
  const keys = [...text.matchAll(/`([A-Za-z_][\w-]*)`/g)].map((match) => match[1] as string)
  const properties = Object.fromEntries((keys.length ? keys : ['answer']).map((key) => [key, {}]))
  return pythonJson(schemaValue({ type: 'object', properties }, { random, text }))
}

/** A text cut where the API's tokens would be: words keep their leading space, JSON goes four characters at a time. */
function tokensOf(text: string, json: boolean): string[] {
  if (!json) return proseTokens(text)
  const characters = [...text]
  return Array.from({ length: Math.ceil(characters.length / 4) }, (_, index) =>
    characters.slice(index * 4, index * 4 + 4).join(''),
  )
}

/** Decides the whole answer from the request alone (and the mock's seed), so a request always gets the same text. */
function plan(context: RouteContext, body: Body, kind: Kind, model: string): Plan {
  const { state } = context
  const source = kind === 'fim' ? `${body.prompt}|${body.suffix ?? ''}` : JSON.stringify(body.messages)
  const random = createRandom(hashString(`${state.workspace}|${model}|${body.random_seed ?? ''}|${source}`))
  const messages = Array.isArray(body.messages) ? (body.messages as Body[]) : []
  const promptText =
    kind === 'fim' ? `${body.prompt}${body.suffix ?? ''}` : messages.map((message) => textOf(message.content)).join(' ')
  const promptTokens = Math.max(1, Math.ceil(promptText.length / 4)) + messages.length * 4
  const userText = lastUserText(messages)
  // What the prose is about: the last user message, else whatever the messages say.
  const topicText = userText || promptText
  const tools = chosenFunctions(body, messages).map((definition) => ({
    id: state.random.hex(9, ALPHANUMERIC),
    name: String(definition.name ?? ''),
    arguments: argumentsFor(definition.parameters, random, userText),
  }))
  const effort = body.reasoning_effort
  const thinks =
    !tools.length &&
    kind !== 'fim' &&
    ((typeof effort === 'string' && effort !== 'none') || model.includes('magistral'))
  const thinking = thinks ? proseTokens(proseThinking(topicText, random)) : []
  const structured = tools.length ? undefined : structuredAnswer(body.response_format, random, userText)
  const quoted = tools.length || structured ? undefined : toolResultsText(messages)
  // The whole answer before max_tokens: a JSON value, a text quoting tool results, code for FIM, else prose about the prompt.
  const written = tools.length
    ? []
    : structured !== undefined
      ? tokensOf(structured, true)
      : quoted !== undefined
        ? tokensOf(quoted, false)
        : kind === 'fim'
          ? words(random, CODE, 6 + random.int(14))
          : tokensOf(proseAnswer(topicText, random), false)
  const natural = written.length
  const limit = typeof body.max_tokens === 'number' ? body.max_tokens : Number.POSITIVE_INFINITY
  const length = Math.max(0, Math.min(natural, limit))
  const text = written.slice(0, length)
  const completion = tools.length
    ? tools.reduce((sum, tool) => sum + 12 + Math.round(tool.arguments.length / 4), 0)
    : thinking.length + text.length
  return {
    model,
    text,
    thinking,
    hybrid: !model.includes('magistral'),
    tools,
    incremental: model.includes('incremental'),
    finishReason: tools.length ? 'tool_calls' : length < natural ? 'length' : 'stop',
    usage: {
      prompt_tokens: promptTokens,
      total_tokens: promptTokens + completion,
      completion_tokens: completion,
      prompt_tokens_details: { cached_tokens: 0 },
      service_tier: 'standard',
    },
  }
}

/** The non-streaming body, shaped like `json/chat_completion_*_2026-08-19.json`. */
function completionBody(context: RouteContext, answer: Plan) {
  const { state } = context
  const text = answer.text.join('')
  let content: unknown = text
  if (answer.thinking.length) {
    content = [
      { type: 'thinking', thinking: [{ type: 'text', text: answer.thinking.join('') }], closed: true },
      { type: 'text', text },
    ]
  }
  const toolCalls = answer.tools.length
    ? answer.tools.map((tool, index) => ({
        id: tool.id,
        type: 'function',
        function: { name: tool.name, arguments: tool.arguments },
        index,
      }))
    : null
  return {
    id: state.random.hex(32),
    created: state.now(),
    model: answer.model,
    usage: answer.usage,
    object: 'chat.completion',
    choices: [
      { index: 0, finish_reason: answer.finishReason, message: { role: 'assistant', tool_calls: toolCalls, content } },
    ],
  }
}

/** The event data of a stream, shaped like `sse/*_2026-08-19.sse`: role chunk, padded deltas, usage last, `[DONE]`. */
function streamEvents(context: RouteContext, answer: Plan): string[] {
  const { state } = context
  const random = state.random
  const head = { id: random.hex(32), object: 'chat.completion.chunk', created: state.now(), model: answer.model }
  const chunk = (delta: Body, finish: string | null = null, usage?: unknown) =>
    JSON.stringify({
      ...head,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
      p: PADDING.slice(0, 1 + random.int(PADDING.length)),
    })
  const events = [
    JSON.stringify({
      ...head,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    }),
  ]
  const finish = (delta: Body) => events.push(chunk(delta, answer.finishReason, answer.usage), '[DONE]')
  const { tools } = answer
  if (tools.length && answer.incremental) {
    tools.forEach((tool, index) => {
      events.push(
        chunk({
          tool_calls: [{ id: tool.id, type: 'function', function: { name: tool.name, arguments: '' }, index }],
          content: '',
        }),
      )
      const middle = Math.ceil(tool.arguments.length / 2)
      for (const part of [tool.arguments.slice(0, middle), tool.arguments.slice(middle)]) {
        events.push(
          chunk({ tool_calls: [{ type: 'function', function: { name: '', arguments: part }, index }], content: '' }),
        )
      }
    })
    finish({ content: '' })
    return events
  }
  if (tools.length) {
    finish({
      tool_calls: tools.map((tool, index) => ({
        id: tool.id,
        type: 'function',
        function: { name: tool.name, arguments: tool.arguments },
        index,
      })),
    })
    return events
  }
  const text = pieces(random, answer.text)
  if (answer.thinking.length) {
    events.push(chunk({ content: '' }))
    const thoughts = pieces(random, answer.thinking)
    thoughts.forEach((thought, index) => {
      const part: Body = { type: 'thinking', thinking: [{ type: 'text', text: thought }] }
      if (answer.hybrid && index > 0) part.closed = true
      const handOver = answer.hybrid && index === thoughts.length - 1 && text.length > 1
      events.push(chunk({ content: handOver ? [part, { type: 'text', text: text.shift() }] : [part] }))
    })
  }
  const last = text.pop() ?? ''
  for (const piece of text) events.push(chunk({ content: piece }))
  finish({ content: last })
  return events
}

/** Checks `response_format` and the function tools' `parameters`: shapes first, then whether a value can meet each schema. */
function schemaIssues(body: Body): Detail[] {
  const details: (Detail | undefined)[] = []
  const format = body.response_format
  const at = ['body', 'response_format']
  if (typeof format === 'object' && format !== null) {
    const { type, json_schema: jsonSchema } = format as Body
    details.push(enumIssue(type ?? 'text', FORMATS, [...at, 'type']))
    if (type === 'json_schema') {
      if (typeof jsonSchema !== 'object' || jsonSchema === null) details.push(missing([...at, 'json_schema'], format))
      else {
        const { name, schema } = jsonSchema as Body
        details.push(
          name === undefined
            ? missing([...at, 'json_schema', 'name'], jsonSchema)
            : stringIssue(name, [...at, 'json_schema', 'name']),
        )
        details.push(
          schema === undefined
            ? missing([...at, 'json_schema', 'schema'], jsonSchema)
            : schemaIssue(schema, [...at, 'json_schema', 'schema']),
        )
      }
    }
  }
  const tools = Array.isArray(body.tools) ? (body.tools as Body[]) : []
  tools.forEach((tool, index) => {
    const parameters = (tool?.function as Body | undefined)?.parameters
    if (typeof parameters === 'object' && parameters !== null)
      details.push(schemaIssue({ type: 'object', ...parameters }, ['body', 'tools', index, 'function', 'parameters']))
  })
  return details.filter((detail): detail is Detail => detail !== undefined)
}

/** The first `tool` message whose `tool_call_id` no earlier assistant message called, as the API refuses it. */
function strayToolCallId(messages: unknown): string | undefined {
  const called = new Set<unknown>()
  for (const message of Array.isArray(messages) ? (messages as Body[]) : []) {
    if (message.role === 'assistant' && Array.isArray(message.tool_calls))
      for (const call of message.tool_calls as Body[]) called.add(call?.id)
    if (message.role === 'tool' && typeof message.tool_call_id === 'string' && !called.has(message.tool_call_id))
      return message.tool_call_id
  }
  return undefined
}

/** The handler of one completion endpoint: validation, model check, then JSON or SSE. */
async function complete(context: RouteContext, kind: Kind): Promise<Response> {
  const { state, request } = context
  const body = await readJson(context)
  if (body instanceof Response) return body
  const details = validate(body, kind)
  if (details.length === 0 && kind !== 'fim') details.push(...schemaIssues(body))
  if (details.length) return validationError(state, details)
  // The mock keeps no agents: every agent answers as a mistral-medium one.
  let model = 'mistral-medium-latest'
  if (kind !== 'agents') {
    model = body.model as string
    // Models whose name contains "incremental" are a test hook: they stream tool calls in fragments.
    const known =
      model.includes('incremental') ||
      [...state.models.values()].some((card) => card.id === model || card.aliases.includes(model))
    if (!known) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  }
  // The API's own words (pydantic-ai#3733): a tool result must answer a call an assistant message made.
  const stray = strayToolCallId(body.messages)
  if (stray !== undefined)
    return apiError(
      state,
      400,
      `Unexpected tool call id ${stray} in tool results`,
      'invalid_request_message_order',
      '3230',
    )
  const answer = plan(context, body, kind, model)
  if (body.stream !== true) return json(state, completionBody(context, answer))
  return sseResponse(
    state,
    streamEvents(context, answer),
    parseFault(request.headers.get('x-mock-fault')),
    request.signal,
  )
}

/** `POST /v1/chat/completions`, `/v1/fim/completions` and `/v1/agents/completions`, streamed or not. */
export const completionRoutes: Route[] = [
  ['POST', '/v1/chat/completions', (context) => complete(context, 'chat')],
  ['POST', '/v1/fim/completions', (context) => complete(context, 'fim')],
  ['POST', '/v1/agents/completions', (context) => complete(context, 'agents')],
]
