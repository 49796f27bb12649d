import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FineTuningJobsCreateRequest, FineTuningJobsCreateResponse } from './schemas.js'

// Creates a billed job: retried on 429 and 503 only, so a retry never starts a second one.
const endpoint: Endpoint = {
  name: 'fineTuningJobsCreate',
  method: 'POST',
  path: '/v1/fine_tuning/jobs',
  query: ['dry_run'],
  creates: true,
}

/**
 * Creates a fine-tuning job, or with `dry_run: true` only estimates its cost and duration.
 *
 * Legacy: the current API answers the fine-tuning job routes `410 Gone` (an `SDKError` whose message says the
 * endpoint was retired); older deployments still serve them.
 *
 * @param client - from `createClient`.
 * @param request - `{ dry_run?, model, training_files: [{ file_id, weight? }], hyperparameters, suffix?, auto_start?, ... }`;
 *   `dry_run` goes to the query, the rest is the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job (`JobOut`), or the estimates (`LegacyJobMetadataOut`, `object: 'job.metadata'`) for a dry run.
 * @throws `InvalidRequestError` before sending, with `withValidation` (a wrong-typed field, training files without
 *   `file_id`); `SDKError` on a non-2xx answer. Creates a billed job, so it is retried on 429 and 503 only.
 * @example
 * ```ts
 * const job = await fineTuningJobsCreate(client, {
 *   model: 'open-mistral-nemo',
 *   training_files: [{ file_id, weight: 1 }],
 *   hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
 *   auto_start: true,
 * })
 * if (job.object !== 'job.metadata') console.log(job.id, job.status)
 * ```
 * @deprecated Legacy: retired by the current API (410 Gone).
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_create_fine_tuning_job
 */
export function fineTuningJobsCreate(
  client: Client,
  request: FineTuningJobsCreateRequest,
  options?: RequestOptions,
): Promise<FineTuningJobsCreateResponse> {
  return callJson(client, endpoint, request, options)
}
