import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { FileSignedURLSchema, FilesGetSignedUrlRequestSchema, type FileSignedURL, type FilesGetSignedUrlRequest } from './schemas.js'

const endpoint: Endpoint = {
  method: 'GET',
  path: '/v1/files/{file_id}/url',
  query: ['expiry'],
  request: FilesGetSignedUrlRequestSchema,
  response: FileSignedURLSchema,
}

/**
 * Gets a time-limited URL that downloads the file without an API key.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id, expiry? }`; `expiry` in hours, 1 to 168 (server default 24).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ url }`.
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const { url } = await filesGetSignedUrl(client, { file_id, expiry: 1 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_get_signed_url
 */
export function filesGetSignedUrl(client: Client, request: FilesGetSignedUrlRequest, options?: RequestOptions): Promise<FileSignedURL> {
  return callJson(client, endpoint, request, options)
}
