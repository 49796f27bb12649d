import { MistralError } from './mistral-error.js'

/**
 * One issue of a failed check: valibot's issues (with `withValidation`), or any Standard Schema library's (with
 * `chatParse` and the tool loop). Each has a `message`, and the `path` of the failing value when known.
 */
export interface ValidationIssue {
  /** Why the value failed. */
  readonly message: string
  /** Where: valibot path items (`{ key }`) or Standard Schema path segments (a key, or `{ key }`). */
  readonly path?: readonly unknown[] | undefined
}

/**
 * Thrown when a 2xx body is not JSON, or (with `withValidation`) when a body or a stream event does not match its schema.
 */
export class ResponseValidationError extends MistralError {
  override name = 'ResponseValidationError' as const
  /** valibot issues, each with its `path`. */
  declare readonly issues: readonly ValidationIssue[]
  /** The body as received. */
  declare readonly data: unknown

  /**
   * @param message - names the field(s) and why.
   * @param issues - the valibot issues.
   * @param data - the parsed body.
   */
  constructor(message: string, issues: readonly ValidationIssue[], data: unknown) {
    super(message, { issues, data })
  }
}
