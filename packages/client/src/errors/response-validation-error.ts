import type { BaseIssue } from 'valibot'
import { MistralError } from './mistral-error.js'

/**
 * Thrown when a 2xx body is not JSON, or (with `withValidation`) when a body or a stream event does not match its schema.
 */
export class ResponseValidationError extends MistralError {
  override name = 'ResponseValidationError' as const
  /** valibot issues, each with its `path`. */
  declare readonly issues: readonly BaseIssue<unknown>[]
  /** The body as received. */
  declare readonly data: unknown

  /**
   * @param message - names the field(s) and why.
   * @param issues - the valibot issues.
   * @param data - the parsed body.
   */
  constructor(message: string, issues: readonly BaseIssue<unknown>[], data: unknown) {
    super(message, { issues, data })
  }
}
