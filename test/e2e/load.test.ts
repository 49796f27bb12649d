// The load run of test/load, small: 30 streamed chats at once through the Worker as deployed (its `wrangler deploy`
// bundle in Miniflare, embedded mock), each byte-identical to the same request sent to the mock directly, 3 callers
// that exceed their rate limit, and 5 clients that go away mid-stream, whose upstream requests the mock must see
// cancelled; no request left unsettled and no connection left open. Timings are printed, never asserted. `pnpm load`
// runs the full size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  formatFigures,
  type LoadFigures,
  type LoadWorker,
  loadProblems,
  readMockStats,
  runLoad,
  startLoadWorker,
} from '../load/load.js'

const RATE_LIMIT = 4
const STREAMS = 30
const CALLERS = 3
const SENT_EACH = 7
const DISCONNECTS = 5
let worker: LoadWorker
let figures: LoadFigures

beforeAll(async () => {
  worker = await startLoadWorker({ rateLimit: RATE_LIMIT, chunkDelayMs: 100 })
  figures = await runLoad(worker, {
    concurrency: STREAMS,
    overLimitCallers: CALLERS,
    overLimitRequests: SENT_EACH,
    disconnects: DISCONNECTS,
    timeoutMs: 45_000,
  })
  console.log(formatFigures(figures))
}, 120_000)

afterAll(async () => {
  await worker?.stop()
})

describe('load through the deployed Worker bundle in Miniflare', () => {
  it('settles every request within the bound', () => {
    expect(figures.errorSamples).toEqual([])
    expect(figures.errors).toBe(0)
    expect(figures.requests).toEqual({
      sent: STREAMS + CALLERS * SENT_EACH + DISCONNECTS,
      settled: STREAMS + CALLERS * SENT_EACH + DISCONNECTS,
      timedOut: 0,
    })
  })

  it('completes every concurrent stream, byte-identical to the same request sent to the mock directly', () => {
    expect(figures.proxy.complete).toBe(STREAMS)
    expect(figures.direct.complete).toBe(2 * STREAMS)
    expect(figures.identity).toEqual({
      compared: STREAMS + figures.overLimit.served,
      identical: STREAMS + figures.overLimit.served,
      prefixesCompared: DISCONNECTS,
      prefixesIdentical: DISCONNECTS,
      unseen: 0,
    })
    expect(figures.proxy.timeToFirstChunkMs.p50).toBeGreaterThan(0)
    expect(figures.direct.timeToFirstChunkMs.p50).toBeGreaterThan(0)
  })

  it('refuses every over-limit caller with 429 and Retry-After, and serves none of them beyond the limit', () => {
    expect(figures.overLimit).toEqual({
      callers: CALLERS,
      sentEach: SENT_EACH,
      limit: RATE_LIMIT,
      refusedCallers: CALLERS,
      overServedCallers: 0,
      served: CALLERS * RATE_LIMIT,
      refused: CALLERS * (SENT_EACH - RATE_LIMIT),
      other: 0,
    })
    // Refused requests never reach the upstream.
    expect(figures.upstreamRequests).toBe(STREAMS + CALLERS * RATE_LIMIT + DISCONNECTS)
  })

  it('cancels the upstream request of every client that went away mid-stream, and leaves no connection open', () => {
    expect(figures.disconnects).toBe(DISCONNECTS)
    // Each leaving client's stream was cancelled by the Worker, or dropped with its request by workerd (see
    // LoadFigures.leavers); none ran on, and the mock saw exactly the Worker's cancellations.
    expect(figures.leavers.ranOn).toBe(0)
    expect(figures.leavers.cancelled + figures.leavers.dropped).toBe(DISCONNECTS)
    expect(figures.cancellations).toBe(figures.leavers.cancelled)
    expect(figures.uncaught).toBe(0)
    expect(figures.openSockets).toBe(0)
    expect(loadProblems(figures)).toEqual([])
  })

  it('counts nothing as cancelled for streams read to the end, and stays byte-identical on a second run', async () => {
    const before = await readMockStats(worker.url)
    const again = await runLoad(worker, {
      concurrency: 5,
      overLimitCallers: 0,
      overLimitRequests: 0,
      disconnects: 0,
      timeoutMs: 30_000,
    })
    expect(again.proxy.complete).toBe(5)
    expect(again.identity).toMatchObject({ compared: 5, identical: 5, unseen: 0 })
    const after = await readMockStats(worker.url)
    expect(after.cancelled).toBe(before.cancelled)
    expect(after.requests - before.requests).toBe(5)
  })
})
