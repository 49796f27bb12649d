import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSSE } from './parse-sse.js'
import { encoder, RUNS, SEED, settings, streamProperties } from './sse.properties.js'
import { bodyOf, completionStream, slice, slicing } from './sse.property.generators.js'

// Property tests of the SSE path: random valid completion streams (see sse.property.generators.ts), served in random
// byte slices, must yield exactly the generated chunks and add up to the generated message. The happy-dom twin
// (sse.property.happy-dom.test.ts) runs the same properties with happy-dom's Response. A failure prints its seed
// and path; `FC_SEED=<seed>` replays or explores.

describe(`SSE properties in node (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
  streamProperties()

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
