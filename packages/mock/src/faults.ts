import { baseHeaders, json } from './http.js'
import type { MockState } from './state.js'

/** A parsed `x-mock-fault` header: `status=<code>[;retry-after=<s>][;retry-after-ms=<ms>][;times=<n>]`, or stream faults. */
export interface Fault {
  status?: number
  retryAfter?: string
  retryAfterMs?: string
  /** Fault only the first n requests carrying this exact header value. */
  times?: number
  dropAfter?: number
  malformedAfter?: number
  stallAfter?: number
  slow?: number
}

/** Parses the header; unknown keys are ignored. */
export function parseFault(value: string | null): Fault | undefined {
  if (!value) return undefined
  const fault: Fault = {}
  for (const part of value.split(';')) {
    const [rawKey, rawValue = ''] = part.split('=')
    const key = rawKey?.trim()
    const text = rawValue.trim()
    const number = Number(text)
    if (key === 'status') fault.status = number
    else if (key === 'retry-after') fault.retryAfter = text
    else if (key === 'retry-after-ms') fault.retryAfterMs = text
    else if (key === 'times') fault.times = number
    else if (key === 'drop-after') fault.dropAfter = number
    else if (key === 'malformed-after') fault.malformedAfter = number
    else if (key === 'stall-after') fault.stallAfter = number
    else if (key === 'slow') fault.slow = number
  }
  return fault
}

/** Whether this request is still within the fault's `times` budget (counted per header value). */
export function faultApplies(state: MockState, header: string, fault: Fault): boolean {
  if (fault.times === undefined) return true
  const seen = state.faultCounts.get(header) ?? 0
  state.faultCounts.set(header, seen + 1)
  return seen < fault.times
}

/** A status fault answered with the body the real API sends for that status (see shared/wire/errors). */
export function statusFault(state: MockState, fault: Fault & { status: number }): Response {
  const extra: Record<string, string> = {}
  if (fault.retryAfter !== undefined) extra['retry-after'] = fault.retryAfter
  if (fault.retryAfterMs !== undefined) extra['retry-after-ms'] = fault.retryAfterMs
  const { status } = fault
  const error = (message: string, type: string, code: string | null) =>
    json(state, { object: 'error', message, type, param: null, code }, status, extra)
  if (status === 429) return error('Rate limit exceeded', 'rate_limited', '1300')
  if (status === 401) return json(state, { detail: 'Unauthorized' }, status, extra)
  if (status === 504 || status === 502) {
    const headers = baseHeaders(state, 'text/plain')
    for (const [name, value] of Object.entries(extra)) headers.set(name, value)
    return new Response(null, { status, headers })
  }
  if (status === 520) {
    const headers = baseHeaders(state, 'text/html; charset=UTF-8')
    return new Response(
      '<!DOCTYPE html><html><head><title>mistral.ai | 520: Web server is returning an unknown error</title></head><body></body></html>',
      { status, headers },
    )
  }
  if (status >= 500) return error('Service unavailable.', 'internal_server_error', '1000')
  return error(`Mock fault ${status}`, 'invalid_request_error', null)
}
