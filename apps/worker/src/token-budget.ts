import { DurableObject } from 'cloudflare:workers'

/** What one budget holds: the tokens spent on one UTC day. */
interface DayUsage {
  /** `YYYY-MM-DD`, UTC. */
  day: string
  used: number
}

/** The UTC day of a time, `YYYY-MM-DD`. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10)
}

/**
 * Seconds until the next UTC midnight, when every daily budget starts again (at least 1).
 *
 * @param now - the current time in ms.
 * @returns the seconds for `Retry-After`.
 */
export function secondsUntilNextDay(now: number): number {
  const next = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1)
  return Math.max(1, Math.ceil((next - now) / 1000))
}

/**
 * A daily token budget: one instance per client (`idFromName('client:<key>')`) and one for the total
 * (`idFromName('total')`), so a request touches two small objects whatever the number of clients. The count lives in
 * the object's storage (SQLite-backed, declared in wrangler.jsonc's `migrations`) and in memory; a new UTC day starts
 * from zero. Every Worker instance of every location reaches the same object for a name, so the budget holds
 * across the fleet.
 */
export class TokenBudget extends DurableObject {
  #usage: DayUsage | undefined

  async #current(now: number): Promise<DayUsage> {
    const day = utcDay(now)
    this.#usage ??= (await this.ctx.storage.get<DayUsage>('usage')) ?? { day, used: 0 }
    if (this.#usage.day !== day) this.#usage = { day, used: 0 }
    return this.#usage
  }

  /**
   * The tokens spent today.
   *
   * @returns the count.
   */
  async used(): Promise<number> {
    return (await this.#current(Date.now())).used
  }

  /**
   * Adds the tokens of one response.
   *
   * @param tokens - `usage.total_tokens` of the response (negative or non-finite values count as 0).
   * @returns the tokens spent today, this charge included.
   */
  async charge(tokens: number): Promise<number> {
    const usage = await this.#current(Date.now())
    if (Number.isFinite(tokens) && tokens > 0) usage.used += Math.round(tokens)
    await this.ctx.storage.put('usage', usage)
    return usage.used
  }
}
