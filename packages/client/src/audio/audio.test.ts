import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMockMistral } from '@mistral-edge/mock'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createClient } from '../core/client.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import type { SDKError } from '../errors/sdk-error.js'
import { StreamError } from '../errors/stream-error.js'
import { EventStream } from '../streaming/event-stream.js'
import { drain, TRANSCRIPTION_CAPTURES, wavFile } from '../test-support.js'
import { assertValid, withValidation } from '../validation.js'
import { audioSpeechComplete } from './audio-speech-complete.js'
import { audioTranscriptionsComplete } from './audio-transcriptions-complete.js'
import { audioTranscriptionsStream } from './audio-transcriptions-stream.js'
import {
  TranscriptionResponseSchema,
  type TranscriptionStreamEvent,
  TranscriptionStreamEventSchema,
} from './schemas.js'

const wire = (name: string) => readFileSync(new URL(`../../../../fixtures/wire/${name}`, import.meta.url), 'latin1')
const TRANSCRIPTIONS = TRANSCRIPTION_CAPTURES

// ---------------------------------------------------------------------------------------------------------------
// A loopback server that records every request's bytes and answers with what the test queued.
// ---------------------------------------------------------------------------------------------------------------

interface Recorded {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}
const recorded: Recorded[] = []
let answer: { status?: number; headers?: Record<string, string>; body: string } = { body: '{}' }
let baseURL = ''
const server = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    recorded.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks),
    })
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
    response.end(answer.body)
  })
})
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
const loopback = (body = '{}', headers?: Record<string, string>) => {
  answer = { body, ...(headers && { headers }) }
  recorded.length = 0
  return createClient({ apiKey: 'secret', baseURL, retries: { strategy: 'none' } })
}

interface Part {
  /** The part's raw bytes between boundary lines (headers, blank line, content). */
  raw: Buffer
  headers: string[]
  content: Buffer
  name: string
}

/** Splits a multipart body (binary-safe) on its boundary. */
function parts(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const out: Part[] = []
  let at = body.indexOf(delimiter)
  for (;;) {
    const start = at + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    const raw = body.subarray(start + 2, next - 2) // after CRLF, before the CRLF of the next boundary line
    const split = raw.indexOf('\r\n\r\n')
    const headers = raw.subarray(0, split).toString('latin1').split('\r\n')
    const name = /name="([^"]*)"/.exec(headers[0] ?? '')?.[1] ?? ''
    out.push({ raw, headers, content: raw.subarray(split + 4), name })
    at = next
  }
  return out
}

/** The parts of what our client sent (its boundary read from the content-type fetch set). */
function sentParts(request: Recorded | undefined): Part[] {
  const boundary = /boundary=(.+)$/.exec(String(request?.headers['content-type']))?.[1] as string
  return parts(request?.body as Buffer, boundary)
}

