import { chatComplete } from '../chat/chat-complete.js'
import type { ChatCompletionRequest } from '../chat/schemas.js'
import type { Client } from '../core/client.js'
import { type RunToolsOptions, type RunToolsResult, toolLoop } from './tool-loop.js'

/**
 * Lets the model call tools until it answers: calls chat, validates each tool call's arguments with its tool's
 * schema, runs the tools (concurrently when the model asks for several), appends the assistant message as received
 * and one tool message per call (`tool_call_id`, `name`, the result as text) in the calls' order, and repeats until
 * an answer without tool calls or `maxSteps` chat calls. Arguments that are not JSON or that the schema rejects, an
 * unknown tool and a tool that throws never end the loop: the model gets `Error: ...` as that tool's result.
 *
 * @param client - from `createClient`.
 * @param request - a chat request; `tools` get the tools' definitions added.
 * @param options - `tools` (from `tool()`), `maxSteps` (default 8), `signal` (aborts the running chat call and is
 * passed to the tools), `onStep`, and the options of each chat call (`timeoutMs`, `retries`, `headers`).
 * @returns `{ response, messages }`: the last completion (the final answer, or the last step's at `maxSteps`) and
 * `request.messages` followed by every message exchanged.
 * @throws what `chatComplete` throws (`RequestAbortedError` when `signal` aborts, `SDKError`, ...), what `onStep`
 * throws, and `TypeError` for a `maxSteps` that is not an integer >= 1.
 * @example
 * ```ts
 * const weather = tool({ name: 'weather', parameters: z.object({ city: z.string() }), execute: ({ city }) => ({ city, celsius: 21 }) })
 * const { response, messages } = await runTools(client, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Weather in Paris?' }] }, { tools: [weather] })
 * console.log(response.choices[0]?.message.content)
 * ```
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
export async function runTools(
  client: Client,
  request: ChatCompletionRequest,
  options: RunToolsOptions,
): Promise<RunToolsResult> {
  // The loop takes a generator (a streamed turn yields its chunks); a complete turn has none to yield.
  // biome-ignore lint/correctness/useYield: see above
  const loop = toolLoop(request, options, async function* (body, requestOptions) {
    return await chatComplete(client, body, requestOptions)
  })
  for (;;) {
    const next = await loop.next()
    if (next.done) return next.value
  }
}
