// The API key never leaves in an error: not in its message or stack, not in the body, parsed data, headers, request
// id or cause, and not in any of the forms a server may echo it in (raw, JSON-escaped `\u0073`, percent-encoded).

/** Masks every echo of one key in a text. */
export type Redact = (text: string) => string

/**
 * Builds the masker for a key. The pattern accepts each character raw, as a JSON `\uXXXX` escape or percent-encoded,
 * in any mix and any case (masking a case variant of the key too is harmless). It is compiled on first use: only
 * error paths pay for it.
 *
 * @param key - the API key; keys shorter than 8 characters are test placeholders and are not masked (masking them
 * would mangle ordinary words).
 * @returns the masker.
 */
export function redactor(key: string): Redact {
  let pattern: RegExp | undefined
  // Each character raw (as a regex escape `\u0073`, so nothing needs quoting), JSON-escaped (`\u0073` after any number
  // of backslashes: JSON text escapes the backslash again) or percent-encoded.
  const characterPattern = (character: string) => {
    const code = character.charCodeAt(0).toString(16).padStart(4, '0')
    return `(?:\\u${code}|(?:\\\\+u${code.slice(0, 2)}|%)${code.slice(2)})`
  }
  return (text) =>
    key.length < 8
      ? text
      : text.replace((pattern ??= new RegExp(Array.from(key, characterPattern).join(''), 'gi')), '[redacted]')
}

/**
 * Masks the key in every field of an error, in place, and returns it: `message`, `stack`, string and JSON fields
 * (`body`, `data`, `issues`, `requestId`, ...), `headers`, and `cause` (replaced by a masked copy when it quotes the key).
 * Each field is read as JSON text (a `Headers` as its entries, an `Error` as its message and stack), so one masking
 * serves every kind of value; a field that quotes the key is replaced by its masked copy, of the same kind.
 *
 * @param error - an error about to be thrown.
 * @param redact - the key's masker; without one (a stream this library did not open) the error is left as it is.
 * @returns the same error.
 */
export function redactError<E>(error: E, redact?: Redact): E {
  if (redact && error instanceof Error) {
    const fields = error as unknown as Record<string, unknown>
    for (const name of ['message', 'stack', 'cause', ...Object.keys(error)]) {
      const value = fields[name]
      try {
        const text = JSON.stringify(
          value instanceof Headers
            ? [...value]
            : value instanceof Error
              ? { message: value.message, stack: value.stack }
              : value,
        )
        if (text && redact(text) !== text) {
          const safe = JSON.parse(redact(text))
          fields[name] =
            value instanceof Headers
              ? new Headers(safe)
              : value instanceof Error
                ? Object.assign(new Error(), safe)
                : safe
        }
      } catch {}
    }
  }
  return error
}
