import type { TokenBudget } from './token-budget.js'

/**
 * The Worker's bindings: the `vars` of wrangler.jsonc, the secrets (`MISTRAL_API_KEY`, `PROXY_TOKEN`), the rate-limit
 * and Durable Object bindings, and the static assets. README "Deploy" lists every setting with its default.
 */
export interface Env {
  /** The Mistral API key (a secret). Without it the Worker answers from the embedded mock. */
  MISTRAL_API_KEY?: string
  /** Upstream base URL when a key is set. Default `https://api.mistral.ai`. */
  MISTRAL_BASE_URL?: string
  /**
   * A secret: with a key set, callers that are not browsers (no `Origin`, no `Sec-Fetch-Site`) must send
   * `Authorization: Bearer <PROXY_TOKEN>`; unset, such callers are refused. Without a key (the mock) nobody needs it.
   */
  PROXY_TOKEN?: string
  /**
   * The origin(s) the app itself is served from, e.g. `https://mistral-edge.example.workers.dev` (comma-separated).
   * Browsers from here call without CORS. Configured, never taken from `Host`: unset, only `ALLOWED_ORIGINS` may call
   * from a browser.
   */
  PUBLIC_ORIGIN?: string
  /** Comma-separated origins allowed to call `/v1/` from another origin (CORS). */
  ALLOWED_ORIGINS?: string
  /** Comma-separated models a caller may ask for; `*` allows any. Default: {@link DEFAULT_MODELS}. */
  ALLOWED_MODELS?: string
  /** The largest `max_tokens` (filled in when a completion request has none). Default 2048. */
  MAX_TOKENS?: string
  /** The largest `n` (completions per request). Default 1. */
  MAX_N?: string
  /** Largest accepted JSON body of chat, FIM, embeddings, moderation and conversation routes, in bytes. Default 1 MiB. */
  MAX_BODY_BYTES?: string
  /** Largest accepted body of `POST /v1/ocr` (a document inline as a data URL), in bytes. Default 10 MiB. */
  MAX_DOCUMENT_BYTES?: string
  /** Largest accepted body of `POST /v1/audio/transcriptions` (multipart), in bytes. Default 25 MiB. */
  MAX_AUDIO_BYTES?: string
  /** Tokens one client may spend per UTC day (0: no per-client budget). Default 100000. */
  DAILY_TOKENS_PER_CLIENT?: string
  /** Tokens all clients together may spend per UTC day (0: no total budget). Default 1000000. */
  DAILY_TOKENS_TOTAL?: string
  /** The `Retry-After` sent when `LIMITER` refuses: keep it equal to the binding's `simple.period`. Default 60. */
  RATE_LIMIT_PERIOD_SECONDS?: string
  /** Bound of an upstream call until its full body (or a stream's headers), in ms. Default 120000. */
  UPSTREAM_TIMEOUT_MS?: string
  /** The longest gap between two chunks of an upstream stream, in ms. Default 30000. */
  UPSTREAM_IDLE_TIMEOUT_MS?: string
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
  /**
   * Tests and load runs only, never in wrangler.jsonc, and ignored with a key: the name of a request header whose
   * value is the caller's identity for the limits, so one machine can play many clients.
   */
  TEST_CLIENT_HEADER?: string
  /** The Workers Rate Limiting binding (`ratelimits` in wrangler.jsonc): requests per client per period. */
  LIMITER?: RateLimit
  /** The daily token budgets (a Durable Object per client, and one for the total). */
  BUDGET?: DurableObjectNamespace<TokenBudget>
  /** The browser app's built files. */
  ASSETS?: Fetcher
}

/** The models allowed when `ALLOWED_MODELS` is unset. */
const DEFAULT_MODELS = [
  'mistral-small-latest',
  'mistral-medium-latest',
  'mistral-large-latest',
  'codestral-latest',
  'mistral-embed',
  'mistral-moderation-latest',
  'mistral-ocr-latest',
  'voxtral-mini-latest',
] as const

/** The Worker's settings, read from {@link Env} with their defaults applied. */
export interface Settings {
  publicOrigins: string[]
  allowedOrigins: string[]
  /** `undefined`: any model (`ALLOWED_MODELS=*`). */
  allowedModels: ReadonlySet<string> | undefined
  maxTokens: number
  maxN: number
  maxBodyBytes: number
  maxDocumentBytes: number
  maxAudioBytes: number
  dailyTokensPerClient: number
  dailyTokensTotal: number
  rateLimitPeriodSeconds: number
  upstreamTimeoutMs: number
  upstreamIdleTimeoutMs: number
  mockChunkDelayMs: number
  exposeMockStats: boolean
  /** `TEST_CLIENT_HEADER`, lower-cased, or `undefined`. */
  testClientHeader: string | undefined
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

/** A comma-separated list, trimmed, empty entries dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/**
 * Reads the Worker's settings from its bindings.
 *
 * @param env - the bindings.
 * @returns the settings, defaults applied.
 */
export function readSettings(env: Env): Settings {
  const models = env.ALLOWED_MODELS === undefined ? [...DEFAULT_MODELS] : list(env.ALLOWED_MODELS)
  return {
    publicOrigins: list(env.PUBLIC_ORIGIN),
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    allowedModels: models.includes('*') ? undefined : new Set(models),
    maxTokens: integer(env.MAX_TOKENS, 2048),
    maxN: integer(env.MAX_N, 1),
    maxBodyBytes: integer(env.MAX_BODY_BYTES, 1024 * 1024),
    maxDocumentBytes: integer(env.MAX_DOCUMENT_BYTES, 10 * 1024 * 1024),
    maxAudioBytes: integer(env.MAX_AUDIO_BYTES, 25 * 1024 * 1024),
    dailyTokensPerClient: integer(env.DAILY_TOKENS_PER_CLIENT, 100_000),
    dailyTokensTotal: integer(env.DAILY_TOKENS_TOTAL, 1_000_000),
    rateLimitPeriodSeconds: Math.max(1, integer(env.RATE_LIMIT_PERIOD_SECONDS, 60)),
    upstreamTimeoutMs: integer(env.UPSTREAM_TIMEOUT_MS, 120_000),
    upstreamIdleTimeoutMs: integer(env.UPSTREAM_IDLE_TIMEOUT_MS, 30_000),
    mockChunkDelayMs: integer(env.MOCK_CHUNK_DELAY_MS, 0),
    exposeMockStats: env.EXPOSE_MOCK_STATS === 'true',
    testClientHeader: env.TEST_CLIENT_HEADER?.trim().toLowerCase() || undefined,
    appAgentId: env.APP_AGENT_ID?.trim() || undefined,
    appAgentModel: env.APP_AGENT_MODEL?.trim() || 'mistral-small-latest',
  }
}
