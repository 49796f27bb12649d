/**
 * Encodes the body fields of a multipart endpoint (`filesUpload`, the transcriptions) as `FormData`, with the
 * platform's `FormData` and `File` only (no Node streams, no Buffer), so it runs in browsers and Workers. Fields go in
 * the caller's order:
 * - `file` is the file part, whatever it holds (`Blob`, `File`, bytes, text), named `filename`, else a `File`'s own
 *   name, else `file`. It is always a `File` carrying its name rather than `append(name, blob, filename)`, which some
 *   FormData implementations (happy-dom) answer with the name `blob`; a `Blob`'s type is its content type.
 * - `filename` is ours, not a wire field: it only names the file part.
 * - an array is sent as repeated fields of the same name (`timestamp_granularities=segment`,
 *   `timestamp_granularities=word`), as the spec's form arrays and the official SDKs send them;
 * - an object is sent as its JSON, anything else as its string (`true`, `0.2`); `undefined` and `null` are left out.
 *
 * No content-type is set: `fetch` writes the one carrying the boundary.
 *
 * @param fields - the request's body fields, wire names.
 * @returns the form to send as the body.
 * @example
 * ```ts
 * const endpoint: Endpoint = { name: 'filesUpload', method: 'POST', path: '/v1/files', encode: multipart }
 * ```
 */
export function multipart(fields: Record<string, unknown>): FormData {
  const { filename, ...rest } = fields
  const form = new FormData()
  const add = (key: string, value: unknown): void => {
    if (value == null) return
    if (Array.isArray(value)) for (const item of value) add(key, item)
    else if (key === 'file') {
      // A `Blob`'s `type` is its content type; bytes and text have none (`type: undefined` reads as absent: '').
      const { name, type } = value as Partial<File>
      const part = new File([value as BlobPart], (filename as string | undefined) ?? (name || 'file'), {
        type,
      } as FilePropertyBag)
      form.append(key, part)
    } else
      form.append(
        key,
        value instanceof Blob ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
      )
  }
  for (const [key, value] of Object.entries(rest)) add(key, value)
  return form
}
