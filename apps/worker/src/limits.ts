import { errorResponse } from './errors.js'
import type { Env, Settings } from './settings.js'
import { secondsUntilNextDay } from './token-budget.js'

/** What the limits decided, for the log line: `off` when the binding or the budget is not configured. */
export interface LimitDecisions {
  rate: 'allowed' | 'refused' | 'off'
  budget?: 'allowed' | 'client-spent' | 'total-spent' | 'off'
}

/**
 * Counts one request of a client with the Workers Rate Limiting binding (`LIMITER`): a counter shared by the
 * Cloudflare location, O(1) per request whatever the number of clients.
 *
 * @param env - the bindings.
 * @param settings - the period sent as `Retry-After`.
 * @param client - from `clientIdentity`.
 * @param decisions - filled in with the verdict.
 * @returns a 429 in the API's shape, or `undefined` to go on.
 */
export async function checkRateLimit(
  env: Env,
  settings: Settings,
  client: string,
  decisions: LimitDecisions,
): Promise<Response | undefined> {
  if (!env.LIMITER) {
    decisions.rate = 'off'
    return undefined
  }
  const { success } = await env.LIMITER.limit({ key: client })
  decisions.rate = success ? 'allowed' : 'refused'
  if (success) return undefined
  // The body and code of the API's own 429 (fixtures/wire/errors/429_rate_limited_code1300_2026-02.json).
  const headers = { 'retry-after': String(settings.rateLimitPeriodSeconds) }
  return errorResponse(429, 'Rate limit exceeded', 'rate_limited', null, { code: '1300', headers })
}

/** The two budgets a request is charged to. */
export interface Budgets {
  /**
   * Refuses the request with 429 once the client's or the total budget of the day is spent.
   *
   * @returns the 429, or `undefined` to go on.
   */
  check: (decisions: LimitDecisions) => Promise<Response | undefined>
  /** Charges the tokens of a response to both budgets (failures are logged, never thrown). */
  charge: (tokens: number) => Promise<void>
}

/**
 * The client's and the total daily token budget, each a `TokenBudget` Durable Object. A request is checked before
 * it goes upstream (it may overshoot by its own cost: the count comes from the response's `usage`) and charged after.
 *
 * @param env - the bindings (`BUDGET`).
 * @param settings - `dailyTokensPerClient`, `dailyTokensTotal` (0 turns one off).
 * @param client - from `clientIdentity`.
 * @returns the check and the charge.
 */
export function budgetsFor(env: Env, settings: Settings, client: string): Budgets {
  const namespace = env.BUDGET
  const limits = [
    { name: `client:${client}`, limit: settings.dailyTokensPerClient, spent: 'client-spent' as const },
    { name: 'total', limit: settings.dailyTokensTotal, spent: 'total-spent' as const },
  ].filter((budget) => budget.limit > 0)
  const stubs = namespace
    ? limits.map((budget) => ({ ...budget, stub: namespace.get(namespace.idFromName(budget.name)) }))
    : []
  return {
    async check(decisions) {
      if (!stubs.length) {
        decisions.budget = 'off'
        return undefined
      }
      const used = await Promise.all(stubs.map((budget) => budget.stub.used()))
      const spent = stubs.find((budget, index) => (used[index] ?? 0) >= budget.limit)
      decisions.budget = spent?.spent ?? 'allowed'
      if (!spent) return undefined
      const whose = spent.spent === 'client-spent' ? 'this client' : 'this proxy'
      const headers = { 'retry-after': String(secondsUntilNextDay(Date.now())) }
      return errorResponse(
        429,
        `Daily token budget of ${whose} spent (${spent.limit} tokens); it starts again at 00:00 UTC`,
        'rate_limited',
        null,
        { code: '1300', headers },
      )
    },
    async charge(tokens) {
      if (!stubs.length || !(tokens > 0)) return
      try {
        await Promise.all(stubs.map((budget) => budget.stub.charge(tokens)))
      } catch (error) {
        console.error(
          JSON.stringify({
            event: 'budget_charge_failed',
            tokens,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
      }
    },
  }
}
