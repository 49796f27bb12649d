import type { CompletionChunk } from '../chat/schemas.js'

/**
 * Yields only the text of the first choice of a completion stream: string deltas and `text` parts (not thinking).
 *
 * @param chunks - a `CompletionStream` (consumed) or any iterable of chunks.
 * @returns an async iterable of non-empty strings; leaving it early closes the stream's connection.
 * @throws as iterating the stream does.
 * @example
 * ```ts
 * for await (const text of textStream(await chatStream(client, request))) process.stdout.write(text)
 * ```
 */
export async function* textStream(
  chunks: AsyncIterable<CompletionChunk> | Iterable<CompletionChunk>,
): AsyncGenerator<string, void, undefined> {
  for await (const chunk of chunks) {
    for (const choice of chunk.choices) {
      if (choice.index !== 0) continue
      const content = choice.delta.content
      if (typeof content === 'string') {
        if (content) yield content
      } else if (content) {
        for (const part of content) if (part.type === 'text' && part.text) yield part.text
      }
    }
  }
}
