import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ClassificationRequest, ModerationResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'classifiersModerate', method: 'POST', path: '/v1/moderations' }

/**
 * Moderates one text or several: a score and a flag per category (sexual, hate_and_discrimination,
 * violence_and_threats, dangerous_and_criminal_content, selfharm, health, financial, law, pii, ...).
 *
 * @param client - from `createClient`.
 * @param request - `{ model, input }`: `input` is a string or an array of strings, sent as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `results[i]` for `input[i]`: `categories` (`true` when flagged) and `category_scores`; `usage`.
 * @throws `InvalidRequestError` before sending (with `withValidation`, a malformed field); `SDKError` on a non-2xx
 *   answer (`HTTPValidationError` for a 422); `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { results } = await classifiersModerate(client, { model: 'mistral-moderation-latest', input: ['text one', 'text two'] })
 * const flagged = results.map((result) => Object.keys(result.categories).filter((name) => result.categories[name]))
 * ```
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/moderations_v1_moderations_post
 */
export function classifiersModerate(
  client: Client,
  request: ClassificationRequest,
  options?: RequestOptions,
): Promise<ModerationResponse> {
  return callJson(client, endpoint, request, options)
}
