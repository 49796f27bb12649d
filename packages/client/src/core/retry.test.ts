import { describe, expect, it, vi } from 'vitest'
import { chatComplete } from '../chat/chat-complete.js'
import { ConnectionError } from '../errors/connection-error.js'
import { RequestTimeoutError } from '../errors/request-timeout-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { filesUpload } from '../files/files-upload.js'
import { fineTuningJobsCreate } from '../fine-tuning/fine-tuning-jobs-create.js'
import { type Client, createClient } from './client.js'
import { type RetryConfig, retryDelay } from './retry.js'

// Calls that create lasting state (an upload, a billed job) are retried only when the server surely did nothing:
// 429 and 503. A connection error, a timeout, 500, 502 or 504 may hide a request the server did act on, so a retry
// could make a second job; those are thrown after one attempt. Every other call keeps the full retry policy.

const fast: RetryConfig = { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 2 } }
const UPLOADED = {
  id: 'f1',
  object: 'file',
  bytes: 1,
  created_at: 1,
  filename: 'a.jsonl',
  purpose: 'fine-tune',
  sample_type: 'instruct',
  source: 'upload',
}
const JOB = {
  id: 'j1',
  object: 'job',
  auto_start: true,
  model: 'open-mistral-nemo',
  status: 'QUEUED',
  job_type: 'completion',
  created_at: 1,
  modified_at: 1,
  training_files: ['f1'],
  hyperparameters: {},
}
const COMPLETION = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
}

type Failure = 'connection' | 'timeout' | number

/** A fetch that fails its first call with `failure` (a timed-out attempt never answers), then answers `success`. */
function scripted(failure: Failure, success: unknown) {
  let calls = 0
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    calls++
    if (calls > 1) return new Response(JSON.stringify(success))
    if (failure === 'connection') throw new TypeError('fetch failed')
    if (failure === 'timeout') {
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )
    }
    return new Response(
      JSON.stringify({ object: 'error', message: `status ${failure}`, type: 'x', param: null, code: null }),
      { status: failure, headers: { 'retry-after-ms': '1' } },
    )
  })
  return fetch
}

const clientOf = (fetch: ReturnType<typeof scripted>): Client =>
  createClient({ apiKey: 'k', fetch, retries: fast, timeoutMs: 20 })

/** The two state-creating endpoints, each with a request and its success body. */
const CREATING: [name: string, call: (client: Client) => Promise<unknown>, success: unknown][] = [
  [
    'filesUpload',
    (client) => filesUpload(client, { file: '{"messages":[]}', filename: 'a.jsonl', purpose: 'fine-tune' }),
    UPLOADED,
  ],
  [
    'fineTuningJobsCreate',
    (client) =>
      fineTuningJobsCreate(client, {
        model: 'open-mistral-nemo',
        training_files: [{ file_id: 'f1' }],
        hyperparameters: {},
      }),
    JOB,
  ],
]

/** What each failure is thrown as when it is not retried. */
function expectFailure(error: unknown, failure: Failure) {
  if (failure === 'connection') {
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as ConnectionError).message).toBe('Connection error: fetch failed')
  } else if (failure === 'timeout') {
    expect(error).toBeInstanceOf(RequestTimeoutError)
    expect((error as RequestTimeoutError).timeoutMs).toBe(20)
  } else {
    expect(error).toBeInstanceOf(SDKError)
    expect([(error as SDKError).status, (error as SDKError).message]).toEqual([
      failure,
      `HTTP ${failure}: status ${failure}`,
    ])
  }
}

