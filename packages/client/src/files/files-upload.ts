import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import { FilesUploadRequestSchema, UploadFileOutSchema, type FilesUploadRequest, type UploadFileOut } from './schemas.js'

/**
 * Builds the multipart body with the platform's `FormData` and `File` (no Node streams, no Buffer), so it runs in
 * browsers and Workers. The part is a `File` carrying its name rather than `append(name, blob, filename)`, which some
 * FormData implementations (happy-dom) answer with the name `blob`. No content-type is set here: `fetch` adds the one
 * carrying the boundary.
 */
function encode(fields: Record<string, unknown>): FormData {
  const { file, filename, ...rest } = fields
  const ownName = (file as { name?: unknown }).name
  const name = (filename as string | undefined) ?? (typeof ownName === 'string' && ownName ? ownName : 'file')
  const form = new FormData()
  form.append('file', file instanceof File && file.name === name ? file : new File([file as BlobPart], name, { type: file instanceof Blob ? file.type : '' }))
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null) continue
    form.append(key, value instanceof Blob ? value : typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
  return form
}

const endpoint: Endpoint = { method: 'POST', path: '/v1/files', request: FilesUploadRequestSchema, response: UploadFileOutSchema, encode }

/**
 * Uploads a file (multipart/form-data) for fine-tuning, batch, OCR or audio.
 *
 * @param client - from `createClient`.
 * @param request - `{ file, filename?, purpose?, expiry?, visibility? }`. `file` is a `Blob`, `File`, `Uint8Array`,
 *   `ArrayBuffer` or string; a `File`'s own name is used when `filename` is omitted (otherwise the name is `file`).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the stored file's description (`id`, `bytes`, `num_lines`, `sample_type`, ...).
 * @throws `InvalidRequestError` before sending when the request is malformed; `SDKError` on a non-2xx answer.
 * @example
 * ```ts
 * const lines = examples.map((example) => JSON.stringify(example)).join('\n')
 * const { id } = await filesUpload(client, { file: lines, filename: 'train.jsonl', purpose: 'fine-tune' })
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_upload_file
 */
export function filesUpload(client: Client, request: FilesUploadRequest, options?: RequestOptions): Promise<UploadFileOut> {
  return callJson(client, endpoint, request, options)
}
