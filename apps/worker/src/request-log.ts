import type { LimitDecisions } from './limits.js'

/** One request's log line, filled in as the request goes, written once (`finish`). */
export interface RequestLog {
  /** The route pattern (`/v1/models/{model_id}`), never the path a caller sent. */
  route: string
  method: string
  status: number
  /** `mistral-correlation-id` of the upstream answer. */
  upstreamRequestId: string | null
  /** `usage.total_tokens` of the answer (a stream's: its last event's). */
  tokens: number | null
  limits: LimitDecisions
  /** A stream's end: `complete`, `cancelled` (the caller went away), `error` (upstream broke). */
  stream?: 'complete' | 'cancelled' | 'error'
  /** A short reason when the proxy refused or failed: never a body or the key. */
  reason?: string
  /** Writes the line (once; later calls do nothing). */
  finish: () => void
}

/**
 * Starts the log line of a request: one JSON line per request with the route, status, duration, upstream request
 * id, tokens used and the limit decisions. It never holds a body, a header value of the caller, or the key.
 *
 * @param method - the request's method.
 * @returns the line to fill in.
 */
export function startRequestLog(method: string): RequestLog {
  const started = Date.now()
  let written = false
  const log: RequestLog = {
    route: 'unrouted',
    method,
    status: 0,
    upstreamRequestId: null,
    tokens: null,
    limits: { rate: 'off' },
    finish() {
      if (written) return
      written = true
      const { route, status, upstreamRequestId, tokens, limits, stream, reason } = log
      const line: Record<string, unknown> = {
        event: 'request',
        route,
        method,
        status,
        ms: Date.now() - started,
        upstream_request_id: upstreamRequestId,
        tokens,
        limits,
      }
      if (stream) line.stream = stream
      if (reason) line.reason = reason
      console.log(JSON.stringify(line))
    },
  }
  return log
}

/**
 * `usage.total_tokens` of a response body or stream event, when it has one.
 *
 * @param value - a parsed body or event (a conversation's `conversation.response.done`, a transcription's
 *   `transcription.done`, a completion's last chunk).
 * @returns the count, or `undefined`.
 */
export function totalTokens(value: unknown): number | undefined {
  const usage = (
    value as { usage?: { total_tokens?: unknown; prompt_tokens?: unknown; completion_tokens?: unknown } } | null
  )?.usage
  if (!usage || typeof usage !== 'object') return undefined
  if (typeof usage.total_tokens === 'number') return usage.total_tokens
  const parts = [usage.prompt_tokens, usage.completion_tokens].filter(
    (part): part is number => typeof part === 'number',
  )
  return parts.length ? parts.reduce((sum, part) => sum + part, 0) : undefined
}
