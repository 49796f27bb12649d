import { errorResponse } from './errors.js'
import type { Settings } from './settings.js'

/** What a route lets the caps look at. */
export interface CapOptions {
  /** The route takes `max_tokens` and `n` (completions): a missing `max_tokens` is filled in. */
  completion?: boolean | undefined
}

/**
 * Applies the cost caps to a validated body, before anything goes upstream: the model must be one of
 * `ALLOWED_MODELS`; a completion's `max_tokens` is filled with `MAX_TOKENS` when missing and refused above it; `n`
 * at most `MAX_N`. Each refusal is a 400 naming the field and the cap.
 *
 * @param body - the validated body (changed in place: `max_tokens` filled in).
 * @param settings - the caps.
 * @param options - whether the route is a completion.
 * @returns a 400, or `undefined` when the body passes.
 */
export function applyCostCaps(
  body: Record<string, unknown>,
  settings: Settings,
  options: CapOptions = {},
): Response | undefined {
  const refuse = (field: string, message: string) =>
    errorResponse(400, `Invalid request: ${field}: ${message}`, 'invalid_request_error', field)
  if (typeof body.model === 'string' && settings.allowedModels && !settings.allowedModels.has(body.model)) {
    return refuse('model', `${body.model} is not allowed here; use one of ${[...settings.allowedModels].join(', ')}`)
  }
  if (!options.completion) return undefined
  if (body.max_tokens === undefined || body.max_tokens === null) body.max_tokens = settings.maxTokens
  else if (typeof body.max_tokens === 'number' && body.max_tokens > settings.maxTokens) {
    return refuse('max_tokens', `${body.max_tokens} is above this proxy's cap of ${settings.maxTokens}`)
  }
  if (typeof body.n === 'number' && body.n > settings.maxN)
    return refuse('n', `${body.n} is above this proxy's cap of ${settings.maxN}`)
  return undefined
}
