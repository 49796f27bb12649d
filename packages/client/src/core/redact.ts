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
  return (text) => {
    if (key.length < 8) return text
    // Each character as a regex escape (`\u0073`, so nothing needs quoting), a JSON escape, or percent-encoded.
    pattern ??= new RegExp(
      Array.from(key, (character) => {
        const code = character.charCodeAt(0).toString(16).padStart(4, '0')
        return `(?:\\u${code}|\\\\u${code}|%${code.slice(2)})`
      }).join(''),
      'gi',
    )
    return text.replace(pattern, '[redacted]')
  }
}

/**
 * Masks the key in every field of an error, in place, and returns it: `message`, `stack`, string and JSON fields
 * (`body`, `data`, `issues`, `requestId`, ...), `headers`, and `cause` (replaced by a masked copy when it quotes the key).
 *
 * @param error - an error about to be thrown.
 * @param redact - the key's masker.
 * @returns the same error.
 */
export function redactError<E>(error: E, redact: Redact): E {
  if (!(error instanceof Error)) return error
  for (const name of ['message', 'stack', 'cause', ...Object.keys(error)]) {
    const value = (error as unknown as Record<string, unknown>)[name]
    let safe = value
    try {
      if (value instanceof Headers) {
        safe = new Headers()
        value.forEach((text, header) => (safe as Headers).set(header, redact(text)))
      } else {
        // Strings as they are; a cause by its message and stack; parsed bodies and issues through JSON.
        const text = typeof value === 'string' ? value : value instanceof Error ? `${value.message}\n${value.stack}` : JSON.stringify(value)
        if (text && redact(text) !== text) {
          safe =
            typeof value === 'string'
              ? redact(value)
              : value instanceof Error
                ? Object.assign(new Error(redact(value.message)), { stack: redact(String(value.stack)) })
                : JSON.parse(redact(text))
        }
      }
    } catch {}
    if (safe !== value) Object.defineProperty(error, name, { value: safe, writable: true, configurable: true })
  }
  return error
}
