import fc from 'fast-check'
import { expect, it } from 'vitest'
import type { CompletionChunk } from '../chat/schemas.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { readCompletionStream } from './read-completion-stream.js'
import { bodyOf, completionStream, PROPERTY_SEED, slice, slicing } from './sse.property.generators.js'
import { textStream } from './text-stream.js'

/** The fast-check seed (fixed, or `FC_SEED` to replay or explore) and the runs per property. */
// Read through globalThis: this support file is type-checked with the library, which has no Node types.
const environment = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env
export const SEED = Number(environment?.FC_SEED ?? PROPERTY_SEED)
export const RUNS = 300
export const settings = { seed: SEED, numRuns: RUNS }
export const encoder = new TextEncoder()

/** A streamed response over the given reads, built with the realm's own `Response` (Node's or happy-dom's). */
export const sse = (reads: readonly Uint8Array[]) =>
  new Response(bodyOf(reads), { headers: { 'content-type': 'text/event-stream' } })

/** Registers the stream properties both realms must hold, inside the caller's `describe`. */
export function streamProperties(): void {
  it('a valid stream cut anywhere yields exactly its chunks, which accumulate to its message', async () => {
    const property = fc.asyncProperty(completionStream, slicing, async (generated, how) => {
      const chunks: CompletionChunk[] = []
      for await (const chunk of readCompletionStream(sse(slice(encoder.encode(generated.wire), how))))
        chunks.push(chunk)
      expect(chunks).toStrictEqual(generated.chunks)
      expect(await accumulateChunks(chunks)).toStrictEqual(generated.expected)
    })
    await fc.assert(property, settings)
  })

  it('accumulateChunks and textStream give the message and its text, whatever the slicing', async () => {
    const property = fc.asyncProperty(completionStream, slicing, slicing, async (generated, first, second) => {
      const bytes = encoder.encode(generated.wire)
      expect(await accumulateChunks(readCompletionStream(sse(slice(bytes, first))))).toStrictEqual(generated.expected)
      let text = ''
      for await (const piece of textStream(readCompletionStream(sse(slice(bytes, second))))) text += piece
      expect(text).toBe(generated.visibleText)
    })
    await fc.assert(property, settings)
  })
}
