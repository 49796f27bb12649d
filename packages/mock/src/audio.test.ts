import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { audioDuration } from './audio.js'
import { createMockMistral } from './index.js'
import { sseResponse } from './sse.js'
import { createState } from './state.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8'))
const auth = { authorization: 'Bearer k' }
const call = (path: string, init: RequestInit = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    ...init,
    headers: { ...auth, ...(init.headers as Record<string, string>) },
  })

/** A 16-bit mono WAV of `seconds` at `rate`, with a LIST chunk before `data` (the duration must walk the chunks). */
function wavFile(seconds: number, rate = 16000, fill = 7): Uint8Array {
  const dataSize = Math.round(seconds * rate) * 2
  const bytes = new Uint8Array(44 + 12 + dataSize).fill(fill)
  const view = new DataView(bytes.buffer)
  const ascii = (at: number, text: string) =>
    [...text].forEach((char, index) => view.setUint8(at + index, char.charCodeAt(0)))
  ascii(0, 'RIFF')
  view.setUint32(4, bytes.byteLength - 8, true)
  ascii(8, 'WAVEfmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true)
  view.setUint16(22, 1, true)
  view.setUint32(24, rate, true)
  view.setUint32(28, rate * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  ascii(36, 'LIST')
  view.setUint32(40, 4, true)
  ascii(44, 'INFO')
  ascii(48, 'data')
  view.setUint32(52, dataSize, true)
  return bytes
}

/** A transcription request with the given form fields (`file` as a WAV `File` when bytes are given). */
function transcription(fields: Record<string, string | string[] | Uint8Array>, headers: Record<string, string> = {}) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Uint8Array)
      form.append(name, new File([value as BlobPart], 'audio.wav', { type: 'audio/wav' }))
    else for (const item of [value].flat()) form.append(name, item)
  }
  return call('/v1/audio/transcriptions', { method: 'POST', body: form, headers })
}

/** Splits an SSE body into `[event, data]` pairs, checking the framing of every event on the way. */
function frames(text: string): [string, Record<string, unknown>][] {
  expect(text.endsWith('\n\n')).toBe(true)
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      const match = /^event: (\S+)\ndata: (.+)$/.exec(frame)
      expect(match, frame).not.toBeNull()
      return [match?.[1] as string, JSON.parse(match?.[2] as string)]
    })
}

