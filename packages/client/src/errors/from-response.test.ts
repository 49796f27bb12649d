import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorFromResponse } from './from-response.js'
import { HTTPValidationError } from './http-validation-error.js'
import { SDKError } from './sdk-error.js'

const folder = new URL('../../../../fixtures/wire/errors/', import.meta.url)

/** Reads a capture: `.http` files carry the status line and headers; `.json`/`.txt` take the status from the name. */
function capture(name: string): { response: Response; body: string } {
  const text = readFileSync(new URL(name, folder), 'utf8')
  const lines = text.split('\n').filter((line) => !line.startsWith('#'))
  if (name.endsWith('.http')) {
    const start = lines.findIndex((line) => line.startsWith('HTTP/'))
    const [, status, ...reason] = (lines[start] as string).split(' ')
    const blank = lines.indexOf('', start)
    const headers = new Headers()
    for (const line of lines.slice(start + 1, blank)) {
      const colon = line.indexOf(':')
      headers.append(line.slice(0, colon), line.slice(colon + 1).trim())
    }
    const body = lines
      .slice(blank + 1)
      .join('\n')
      .trim()
    return { response: new Response(null, { status: Number(status), statusText: reason.join(' '), headers }), body }
  }
  const status = Number(/^(\d{3})/.exec(name)?.[1] ?? 400)
  const body = lines.join('\n').trim()
  return { response: new Response(null, { status, headers: { 'mistral-correlation-id': 'corr-1' } }), body }
}

// Every capture in fixtures/wire/errors (copied from shared/wire/errors; provenance in fixtures/wire/SOURCES.md),
// with the class and the message a user must see.
type ErrorClass = typeof SDKError | typeof HTTPValidationError
const expected: Record<string, [ErrorClass, string]> = {
  '400_invalid_model_2025-04.json': [SDKError, 'HTTP 400: Invalid model: '],
  '400_invalid_model_raw_status_code_2026-04.json': [SDKError, 'HTTP 400: Invalid model: mistral-medium-3.5'],
  '400_invalid_request_error_2025-03_prettyprinted_by_client.json': [
    SDKError,
    'HTTP 400: Assistant message must have either content or tool_calls, but not both.',
  ],
  '400_ocr_file_fetch_code3310_2025-07-19.json': [
    SDKError,
    "HTTP 400: File could not be fetched from url 'https://example.com/document.pdf'",
  ],
  '401_detail_invalid_api_key_2026-08.json': [SDKError, 'HTTP 401: Invalid API Key'],
  '401_detail_unauthorized_2025-06_to_2026-06.json': [SDKError, 'HTTP 401: Unauthorized'],
  '401_invalid_api_key_2026-08-19.http': [SDKError, 'HTTP 401: Invalid API Key'],
  '401_kong_unauthorized_2025-02.http': [SDKError, 'HTTP 401: Unauthorized'],
  '401_unauthorized_detail_2025-09-03.http': [SDKError, 'HTTP 401: Unauthorized'],
  '404_detail_not_found_codestral-domain_2025-08.json': [SDKError, 'HTTP 404: Not Found'],
  '404_kong_no_route_2026-06.json': [SDKError, 'HTTP 404: no Route matched with those values'],
  '422_detail_and_message_arrays_code3001_2025-11.json': [
    HTTPValidationError,
    'HTTP 422: body.tools: Extra inputs are not permitted',
  ],
  '422_fastapi_plain_detail_fine_tuning_2025-01.json': [
    HTTPValidationError,
    'HTTP 422: body.job_in: Value error, At least one training file or repository is required.',
  ],
  '422_message_detail_object_2024-04.json': [
    HTTPValidationError,
    'HTTP 422: body.messages.0.user.name: Extra inputs are not permitted; body.messages.0.user.tool_calls: Extra inputs are not permitted',
  ],
  '422_message_detail_object_2025-12.json': [
    HTTPValidationError,
    'HTTP 422: body.max_completion_tokens: Extra inputs are not permitted',
  ],
  '422_message_is_json_string_2024-01.json': [
    HTTPValidationError,
    'HTTP 422: body.frequency_penalty: Extra inputs are not permitted',
  ],
  '429_rate_limited_code1300_2026-02.json': [SDKError, 'HTTP 429: Rate limit exceeded'],
  '429_rate_limited_raw_status_code_2026-09.json': [SDKError, 'HTTP 429: Rate limit exceeded'],
  '429_requests_rate_limit_exceeded_2025.json': [SDKError, 'HTTP 429: Requests rate limit exceeded'],
  '4xx_service_tier_capacity_exceeded_2025-06_status_unknown.json': [
    SDKError,
    'HTTP 400: Service tier capacity exceeded for this model.',
  ],
  '500_fastapi_detail_fine_tuning_2024-06.json': [SDKError, 'HTTP 500: Internal Server Error'],
  '500_ocr_service_unavailable_2025-03.json': [SDKError, 'HTTP 500: Service unavailable.'],
  '504_gateway_timeout_empty_body_2025-12.txt': [SDKError, 'HTTP 504: no response body'],
  '520_cloudflare_html_2026-05.txt': [SDKError, 'HTTP 520: mistral.ai | 520: Web server is returning an unknown error'],
}

