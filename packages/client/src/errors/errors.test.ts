import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ConnectionError } from './connection-error.js'
import { HTTPValidationError } from './http-validation-error.js'
import { InvalidRequestError } from './invalid-request-error.js'
import { isMistralError, MistralError } from './mistral-error.js'
import { RequestAbortedError } from './request-aborted-error.js'
import { RequestTimeoutError } from './request-timeout-error.js'
import { ResponseValidationError } from './response-validation-error.js'
import { SDKError } from './sdk-error.js'
import { StreamError } from './stream-error.js'

const init = { status: 500, headers: new Headers(), body: '', data: undefined, requestId: 'r', retryAfterMs: undefined }

describe('the error classes', () => {
  const errors: [string, MistralError][] = [
    ['SDKError', new SDKError('m', init)],
    [
      'HTTPValidationError',
      new HTTPValidationError('m', { ...init, status: 422 }, [{ loc: ['body'], msg: 'x', type: 't' }]),
    ],
    ['ConnectionError', new ConnectionError('m', new TypeError('fetch failed'))],
    ['RequestTimeoutError', new RequestTimeoutError(5)],
    ['RequestAbortedError', new RequestAbortedError('why')],
    ['InvalidRequestError', new InvalidRequestError('m', [])],
    ['ResponseValidationError', new ResponseValidationError('m', [], {})],
    ['StreamError', new StreamError('truncated', 'm')],
  ]

  for (const [name, error] of errors) {
    it(`${name} has its literal name, extends MistralError and Error, and is recognised`, () => {
      expect(error.name).toBe(name)
      expect(error).toBeInstanceOf(MistralError)
      expect(error).toBeInstanceOf(Error)
      expect(isMistralError(error)).toBe(true)
      expect(String(error)).toBe(`${name}: ${error.message}`)
    })
  }

  it('carries its fields', () => {
    expect(new RequestTimeoutError(5).timeoutMs).toBe(5)
    expect(new RequestAbortedError('why').cause).toBe('why')
    expect(new HTTPValidationError('m', init, []).status).toBe(500)
    expect(new StreamError('malformed', 'm', { data: 'raw' }).data).toBe('raw')
    expect('cause' in new StreamError('truncated', 'm')).toBe(false)
  })

  it('isMistralError works across realms and copies of the library, and rejects look-alikes', async () => {
    // A copy of the module loaded a second time (as when two bundles each include the library).
    // @ts-expect-error: a query string makes a second module instance; TypeScript does not resolve it.
    const copy = (await import('./mistral-error.js?copy')) as typeof import('./mistral-error.js')
    const foreign = new copy.MistralError('from another copy')
    expect(foreign).not.toBeInstanceOf(MistralError)
    expect(isMistralError(foreign)).toBe(true)
    // An object from another realm (a vm context stands in for an iframe) that carries the brand.
    const branded = runInNewContext(
      `const e = new Error('x'); Object.defineProperty(e, Symbol.for('mistral-edge.error'), { value: true }); e`,
    )
    expect(branded instanceof Error).toBe(false)
    expect(isMistralError(branded)).toBe(true)
    expect(isMistralError(new Error('plain'))).toBe(false)
    expect(isMistralError({ name: 'SDKError' })).toBe(false)
    expect(isMistralError(null)).toBe(false)
    expect(isMistralError('SDKError')).toBe(false)
  })
})
