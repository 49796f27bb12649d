import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { FileIdRequestSchema, RetrieveFileOutSchema, type FileIdRequest, type RetrieveFileOut } from './schemas.js'

const endpoint: Endpoint = { method: 'GET', path: '/v1/files/{file_id}', request: FileIdRequestSchema, response: RetrieveFileOutSchema }

/**
 * Retrieves one file's description.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the file's description, with `deleted`.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const { filename, num_lines } = await filesRetrieve(client, { file_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_retrieve_file
 */
export function filesRetrieve(client: Client, request: FileIdRequest, options?: RequestOptions): Promise<RetrieveFileOut> {
  return callJson(client, endpoint, request, options)
}
