import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { DeleteFileOut, FileIdRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'filesDelete', method: 'DELETE', path: '/v1/files/{file_id}', fillPath }

/**
 * Deletes a file.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ id, object, deleted }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { deleted } = await filesDelete(client, { file_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_delete_file
 */
export function filesDelete(client: Client, request: FileIdRequest, options?: RequestOptions): Promise<DeleteFileOut> {
  return callJson(client, endpoint, request, options)
}
