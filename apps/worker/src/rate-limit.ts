/** What {@link RateLimiter.take} decided. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

/** A fixed-window request counter per client. */
export interface RateLimiter {
  /**
   * Counts one request of `client`.
   *
   * @param client - the client's identity (its IP).
   * @param now - the current time in ms.
   * @returns allowed, or refused with the seconds until the window resets.
   */
  take: (client: string, now?: number) => RateLimitVerdict
}

/** Above this many tracked clients, expired windows are swept so memory stays bounded. */
const SWEEP_ABOVE = 10_000

/**
 * Creates a fixed-window rate limiter: at most `limit` requests per client per `windowMs`.
 * It lives in the Worker isolate's memory, so it is per isolate: a simple guard against a runaway client, not a
 * global quota (for that, use Cloudflare's rate limiting binding or a Durable Object).
 *
 * @param limit - requests allowed per window.
 * @param windowMs - window length in ms.
 * @returns the limiter.
 * @example
 * ```ts
 * const limiter = createRateLimiter(60, 60_000)
 * if (!limiter.take(ip).allowed) return new Response('slow down', { status: 429 })
 * ```
 */
export function createRateLimiter(limit: number, windowMs: number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    take(client, now = Date.now()) {
      if (windows.size > SWEEP_ABOVE) {
        for (const [key, window] of windows) if (now - window.start >= windowMs) windows.delete(key)
      }
      let window = windows.get(client)
      if (!window || now - window.start >= windowMs) {
        window = { start: now, count: 0 }
        windows.set(client, window)
      }
      window.count++
      if (window.count <= limit) return { allowed: true }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) }
    },
  }
}
