import type { Client, RequestOptions } from '../core/client.js'
import { iteratePages } from '../core/paging.js'
import { batchJobsList } from './batch-jobs-list.js'
import type { BatchJobOut, BatchJobsListRequest } from './schemas.js'

/**
 * Iterates over every batch job matching a query, fetching page after page until `total` is reached (or a page comes
 * back empty). Nothing is sent until the iteration starts.
 *
 * @param client - from `createClient`.
 * @param query - the filters of `batchJobsList`; `page` is where to start (default 0), `page_size` the page length.
 * @param options - signal, timeout, retries, headers for each page request.
 * @returns an async iterable of jobs.
 * @throws what `batchJobsList` throws, from the iteration.
 * @example
 * ```ts
 * for await (const job of batchJobsIterate(client, { status: ['SUCCESS'] })) console.log(job.id, job.output_file)
 * ```
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_get_batch_jobs
 */
export function batchJobsIterate(
  client: Client,
  query: BatchJobsListRequest = {},
  options?: RequestOptions,
): AsyncGenerator<BatchJobOut, void, undefined> {
  return iteratePages((page: BatchJobsListRequest) => batchJobsList(client, page, options), query)
}
