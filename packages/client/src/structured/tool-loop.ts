import type {
  ChatCompletionRequest,
  ChatCompletionResponse,
  CompletionChunk,
  Message,
  ToolCallOut,
} from '../chat/schemas.js'
import type { RequestOptions } from '../core/client.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { parseOutput } from './parse-output.js'
import type { RunnableTool } from './tool.js'

/**
 * A tool message, `{ role: 'tool', content, tool_call_id, name }`.
 *
 * @example
 * ```ts
 * const message: ToolMessage = { role: 'tool', content: '21', tool_call_id: 'call_1', name: 'weather' }
 * ```
 */
export type ToolMessage = Extract<Message, { role: 'tool' }>

/**
 * The outcome of one tool call of a step.
 *
 * @example
 * ```ts
 * onStep: ({ toolResults }) => toolResults.forEach(({ call, error }: ToolResult) => error && console.warn(call.function?.name, error))
 * ```
 */
export interface ToolResult {
  /** The model's call, as received. */
  call: ToolCallOut
  /** The message sent back: the result as text (JSON for a non-string), or `Error: ...`. */
  message: ToolMessage
  /** What `execute` returned (absent when it failed). */
  result?: unknown
  /** Why the call failed (absent when it ran): an unknown tool, arguments that are not JSON or are rejected, a throw. */
  error?: unknown
}

/**
 * One step of a tool loop: one chat call and the tool calls it asked for.
 *
 * @example
 * ```ts
 * const onStep = ({ step, toolResults }: RunToolsStep) => console.log(step, toolResults.length)
 * ```
 */
export interface RunToolsStep {
  /** 1 for the first chat call. */
  step: number
  /** The chat completion of this step. */
  response: ChatCompletionResponse
  /** Its first choice's message, as appended to `messages`. */
  message: ChatCompletionResponse['choices'][number]['message']
  /** One per tool call of `message`, in the calls' order (empty on the final answer). */
  toolResults: ToolResult[]
}

/**
 * Options of `runTools` and `runToolsStream`: the tools, the loop's limits, and the options of each chat call.
 *
 * @example
 * ```ts
 * const options: RunToolsOptions = { tools: [weather], maxSteps: 4, signal, timeoutMs: 30_000 }
 * ```
 */
export interface RunToolsOptions extends RequestOptions {
  /** The tools the model may call, from `tool()`. Their definitions are added to `request.tools`. */
  tools: readonly RunnableTool[]
  /** Most chat calls (default 8); reaching it ends the loop with the last response. */
  maxSteps?: number | undefined
  /** Called (and awaited) after each step, its tools run. */
  onStep?: ((step: RunToolsStep) => void | Promise<void>) | undefined
}

/**
 * What a tool loop resolves to.
 *
 * @example
 * ```ts
 * const { response, messages }: RunToolsResult = await runTools(client, request, { tools })
 * ```
 */
export interface RunToolsResult {
  /** The last chat completion: the final answer, or the last step's when `maxSteps` was reached. */
  response: ChatCompletionResponse
  /** `request.messages`, then every assistant and tool message exchanged, ready to continue the conversation. */
  messages: Message[]
}

/** One chat call of the loop: yields the chunks a stream delivers (none for a whole completion), returns the completion. */
export type ChatCall = (
  request: ChatCompletionRequest,
  options: RequestOptions,
) => AsyncGenerator<CompletionChunk, ChatCompletionResponse, undefined>

/** Runs one tool call; never throws: every failure becomes the tool message's `Error: ...` text. */
async function runCall(call: ToolCallOut, tools: readonly RunnableTool[], signal: AbortSignal): Promise<ToolResult> {
  const name = call.function?.name ?? ''
  const outcome: Omit<ToolResult, 'message'> = { call }
  try {
    const tool = tools.find((candidate) => candidate.function.name === name)
    if (!tool)
      throw new Error(`unknown tool "${name}"; the tools are ${tools.map((known) => known.function.name).join(', ')}`)
    const raw = call.function?.arguments
    const args = await parseOutput(
      tool.schema,
      typeof raw === 'string' ? raw || '{}' : JSON.stringify(raw ?? {}),
      `the arguments of ${name}`,
      tool.function.parameters,
    )
    outcome.result = await tool.execute(args, { signal, toolCallId: call.id ?? '' })
  } catch (error) {
    outcome.error = error
  }
  const { result } = outcome
  const content =
    'error' in outcome
      ? `Error: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`
      : typeof result === 'string'
        ? result
        : (JSON.stringify(result) ?? '')
  return { ...outcome, message: { role: 'tool', content, tool_call_id: call.id, name } }
}

/**
 * The loop `runTools` and `runToolsStream` share: chat, append the assistant message, run its tool calls
 * concurrently, append their messages in the calls' order, repeat.
 *
 * @internal
 */
export async function* toolLoop(
  request: ChatCompletionRequest,
  options: RunToolsOptions,
  chat: ChatCall,
): AsyncGenerator<CompletionChunk, RunToolsResult, undefined> {
  const { tools, maxSteps = 8, onStep, ...requestOptions } = options
  if (!(Number.isInteger(maxSteps) && maxSteps >= 1))
    throw new TypeError(`runTools: maxSteps must be an integer >= 1, got ${maxSteps}`)
  const signal = options.signal ?? new AbortController().signal
  const messages: Message[] = [...request.messages]
  const definitions = [
    ...(request.tools ?? []),
    ...tools.map(({ type, function: definition }) => ({ type, function: definition })),
  ]
  for (let step = 1; ; step++) {
    const response = yield* chat({ ...request, messages: [...messages], tools: definitions }, requestOptions)
    const message = response.choices[0]?.message
    if (message) messages.push(message)
    const calls = message?.tool_calls ?? []
    const toolResults = await Promise.all(calls.map((call) => runCall(call, tools, signal)))
    for (const { message: toolMessage } of toolResults) messages.push(toolMessage)
    if (message) await onStep?.({ step, response, message, toolResults })
    if (!calls.length || step >= maxSteps) return { response, messages }
    if (signal.aborted) throw new RequestAbortedError(signal.reason)
  }
}
