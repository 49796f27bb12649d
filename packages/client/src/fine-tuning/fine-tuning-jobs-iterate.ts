import type { Client, RequestOptions } from '../core/client.js'
import { iteratePages } from '../core/paging.js'
import { fineTuningJobsList } from './fine-tuning-jobs-list.js'
import type { FineTuningJobsListRequest, JobOut } from './schemas.js'

/**
 * Iterates over every fine-tuning job matching a query, fetching page after page until `total` is reached
 * (or a page comes back empty). Nothing is sent until the iteration starts.
 *
 * Legacy: the current API answers the fine-tuning job routes `410 Gone` (an `SDKError` whose message says the
 * endpoint was retired); older deployments still serve them.
 *
 * @param client - from `createClient`.
 * @param query - the filters of `fineTuningJobsList`; `page` is where to start (default 0), `page_size` the page length.
 * @param options - signal, timeout, retries, headers for each page request.
 * @returns an async iterable of jobs.
 * @throws what `fineTuningJobsList` throws, from the iteration.
 * @example
 * ```ts
 * for await (const job of fineTuningJobsIterate(client, { status: 'SUCCESS' })) console.log(job.fine_tuned_model)
 * ```
 * @deprecated Legacy: retired by the current API (410 Gone).
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_jobs
 */
export function fineTuningJobsIterate(
  client: Client,
  query: FineTuningJobsListRequest = {},
  options?: RequestOptions,
): AsyncGenerator<JobOut, void, undefined> {
  return iteratePages((page: FineTuningJobsListRequest) => fineTuningJobsList(client, page, options), query)
}
