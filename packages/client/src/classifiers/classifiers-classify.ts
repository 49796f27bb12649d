import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { ClassificationRequest, ClassificationResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'classifiersClassify', method: 'POST', path: '/v1/classifications' }

/**
 * Classifies one text or several with a fine-tuned classifier (`ft:classifier:...`, made by a `classifier` job).
 *
 * @param client - from `createClient`.
 * @param request - `{ model, input }`: `input` is a string or an array of strings, sent as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `results[i]` for `input[i]`: an object keyed by target name, each `{ scores: { label: probability } }`.
 * @throws `InvalidRequestError` before sending (with `withValidation`, a malformed field); `SDKError` on a non-2xx
 *   answer (an unknown model, `HTTPValidationError` for a 422); `ConnectionError`, `RequestTimeoutError`,
 *   `RequestAbortedError`.
 * @example
 * ```ts
 * const { results } = await classifiersClassify(client, { model: 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:db22ea7e', input: 'Will it rain tomorrow?' })
 * const scores = results[0]?.intent?.scores ?? {}
 * const label = Object.keys(scores).reduce((best, name) => ((scores[name] ?? 0) > (scores[best] ?? 0) ? name : best))
 * ```
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/classifications_v1_classifications_post
 */
export function classifiersClassify(
  client: Client,
  request: ClassificationRequest,
  options?: RequestOptions,
): Promise<ClassificationResponse> {
  return callJson(client, endpoint, request, options)
}
