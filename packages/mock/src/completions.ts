import { parseFault } from './faults.js'
import { apiError, json, readJson, type Route, type RouteContext, validationError } from './http.js'
import { createRandom, hashString, type Random } from './random.js'
import { sseResponse } from './sse.js'
import { type Detail, enumIssue, missing, numberIssue, stringIssue } from './validation.js'

type Body = Record<string, unknown>
type Kind = 'chat' | 'fim' | 'agents'

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const PADDING = 'abcdefghijklmnopqrstuvwxyz0123456789'
// A few multi-byte words, so streamed text exercises UTF-8 split across chunks.
const WORDS = ['the', 'model', 'answers', 'with', 'a', 'short', 'reply', 'about', 'Paris', 'café', 'naïve', 'data', 'stream', 'token', 'is', 'ready', '→', 'réponse', 'über', '🙂', 'and', 'of', 'clear', 'text']
const THOUGHTS = ['The', 'user', 'is', 'asking', 'for', 'an', 'answer.', 'I', 'should', 'think', 'step', 'by', 'step', 'and', 'reply', 'briefly.']
const CODE = ['return', 'a', '+', 'b', 'if', 'n', '<', '2', 'else', 'fib(n', '-', '1)', 'result', '=', 'value', '\n   ']
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh']
const ROLES = ['system', 'user', 'assistant', 'tool']

