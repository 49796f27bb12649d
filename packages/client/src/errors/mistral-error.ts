const BRAND = Symbol.for('mistral-edge.error')

/**
 * Base class of every error this library throws.
 *
 * @remarks Use {@link isMistralError} rather than `instanceof` when errors may cross realms
 * (iframes, workers, several copies of the library).
 */
export class MistralError extends Error {
  override name: string = 'MistralError'

  /**
   * @param message - human readable description; never contains the API key.
   * @param fields - the subclass's fields, assigned to the error; a `cause` becomes the standard `Error.cause`.
   */
  constructor(message: string, fields?: { cause?: unknown; [field: string]: unknown }) {
    super(message, fields)
    Object.assign(this, fields)
  }

  /** The brand {@link isMistralError} reads: `Symbol.for` makes it the same in every realm and copy of the library. */
  get [BRAND](): true {
    return true
  }
}

/**
 * Tells whether a value is an error thrown by mistral-edge, across realms.
 *
 * @param value - anything caught.
 * @returns `true` for every error class of this library.
 * @example
 * ```ts
 * try { await modelsList(client) } catch (error) { if (isMistralError(error)) console.log(error.name) }
 * ```
 */
export function isMistralError(value: unknown): value is MistralError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}