describe('state-creating calls are retried on 429 and 503 only', () => {
  for (const [name, call, success] of CREATING) {
    for (const failure of ['connection', 'timeout', 500, 502, 504, 408, 409] as const) {
      it(`${name}: after ${failure === 'connection' || failure === 'timeout' ? `a ${failure} error` : failure} sends exactly one request and throws`, async () => {
        const fetch = scripted(failure, success)
        const error = await call(clientOf(fetch)).catch((caught: unknown) => caught)
        expectFailure(error, failure)
        expect(fetch).toHaveBeenCalledTimes(1)
      })
    }

    for (const failure of [429, 503] as const) {
      it(`${name}: after ${failure} sends the request again and resolves`, async () => {
        const fetch = scripted(failure, success)
        await expect(call(clientOf(fetch))).resolves.toEqual(success)
        expect(fetch).toHaveBeenCalledTimes(2)
        // The same request both times: same URL, method and (multipart or JSON) body type.
        const [first, second] = fetch.mock.calls as unknown as [[string, RequestInit], [string, RequestInit]]
        expect([second[0], second[1].method]).toEqual([first[0], first[1].method])
      })
    }

    it(`${name}: 429 until maxRetries is exhausted sends 1 + maxRetries requests`, async () => {
      const fetch = vi.fn(
        async () => new Response('{"message":"slow down"}', { status: 429, headers: { 'retry-after-ms': '1' } }),
      )
      const error = await call(createClient({ fetch, retries: { ...fast, maxRetries: 3 } })).catch(
        (caught: unknown) => caught,
      )
      expect((error as SDKError).status).toBe(429)
      expect(fetch).toHaveBeenCalledTimes(4)
    })
  }
})

describe('other calls keep the full retry policy', () => {
  for (const failure of ['connection', 'timeout', 500, 502, 503, 504, 408, 409, 429] as const) {
    it(`chatComplete retries after ${failure} and resolves`, async () => {
      const fetch = scripted(failure, COMPLETION)
      const response = await chatComplete(clientOf(fetch), { model: 'm', messages: [{ role: 'user', content: 'x' }] })
      expect(response).toEqual(COMPLETION)
      expect(fetch).toHaveBeenCalledTimes(2)
    })
  }

  it('chatComplete does not retry connection errors with retryConnectionErrors: false', async () => {
    const fetch = scripted('connection', COMPLETION)
    const error = await chatComplete(createClient({ fetch, retries: { ...fast, retryConnectionErrors: false } }), {
      model: 'm',
      messages: [],
    }).catch((caught: unknown) => caught)
    expectFailure(error, 'connection')
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})

describe('retryDelay, the policy on its own', () => {
  const noJitter = { strategy: 'backoff', backoff: { initialInterval: 100, maxInterval: 1_000, exponent: 3 } } as const

  it('answers undefined (stop) for a state-creating call after anything but 429 and 503', () => {
    for (const status of [0, 408, 409, 500, 502, 504, 400, 401, 404, 422])
      expect(retryDelay(undefined, { status }, 0, 0, true)).toBeUndefined()
    for (const status of [429, 503]) expect(retryDelay(undefined, { status, retryAfterMs: 7 }, 0, 0, true)).toBe(7)
  })

  it('retries every retried status and connection errors for other calls, and nothing else', () => {
    for (const status of [0, 408, 409, 429, 500, 502, 503, 504])
      expect(retryDelay(undefined, { status, retryAfterMs: 5 }, 0, 0)).toBe(5)
    for (const status of [400, 401, 403, 404, 410, 422, 501])
      expect(retryDelay(undefined, { status, retryAfterMs: 5 }, 0, 0)).toBeUndefined()
    expect(retryDelay({ strategy: 'backoff', retryConnectionErrors: false }, { status: 0 }, 0, 0)).toBeUndefined()
    expect(retryDelay({ strategy: 'none' }, { status: 503, retryAfterMs: 1 }, 0, 0)).toBeUndefined()
  })

  it('waits a full-jitter share of the capped exponential interval', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    try {
      expect(
        [0, 1, 2, 3].map((attempt) => retryDelay({ ...noJitter, maxRetries: 9 }, { status: 500 }, attempt, 0)),
      ).toEqual([50, 150, 450, 500])
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('stops after maxRetries, past maxElapsedTime, and for a Retry-After above 60 s', () => {
    expect(retryDelay({ strategy: 'backoff', maxRetries: 1 }, { status: 500, retryAfterMs: 1 }, 0, 0)).toBe(1)
    expect(retryDelay({ strategy: 'backoff', maxRetries: 1 }, { status: 500, retryAfterMs: 1 }, 1, 0)).toBeUndefined()
    expect(
      retryDelay(
        { strategy: 'backoff', backoff: { maxElapsedTime: 1_000 } },
        { status: 429, retryAfterMs: 600 },
        0,
        500,
      ),
    ).toBeUndefined()
    expect(retryDelay(undefined, { status: 429, retryAfterMs: 60_000 }, 0, 0)).toBe(60_000)
    expect(retryDelay(undefined, { status: 429, retryAfterMs: 60_001 }, 0, 0)).toBeUndefined()
  })
})
