import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { DeleteFileOutSchema, FileIdRequestSchema, type DeleteFileOut, type FileIdRequest } from './schemas.js'

const endpoint: Endpoint = { method: 'DELETE', path: '/v1/files/{file_id}', request: FileIdRequestSchema, response: DeleteFileOutSchema }

/**
 * Deletes a file.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ id, object, deleted }`.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const { deleted } = await filesDelete(client, { file_id })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_delete_file
 */
export function filesDelete(client: Client, request: FileIdRequest, options?: RequestOptions): Promise<DeleteFileOut> {
  return callJson(client, endpoint, request, options)
}
