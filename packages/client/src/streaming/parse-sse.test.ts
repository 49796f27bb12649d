import { describe, expect, it, vi } from 'vitest'
import { parseSSE, type ServerSentEvent } from './parse-sse.js'

const encoder = new TextEncoder()

/** A body that hands over `text` as the given byte pieces; counts cancellations. */
function body(text: string, size = Number.POSITIVE_INFINITY) {
  const bytes = encoder.encode(text)
  const state = { cancelled: 0 }
  let offset = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      const end = Math.min(offset + size, bytes.length)
      controller.enqueue(bytes.subarray(offset, end))
      offset = end
    },
    cancel: () => void state.cancelled++,
  })
  return { stream, state }
}

async function all(events: AsyncIterable<ServerSentEvent>) {
  const out: ServerSentEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

describe('parseSSE', () => {
  const text =
    'retry: 2500\r\n: hello\r\nevent: update\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: é€🙂\n\ndata: [DONE]\n\n'
  const expected = [
    { event: 'update', id: '7', data: '{"a":\n1}' },
    { event: undefined, id: undefined, data: 'é€🙂' },
    { event: undefined, id: undefined, data: '[DONE]' },
  ]

  it('yields events with event, id and multi-line data, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 7, 1024]) {
      const events = await all(parseSSE(body(text, size).stream))
      expect(events.map(({ event, id, data }) => ({ event, id, data }))).toEqual(expected)
    }
  })

  it('reports comments and retry through the options', async () => {
    const comments: string[] = []
    const retries: number[] = []
    await all(
      parseSSE(body(text, 5).stream, {
        onComment: (comment) => comments.push(comment),
        onRetry: (ms) => retries.push(ms),
      }),
    )
    expect(comments).toEqual(['hello'])
    expect(retries).toEqual([2500])
  })

  it('break cancels the body', async () => {
    const { stream, state } = body(text, 4)
    for await (const event of parseSSE(stream)) {
      expect(event.data).toBe('{"a":\n1}')
      break
    }
    // The cancellation travels back through the decoder and parser stages before it reaches the body.
    await vi.waitFor(() => expect(state.cancelled).toBe(1))
  })

  it('follows the SSE spec for a last event without its blank line, except a whole [DONE] line', async () => {
    expect((await all(parseSSE(body('data: a\n\ndata: b\n').stream))).map((event) => event.data)).toEqual(['a'])
    expect((await all(parseSSE(body('data: a\n\ndata: [DONE]\n').stream))).map((event) => event.data)).toEqual([
      'a',
      '[DONE]',
    ])
    expect((await all(parseSSE(body('data: a\n\ndata: [DONE]').stream))).map((event) => event.data)).toEqual(['a'])
    // Not a data line: `xdata` is an unknown field, even when a read boundary falls right before `data`.
    expect((await all(parseSSE(body('data: a\n\nxdata: [DONE]\n', 10).stream))).map((event) => event.data)).toEqual([
      'a',
    ])
  })

  it('rejects the iteration when the body errors', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: a\n\n'))
        controller.error(new Error('reset'))
      },
    })
    const iterator = parseSSE(broken)
    await expect(iterator.next()).rejects.toThrow('reset')
  })
})
