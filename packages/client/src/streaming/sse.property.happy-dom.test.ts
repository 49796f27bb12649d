// @vitest-environment happy-dom
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CompletionChunk } from '../chat/schemas.js'
import { accumulateChunks } from './accumulate-chunks.js'
import { readCompletionStream } from './read-completion-stream.js'
import { bodyOf, completionStream, PROPERTY_SEED, slice, slicing } from './sse.property.generators.js'

// The SSE properties of sse.property.test.ts in a browser-like realm: the Response read here is happy-dom's own
// class, built around a body stream that hands out random byte slices.

const SEED = Number(process.env.FC_SEED ?? PROPERTY_SEED)
const RUNS = 300
const encoder = new TextEncoder()
const settings = { seed: SEED, numRuns: RUNS }

const sse = (reads: readonly Uint8Array[]) => new Response(bodyOf(reads), { headers: { 'content-type': 'text/event-stream' } })

describe(`SSE properties in happy-dom (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
  it("reads happy-dom's Response", () => {
    expect(String(Response)).toContain('ResponseImplementation')
    expect(readCompletionStream(sse([])).response).toBeInstanceOf(Response)
  })

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
})
