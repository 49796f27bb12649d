import type { ChatCompletionResponse, CompletionChunk } from '../chat/schemas.js'

// The merge works on plain JSON shapes: parts and tool calls of any kind, known or not, are carried over as received.
interface Part {
  type: string
  text?: string | null | undefined
  thinking?: Part[] | null | undefined
  [field: string]: unknown
}
type Content = string | Part[]
interface Call {
  id?: string | null | undefined
  type?: string | null | undefined
  index?: number | null | undefined
  function?: { name?: string | null | undefined; arguments?: unknown; [field: string]: unknown } | null | undefined
  [field: string]: unknown
}

interface Choice {
  index: number
  message: { role: string; content: Content; tool_calls: Call[] | null }
  finish_reason: string | null
}

/** Appends text to the last text part, or starts a new one. */
function appendText(parts: Part[], text: string): void {
  if (!text) return
  const last = parts[parts.length - 1]
  if (last?.type === 'text') last.text = (last.text ?? '') + text
  else parts.push({ type: 'text', text })
}

/**
 * Adds a content delta. Strings concatenate while the content is a string; once an array delta arrives the content
 * becomes parts, where consecutive text merges into one text part and consecutive thinking into one thinking part.
 * Parts are copied, so the caller's chunks are never mutated.
 */
function appendContent(content: Content, delta: Content): Content {
  if (typeof delta === 'string') {
    if (typeof content === 'string') return content + delta
    appendText(content, delta)
    return content
  }
  const parts: Part[] = typeof content === 'string' ? (content ? [{ type: 'text', text: content }] : []) : content
  for (const part of delta) {
    const last = parts[parts.length - 1]
    if (part.type === 'text') appendText(parts, part.text ?? '')
    else if (part.type === 'thinking' && last?.type === 'thinking') {
      const { thinking, ...rest } = part
      Object.assign(last, rest)
      const inner = (last.thinking ??= [])
      for (const item of thinking ?? []) {
        if (item.type === 'text') appendText(inner, item.text ?? '')
        else inner.push({ ...item })
      }
    } else if (part.type === 'thinking') {
      parts.push({ ...part, thinking: (part.thinking ?? []).map((item) => ({ ...item })) })
    } else parts.push({ ...part })
  }
  return parts
}

/** Merges tool calls by `index`: whole calls are added, fragments of the same index extend name and arguments. */
function mergeToolCalls(list: Call[], calls: readonly Call[]): void {
  for (const call of calls) {
    const index = call.index
    const existing = typeof index === 'number' ? list.find((item) => item.index === index) : undefined
    // A new id at a known index is a new whole call (some streams send each whole call at index 0).
    if (!existing || (call.id && existing.id && call.id !== existing.id)) {
      list.push({
        ...call,
        index: existing || typeof index !== 'number' ? list.length : index,
        function: { ...call.function },
      })
      continue
    }
    if (call.id && !existing.id) existing.id = call.id
    if (call.type && !existing.type) existing.type = call.type
    const target = (existing.function ??= {})
    const piece = call.function ?? {}
    if (piece.name) target.name = (target.name ?? '') + piece.name
    if (typeof piece.arguments === 'string') {
      target.arguments = (typeof target.arguments === 'string' ? target.arguments : '') + piece.arguments
    } else if (piece.arguments != null) target.arguments = piece.arguments
  }
}

/**
 * Adds streamed chunks up to the completion a non-streaming call would have returned.
 *
 * String content is concatenated; array content (text and thinking parts) is merged part by part; tool calls are
 * merged by `index`, whether they arrive whole or in fragments; the last `finish_reason` and `usage` win.
 *
 * @param chunks - chunks of one stream, sync or async (a `CompletionStream` is consumed).
 * @returns `{ id, object: 'chat.completion', created, model, usage, choices: [{ index, message, finish_reason }] }`.
 * @throws whatever iterating `chunks` throws (e.g. `StreamError`).
 * @example
 * ```ts
 * const completion = await accumulateChunks(await chatStream(client, request))
 * console.log(completion.choices[0]?.message.content, completion.usage?.total_tokens)
 * ```
 */
export async function accumulateChunks(
  chunks: Iterable<CompletionChunk> | AsyncIterable<CompletionChunk>,
): Promise<ChatCompletionResponse> {
  const choices: Choice[] = []
  const response: Record<string, unknown> = {
    id: '',
    object: 'chat.completion',
    created: null,
    model: null,
    usage: null,
    choices,
  }
  let first = true
  for await (const chunk of chunks) {
    if (first) {
      first = false
      response.id = chunk.id
      response.created = chunk.created ?? null
      response.model = chunk.model ?? null
    }
    if (chunk.usage) response.usage = chunk.usage
    for (const { index = 0, delta, finish_reason } of chunk.choices) {
      let choice = choices.find((item) => item.index === index)
      if (!choice) {
        choice = { index, message: { role: 'assistant', content: '', tool_calls: null }, finish_reason: null }
        choices.push(choice)
      }
      const { message } = choice
      if (delta.role) message.role = delta.role
      if (delta.content != null) message.content = appendContent(message.content, delta.content as Content)
      if (delta.tool_calls) mergeToolCalls((message.tool_calls ??= []), delta.tool_calls)
      if (finish_reason != null) choice.finish_reason = finish_reason
    }
  }
  choices.sort((a, b) => a.index - b.index)
  return response as ChatCompletionResponse
}
