import type { CompletionChunk } from '@mistral-edge/client'

/**
 * The answer text a chunk adds: the first choice's string delta, or its `text` parts (thinking parts are left out).
 *
 * @param chunk - a streamed chunk.
 * @returns the text, possibly empty.
 */
export function deltaText(chunk: CompletionChunk): string {
  const content = chunk.choices[0]?.delta.content
  if (typeof content === 'string') return content
  if (!content) return ''
  return content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('')
}
