import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { OCRRequest, OCRResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'ocrProcess', method: 'POST', path: '/v1/ocr' }

/**
 * Reads a document (PDF, image, office file) with an OCR model and returns its pages as markdown.
 *
 * @param client - from `createClient`.
 * @param request - OCRRequest: `model`, `document` (`document_url`, `image_url` or `file`; `documentFromBlob` makes
 *   one from a `Blob`), `pages?`, `include_image_base64?`, `bbox_annotation_format?`, `document_annotation_format?`,
 *   `table_format?`, `extract_header?`, `extract_footer?`, ... (wire names).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `pages[]` (`index`, `markdown`, `images`, `dimensions`, ...), `model`, `document_annotation` (a JSON
 *   string) and `usage_info`.
 * @throws `InvalidRequestError` before sending, with `withValidation` (a missing `document` or `model`, a wrong-typed
 *   field); `SDKError` on a non-2xx answer (a URL the API could not fetch is a 400); `ConnectionError`,
 *   `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const document = await documentFromBlob(input.files[0])
 * const { pages } = await ocrProcess(client, { model: 'mistral-ocr-latest', document })
 * console.log(pages.map((page) => page.markdown).join('\n\n'))
 * ```
 * @see https://docs.mistral.ai/api/#tag/ocr/operation/ocr_v1_ocr_post
 */
export function ocrProcess(client: Client, request: OCRRequest, options?: RequestOptions): Promise<OCRResponse> {
  return callJson(client, endpoint, request, options)
}
