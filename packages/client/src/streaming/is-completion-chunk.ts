import type { CompletionChunk } from '../chat/schemas.js'

// The stream's hot path checks each chunk with this hand-written mirror of `CompletionChunkSchema` (about 20 ns a
// chunk) instead of running the valibot schema (about 1.2 µs: it builds a full output copy of every object). With
// the schema, a validated stream ran 1.3-1.7x as long as bare parsing (bench/stream.mjs); with this, 0.8x. The
// schema stays the authority: a chunk this rejects is re-checked with it, for the issues of the error.
// is-completion-chunk.test.ts holds the two together on every capture chunk and on mutations of each field.

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null
const nullishString = (value: unknown) => value == null || typeof value === 'string'
const nullishNumber = (value: unknown) => value == null || typeof value === 'number'

function isUsage(usage: unknown): boolean {
  if (usage == null) return true
  if (!isObject(usage)) return false
  const details = usage.prompt_tokens_details
  return (
    typeof usage.prompt_tokens === 'number' &&
    typeof usage.completion_tokens === 'number' &&
    typeof usage.total_tokens === 'number' &&
    nullishNumber(usage.prompt_audio_seconds) &&
    nullishString(usage.service_tier) &&
    (details == null || (isObject(details) && nullishNumber(details.cached_tokens)))
  )
}

function isPart(part: unknown): boolean {
  if (!isObject(part) || typeof part.type !== 'string' || !nullishString(part.text)) return false
  if (part.closed != null && typeof part.closed !== 'boolean') return false
  const { thinking } = part
  if (thinking == null) return true
  if (!Array.isArray(thinking)) return false
  for (const item of thinking) if (!isObject(item) || typeof item.type !== 'string' || !nullishString(item.text)) return false
  return true
}

function isToolCall(call: unknown): boolean {
  if (!isObject(call) || !nullishString(call.id) || !nullishString(call.type) || !nullishNumber(call.index)) return false
  const { function: target } = call
  return isObject(target) && nullishString(target.name) && (target.arguments == null || typeof target.arguments === 'string' || isObject(target.arguments))
}

function isChoice(choice: unknown): boolean {
  if (!isObject(choice) || typeof choice.index !== 'number' || !nullishString(choice.finish_reason)) return false
  const { delta } = choice
  if (!isObject(delta) || !nullishString(delta.role) || !nullishString(delta.tool_call_id)) return false
  const { content, tool_calls: calls } = delta
  if (content != null && typeof content !== 'string') {
    if (!Array.isArray(content)) return false
    for (const part of content) if (!isPart(part)) return false
  }
  if (calls != null) {
    if (!Array.isArray(calls)) return false
    for (const call of calls) if (!isToolCall(call)) return false
  }
  return true
}

/**
 * Tells whether a parsed event matches `CompletionChunkSchema`, without building valibot's output copy.
 *
 * @param value - a parsed event.
 * @returns `true` when every field the schema knows has its type (unknown fields are allowed).
 */
export function isCompletionChunk(value: unknown): value is CompletionChunk {
  if (!isObject(value) || typeof value.id !== 'string' || !Array.isArray(value.choices)) return false
  if (!nullishString(value.object) || !nullishNumber(value.created) || !nullishString(value.model) || !isUsage(value.usage)) return false
  for (const choice of value.choices) if (!isChoice(choice)) return false
  return true
}
