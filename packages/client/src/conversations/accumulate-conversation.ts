import type { ConversationEvent, ConversationResponse } from './schemas.js'

// The merge works on plain JSON shapes: parts and entries of any kind are carried over as received.
interface Part {
  type: string
  text?: unknown
  [field: string]: unknown
}
interface Entry {
  type: string
  content?: string | Part[]
  arguments?: string | Record<string, unknown> | null
  [field: string]: unknown
}
/** An output being built: its entry, its place in `outputs`, and the `content_index` of each part of its content. */
interface Output {
  entry: Entry
  order: number
  indexes: unknown[]
}

/** Adds a delta to a message: strings concatenate while the content is one string, else parts merge by `content_index`. */
function appendContent(output: Output, delta: string | Part, contentIndex: unknown): void {
  const { entry, indexes } = output
  let content = entry.content ?? ''
  if (typeof content === 'string' && typeof delta === 'string' && !indexes.some((index) => index !== contentIndex)) {
    entry.content = content + delta
    indexes[0] = contentIndex
    return
  }
  if (typeof content === 'string') {
    content = content ? [{ type: 'text', text: content }] : []
    if (!content.length) indexes.length = 0
  }
  const part: Part = typeof delta === 'string' ? { type: 'text', text: delta } : { ...delta }
  const last = content[content.length - 1]
  // Text continues the last part when it is text at the same content_index (a tool reference sits between two texts).
  if (part.type === 'text' && last?.type === 'text' && indexes[content.length - 1] === contentIndex)
    last.text = `${last.text ?? ''}${part.text ?? ''}`
  else {
    content.push(part)
    indexes[content.length - 1] = contentIndex
  }
  entry.content = content
}

/** Appends a piece of `arguments` (a string joins; an object replaces). */
function appendArguments(entry: Entry, piece: unknown): void {
  if (typeof piece === 'string') entry.arguments = (typeof entry.arguments === 'string' ? entry.arguments : '') + piece
  else if (piece != null && typeof piece === 'object') entry.arguments = piece as Record<string, unknown>
}

/**
 * Adds the events of a streamed conversation up to the `ConversationResponse` the same call without streaming would
 * have returned: `conversation_id` from `conversation.response.started`, one output entry per streamed output (a
 * message's text merged, its other parts such as tool references kept in place; a function call's `arguments`
 * joined; a tool execution with its `info`; a handoff), in `output_index` order, and the `usage` of
 * `conversation.response.done`. Events of unknown types are skipped.
 *
 * @param events - the events of one stream, sync or async (an `EventStream` from `betaConversationsStartStream`,
 *   `...AppendStream` or `...RestartStream` is consumed).
 * @returns `{ object: 'conversation.response', conversation_id, outputs, usage }`.
 * @throws whatever iterating `events` throws (e.g. `StreamError`).
 * @example
 * ```ts
 * const response = await accumulateConversation(await betaConversationsStartStream(client, { model: 'mistral-medium-latest', inputs }))
 * const next = await betaConversationsAppend(client, { conversation_id: response.conversation_id, inputs: 'And then?' })
 * ```
 */
export async function accumulateConversation(
  events: Iterable<ConversationEvent> | AsyncIterable<ConversationEvent>,
): Promise<ConversationResponse> {
  const response: Record<string, unknown> = {
    object: 'conversation.response',
    conversation_id: '',
    outputs: [],
    usage: {},
  }
  const outputs = new Map<string, Output>()
  /** The output an event is about (by `id`, else by `output_index`), made from `fields` on its first event. */
  const outputOf = (event: Record<string, unknown>, fields: () => Entry): Output => {
    const key = typeof event.id === 'string' ? `id:${event.id}` : `index:${String(event.output_index ?? 0)}`
    let output = outputs.get(key)
    if (!output) {
      const { id, created_at, agent_id, model } = event
      const entry: Entry = {
        object: 'entry',
        ...fields(),
        ...(id != null && { id }),
        ...(created_at != null && { created_at }),
      }
      if (agent_id != null) entry.agent_id = agent_id
      if (model != null) entry.model = model
      output = { entry, order: typeof event.output_index === 'number' ? event.output_index : outputs.size, indexes: [] }
      outputs.set(key, output)
    }
    return output
  }
  for await (const event of events) {
    const data = event as Record<string, unknown>
    switch (event.type) {
      case 'conversation.response.started':
        response.conversation_id = event.conversation_id
        break
      case 'conversation.response.done':
        response.usage = event.usage
        break
      case 'message.output.delta':
        appendContent(
          outputOf(data, () => ({ type: 'message.output', role: 'assistant', content: '' })),
          event.content as string | Part,
          event.content_index ?? 0,
        )
        break
      case 'function.call.delta': {
        const { entry } = outputOf(data, () => ({
          type: 'function.call',
          tool_call_id: event.tool_call_id,
          name: event.name,
          arguments: '',
        }))
        appendArguments(entry, event.arguments)
        if (event.confirmation_status != null) entry.confirmation_status = event.confirmation_status
        break
      }
      case 'tool.execution.started':
      case 'tool.execution.delta':
        appendArguments(outputOf(data, () => ({ type: 'tool.execution', name: event.name })).entry, event.arguments)
        break
      case 'tool.execution.done': {
        const { entry } = outputOf(data, () => ({ type: 'tool.execution', name: event.name }))
        if (event.info != null) entry.info = event.info
        break
      }
      case 'agent.handoff.started':
        Object.assign(outputOf(data, () => ({ type: 'agent.handoff' })).entry, {
          previous_agent_id: event.previous_agent_id,
          previous_agent_name: event.previous_agent_name,
        })
        break
      case 'agent.handoff.done':
        Object.assign(outputOf(data, () => ({ type: 'agent.handoff' })).entry, {
          next_agent_id: event.next_agent_id,
          next_agent_name: event.next_agent_name,
        })
        break
    }
  }
  response.outputs = [...outputs.values()].sort((a, b) => a.order - b.order).map(({ entry }) => entry)
  return response as ConversationResponse
}
