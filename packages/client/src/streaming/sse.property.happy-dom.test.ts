// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { readCompletionStream } from './read-completion-stream.js'
import { RUNS, SEED, sse, streamProperties } from './sse.properties.js'

// The SSE properties of sse.property.test.ts in a browser-like realm: the Response read here is happy-dom's own
// class, built around a body stream that hands out random byte slices.

describe(`SSE properties in happy-dom (fast-check seed ${SEED}, ${RUNS} runs each)`, () => {
  it("reads happy-dom's Response", () => {
    expect(String(Response)).toContain('ResponseImplementation')
    expect(readCompletionStream(sse([])).response).toBeInstanceOf(Response)
  })

  streamProperties()
})