// The request fields each endpoint knows (from the current spec); the API refuses any other (extra_forbidden).
const COMMON = ['max_tokens', 'stream', 'stop', 'random_seed', 'metadata', 'prompt_cache_key']
const CONVERSATION = ['messages', 'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'reasoning_effort', 'prompt_mode', 'guardrails', 'service_tier']
const FIELDS: Record<Kind, string[]> = {
  chat: [...COMMON, ...CONVERSATION, 'model', 'temperature', 'top_p', 'safe_prompt'],
  fim: [...COMMON, 'model', 'temperature', 'top_p', 'prompt', 'suffix', 'min_tokens'],
  agents: [...COMMON, ...CONVERSATION, 'agent_id'],
}

/** The pydantic checks the real API runs, reported as its 422 `detail` entries. */
function validate(body: Body, kind: Kind): Detail[] {
  const details: (Detail | undefined)[] = []
  for (const field of Object.keys(body)) {
    if (!FIELDS[kind].includes(field)) details.push({ type: 'extra_forbidden', loc: ['body', field], msg: 'Extra inputs are not permitted', input: body[field] })
  }
  const required = kind === 'chat' ? ['model', 'messages'] : kind === 'fim' ? ['model', 'prompt'] : ['agent_id', 'messages']
  for (const field of required) if (body[field] === undefined) details.push(missing(['body', field], body))
  for (const field of ['model', 'prompt', 'agent_id', 'suffix', 'prompt_cache_key']) {
    if (body[field] != null) details.push(stringIssue(body[field], ['body', field]))
  }
  const numbers: [string, Parameters<typeof numberIssue>[2]][] = [
    ['temperature', { ge: 0, le: 1.5 }], ['top_p', { gt: 0, le: 1 }], ['presence_penalty', { ge: -2, le: 2 }],
    ['frequency_penalty', { ge: -2, le: 2 }], ['max_tokens', { integer: true, ge: 0 }], ['min_tokens', { integer: true, ge: 0 }],
    ['random_seed', { integer: true, ge: 0 }], ['n', { integer: true, ge: 1 }],
  ]
  for (const [field, rules] of numbers) if (body[field] != null) details.push(numberIssue(body[field], ['body', field], rules))
  for (const field of ['stream', 'parallel_tool_calls', 'safe_prompt']) {
    if (body[field] !== undefined && typeof body[field] !== 'boolean') details.push({ type: 'bool_type', loc: ['body', field], msg: 'Input should be a valid boolean', input: body[field] })
  }
  if (body.reasoning_effort != null) details.push(enumIssue(body.reasoning_effort, EFFORTS, ['body', 'reasoning_effort']))
  for (const field of ['messages', 'tools']) {
    const value = body[field]
    if (value != null && !Array.isArray(value)) details.push({ type: 'list_type', loc: ['body', field], msg: 'Input should be a valid list', input: value })
  }
  if (Array.isArray(body.messages)) {
    body.messages.forEach((message: unknown, index) => {
      const loc = ['body', 'messages', index]
      const role = (message as Body | null)?.role
      if (typeof message !== 'object' || message === null) {
        details.push({ type: 'model_attributes_type', loc, msg: 'Input should be a valid dictionary or object to extract fields from', input: message })
      } else if (!ROLES.includes(role as string)) {
        const tags = "'system', 'user', 'assistant', 'tool'"
        const msg = `Input tag '${String(role)}' found using 'role' does not match any of the expected tags: ${tags}`
        details.push({ type: 'union_tag_invalid', loc, msg, input: message, ctx: { discriminator: "'role'", tag: String(role), expected_tags: tags } })
      } else if (role !== 'assistant' && !('content' in message)) details.push(missing([...loc, role as string, 'content'], message))
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

/** `{"a": 1, "b": "x"}`: JSON as Python's `json.dumps` writes it, the way the API's tool arguments look. */
function pythonJson(value: Record<string, unknown>): string {
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${JSON.stringify(item)}`).join(', ')}}`
}

/** Arguments for a function's JSON Schema `parameters`: required properties (or all), a plausible value each. */
function argumentsFor(parameters: unknown, random: Random): string {
  const schema = (parameters ?? {}) as { properties?: Record<string, Body>; required?: string[] }
  const properties = schema.properties ?? {}
  const names = schema.required ?? Object.keys(properties)
  const values: Record<string, unknown> = {}
  for (const name of names) {
    const property = properties[name] ?? {}
    if (Array.isArray(property.enum)) values[name] = property.enum[0]
    else if (property.type === 'number') values[name] = Math.round(random.next() * 10_000) / 100
    else if (property.type === 'integer') values[name] = random.int(100)
    else if (property.type === 'boolean') values[name] = true
    else if (property.type === 'array') values[name] = []
    else if (property.type === 'object') values[name] = {}
    else values[name] = WORDS[random.int(8)] as string
  }
  return pythonJson(values)
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

interface Plan {
  model: string
  text: string[]
  thinking: string[]
  /** `closed` on thinking parts and the thinking/text hand-over in one chunk (mistral-small with reasoning_effort). */
  hybrid: boolean
  tool: { id: string; name: string; arguments: string } | undefined
  incremental: boolean
  finishReason: string
  usage: Record<string, unknown>
}

/** Decides the whole answer from the request alone (and the mock's seed), so a request always gets the same text. */
function plan(context: RouteContext, body: Body, kind: Kind, model: string): Plan {
  const { state } = context
  const source = kind === 'fim' ? `${body.prompt}|${body.suffix ?? ''}` : JSON.stringify(body.messages)
  const random = createRandom(hashString(`${state.workspace}|${model}|${body.random_seed ?? ''}|${source}`))
  const messages = Array.isArray(body.messages) ? (body.messages as Body[]) : []
  const promptText = kind === 'fim' ? `${body.prompt}${body.suffix ?? ''}` : messages.map((message) => textOf(message.content)).join(' ')
  const promptTokens = Math.max(1, Math.ceil(promptText.length / 4)) + messages.length * 4
  const functions = Array.isArray(body.tools) ? (body.tools as Body[]).filter((tool) => tool?.type === 'function' || tool?.function) : []
  const choice = body.tool_choice
  const last = messages[messages.length - 1]
  const forced = choice === 'any' || choice === 'required' || (typeof choice === 'object' && choice !== null)
  let tool: Plan['tool']
  if (functions.length && choice !== 'none' && (forced || last?.role !== 'tool')) {
    const wanted = typeof choice === 'object' && choice !== null ? (choice as { function?: { name?: string } }).function?.name : undefined
    const chosen = (functions.find((item) => (item.function as Body)?.name === wanted) ?? functions[0]) as Body
    const definition = (chosen.function ?? {}) as Body
    tool = { id: state.random.hex(9, ALPHANUMERIC), name: String(definition.name ?? ''), arguments: argumentsFor(definition.parameters, random) }
  }
  const effort = body.reasoning_effort
  const thinks = !tool && kind !== 'fim' && ((typeof effort === 'string' && effort !== 'none') || model.includes('magistral'))
  const thinking = thinks ? words(random, THOUGHTS, 8 + random.int(8)) : []
  const natural = 6 + random.int(14)
  const limit = typeof body.max_tokens === 'number' ? body.max_tokens : Number.POSITIVE_INFINITY
  const length = Math.max(0, Math.min(natural, limit))
  const text = tool ? [] : words(random, kind === 'fim' ? CODE : WORDS, length)
  const completion = tool ? 12 + Math.round(tool.arguments.length / 4) : thinking.length + text.length
  return {
    model,
    text,
    thinking,
    hybrid: !model.includes('magistral'),
    tool,
    incremental: model.includes('incremental'),
    finishReason: tool ? 'tool_calls' : length < natural ? 'length' : 'stop',
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completion, completion_tokens: completion, prompt_tokens_details: { cached_tokens: 0 }, service_tier: 'standard' },
  }
}

/** The non-streaming body, shaped like `json/chat_completion_*_2026-08-19.json`. */
function completionBody(context: RouteContext, answer: Plan) {
  const { state } = context
  const text = answer.text.join('')
  let content: unknown = text
  if (answer.thinking.length) {
    content = [{ type: 'thinking', thinking: [{ type: 'text', text: answer.thinking.join('') }], closed: true }, { type: 'text', text }]
  }
  const toolCalls = answer.tool ? [{ id: answer.tool.id, type: 'function', function: { name: answer.tool.name, arguments: answer.tool.arguments }, index: 0 }] : null
  return {
    id: state.random.hex(32), created: state.now(), model: answer.model, usage: answer.usage, object: 'chat.completion',
    choices: [{ index: 0, finish_reason: answer.finishReason, message: { role: 'assistant', tool_calls: toolCalls, content } }],
  }
}

/** The event data of a stream, shaped like `sse/*_2026-08-19.sse`: role chunk, padded deltas, usage last, `[DONE]`. */
function streamEvents(context: RouteContext, answer: Plan): string[] {
  const { state } = context
  const random = state.random
  const head = { id: random.hex(32), object: 'chat.completion.chunk', created: state.now(), model: answer.model }
  const chunk = (delta: Body, finish: string | null = null, usage?: unknown) =>
    JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}), p: PADDING.slice(0, 1 + random.int(PADDING.length)) })
  const events = [JSON.stringify({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })]
  const finish = (delta: Body) => events.push(chunk(delta, answer.finishReason, answer.usage), '[DONE]')
  const { tool } = answer
  if (tool && answer.incremental) {
    events.push(chunk({ tool_calls: [{ id: tool.id, type: 'function', function: { name: tool.name, arguments: '' }, index: 0 }], content: '' }))
    const middle = Math.ceil(tool.arguments.length / 2)
    for (const part of [tool.arguments.slice(0, middle), tool.arguments.slice(middle)]) {
      events.push(chunk({ tool_calls: [{ type: 'function', function: { name: '', arguments: part }, index: 0 }], content: '' }))
    }
    finish({ content: '' })
    return events
  }
  if (tool) {
    finish({ tool_calls: [{ id: tool.id, type: 'function', function: { name: tool.name, arguments: tool.arguments }, index: 0 }] })
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

/** The handler of one completion endpoint: validation, model check, then JSON or SSE. */
async function complete(context: RouteContext, kind: Kind): Promise<Response> {
  const { state, request } = context
  const body = await readJson(context)
  if (body instanceof Response) return body
  const details = validate(body, kind)
  if (details.length) return validationError(state, details)
  // The mock keeps no agents: every agent answers as a mistral-medium one.
  let model = 'mistral-medium-latest'
  if (kind !== 'agents') {
    model = body.model as string
    // Models whose name contains "incremental" are a test hook: they stream tool calls in fragments.
    const known = model.includes('incremental') || [...state.models.values()].some((card) => card.id === model || card.aliases.includes(model))
    if (!known) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  }
  const answer = plan(context, body, kind, model)
  if (body.stream !== true) return json(state, completionBody(context, answer))
  return sseResponse(state, streamEvents(context, answer), parseFault(request.headers.get('x-mock-fault')), request.signal)
}

/** `POST /v1/chat/completions`, `/v1/fim/completions` and `/v1/agents/completions`, streamed or not. */
export const completionRoutes: Route[] = [
  ['POST', '/v1/chat/completions', (context) => complete(context, 'chat')],
  ['POST', '/v1/fim/completions', (context) => complete(context, 'fim')],
  ['POST', '/v1/agents/completions', (context) => complete(context, 'agents')],
]
