import { SDKError } from '@mistral-edge/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { countdown, rateLimitWait, retryAfterRateLimit } from './rate-limit.js'

/** An HTTP error as the client throws it. */
const httpError = (status: number, retryAfterMs?: number) =>
  new SDKError(`HTTP ${status}: failed`, {
    status,
    headers: new Headers(),
    body: '',
    data: undefined,
    requestId: undefined,
    retryAfterMs,
  })

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('rateLimitWait', () => {
  it('waits as a 429 asks, 5 s when it names no wait, and not at all for a wait over a minute or another error', () => {
    expect(rateLimitWait(httpError(429, 47_000))).toBe(47_000)
    expect(rateLimitWait(httpError(429, 60_000))).toBe(60_000)
    expect(rateLimitWait(httpError(429))).toBe(5_000)
    expect(rateLimitWait(httpError(429, 60_001))).toBeUndefined()
    expect(rateLimitWait(httpError(503, 1_000))).toBeUndefined()
    expect(rateLimitWait(new Error('429'))).toBeUndefined()
  })
})

describe('countdown', () => {
  it('shows the whole seconds left, once each, then resolves', async () => {
    const ticks: number[] = []
    let done = false
    void countdown(2_500, (seconds) => ticks.push(seconds), new AbortController().signal).then(() => (done = true))
    expect(ticks).toEqual([3])
    await vi.advanceTimersByTimeAsync(500)
    expect(ticks).toEqual([3, 2])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(ticks).toEqual([3, 2, 1])
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(done).toBe(true)
    expect(ticks).toEqual([3, 2, 1])
  })

  it("rejects with the signal's reason when stopped, and ticks no more", async () => {
    const controller = new AbortController()
    const ticks: number[] = []
    const waiting = countdown(5_000, (seconds) => ticks.push(seconds), controller.signal)
    await vi.advanceTimersByTimeAsync(1_000)
    controller.abort(new Error('stopped'))
    await expect(waiting).rejects.toThrow('stopped')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(ticks).toEqual([5, 4])
  })
})

describe('retryAfterRateLimit', () => {
  it('counts a 429 down and calls again once', async () => {
    const calls = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(httpError(429, 2_000))
      .mockResolvedValueOnce('answer')
    const waits: [number, number][] = []
    const result = retryAfterRateLimit(
      calls,
      (error, seconds) => waits.push([error.status, seconds]),
      new AbortController().signal,
    )
    await vi.advanceTimersByTimeAsync(2_000)
    expect(await result).toBe('answer')
    expect(calls).toHaveBeenCalledTimes(2)
    expect(waits).toEqual([
      [429, 2],
      [429, 1],
    ])
  })

  it("throws the retry's error when the second call fails too, and other errors at once", async () => {
    const twice = vi.fn<() => Promise<string>>().mockRejectedValue(httpError(429, 1_000))
    const result = retryAfterRateLimit(twice, () => {}, new AbortController().signal)
    const settled = expect(result).rejects.toMatchObject({ status: 429 })
    await vi.advanceTimersByTimeAsync(1_000)
    await settled
    expect(twice).toHaveBeenCalledTimes(2)

    const failing = vi.fn<() => Promise<string>>().mockRejectedValue(httpError(500))
    await expect(retryAfterRateLimit(failing, () => {}, new AbortController().signal)).rejects.toMatchObject({
      status: 500,
    })
    expect(failing).toHaveBeenCalledTimes(1)
  })
})
