import type { Client, RequestOptions } from '../core/client.js'
import { multipart } from '../core/multipart.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { FilesUploadRequest, UploadFileOut } from './schemas.js'

const endpoint: Endpoint = { name: 'filesUpload', method: 'POST', path: '/v1/files', encode: multipart, creates: true }

/**
 * Uploads a file (multipart/form-data) for fine-tuning, batch, OCR or audio.
 *
 * @param client - from `createClient`.
 * @param request - `{ file, filename?, purpose?, expiry?, visibility? }`. `file` is a `Blob`, `File`, `Uint8Array`,
 *   `ArrayBuffer` or string; a `File`'s own name is used when `filename` is omitted (otherwise the name is `file`).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the stored file's description (`id`, `bytes`, `num_lines`, `sample_type`, ...).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const lines = examples.map((example) => JSON.stringify(example)).join('\n')
 * const { id } = await filesUpload(client, { file: lines, filename: 'train.jsonl', purpose: 'fine-tune' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_upload_file
 */
export function filesUpload(
  client: Client,
  request: FilesUploadRequest,
  options?: RequestOptions,
): Promise<UploadFileOut> {
  return callJson(client, endpoint, request, options)
}
