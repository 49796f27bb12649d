import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FilesListRequest, ListFilesOut } from './schemas.js'

const endpoint: Endpoint = {
  name: 'filesList',
  method: 'GET',
  path: '/v1/files',
  query: ['page', 'page_size', 'include_total', 'sample_type', 'source', 'search', 'purpose', 'mimetypes'],
}

/**
 * Lists the files of the workspace, one page at a time.
 *
 * @param client - from `createClient`.
 * @param request - optional query: `page`, `page_size`, `include_total`, `sample_type[]`, `source[]`, `search`,
 *   `purpose`, `mimetypes[]` (arrays are sent as repeated keys).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ data, object, total }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { data, total } = await filesList(client, { purpose: 'fine-tune', page_size: 20 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_list_files
 */
export function filesList(
  client: Client,
  request: FilesListRequest = {},
  options?: RequestOptions,
): Promise<ListFilesOut> {
  return callJson(client, endpoint, request, options)
}