describe('errorFromResponse on every real error body', () => {
  const files = readdirSync(folder).filter((name) => !name.startsWith('stream_'))

  it('covers every capture in the folder', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort())
  })

  for (const name of files) {
    it(name, () => {
      const { response, body } = capture(name)
      const [type, message] = expected[name] as [ErrorClass, string]
      const error = errorFromResponse(response, body)
      expect(error).toBeInstanceOf(type)
      expect(error.name).toBe(type === HTTPValidationError ? 'HTTPValidationError' : 'SDKError')
      expect(error.message).toBe(message)
      expect(error.status).toBe(response.status)
      expect(error.body).toBe(body)
      if (body.startsWith('{')) expect(error.data).toEqual(JSON.parse(body))
      else expect(error.data).toBeUndefined()
    })
  }

  it('gives HTTPValidationError.detail wherever the body put it', () => {
    const nested = errorFromResponse(
      ...(Object.values(capture('422_message_is_json_string_2024-01.json')) as [Response, string]),
    ) as HTTPValidationError
    expect(nested.detail).toEqual([
      {
        type: 'extra_forbidden',
        loc: ['body', 'frequency_penalty'],
        msg: 'Extra inputs are not permitted',
        input: 0,
        url: 'https://errors.pydantic.dev/2.5/v/extra_forbidden',
      },
    ])
    const object = errorFromResponse(
      ...(Object.values(capture('422_message_detail_object_2024-04.json')) as [Response, string]),
    ) as HTTPValidationError
    expect(object.detail.map((entry) => entry.loc)).toEqual([
      ['body', 'messages', 0, 'user', 'name'],
      ['body', 'messages', 0, 'user', 'tool_calls'],
    ])
  })

  it('takes requestId from mistral-correlation-id, then the body request_id, then x-kong-request-id', () => {
    expect(
      errorFromResponse(...(Object.values(capture('401_invalid_api_key_2026-08-19.http')) as [Response, string]))
        .requestId,
    ).toBe('01a01a71-adef-761b-9fa0-bffc7640e912')
    expect(
      errorFromResponse(...(Object.values(capture('401_kong_unauthorized_2025-02.http')) as [Response, string]))
        .requestId,
    ).toBe('c61f2f15feca71626a990e3740f99245')
    const kong = new Response(null, { status: 502, headers: { 'x-kong-request-id': 'kong-9' } })
    expect(errorFromResponse(kong, '').requestId).toBe('kong-9')
    expect(errorFromResponse(new Response(null, { status: 500 }), '').requestId).toBeUndefined()
  })

  it('reads retry-after-ms, Retry-After seconds and HTTP dates', () => {
    const at = (headers: Record<string, string>) =>
      errorFromResponse(new Response(null, { status: 429, headers }), '').retryAfterMs
    expect(at({ 'retry-after-ms': '250' })).toBe(250)
    expect(at({ 'retry-after': '3' })).toBe(3000)
    expect(at({ 'retry-after': new Date(Date.now() + 120_000).toUTCString() })).toBeGreaterThan(100_000)
    expect(at({ 'retry-after': new Date(Date.now() - 5_000).toUTCString() })).toBe(0)
    expect(at({ 'retry-after': 'soon' })).toBeUndefined()
    expect(at({})).toBeUndefined()
  })
})
