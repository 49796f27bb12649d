import { json } from './http.js'
import type { MockState } from './state.js'

/** One pydantic v2 error, as FastAPI services (files, fine-tuning) put them in `detail`. */
export interface Detail {
  type: string
  loc: (string | number)[]
  msg: string
  input?: unknown
  ctx?: Record<string, unknown>
}

/**
 * The plain FastAPI 422 the files and fine-tuning services send: `{"detail": [...]}`
 * (see fixtures/wire/errors/422_fastapi_plain_detail_fine_tuning_2025-01.json).
 */
export function unprocessable(state: MockState, detail: Detail[]): Response {
  return json(state, { detail }, 422)
}

/** Numbers the way Python prints them in messages (`1e-08`, not `1e-8`). */
const py = (value: number) => String(value).replace(/e([+-])(\d)$/, 'e$10$2')

/** `Input should be 'a', 'b' or 'c'`, pydantic's enum wording. */
export function enumIssue(value: unknown, allowed: readonly string[], loc: (string | number)[]): Detail | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined
  const quoted = allowed.map((item) => `'${item}'`)
  const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '')
  return { type: 'enum', loc, msg: `Input should be ${expected}`, input: value, ctx: { expected } }
}

/** A missing required field. */
export const missing = (loc: (string | number)[], input: unknown): Detail => ({
  type: 'missing',
  loc,
  msg: 'Field required',
  input,
})

/** Checks a string field (optionally length-bounded). */
export function stringIssue(
  value: unknown,
  loc: (string | number)[],
  bounds: { min?: number; max?: number } = {},
): Detail | undefined {
  if (typeof value !== 'string')
    return { type: 'string_type', loc, msg: 'Input should be a valid string', input: value }
  if (bounds.max !== undefined && value.length > bounds.max) {
    return {
      type: 'string_too_long',
      loc,
      msg: `String should have at most ${bounds.max} characters`,
      input: value,
      ctx: { max_length: bounds.max },
    }
  }
  if (bounds.min !== undefined && value.length < bounds.min) {
    return {
      type: 'string_too_short',
      loc,
      msg: `String should have at least ${bounds.min} characters`,
      input: value,
      ctx: { min_length: bounds.min },
    }
  }
  return undefined
}

/** Checks a number field against pydantic-style bounds; numeric strings count (query and form values). */
export function numberIssue(
  raw: unknown,
  loc: (string | number)[],
  rules: { integer?: boolean; ge?: number; le?: number; gt?: number } = {},
): Detail | undefined {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  if (typeof value !== 'number' || Number.isNaN(value)) {
    if (rules.integer) {
      return typeof raw === 'string'
        ? {
            type: 'int_parsing',
            loc,
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: raw,
          }
        : { type: 'int_type', loc, msg: 'Input should be a valid integer', input: raw }
    }
    return { type: 'float_type', loc, msg: 'Input should be a valid number', input: raw }
  }
  if (rules.integer && !Number.isInteger(value)) {
    return {
      type: 'int_from_float',
      loc,
      msg: 'Input should be a valid integer, got a number with a fractional part',
      input: raw,
    }
  }
  if (rules.ge !== undefined && value < rules.ge) {
    return {
      type: 'greater_than_equal',
      loc,
      msg: `Input should be greater than or equal to ${py(rules.ge)}`,
      input: raw,
      ctx: { ge: rules.ge },
    }
  }
  if (rules.gt !== undefined && value <= rules.gt) {
    return {
      type: 'greater_than',
      loc,
      msg: `Input should be greater than ${py(rules.gt)}`,
      input: raw,
      ctx: { gt: rules.gt },
    }
  }
  if (rules.le !== undefined && value > rules.le) {
    return {
      type: 'less_than_equal',
      loc,
      msg: `Input should be less than or equal to ${py(rules.le)}`,
      input: raw,
      ctx: { le: rules.le },
    }
  }
  return undefined
}

/** Checks a UUID the way pydantic words it (path ids of files and jobs are UUIDs). */
export function uuidIssue(value: string, loc: (string | number)[]): Detail | undefined {
  const bad = /[^0-9a-fA-F-]/.exec(value)
  let error: string | undefined
  if (bad)
    error = `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${bad[0]}\` at ${bad.index + 1}`
  else if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value)) {
    error = value.includes('-')
      ? `invalid group count: expected 5, found ${value.split('-').length}`
      : `invalid length: expected length 32 for simple format, found ${value.length}`
  }
  return error
    ? { type: 'uuid_parsing', loc, msg: `Input should be a valid UUID, ${error}`, input: value, ctx: { error } }
    : undefined
}

/** A random version-4 UUID from the mock's seeded generator. */
export function uuid(state: MockState): string {
  const { random } = state
  return `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${'89ab'[random.int(4)]}${random.hex(3)}-${random.hex(12)}`
}

/**
 * Reads the JSON object body of a FastAPI route (fine-tuning, batch).
 *
 * @param request - the incoming request.
 * @returns `{ body }`, or `{ issue }`: the one issue FastAPI reports for a body that is not JSON or not an object.
 */
export async function readObjectBody(
  request: Request,
): Promise<{ body: Record<string, unknown>; issue?: undefined } | { body?: undefined; issue: Detail }> {
  const text = await request.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    return {
      issue: {
        type: 'json_invalid',
        loc: ['body', 0],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: String((error as Error).message) },
      },
    }
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return { body: body as Record<string, unknown> }
  return {
    issue: {
      type: 'model_attributes_type',
      loc: ['body'],
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: body,
    },
  }
}
