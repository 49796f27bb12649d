import type { Client, RequestOptions } from '../core/client.js'
import { fineTuningJobsList } from './fine-tuning-jobs-list.js'
import type { FineTuningJobsListRequest, JobOut } from './schemas.js'

/**
 * Iterates over every fine-tuning job matching a query, fetching page after page until `total` is reached
 * (or a page comes back empty). Nothing is sent until the iteration starts.
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
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_get_fine_tuning_jobs
 */
export async function* fineTuningJobsIterate(client: Client, query: FineTuningJobsListRequest = {}, options?: RequestOptions): AsyncGenerator<JobOut, void, undefined> {
  let page = query.page ?? 0
  // Jobs before the starting page count towards `total` too.
  let seen = page * (query.page_size ?? 100)
  for (;;) {
    const { data, total } = await fineTuningJobsList(client, { ...query, page }, options)
    yield* data
    seen += data.length
    if (data.length === 0 || seen >= total) return
    page++
  }
}
