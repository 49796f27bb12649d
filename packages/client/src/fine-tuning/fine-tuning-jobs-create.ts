import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import {
  FineTuningJobsCreateRequestSchema,
  FineTuningJobsCreateResponseSchema,
  type FineTuningJobsCreateRequest,
  type FineTuningJobsCreateResponse,
} from './schemas.js'

const endpoint: Endpoint = {
  method: 'POST',
  path: '/v1/fine_tuning/jobs',
  query: ['dry_run'],
  request: FineTuningJobsCreateRequestSchema,
  response: FineTuningJobsCreateResponseSchema,
}

/**
 * Creates a fine-tuning job, or with `dry_run: true` only estimates its cost and duration.
 *
 * @param client - from `createClient`.
 * @param request - `{ dry_run?, model, training_files: [{ file_id, weight? }], hyperparameters, suffix?, auto_start?, ... }`;
 *   `dry_run` goes to the query, the rest is the JSON body as given.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the job (`JobOut`), or the estimates (`LegacyJobMetadataOut`, `object: 'job.metadata'`) for a dry run.
 * @throws `InvalidRequestError` before sending when the request is malformed (hyperparameter ranges, `suffix` over 18
 *   characters, training files without `file_id`); `SDKError` on a non-2xx answer.
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
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_create_fine_tuning_job
 */
export function fineTuningJobsCreate(client: Client, request: FineTuningJobsCreateRequest, options?: RequestOptions): Promise<FineTuningJobsCreateResponse> {
  return callJson(client, endpoint, request, options)
}
