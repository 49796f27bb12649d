import type { CompletionChunk } from '@mistral-edge/client'

/** A content part: only its `text`, when it is a `text` part, is answer text. */
type ContentPart = { type?: string | undefined; text?: unknown }

/** Message content as the API streams it: a string, one part (a conversation's delta) or an array of parts (a chat's). */
export type StreamedContent = string | ContentPart | readonly ContentPart[] | null | undefined

const partText = (part: ContentPart) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')

/**
 * The answer text of streamed content: the string itself, or its `text` parts (thinking parts are left out).
 *
 * @param content - a chunk's `delta.content` or a `message.output.delta` event's `content`.
 * @returns the text, possibly empty.
 */
export function contentText(content: StreamedContent): string {
  if (typeof content === 'string') return content
  if (!content) return ''
  return Array.isArray(content) ? content.map(partText).join('') : partText(content as ContentPart)
}

/**
 * The answer text a chunk adds: the first choice's delta content, as {@link contentText} reads it.
 *
 * @param chunk - a streamed chunk.
 * @returns the text, possibly empty.
 */
export function deltaText(chunk: CompletionChunk): string {
  return contentText(chunk.choices[0]?.delta.content)
}
