import { InvalidRequestError } from '../errors/invalid-request-error.js'

/**
 * Fills the `{param}` placeholders of an endpoint's path from the request's fields of the same name, and removes those
 * fields (they are not sent in the query or body). An endpoint with placeholders names it as its `fillPath`, so only
 * the programs that call such an endpoint carry it.
 *
 * @param path - the endpoint's path, e.g. `/v1/models/{model_id}`.
 * @param fields - a copy of the caller's request, changed in place.
 * @returns the path with every id percent-encoded.
 * @throws `InvalidRequestError` naming the field when an id is not a non-empty, well-formed string other than `.`
 * and `..` (nothing is sent).
 * @example
 * ```ts
 * const endpoint: Endpoint = { name: 'modelsRetrieve', method: 'GET', path: '/v1/models/{model_id}', fillPath }
 * ```
 */
export function fillPath(path: string, fields: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fields[name]
    delete fields[name]
    try {
      // Ids are encoded, never interpreted; `..` would climb the URL even percent-encoded, so it is refused.
      if (typeof value === 'string' && value !== '.' && value !== '..' && value) return encodeURIComponent(value)
    } catch {}
    // A valibot-shaped issue (message and path), so every request error reads alike.
    const message = 'must be a non-empty, well-formed string other than "." and ".."'
    throw new InvalidRequestError(`Invalid request: ${name}: ${message}`, [
      { message, path: [{ key: name, value }] },
    ] as never)
  })
}