/** The `x-ratelimit-*` header names of a headers capture. */
const limits = (name: string) =>
  readFileSync(new URL(`../../../fixtures/wire/headers/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.split(':')[0]?.toLowerCase() ?? '')
    .filter((header) => header.startsWith('x-ratelimit-') && !header.includes('-req-'))

const decode64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0))

describe('sseResponse', () => {
  it('frames plain data exactly as the completion streams always had it, and named events with an event: line first', async () => {
    const events = ['{"a":1}', { event: 'transcription.done', data: '{"b":2}' }, { data: '[DONE]' }, '[DONE]']
    const text = await sseResponse(createState(), events, undefined, new AbortController().signal).text()
    expect(text).toBe('data: {"a":1}\n\nevent: transcription.done\ndata: {"b":2}\n\ndata: [DONE]\n\ndata: [DONE]\n\n')
  })
})

describe('audio transcriptions', () => {
  it('reads the duration from a WAV header (data size / byte rate), else from the size', () => {
    expect(audioDuration(wavFile(3.7))).toBeCloseTo(3.7, 5)
    expect(audioDuration(wavFile(2, 44100))).toBeCloseTo(2, 5)
    expect(audioDuration(new Uint8Array(32000))).toBe(2)
  })

  it('answers a plain transcription shaped like the 2026 capture: same keys in order, language null, no segments', async () => {
    const mock = createMockMistral()
    const response = await mock.fetch(transcription({ model: 'voxtral-mini-latest', file: wavFile(3.7) }))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-ratelimit-audio-seconds-query-cost')).toBe('3')
    const names = limits('json_200_transcription_audio_limits_2026-08-19.http')
    expect(names).toHaveLength(3)
    for (const name of names) expect(response.headers.has(name), name).toBe(true)
    const body = await response.json()
    const wire = capture('transcription_plain_voxtral-mini_2026-08-19.json')
    expect(Object.keys(body)).toEqual(Object.keys(wire))
    expect(Object.keys(body.usage)).toEqual(Object.keys(wire.usage))
    expect(body).toMatchObject({ model: 'voxtral-mini-latest', language: null, segments: [], finish_reason: null })
    expect(body.text).toMatch(/^[A-Z].+\.$/)
    const { usage } = body
    expect(usage).toMatchObject({
      prompt_audio_seconds: 3,
      prompt_tokens: 3,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 375 },
      service_tier: 'standard',
    })
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens + 375)
    // Deterministic from the bytes: the same audio gives the same body, other audio other text.
    expect(
      await (
        await createMockMistral({ seed: 9 }).fetch(transcription({ model: 'voxtral-mini-latest', file: wavFile(3.7) }))
      ).json(),
    ).toEqual(body)
    const texts = new Set<string>()
    for (let fill = 0; fill < 12; fill++)
      texts.add(
        (
          await (
            await mock.fetch(transcription({ model: 'voxtral-mini-latest', file: wavFile(1, 16000, fill) }))
          ).json()
        ).text,
      )
    expect(texts.size).toBeGreaterThan(2)
  })

  it('with a language hint still answers language null (as the wire), and counts the hint in prompt_tokens', async () => {
    const body = await (
      await createMockMistral().fetch(
        transcription({ model: 'voxtral-mini-latest', file: wavFile(3.7), language: 'en' }),
      )
    ).json()
    expect([body.language, body.usage.prompt_tokens]).toEqual([null, 5])
  })

  it('diarizes into segments covering the duration, with speaker_id, as the diarize capture', async () => {
    const mock = createMockMistral()
    const body = await (
      await mock.fetch(
        transcription({
          model: 'voxtral-mini-latest',
          file: wavFile(9.5),
          diarize: 'true',
          'timestamp_granularities[]': 'segment',
        }),
      )
    ).json()
    const wire = capture('transcription_diarize-segment_voxtral-mini_2026-08-19.json')
    expect(Object.keys(body.segments[0])).toEqual(Object.keys(wire.segments[0]))
    expect(body.segments.length).toBe(2)
    expect(body.segments.map((segment: { text: string }) => segment.text).join('')).toBe(body.text)
    expect(body.segments[0]).toMatchObject({
      type: 'transcription_segment',
      start: 0.1,
      speaker_id: expect.stringMatching(/^speaker_\d$/),
    })
    expect(body.segments[1].start).toBeGreaterThan(body.segments[0].end)
    expect(body.segments[1].end).toBeCloseTo(9.4, 5)
    expect(body.usage.prompt_audio_seconds).toBe(9)
  })

  it('gives segments without speaker_id for timestamp_granularities alone, and one per word for word', async () => {
    const mock = createMockMistral()
    const segments = (
      await (
        await mock.fetch(
          transcription({ model: 'voxtral-mini-latest', file: wavFile(2), timestamp_granularities: 'segment' }),
        )
      ).json()
    ).segments
    expect(segments).toHaveLength(1)
    expect('speaker_id' in segments[0]).toBe(false)
    const words = await (
      await mock.fetch(
        transcription({ model: 'voxtral-mini-latest', file: wavFile(2), timestamp_granularities: 'word' }),
      )
    ).json()
    expect(words.segments.length).toBe(words.text.split(' ').length)
    expect(words.segments.at(-1).end).toBeCloseTo(1.9, 5)
  })

  it('transcribes an uploaded file by file_id (404 for an unknown one) and a file_url', async () => {
    const mock = createMockMistral()
    const upload = new FormData()
    upload.append('file', new File([wavFile(3.7) as BlobPart], 'a.wav'))
    upload.append('purpose', 'audio')
    const file = await (await mock.fetch(call('/v1/files', { method: 'POST', body: upload }))).json()
    const byId = await (await mock.fetch(transcription({ model: 'voxtral-mini-latest', file_id: file.id }))).json()
    const byBytes = await (await mock.fetch(transcription({ model: 'voxtral-mini-latest', file: wavFile(3.7) }))).json()
    expect(byId).toEqual(byBytes)
    const missing = await mock.fetch(
      transcription({ model: 'voxtral-mini-latest', file_id: '00000000-0000-4000-8000-000000000000' }),
    )
    expect([missing.status, await missing.json()]).toEqual([404, { detail: 'File not found' }])
    const byUrl = await (
      await mock.fetch(transcription({ model: 'voxtral-mini-latest', file_url: 'https://example.com/talk.mp3' }))
    ).json()
    expect(byUrl.usage.prompt_audio_seconds).toBeGreaterThanOrEqual(3)
    expect(byUrl.text.length).toBeGreaterThan(10)
  })

  it('answers 422 for a missing model, a missing audio source, a bad language or granularity; 400 for an unknown model', async () => {
    const mock = createMockMistral()
    const noModel = await mock.fetch(transcription({ file: wavFile(1) }))
    expect(noModel.status).toBe(422)
    expect((await noModel.json()).message.detail).toEqual([
      { type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: null },
    ])
    const noAudio = await (await mock.fetch(transcription({ model: 'voxtral-mini-latest' }))).json()
    expect(noAudio.message.detail[0]).toMatchObject({ type: 'value_error', loc: ['body'] })
    const bad = await (
      await mock.fetch(
        transcription({
          model: 'voxtral-mini-latest',
          file: wavFile(1),
          language: 'english',
          timestamp_granularities: 'char',
        }),
      )
    ).json()
    expect(bad.message.detail.map((detail: { loc: unknown[] }) => detail.loc)).toEqual([
      ['body', 'language'],
      ['body', 'timestamp_granularities', 0],
    ])
    const text = await (await mock.fetch(transcription({ model: 'voxtral-mini-latest', file: 'not audio' }))).json()
    expect(text.message.detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'file'] })
    const unknown = await mock.fetch(transcription({ model: 'no-such-model', file: wavFile(1) }))
    expect([unknown.status, (await unknown.json()).message]).toEqual([400, 'Invalid model: no-such-model'])
  })

  it('streams named events: language, text deltas, a segment per segment, then done with the whole body', async () => {
    const mock = createMockMistral()
    const fields = {
      model: 'voxtral-mini-latest',
      file: wavFile(9.5),
      diarize: 'true',
      timestamp_granularities: 'segment',
    }
    const whole = await (await mock.fetch(transcription(fields))).json()
    const response = await mock.fetch(transcription({ ...fields, stream: 'true' }))
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const events = frames(await response.text())
    for (const [name, data] of events) expect(data.type).toBe(name)
    const types = events.map(([name]) => name)
    expect(types[0]).toBe('transcription.language')
    expect(events[0]?.[1]).toEqual({ type: 'transcription.language', audio_language: 'en' })
    expect(types.filter((type) => type === 'transcription.text.delta').length).toBeGreaterThan(3)
    expect(types.filter((type) => type === 'transcription.segment')).toHaveLength(2)
    expect(types.at(-1)).toBe('transcription.done')
    const deltas = events
      .filter(([name]) => name === 'transcription.text.delta')
      .map(([, data]) => data.text)
      .join('')
    expect(deltas).toBe(whole.text)
    expect(
      events
        .filter(([name]) => name === 'transcription.segment')
        .map(([, data]) => ({ ...data, type: 'transcription_segment' })),
    ).toEqual(whole.segments)
    expect(events.at(-1)?.[1]).toEqual({ ...whole, type: 'transcription.done' })
  })

  it('streams with the language hint as audio_language, and no segment events unless asked', async () => {
    const events = frames(
      await (
        await createMockMistral().fetch(
          transcription({ model: 'voxtral-mini-latest', file: wavFile(2), language: 'fr', stream: 'true' }),
        )
      ).text(),
    )
    expect(events[0]?.[1]).toEqual({ type: 'transcription.language', audio_language: 'fr' })
    expect(events.some(([name]) => name === 'transcription.segment')).toBe(false)
  })

  it('honours the stream faults: drop-after errors the body, malformed-after sends a broken event', async () => {
    const mock = createMockMistral()
    const fields = { model: 'voxtral-mini-latest', file: wavFile(2), stream: 'true' }
    const dropped = await mock.fetch(transcription(fields, { 'x-mock-fault': 'drop-after=2' }))
    await expect(dropped.text()).rejects.toThrow()
    const malformed = await (await mock.fetch(transcription(fields, { 'x-mock-fault': 'malformed-after=1' }))).text()
    expect(malformed.split('\n\n')[1]).toMatch(/^data: \{"id":"malformed"/)
  })
})

describe('audio speech', () => {
  const speech = (body: unknown) =>
    call('/v1/audio/speech', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })

  it('answers { audio_data } with a base64 WAV of the input, and the input-characters headers of the capture', async () => {
    const mock = createMockMistral()
    const response = await mock.fetch(speech({ input: 'Hello from the mock!', response_format: 'wav' }))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-ratelimit-input-characters-query-cost')).toBe('20')
    expect(response.headers.get('x-ratelimit-limit-input-characters-minute')).toBe('24000')
    const names = limits('json_200_speech_chars_limits_2026-08-19.http')
    expect(names).toHaveLength(3)
    for (const name of names) expect(response.headers.has(name), name).toBe(true)
    const body = await response.json()
    expect(Object.keys(body)).toEqual(['audio_data'])
    const bytes = decode64(body.audio_data)
    expect(String.fromCharCode(...bytes.subarray(0, 4), ...bytes.subarray(8, 16))).toBe('RIFFWAVEfmt ')
    expect(audioDuration(bytes)).toBeCloseTo(1, 5)
    expect(
      await (
        await createMockMistral({ seed: 5 }).fetch(speech({ input: 'Hello from the mock!', response_format: 'wav' }))
      ).json(),
    ).toEqual(body)
  })

  it('encodes pcm, mp3 (the default), flac and opus', async () => {
    const mock = createMockMistral()
    const audio = async (format?: string) =>
      decode64(
        (
          await (
            await mock.fetch(speech({ input: 'Twenty characters!!!', ...(format && { response_format: format }) }))
          ).json()
        ).audio_data,
      )
    expect((await audio('pcm')).byteLength).toBe(8000 * 2)
    const mp3 = await audio()
    expect([mp3[0], mp3[1], mp3[144], mp3.byteLength % 144]).toEqual([0xff, 0xfb, 0xff, 0])
    const flac = await audio('flac')
    expect(String.fromCharCode(...flac.subarray(0, 4))).toBe('fLaC')
    expect([flac[42], flac[43]]).toEqual([0xff, 0xf8])
    const opus = await audio('opus')
    expect(String.fromCharCode(...opus.subarray(0, 4), ...opus.subarray(28, 36))).toBe('OggSOpusHead')
  })

  it('answers 422 for a missing input or an unknown format', async () => {
    const mock = createMockMistral()
    const missing = await mock.fetch(speech({ voice_id: 'v' }))
    expect(missing.status).toBe(422)
    expect((await missing.json()).message.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'input'] })
    const format = await (await mock.fetch(speech({ input: 'x', response_format: 'aac' }))).json()
    expect(format.message.detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'response_format'] })
  })
})
