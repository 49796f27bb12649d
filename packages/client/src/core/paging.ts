/** One page of a paged listing: its items and the total over all pages (`null` when the server did not count). */
export interface Page<T> {
  data: readonly T[]
  total?: number | null | undefined
}

/**
 * Iterates over every item of a paged listing (`page`, `page_size` query; `data` and `total` in the answer), fetching
 * page after page until `total` is reached or a page comes back empty. Nothing is sent until the iteration starts.
 * Shared by `fineTuningJobsIterate` and `batchJobsIterate`.
 *
 * @param list - the listing call, e.g. `(query) => batchJobsList(client, query, options)`.
 * @param query - its filters; `page` is where to start (default 0), `page_size` the page length (server default 100).
 * @returns an async iterable of the items.
 * @throws what `list` throws, from the iteration.
 */
export async function* iteratePages<
  T,
  Q extends { page?: number | null | undefined; page_size?: number | null | undefined },
>(list: (query: Q) => Promise<Page<T>>, query: Q): AsyncGenerator<T, void, undefined> {
  let page = query.page ?? 0
  // Items before the starting page count towards `total` too.
  let seen = page * (query.page_size ?? 100)
  for (;;) {
    const { data, total } = await list({ ...query, page })
    yield* data
    seen += data.length
    if (data.length === 0 || (total != null && seen >= total)) return
    page++
  }
}
