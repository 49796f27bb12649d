// The load run of test/load, small: 30 streamed chats at once through the Worker under `wrangler dev` (embedded mock),
// each identical to a direct call, a burst above the rate limit from one client, and 5 clients that go away
// mid-stream, whose upstream requests the mock must see cancelled. `pnpm load` runs the full size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatFigures, type LoadFigures, type LoadWorker, loadProblems, readMockStats, runLoad, startLoadWorker } from '../load/load.js'

const RATE_LIMIT = 10
let worker: LoadWorker
let figures: LoadFigures

beforeAll(async () => {
  worker = await startLoadWorker({ rateLimit: RATE_LIMIT, chunkDelayMs: 100 })
  figures = await runLoad(worker, { concurrency: 30, burst: 15, disconnects: 5, timeoutMs: 60_000 })
  console.log(formatFigures(figures))
}, 120_000)

afterAll(async () => {
  await worker?.stop()
})

describe('load through the Worker under wrangler dev', () => {
  it('completes every concurrent stream, identical to the same request sent to the mock directly', () => {
    expect(figures.errorSamples).toEqual([])
    expect(figures.errors).toBe(0)
    expect(figures.streams).toBe(30)
    expect(figures.complete).toBe(30)
    expect(figures.identical).toBe(30)
    expect(figures.timeToFirstChunkMs.p50).toBeGreaterThan(0)
    expect(figures.timeToFirstChunkMs.p99).toBeGreaterThanOrEqual(figures.timeToFirstChunkMs.p50)
  })

  it('answers a burst above the rate limit with 429 and Retry-After, and only that', () => {
    expect(figures.burst).toEqual({ sent: 15, limit: RATE_LIMIT, succeeded: RATE_LIMIT, limitedWithRetryAfter: 15 - RATE_LIMIT, other: 0 })
  })

  it('cancels the upstream request of every client that went away mid-stream', () => {
    expect(figures.disconnects).toBe(5)
    expect(figures.cancellations).toBe(5)
    expect(loadProblems(figures)).toEqual([])
  })

  it('counts nothing as cancelled for streams read to the end', async () => {
    const before = await readMockStats(worker.url)
    const again = await runLoad(worker, { concurrency: 5, burst: 0, disconnects: 0, timeoutMs: 30_000 })
    expect(again.complete).toBe(5)
    expect(again.identical).toBe(5)
    const after = await readMockStats(worker.url)
    expect(after.cancelled).toBe(before.cancelled)
    expect(after.requests - before.requests).toBe(5)
  })
})
