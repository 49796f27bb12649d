import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FileSignedURL, FilesGetSignedUrlRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'filesGetSignedUrl',
  method: 'GET',
  path: '/v1/files/{file_id}/url',
  fillPath,
  query: ['expiry'],
}

/**
 * Gets a time-limited URL that downloads the file without an API key.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id, expiry? }`; `expiry` in hours, 1 to 168 (server default 24).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ url }`.
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { url } = await filesGetSignedUrl(client, { file_id, expiry: 1 })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_get_signed_url
 */
export function filesGetSignedUrl(
  client: Client,
  request: FilesGetSignedUrlRequest,
  options?: RequestOptions,
): Promise<FileSignedURL> {
  return callJson(client, endpoint, request, options)
}
