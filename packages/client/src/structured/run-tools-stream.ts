import { chatStream } from '../chat/chat-stream.js'
import type { ChatCompletionRequest, CompletionChunk } from '../chat/schemas.js'
import type { Client } from '../core/client.js'
import { accumulateChunks } from '../streaming/accumulate-chunks.js'
import { type RunToolsOptions, type RunToolsResult, toolLoop } from './tool-loop.js'

/**
 * What {@link runToolsStream} returns: the chunks of every step's chat stream, one step after the other (so
 * `textStream(run)` gives all the text), and `result`, the loop's `{ response, messages }` once the iteration ends.
 *
 * @example
 * ```ts
 * const run: RunToolsStream = runToolsStream(client, request, { tools })
 * for await (const chunk of run) console.log(chunk.choices[0]?.delta)
 * ```
 */
export interface RunToolsStream extends AsyncIterable<CompletionChunk> {
  /**
   * Resolves when the iteration has ended with the loop; rejects with the iteration's error, or when the iteration
   * was left early (`break`).
   */
  readonly result: Promise<RunToolsResult>
}

/**
 * {@link runTools} over streams: each step is a `chatStream` whose chunks are yielded as they arrive (tools run
 * between two steps, `onStep` marks each step's end), its completion built with `accumulateChunks`.
 *
 * @param client - from `createClient`.
 * @param request - a chat request; `tools` get the tools' definitions added.
 * @param options - as for `runTools`; `idleTimeoutMs` bounds each stream's gaps.
 * @returns a once-only async iterable of `CompletionChunk` with `result`. Nothing is sent until it is iterated.
 * @throws iterating throws what `chatStream` and its stream throw (`RequestAbortedError` when `signal` aborts,
 * `SDKError`, `StreamError`), and what `onStep` throws.
 * @example
 * ```ts
 * const run = runToolsStream(client, { model: 'mistral-small-latest', messages }, { tools: [weather] })
 * for await (const text of textStream(run)) process.stdout.write(text)
 * const { messages: history } = await run.result
 * ```
 */
export function runToolsStream(
  client: Client,
  request: ChatCompletionRequest,
  options: RunToolsOptions,
): RunToolsStream {
  let settle: [(result: RunToolsResult) => void, (error: unknown) => void] | undefined
  const result = new Promise<RunToolsResult>((resolve, reject) => (settle = [resolve, reject]))
  // The same error reaches the iteration; a caller who only iterates must not see an unhandled rejection.
  result.catch(() => {})
  async function* run(): AsyncGenerator<CompletionChunk, void, undefined> {
    try {
      settle?.[0](
        yield* toolLoop(request, options, async function* (body, requestOptions) {
          const chunks: CompletionChunk[] = []
          for await (const chunk of await chatStream(client, body, requestOptions)) {
            chunks.push(chunk)
            yield chunk
          }
          return accumulateChunks(chunks)
        }),
      )
    } catch (error) {
      settle?.[1](error)
      throw error
    } finally {
      settle?.[1](new Error('runToolsStream: the iteration was left before the loop ended'))
    }
  }
  const iterator = run()
  return { result, [Symbol.asyncIterator]: () => iterator }
}
