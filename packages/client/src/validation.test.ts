import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createClient } from './core/client.js'
import { InvalidRequestError } from './errors/invalid-request-error.js'
import { ResponseValidationError } from './errors/response-validation-error.js'
import * as library from './index.js'
import { withValidation } from './validation.js'

// The registry in validation.ts must name every endpoint: a function missing from it would silently go unchecked
// under withValidation. The names are read from the endpoint descriptions in the sources, not listed by hand.

const root = new URL('./', import.meta.url)
const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
  (path) => path.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(path),
)
const names = sources.flatMap((path) =>
  [...readFileSync(new URL(path, root), 'utf8').matchAll(/^const \w+: Endpoint = \{\s*name: '(\w+)'/gm)].map(
    (match) => match[1] as string,
  ),
)

/** Endpoints whose 2xx body is not JSON (bytes), so there is no response schema to apply. */
const BINARY = new Set(['filesDownload'])

describe('withValidation covers every endpoint', () => {
  const validator = withValidation(createClient()).validator as NonNullable<
    ReturnType<typeof createClient>['validator']
  >

  it('finds the endpoints, each exported under its own name', () => {
    expect(names.length).toBeGreaterThanOrEqual(37)
    expect(new Set(names).size).toBe(names.length)
    for (const name of names)
      expect([name, typeof (library as Record<string, unknown>)[name]]).toEqual([name, 'function'])
  })

  for (const name of names) {
    it(`${name}: a request that is not an object fails with InvalidRequestError`, () => {
      expect(() => validator(name, 'request', 42)).toThrow(InvalidRequestError)
    })
    if (!BINARY.has(name)) {
      it(`${name}: a response that is not an object fails with ResponseValidationError`, () => {
        expect(() => validator(name, 'response', 42)).toThrow(ResponseValidationError)
      })
    }
  }

  it('request: false and response: false turn each side off', () => {
    const requestOff = withValidation(createClient(), { request: false }).validator as typeof validator
    expect(() => requestOff('chatComplete', 'request', 42)).not.toThrow()
    expect(() => requestOff('chatComplete', 'response', 42)).toThrow(ResponseValidationError)
    const responseOff = withValidation(createClient(), { response: false }).validator as typeof validator
    expect(() => responseOff('chatComplete', 'response', 42)).not.toThrow()
    expect(() => responseOff('chatComplete', 'request', 42)).toThrow(InvalidRequestError)
  })
})