/** The parts of a captured request body: the `#` lines on top give the boundary; the audio bytes are elided. */
function capturedParts(name: string): Part[] {
  const text = wire(`json/${name}`)
  const boundary = /boundary=(\S+)/.exec(text)?.[1] as string
  return parts(Buffer.from(text.replace(/^#.*\r\n/gm, ''), 'latin1'), boundary)
}

/** 177644 bytes standing for ruby.wav: a WAV header, then samples. */
function rubyWav(): Uint8Array {
  const bytes = new Uint8Array(177644).map((_, index) => (index * 31) % 251)
  bytes.set(new TextEncoder().encode('RIFF'), 0)
  return bytes
}

describe('audioTranscriptionsComplete on the wire (loopback server)', () => {
  it.each([
    ['transcription_plain_voxtral-mini_2026-08-19', {}],
    ['transcription_language-en_voxtral-mini_2026-08-19', { language: 'en' }],
    ['transcription_diarize-segment_voxtral-mini_2026-08-19', { diarize: true, timestamp_granularities: ['segment'] }],
  ])(
    'sends the multipart body of %s: text parts byte for byte, the file part with its name and type',
    async (name, extra) => {
      const client = loopback(wire(`json/${name}.json`))
      const audio = rubyWav()
      const result = await audioTranscriptionsComplete(client, {
        model: 'voxtral-mini-latest',
        file: new File([audio as BlobPart], 'ruby.wav', { type: 'audio/wav' }),
        ...extra,
      })
      expect(result).toEqual(JSON.parse(wire(`json/${name}.json`)))
      const [request] = recorded
      expect([request?.method, request?.url, request?.headers.accept, request?.headers.authorization]).toEqual([
        'POST',
        '/v1/audio/transcriptions',
        'application/json',
        'Bearer secret',
      ])
      expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
      const ours = sentParts(request)
      // The capture was sent by Ruby's Faraday, which names array fields `timestamp_granularities[]`; the spec's form
      // array and the official SDK (2.7.0 `appendForm`) repeat the plain name, which is what this library sends.
      const theirs = capturedParts(`${name}.request.multipart.txt`).map((part) =>
        part.name.endsWith('[]')
          ? {
              ...part,
              name: part.name.slice(0, -2),
              raw: Buffer.from(part.raw.toString('latin1').replace('[]"', '"'), 'latin1'),
            }
          : part,
      )
      expect(ours.map((part) => part.name)).toEqual(theirs.map((part) => part.name))
      for (const [index, part] of ours.entries()) {
        const captured = theirs[index] as Part
        if (part.name !== 'file') expect(part.raw.toString('latin1')).toBe(captured.raw.toString('latin1'))
        else {
          // Faraday adds Content-Length and Content-Transfer-Encoding; every header fetch writes is in the capture.
          expect(part.headers).toEqual([
            'Content-Disposition: form-data; name="file"; filename="ruby.wav"',
            'Content-Type: audio/wav',
          ])
          for (const header of part.headers) expect(captured.headers).toContain(header)
          expect(captured.content.toString()).toBe('<177644 bytes of audio/wav elided>')
          expect(Buffer.compare(part.content, Buffer.from(audio))).toBe(0)
        }
      }
    },
  )

  it("sends array fields as repeated parts, numbers and booleans as text, in the caller's order", async () => {
    const client = loopback(wire('json/transcription_plain_voxtral-mini_2026-08-19.json'))
    await audioTranscriptionsComplete(client, {
      model: 'voxtral-mini-latest',
      file_url: 'https://example.com/a.mp3',
      context_bias: ['Mistral', 'Voxtral'],
      temperature: 0.2,
      diarize: false,
      timestamp_granularities: ['segment', 'word'],
      language: null,
      future_field: { a: 1 },
    })
    const sent = sentParts(recorded[0]).map((part) => [part.name, part.content.toString()])
    expect(sent).toEqual([
      ['model', 'voxtral-mini-latest'],
      ['file_url', 'https://example.com/a.mp3'],
      ['context_bias', 'Mistral'],
      ['context_bias', 'Voxtral'],
      ['temperature', '0.2'],
      ['diarize', 'false'],
      ['timestamp_granularities', 'segment'],
      ['timestamp_granularities', 'word'],
      ['future_field', '{"a":1}'],
    ])
  })

  it.each([
    [
      'a Uint8Array with filename',
      () => ({ file: new Uint8Array([1, 2, 3]), filename: 'a.mp3' }),
      'a.mp3',
      'application/octet-stream',
    ],
    ['an ArrayBuffer', () => ({ file: new Uint8Array([1, 2, 3]).buffer }), 'file', 'application/octet-stream'],
    ['a Blob', () => ({ file: new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/mpeg' }) }), 'file', 'audio/mpeg'],
    [
      'a File, keeping its name',
      () => ({ file: new File([new Uint8Array([1, 2, 3])], 'own.ogg', { type: 'audio/ogg' }) }),
      'own.ogg',
      'audio/ogg',
    ],
    [
      'a File renamed by filename',
      () => ({ file: new File([new Uint8Array([1, 2, 3])], 'own.ogg', { type: 'audio/ogg' }), filename: 'new.ogg' }),
      'new.ogg',
      'audio/ogg',
    ],
  ])('sends %s as the file part', async (_, make, filename, type) => {
    const client = loopback(wire('json/transcription_plain_voxtral-mini_2026-08-19.json'))
    await audioTranscriptionsComplete(client, { model: 'voxtral-mini-latest', ...make() })
    const [model, file, ...rest] = sentParts(recorded[0])
    expect([model?.name, rest]).toEqual(['model', []])
    expect(file?.headers).toEqual([
      `Content-Disposition: form-data; name="file"; filename="${filename}"`,
      `Content-Type: ${type}`,
    ])
    expect([...(file?.content ?? [])]).toEqual([1, 2, 3])
  })

  it('sends file_id alone, with no file part', async () => {
    const client = loopback(wire('json/transcription_plain_voxtral-mini_2026-08-19.json'))
    await audioTranscriptionsComplete(client, { model: 'voxtral-mini-latest', file_id: 'f-1' })
    expect(sentParts(recorded[0]).map((part) => `${part.name}=${part.content}`)).toEqual([
      'model=voxtral-mini-latest',
      'file_id=f-1',
    ])
  })

  it('audioTranscriptionsStream adds the form field stream=true and asks for text/event-stream', async () => {
    const client = loopback(
      'event: transcription.done\ndata: {"type":"transcription.done","model":"m","text":"","language":null,"usage":{}}\n\n',
      { 'content-type': 'text/event-stream' },
    )
    const stream = await audioTranscriptionsStream(client, {
      model: 'voxtral-mini-latest',
      file: new Uint8Array([1]),
      language: 'en',
    })
    const events = []
    for await (const event of stream) events.push(event.type)
    expect(events).toEqual(['transcription.done'])
    expect(recorded[0]?.headers.accept).toBe('text/event-stream')
    expect(sentParts(recorded[0]).map((part) => part.name)).toEqual(['model', 'file', 'language', 'stream'])
    expect(sentParts(recorded[0]).at(-1)?.content.toString()).toBe('true')
  })

  it('audioSpeechComplete posts the request as JSON, as given', async () => {
    const client = loopback('{"audio_data":"UklGRg=="}')
    const result = await audioSpeechComplete(client, {
      input: 'Hello',
      voice_id: 'v-1',
      response_format: 'wav',
      speed: 1.2,
    })
    expect(result).toEqual({ audio_data: 'UklGRg==' })
    const [request] = recorded
    expect([request?.method, request?.url, request?.headers['content-type']]).toEqual([
      'POST',
      '/v1/audio/speech',
      'application/json',
    ])
    expect(JSON.parse(String(request?.body))).toEqual({
      input: 'Hello',
      voice_id: 'v-1',
      response_format: 'wav',
      speed: 1.2,
    })
  })
})

describe('the transcription captures', () => {
  it.each(TRANSCRIPTIONS)('%s passes the response schema and comes back unchanged', async (name) => {
    const body = wire(`json/${name}`)
    const data = JSON.parse(body)
    expect(() => assertValid(TranscriptionResponseSchema, data, 'response')).not.toThrow()
    // The docs copies carry `type: "transcription.done"`: they are also valid last events of a stream.
    if (data.type) expect(() => assertValid(TranscriptionStreamEventSchema, data, 'response')).not.toThrow()
    const client = withValidation(loopback(body))
    expect(
      await audioTranscriptionsComplete(client, {
        model: 'voxtral-mini-latest',
        file_url: 'https://example.com/a.wav',
      }),
    ).toEqual(data)
  })

  it('rejects a known field of the wrong type, and keeps unknown fields and values', () => {
    const data = JSON.parse(wire('json/transcription_diarize-segment_voxtral-mini_2026-08-19.json'))
    expect(() =>
      assertValid(
        TranscriptionResponseSchema,
        { ...data, segments: [{ ...data.segments[0], start: '0.1' }] },
        'response',
      ),
    ).toThrow(/segments\.0\.start/)
    expect(() =>
      assertValid(
        TranscriptionResponseSchema,
        { ...data, finish_reason: 'stop', usage: { ...data.usage, future: 1 } },
        'response',
      ),
    ).not.toThrow()
  })
})

describe('request validation (with the proposed registry entries)', () => {
  it.each([
    [{ file_url: 'u' }, 'model'],
    [{ model: 'm', file: 42 }, 'file'],
    [{ model: 'm', file: 'text' }, 'file'],
    [{ model: 'm', diarize: 'true' }, 'diarize'],
    [{ model: 'm', context_bias: 'Mistral' }, 'context_bias'],
    [{ model: 'm', timestamp_granularities: ['segment', 1] }, 'timestamp_granularities.1'],
  ])('audioTranscriptionsComplete rejects %j at %s, without sending', async (request, path) => {
    const fetch = vi.fn()
    const client = withValidation(createClient({ apiKey: 'k', fetch }))
    const error = await audioTranscriptionsComplete(client, request as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as Error).message).toMatch(new RegExp(`^Invalid request: ${path.replace('.', '\\.')}: `))
    expect(fetch).not.toHaveBeenCalled()
  })

  it('lets unknown values through: a new granularity, a new speech format', async () => {
    const mock = createMockMistral()
    const client = withValidation(createClient({ apiKey: 'k', fetch: mock.fetch }))
    const error = await audioTranscriptionsComplete(client, {
      model: 'voxtral-mini-latest',
      file: new Uint8Array(8),
      timestamp_granularities: ['char'],
    }).catch((caught: unknown) => caught)
    // The API (here the mock) judges the value, not this library.
    expect(error).toBeInstanceOf(HTTPValidationError)
    expect(
      await audioSpeechComplete(client, { input: 'x', response_format: 'aac' }).catch(
        (caught: SDKError) => caught.status,
      ),
    ).toBe(422)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Against the mock
// ---------------------------------------------------------------------------------------------------------------

const mockClient = (mock = createMockMistral()) => ({
  mock,
  client: createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' } }),
})
const last = (event: TranscriptionStreamEvent) => event.type === 'transcription.done'
const fault = (value: string) => ({ headers: { 'x-mock-fault': value } })
const REQUEST = {
  model: 'voxtral-mini-latest',
  file: new File([wavFile(5.2) as BlobPart], 'talk.wav', { type: 'audio/wav' }),
  diarize: true,
  timestamp_granularities: ['segment'],
} as const

/** A response whose body is `bytes` cut into the given pieces. */
const pieces = (chunks: Uint8Array[]) =>
  new Response(
    new ReadableStream({
      start: (controller) => (chunks.forEach((chunk) => controller.enqueue(chunk)), controller.close()),
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  )

describe('audio against the mock', () => {
  it('transcribes a WAV: the text, segments covering its 5.2 s with speakers, usage as the wire', async () => {
    const { client } = mockClient()
    const result = await audioTranscriptionsComplete(withValidation(client), REQUEST)
    expect(result).toMatchObject({
      model: 'voxtral-mini-latest',
      language: null,
      finish_reason: null,
      usage: { prompt_audio_seconds: 5, prompt_tokens_details: { audio_tokens: 375 } },
    })
    expect(result.segments?.map((segment) => segment.text).join('')).toBe(result.text)
    expect(result.segments?.[0]).toMatchObject({
      type: 'transcription_segment',
      start: 0.1,
      speaker_id: expect.stringMatching(/^speaker_/),
    })
    expect(result.segments?.at(-1)?.end).toBeCloseTo(5.1, 5)
  })

  it('streams the same transcription as events ending at transcription.done', async () => {
    const { client } = mockClient()
    const whole = await audioTranscriptionsComplete(client, REQUEST)
    const stream = await audioTranscriptionsStream(withValidation(client), REQUEST)
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const { chunks: events, error } = await drain(stream)
    expect(error).toBe(undefined)
    expect(events[0]).toEqual({ type: 'transcription.language', audio_language: 'en' })
    let text = ''
    const segments = []
    for (const event of events) {
      if (event.type === 'transcription.text.delta') text += event.text
      else if (event.type === 'transcription.segment') segments.push({ ...event, type: 'transcription_segment' })
    }
    expect(text).toBe(whole.text)
    expect(segments).toEqual(whole.segments)
    expect(events.at(-1)).toEqual({ ...whole, type: 'transcription.done' })
    expect(stream.lastEvent?.event).toBe('transcription.done')
  })

  it('yields the same events whatever byte boundary splits the body', async () => {
    const { mock } = mockClient()
    const form = new FormData()
    form.append('model', 'voxtral-mini-latest')
    form.append('file', new File([wavFile(1) as BlobPart], 'a.wav'))
    form.append('timestamp_granularities', 'segment')
    form.append('stream', 'true')
    const response = await mock.fetch('https://api.mistral.ai/v1/audio/transcriptions', {
      method: 'POST',
      body: form,
      headers: { authorization: 'Bearer k' },
    })
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(new TextDecoder().decode(bytes)).toMatch(/^event: transcription\.language\ndata: /)
    const reference = (await drain(new EventStream<TranscriptionStreamEvent>(pieces([bytes]), { last }))).chunks
    expect(reference.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'transcription.language',
        'transcription.text.delta',
        'transcription.segment',
        'transcription.done',
      ]),
    )
    for (let split = 0; split <= bytes.length; split++) {
      const { chunks: events, error } = await drain(
        new EventStream<TranscriptionStreamEvent>(pieces([bytes.subarray(0, split), bytes.subarray(split)]), { last }),
      )
      if (error || events.length !== reference.length) expect({ split, error }).toEqual({ split, error: undefined })
      expect(events).toEqual(reference)
    }
  })

  it('break and abort() close the connection: the mock sees the body cancelled', async () => {
    const { mock, client } = mockClient()
    const stream = await audioTranscriptionsStream(client, REQUEST, fault('slow=5'))
    for await (const event of stream) {
      expect(event.type).toBe('transcription.language')
      break
    }
    await vi.waitFor(() => expect(mock.state.stats.cancelled).toBe(1))
    const stalled = await audioTranscriptionsStream(client, REQUEST, fault('stall-after=2'))
    const iterator = stalled[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    const pending = iterator.next()
    stalled.abort()
    expect(await pending).toEqual({ done: true, value: undefined })
    await vi.waitFor(() => expect(mock.state.stats.cancelled).toBe(2))
  })

  it('a stalled stream fails with StreamError idle-timeout; a dropped one with connection; a broken event with malformed', async () => {
    const { client } = mockClient()
    const idle = await drain(
      await audioTranscriptionsStream(client, REQUEST, { ...fault('stall-after=3'), idleTimeoutMs: 50 }),
    )
    expect([idle.chunks.length, (idle.error as StreamError).reason]).toEqual([3, 'idle-timeout'])
    const dropped = await drain(await audioTranscriptionsStream(client, REQUEST, fault('drop-after=2')))
    expect([dropped.chunks.length, (dropped.error as StreamError).reason]).toEqual([2, 'connection'])
    const malformed = await drain(await audioTranscriptionsStream(client, REQUEST, fault('malformed-after=1')))
    expect([malformed.chunks.length, (malformed.error as StreamError).reason]).toEqual([1, 'malformed'])
  })

  it('a body that ends before transcription.done is StreamError truncated', async () => {
    const encoder = new TextEncoder()
    const body =
      'event: transcription.language\ndata: {"type":"transcription.language","audio_language":"en"}\n\nevent: transcription.text.delta\ndata: {"type":"transcription.text.delta","text":"Hi"}\n\n'
    const { chunks: events, error } = await drain(
      new EventStream<TranscriptionStreamEvent>(pieces([encoder.encode(body)]), { last }),
    )
    expect(events.map((event) => event.type)).toEqual(['transcription.language', 'transcription.text.delta'])
    expect(error).toBeInstanceOf(StreamError)
    expect((error as StreamError).reason).toBe('truncated')
  })

  it.each([
    [
      'a *.error event',
      'event: transcription.error\ndata: {"type":"transcription.error","message":"Audio could not be decoded"}\n\n',
    ],
    [
      'an error object',
      'data: {"object":"error","message":"Audio could not be decoded","type":"invalid_request_error","code":"3000"}\n\n',
    ],
  ])("%s in the stream is StreamError server-error with the server's message", async (_, frame) => {
    const body = `event: transcription.language\ndata: {"type":"transcription.language","audio_language":"en"}\n\n${frame}`
    const { chunks: events, error } = await drain(
      new EventStream<TranscriptionStreamEvent>(pieces([new TextEncoder().encode(body)]), { last }),
    )
    expect(events).toHaveLength(1)
    expect(error).toBeInstanceOf(StreamError)
    expect([(error as StreamError).reason, (error as Error).message]).toEqual([
      'server-error',
      'Audio could not be decoded',
    ])
  })

  it('passes an event of an unknown type through, and a validating client rejects a known one of the wrong shape', async () => {
    const encoder = new TextEncoder()
    const done = '{"type":"transcription.done","model":"m","text":"Hi","language":null,"usage":{"prompt_tokens":1}}'
    const body = (delta: string) =>
      encoder.encode(
        `event: transcription.keepalive\ndata: {"type":"transcription.keepalive"}\n\nevent: transcription.text.delta\ndata: ${delta}\n\nevent: transcription.done\ndata: ${done}\n\n`,
      )
    const check = (event: unknown) => assertValid(TranscriptionStreamEventSchema, event, 'response')
    const good = await drain(
      new EventStream<TranscriptionStreamEvent>(pieces([body('{"type":"transcription.text.delta","text":"Hi"}')]), {
        last,
        check,
      }),
    )
    expect([good.error, good.chunks.map((event) => event.type)]).toEqual([
      undefined,
      ['transcription.keepalive', 'transcription.text.delta', 'transcription.done'],
    ])
    const bad = await drain(
      new EventStream<TranscriptionStreamEvent>(pieces([body('{"type":"transcription.text.delta","text":5}')]), {
        last,
        check,
      }),
    )
    expect(bad.error).toBeInstanceOf(ResponseValidationError)
    expect((bad.error as Error).message).toMatch(/text/)
  })

  it('the mock answers 422 (HTTPValidationError) for a missing audio source and 404 for an unknown file_id', async () => {
    const { client } = mockClient()
    const missing = await audioTranscriptionsComplete(client, { model: 'voxtral-mini-latest' }).catch(
      (caught: unknown) => caught,
    )
    expect(missing).toBeInstanceOf(HTTPValidationError)
    expect((missing as HTTPValidationError).detail[0]).toMatchObject({ loc: ['body'], type: 'value_error' })
    const unknown = await audioTranscriptionsComplete(client, { model: 'voxtral-mini-latest', file_id: 'nope' }).catch(
      (caught: unknown) => caught,
    )
    expect([(unknown as SDKError).status, (unknown as SDKError).message]).toEqual([404, 'HTTP 404: File not found'])
    const stream = await audioTranscriptionsStream(client, { model: 'voxtral-mini-latest' }).catch(
      (caught: unknown) => caught,
    )
    expect(stream).toBeInstanceOf(HTTPValidationError)
  })

  it('speaks: a base64 WAV whose header says 8 kHz mono 16-bit', async () => {
    const { client } = mockClient()
    const { audio_data } = await audioSpeechComplete(withValidation(client), {
      input: 'Hello from the mock!',
      response_format: 'wav',
    })
    const bytes = Uint8Array.from(atob(audio_data), (char) => char.charCodeAt(0))
    const view = new DataView(bytes.buffer)
    expect([
      new TextDecoder().decode(bytes.subarray(0, 4)),
      view.getUint16(22, true),
      view.getUint32(24, true),
      view.getUint16(34, true),
    ]).toEqual(['RIFF', 1, 8000, 16])
    expect(view.getUint32(40, true)).toBe(bytes.byteLength - 44)
    const error = await audioSpeechComplete(client, { voice_id: 'v' } as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPValidationError)
  })
})
