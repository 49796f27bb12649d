import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CompletionChunk } from '../chat/schemas.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { parseSSE } from './parse-sse.js'
import { readCompletionStream } from './read-completion-stream.js'
import { bodyOf, completionStream, PROPERTY_SEED, slice, slicing } from './sse.property.generators.js'

// Property tests of the SSE path: random valid completion streams (see sse.property.generators.ts), served in random
// byte slices, must yield exactly the generated chunks and add up to the generated message. The happy-dom twin
// (sse.property.happy-dom.test.ts) runs the same properties with happy-dom's Response. A failure prints its seed
// and path; `FC_SEED=<seed>` replays or explores.

const SEED = Number(process.env.FC_SEED ?? PROPERTY_SEED)
const RUNS = 300
const encoder = new TextEncoder()
const settings = { seed: SEED, numRuns: RUNS }

const sse = (reads: readonly Uint8Array[]) => new Response(bodyOf(reads), { headers: { 'content-type': 'text/event-stream' } })

describe(`SSE properties in node (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
  it('a valid stream cut anywhere yields exactly its chunks, which accumulate to its message', async () => {
    const property = fc.asyncProperty(completionStream, slicing, async (generated, how) => {
      const chunks: CompletionChunk[] = []
      for await (const chunk of readCompletionStream(sse(slice(encoder.encode(generated.wire), how)))) chunks.push(chunk)
      expect(chunks).toStrictEqual(generated.chunks)
      expect(await accumulateChunks(chunks)).toStrictEqual(generated.expected)
    })
    await fc.assert(property, settings)
  })

  it('finalResponse and textStream give the message and its text, whatever the slicing', async () => {
    const property = fc.asyncProperty(completionStream, slicing, slicing, async (generated, first, second) => {
      const bytes = encoder.encode(generated.wire)
      expect(await readCompletionStream(sse(slice(bytes, first))).finalResponse()).toStrictEqual(generated.expected)
      let text = ''
      for await (const piece of readCompletionStream(sse(slice(bytes, second))).textStream()) text += piece
      expect(text).toBe(generated.visibleText)
    })
    await fc.assert(property, settings)
  })

  it('parseSSE reports every event with its data, event and id, [DONE] included', async () => {
    const property = fc.asyncProperty(completionStream, slicing, async (generated, how) => {
      const events: { data: string; event?: string | undefined; id?: string | undefined }[] = []
      for await (const { data, event, id } of parseSSE(bodyOf(slice(encoder.encode(generated.wire), how)))) {
        events.push({ data, ...(event ? { event } : {}), ...(id ? { id } : {}) })
      }
      expect(events).toStrictEqual(generated.events)
    })
    await fc.assert(property, settings)
  })
})
