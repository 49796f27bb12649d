import type { Fault } from './faults.js'
import { baseHeaders } from './http.js'
import type { MockState } from './state.js'

/** The broken event `malformed-after` sends: a chunk cut in the middle of its JSON. */
export const MALFORMED_EVENT =
  '{"id":"malformed","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"cut'

/** One event to send: its `data`, or `{ event, data }` for streams that name their events (`event: <name>` line first). */
export type SseEvent = string | { event?: string; data: string }

/**
 * A `text/event-stream` response framed like the real API (`data: <json>\n\n` per event, `data: [DONE]\n\n` last;
 * `event: <name>\n` before the data of a named event, as conversations and transcriptions send),
 * produced one event per pull so backpressure and cancellation work, with the stream faults of `x-mock-fault`:
 * `drop-after=<n>` errors the body after n events, `malformed-after=<n>` sends a broken JSON event after n,
 * `stall-after=<n>` stops sending without closing after n, `slow=<ms>` waits before each event.
 * When the consumer goes away (the request's signal aborts or the body is cancelled) production stops and
 * `state.stats.cancelled` is incremented once.
 *
 * @param state - the mock's state.
 * @param events - the `data` of each event (`[DONE]` included), or `{ event, data }` for a named one.
 * @param fault - the request's parsed fault header.
 * @param signal - the request's signal.
 * @returns the streaming response.
 */
export function sseResponse(
  state: MockState,
  events: readonly SseEvent[],
  fault: Fault | undefined,
  signal: AbortSignal,
): Response {
  const encoder = new TextEncoder()
  const queue: SseEvent[] = [...events]
  if (fault?.malformedAfter !== undefined) queue.splice(fault.malformedAfter, 0, MALFORMED_EVENT)
  let sent = 0
  let cancelled = false
  let wake: (() => void) | undefined
  const cancel = () => {
    if (cancelled) return
    cancelled = true
    // A consumer that cancels after [DONE] was queued stopped nothing: only an unfinished stream counts.
    if (queue.length > 0) state.stats.cancelled++
    signal.removeEventListener('abort', cancel)
    wake?.()
  }
  signal.addEventListener('abort', cancel)
  /** Waits `ms` (or forever), cut short by cancellation. */
  const wait = (ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (cancelled) return
      if (fault?.dropAfter !== undefined && sent >= fault.dropAfter) {
        signal.removeEventListener('abort', cancel)
        return controller.error(new Error(`mock fault: connection dropped after ${sent} events`))
      }
      if (fault?.stallAfter !== undefined && sent >= fault.stallAfter) return wait()
      if (fault?.slow) await wait(fault.slow)
      if (cancelled) return
      const next = queue.shift() as SseEvent
      sent++
      const frame =
        typeof next === 'string'
          ? `data: ${next}\n\n`
          : `${next.event ? `event: ${next.event}\n` : ''}data: ${next.data}\n\n`
      controller.enqueue(encoder.encode(frame))
      if (queue.length === 0) {
        signal.removeEventListener('abort', cancel)
        controller.close()
      }
    },
    cancel,
  })
  const headers = baseHeaders(state, 'text/event-stream; charset=utf-8')
  headers.set('cache-control', 'no-cache')
  return new Response(body, { status: 200, headers })
}
