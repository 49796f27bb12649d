import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FileIdRequest, RetrieveFileOut } from './schemas.js'

const endpoint: Endpoint = { name: 'filesRetrieve', method: 'GET', path: '/v1/files/{file_id}', fillPath }

/**
 * Retrieves one file's description.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the file's description, with `deleted`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { filename, num_lines } = await filesRetrieve(client, { file_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_retrieve_file
 */
export function filesRetrieve(
  client: Client,
  request: FileIdRequest,
  options?: RequestOptions,
): Promise<RetrieveFileOut> {
  return callJson(client, endpoint, request, options)
}
