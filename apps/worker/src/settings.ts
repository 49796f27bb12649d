/** The Worker's bindings: the `vars` of wrangler.jsonc, the `MISTRAL_API_KEY` secret and the static assets. */
export interface Env {
  /** The Mistral API key (a secret). Without it the Worker answers from the embedded mock. */
  MISTRAL_API_KEY?: string
  /** Upstream base URL when a key is set. Default `https://api.mistral.ai`. */
  MISTRAL_BASE_URL?: string
  /** Comma-separated origins allowed to call `/v1/` from another origin. */
  ALLOWED_ORIGINS?: string
  /** Requests per client per window. Default 60. */
  RATE_LIMIT_REQUESTS?: string
  /** Length of the rate-limit window, in seconds. Default 60. */
  RATE_LIMIT_WINDOW_SECONDS?: string
  /** Largest accepted request body, in bytes. Default 1 MiB. */
  MAX_BODY_BYTES?: string
  /**
   * The agent the app's conversations go to (`POST /v1/conversations`). Unset: the Worker creates one on first use
   * (with `APP_AGENT_MODEL`) and keeps its id as long as the isolate lives.
   */
  APP_AGENT_ID?: string
  /** The model of the agent the Worker creates when `APP_AGENT_ID` is unset. Default `mistral-small-latest`. */
  APP_AGENT_MODEL?: string
  /** Without a key only: delay before each chunk the mock streams, in ms. Default 0. */
  MOCK_CHUNK_DELAY_MS?: string
  /**
   * Tests and load runs only, never in wrangler.jsonc: `true` adds `GET /v1/__mock/stats`, the embedded mock's
   * counters (`{ requests, cancelled }`), so a test can see that clients going away cancelled the upstream request.
   */
  EXPOSE_MOCK_STATS?: string
  /** The browser app's built files. */
  ASSETS?: Fetcher
}

/** The Worker's settings, read from {@link Env} with their defaults applied. */
export interface Settings {
  allowedOrigins: string[]
  rateLimitRequests: number
  rateLimitWindowMs: number
  maxBodyBytes: number
  mockChunkDelayMs: number
  exposeMockStats: boolean
  /** `APP_AGENT_ID`, or `undefined` when the Worker creates its agent. */
  appAgentId: string | undefined
  /** `APP_AGENT_MODEL`, default `mistral-small-latest`. */
  appAgentModel: string
}

/** A non-negative integer from a string binding, or `fallback` when unset or not a number. */
function integer(value: string | undefined, fallback: number): number {
  const number = Number.parseInt(value ?? '', 10)
  return Number.isFinite(number) && number >= 0 ? number : fallback
}

/**
 * Reads the Worker's settings from its bindings.
 *
 * @param env - the bindings.
 * @returns the settings, defaults applied.
 */
export function readSettings(env: Env): Settings {
  return {
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    rateLimitRequests: integer(env.RATE_LIMIT_REQUESTS, 60),
    rateLimitWindowMs: integer(env.RATE_LIMIT_WINDOW_SECONDS, 60) * 1000,
    maxBodyBytes: integer(env.MAX_BODY_BYTES, 1024 * 1024),
    mockChunkDelayMs: integer(env.MOCK_CHUNK_DELAY_MS, 0),
    exposeMockStats: env.EXPOSE_MOCK_STATS === 'true',
    appAgentId: env.APP_AGENT_ID?.trim() || undefined,
    appAgentModel: env.APP_AGENT_MODEL?.trim() || 'mistral-small-latest',
  }
}
