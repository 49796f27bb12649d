/** Options of {@link documentFromBlob}. */
export interface DocumentFromBlobOptions {
  /** The media type to declare in the `data:` URL; wins over the blob's own `type`. */
  mimeType?: string | undefined
}

/** What {@link documentFromBlob} resolves to: an OCR `document`, also usable as a chat content part. */
export type BlobDocument = { type: 'document_url'; document_url: string } | { type: 'image_url'; image_url: string }

// 3 * 8192 bytes: a multiple of 3, so no piece's base64 is padded and the pieces concatenate into the whole's; small
// enough for the argument limit of `String.fromCharCode.apply` (a 20 MB file in one call would overflow the stack).
const CHUNK = 0x6000

/** The media type a file's first bytes show (PDF, PNG, JPEG, GIF), or `application/octet-stream`. */
function sniff(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 5))
  if (head === '%PDF-') return 'application/pdf'
  if (head.startsWith('\x89PNG')) return 'image/png'
  if (head.startsWith('\xFF\xD8\xFF')) return 'image/jpeg'
  if (head.startsWith('GIF8')) return 'image/gif'
  return 'application/octet-stream'
}

/**
 * Turns a `Blob` or `File` (a file picked in a browser, a fetched body) into an OCR `document` holding its bytes as a
 * base64 `data:` URL, so it can be read without an upload. Web APIs only (`arrayBuffer`, `btoa`): runs in browsers,
 * Workers, Deno, Bun and Node, and encodes in pieces, so a large PDF does not overflow the stack.
 *
 * The media type is `options.mimeType`, else the blob's `type`, else what the first bytes show (`%PDF-` is
 * `application/pdf`; PNG, JPEG and GIF signatures are images), else `application/octet-stream`, which the API judges.
 * An `image/*` type gives `{ type: 'image_url', image_url }`, any other `{ type: 'document_url', document_url }`.
 *
 * @param blob - the file's bytes.
 * @param options - `mimeType` to declare instead of the blob's own type.
 * @returns a promise of the `document` for `ocrProcess` (or a content part for chat).
 * @throws what `blob.arrayBuffer()` throws (a file that can no longer be read).
 * @example
 * ```ts
 * const file = input.files[0]   // <input type="file">
 * const { pages } = await ocrProcess(client, { model: 'mistral-ocr-latest', document: await documentFromBlob(file) })
 * ```
 * @see https://docs.mistral.ai/capabilities/document_ai/basic_ocr/
 */
export async function documentFromBlob(blob: Blob, options: DocumentFromBlobOptions = {}): Promise<BlobDocument> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  const type = options.mimeType || blob.type || sniff(bytes)
  const pieces: string[] = []
  for (let start = 0; start < bytes.length; start += CHUNK) {
    pieces.push(btoa(String.fromCharCode.apply(null, bytes.subarray(start, start + CHUNK) as unknown as number[])))
  }
  const url = `data:${type};base64,${pieces.join('')}`
  return /^image\//i.test(type) ? { type: 'image_url', image_url: url } : { type: 'document_url', document_url: url }
}
