import type { BaseIssue } from 'valibot'
import { MistralError } from './mistral-error.js'

/** Thrown when a request fails local validation. Nothing was sent. */
export class InvalidRequestError extends MistralError {
  override name = 'InvalidRequestError' as const
  /** valibot issues, each with its `path`. */
  declare readonly issues: readonly BaseIssue<unknown>[]

  /**
   * @param message - names the field(s) and why.
   * @param issues - the valibot issues.
   */
  constructor(message: string, issues: readonly BaseIssue<unknown>[]) {
    super(message, { issues })
  }
}
