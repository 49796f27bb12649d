import { parseFault } from './faults.js'
import { apiError, detailError, json, type Route, type RouteContext, readJson, validationError } from './http.js'
import { hashString } from './random.js'
import { type SseEvent, sseResponse } from './sse.js'
import { type Detail, enumIssue, missing, numberIssue, stringIssue } from './validation.js'

// Transcriptions and speech, shaped like fixtures/wire/json/transcription_*: `language: null` even with a hint,
// `finish_reason: null`, usage with `prompt_audio_seconds`, `prompt_tokens_details.audio_tokens` (375 per started
// 30 s window: 3 s of audio cost 375, and total = prompt + completion + audio tokens on every capture) and
// `service_tier`. Everything is a function of the audio bytes (or the URL), so a test can predict it.

const SENTENCES = [
  'The mock server listened carefully to this recording.',
  'Every word you read here was chosen from the bytes of the audio.',
  'Voxtral turns speech into text, one segment at a time.',
  'A quiet room makes for a clean transcription.',
  'The weather was mild and the meeting started on time.',
  'Please leave a message after the tone.',
  'This sentence is as deterministic as the audio it came from.',
  'Thank you for listening, and see you next week.',
]

const GRANULARITIES = ['segment', 'word'] as const
const FORMATS = ['pcm', 'wav', 'mp3', 'flac', 'opus'] as const
const TRUE = ['true', '1', 'yes', 'on', 't', 'y']
const FALSE = ['false', '0', 'no', 'off', 'f', 'n']

/** Spreads every input bit over the low bits too (murmur3's finaliser): FNV's low bits alone repeat too often. */
function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return (hash ^ (hash >>> 16)) >>> 0
}

/** A stable hash of bytes (FNV-1a, mixed). */
function hashBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193)
  return mix(hash)
}

/**
 * The duration of audio in seconds: a WAV's `data` size over its byte rate when the bytes are a RIFF/WAVE file;
 * otherwise the size read as 128 kbit/s (16000 bytes per second), the common mp3 rate.
 */
export function audioDuration(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (bytes.byteLength >= 12 && tag(0) === 'RIFF' && tag(8) === 'WAVE') {
    let byteRate = 0
    for (let at = 12; at + 8 <= bytes.byteLength; ) {
      const size = view.getUint32(at + 4, true)
      if (tag(at) === 'fmt ' && at + 16 <= bytes.byteLength) byteRate = view.getUint32(at + 16, true)
      // A recording still being written says 0 or 0xffffffff: the rest of the file is the data.
      if (tag(at) === 'data' && byteRate) return Math.min(size || Infinity, bytes.byteLength - at - 8) / byteRate
      at += 8 + size + (size % 2)
    }
  }
  return bytes.byteLength / 16000
}

const round = (value: number) => Math.round(value * 10) / 10

interface Plan {
  model: string
  language: string | null
  diarize: boolean
  granularities: string[]
  contextBias: string[]
  duration: number
  seed: number
}

/** The body of a transcription: text, segments when asked, usage; and the events of its stream. */
function transcribe(plan: Plan): { body: Record<string, unknown>; events: SseEvent[] } {
  const { seed, duration } = plan
  const sentences = [SENTENCES[seed % SENTENCES.length] as string]
  if (duration >= 4) sentences.push(SENTENCES[(seed >>> 8) % SENTENCES.length] as string)
  if (sentences[1] === sentences[0]) sentences[1] = SENTENCES[(seed + 1) % SENTENCES.length] as string
  const timed = plan.diarize || plan.granularities.length > 0
  const words = plan.granularities.includes('word') && !plan.granularities.includes('segment')
  const pieces = words ? sentences.join(' ').split(' ') : sentences
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0)
  const span = Math.max(duration - 0.2, 0.1)
  let done = 0
  const segments = pieces.map((piece, index) => {
    const text = index ? ` ${piece}` : piece
    const start = round(0.1 + (span * done) / total)
    done += piece.length
    const end = Math.max(round(0.1 + (span * done) / total - (index < pieces.length - 1 ? 0.2 : 0)), start)
    const segment: Record<string, unknown> = { type: 'transcription_segment', text, start, end }
    // Two voices take turns when the audio's hash says so; one speaker otherwise (as on the wire).
    if (plan.diarize) segment.speaker_id = `speaker_${seed & 1 ? (index % 2) + 1 : 1}`
    return segment
  })
  const text = segments.map((segment) => segment.text).join('')
  const seconds = Math.max(1, Math.floor(duration))
  const audioTokens = Math.max(1, Math.ceil(duration / 30)) * 375
  const promptTokens = 3 + (plan.language ? 2 : 0) + (timed ? 2 : 0) + plan.contextBias.length
  const completionTokens = Math.ceil(text.length / 6) + (timed ? 9 * segments.length : 0)
  const body = {
    model: plan.model,
    text,
    language: null,
    segments: timed ? segments : [],
    usage: {
      prompt_audio_seconds: seconds,
      prompt_tokens: promptTokens,
      total_tokens: promptTokens + completionTokens + audioTokens,
      completion_tokens: completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: audioTokens },
      service_tier: 'standard',
    },
    finish_reason: null,
  }
  const event = (data: Record<string, unknown>): SseEvent => ({
    event: data.type as string,
    data: JSON.stringify(data),
  })
  const events = [event({ type: 'transcription.language', audio_language: plan.language ?? 'en' })]
  for (const segment of segments) {
    const parts = (segment.text as string).split(/(?<=\S)(?= )/)
    for (let at = 0; at < parts.length; at += 3)
      events.push(event({ type: 'transcription.text.delta', text: parts.slice(at, at + 3).join('') }))
    if (timed) events.push(event({ ...segment, type: 'transcription.segment' }))
  }
  events.push(event({ ...body, type: 'transcription.done' }))
  return { body, events }
}

/** A form boolean as pydantic reads it, or undefined when it is not one. */
const formBoolean = (value: string) =>
  TRUE.includes(value.toLowerCase()) ? true : FALSE.includes(value.toLowerCase()) ? false : undefined

/** `POST /v1/audio/transcriptions`: multipart, JSON or (with `stream=true`) SSE with `event:` lines. */
async function transcriptions({ request, state }: RouteContext): Promise<Response> {
  let form: FormData | undefined
  try {
    form = await request.formData()
  } catch {}
  if (!form)
    return validationError(state, [
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: null,
      },
    ])
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : undefined
  }
  // The official SDKs repeat the field name for each item; Faraday-style clients add `[]`: both are read.
  const all = (name: string) => [...form.getAll(name), ...form.getAll(`${name}[]`)].map(String)
  const model = text('model')
  const language = text('language') || null
  const diarize = formBoolean(text('diarize') ?? 'false')
  const stream = formBoolean(text('stream') ?? 'false')
  const temperature = text('temperature')
  const granularities = all('timestamp_granularities')
  const issues: (Detail | undefined)[] = [
    model === undefined ? missing(['body', 'model'], null) : undefined,
    language !== null && !/^\w{2}$/.test(language)
      ? {
          type: 'string_pattern_mismatch',
          loc: ['body', 'language'],
          msg: "String should match pattern '^\\w{2}$'",
          input: language,
          ctx: { pattern: '^\\w{2}$' },
        }
      : undefined,
    temperature ? numberIssue(temperature, ['body', 'temperature']) : undefined,
    diarize === undefined
      ? {
          type: 'bool_parsing',
          loc: ['body', 'diarize'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: text('diarize'),
        }
      : undefined,
    ...granularities.map((value, index) => enumIssue(value, GRANULARITIES, ['body', 'timestamp_granularities', index])),
  ]
  const file = form.get('file')
  const fileUrl = text('file_url')
  const fileId = text('file_id')
  if (typeof file === 'string') {
    const error = "Expected UploadFile, received: <class 'str'>"
    issues.push({
      type: 'value_error',
      loc: ['body', 'file'],
      msg: `Value error, ${error}`,
      input: file,
      ctx: { error },
    })
  } else if (!file && !fileUrl && !fileId) {
    // No capture of this answer exists: the wording is ours, the shape that of the API's other value errors.
    const error = 'Either file, file_url or file_id must be provided'
    issues.push({ type: 'value_error', loc: ['body'], msg: `Value error, ${error}`, input: null, ctx: { error } })
  }
  const details = issues.filter((issue) => issue !== undefined)
  if (details.length) return validationError(state, details)
  const known = [...state.models.values()].some((card) => card.id === model || card.aliases.includes(model as string))
  if (!known) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  let bytes: Uint8Array | undefined
  if (file instanceof Blob) bytes = new Uint8Array(await file.arrayBuffer())
  else if (fileId) {
    const stored = state.files.get(fileId)
    if (!stored) return detailError(state, 404, 'File not found')
    bytes = stored.content
  }
  // A URL is not fetched: its text stands for the audio (3 to 60 s, from its hash).
  const duration = bytes ? audioDuration(bytes) : 3 + (hashString(fileUrl as string) % 58)
  const seed = bytes ? hashBytes(bytes) : mix(hashString(fileUrl as string))
  const plan: Plan = {
    model: model as string,
    language,
    diarize: diarize === true,
    granularities,
    contextBias: all('context_bias'),
    duration,
    seed,
  }
  const { body, events } = transcribe(plan)
  if (stream) return sseResponse(state, events, parseFault(request.headers.get('x-mock-fault')), request.signal)
  const seconds = String((body.usage as { prompt_audio_seconds: number }).prompt_audio_seconds)
  return json(state, body, 200, {
    'x-ratelimit-limit-audio-seconds-minute': '7200',
    'x-ratelimit-remaining-audio-seconds-minute': String(7200 - Number(seconds)),
    'x-ratelimit-audio-seconds-query-cost': seconds,
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Speech: a short tone per character of the input, encoded in the format asked.
// ---------------------------------------------------------------------------------------------------------------

const RATE = 8000

/** 16-bit mono samples: 50 ms per character (0.25 to 5 s), each a tone whose pitch comes from the character. */
function speak(input: string): Int16Array {
  const perChar = RATE / 20
  const length = Math.min(Math.max(input.length * perChar, RATE / 4), RATE * 5)
  const samples = new Int16Array(length)
  for (let index = 0; index < length; index++) {
    const code = input.charCodeAt(Math.floor(index / perChar) % Math.max(input.length, 1)) || 32
    const phase = index % perChar
    const envelope = Math.sin((Math.PI * phase) / perChar)
    samples[index] = Math.round(8000 * envelope * Math.sin((2 * Math.PI * (200 + (code % 64) * 10) * index) / RATE))
  }
  return samples
}

/** Concatenates byte arrays. */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

const le16 = (samples: Int16Array) => {
  const out = new Uint8Array(samples.length * 2)
  const view = new DataView(out.buffer)
  samples.forEach((sample, index) => view.setInt16(index * 2, sample, true))
  return out
}

/** A RIFF/WAVE file of 16-bit mono PCM. */
function wav(samples: Int16Array, rate = RATE): Uint8Array {
  const data = le16(samples)
  const header = new DataView(new ArrayBuffer(44))
  const ascii = (at: number, text: string) =>
    [...text].forEach((char, index) => header.setUint8(at + index, char.charCodeAt(0)))
  ascii(0, 'RIFF')
  header.setUint32(4, 36 + data.byteLength, true)
  ascii(8, 'WAVEfmt ')
  header.setUint32(16, 16, true)
  header.setUint16(20, 1, true)
  header.setUint16(22, 1, true)
  header.setUint32(24, rate, true)
  header.setUint32(28, rate * 2, true)
  header.setUint16(32, 2, true)
  header.setUint16(34, 16, true)
  ascii(36, 'data')
  header.setUint32(40, data.byteLength, true)
  return concat([new Uint8Array(header.buffer), data])
}

/** Silent MPEG-1 Layer III frames (32 kbit/s, 32 kHz, mono; zeroed side info decodes as silence), 36 ms each. */
function mp3(seconds: number): Uint8Array {
  const frame = new Uint8Array(144)
  frame.set([0xff, 0xfb, 0x18, 0xc0])
  return concat(Array.from({ length: Math.ceil(seconds / 0.036) }, () => frame))
}

/** CRC-8 (poly 0x07) and CRC-16 (poly 0x8005), MSB first, as FLAC frames carry them. */
function crc(bytes: Uint8Array, bits: 8 | 16): number {
  const poly = bits === 8 ? 0x07 : 0x8005
  const mask = bits === 8 ? 0xff : 0xffff
  let value = 0
  for (const byte of bytes) {
    value ^= byte << (bits - 8)
    for (let bit = 0; bit < 8; bit++) value = (value & (1 << (bits - 1)) ? (value << 1) ^ poly : value << 1) & mask
  }
  return value
}

/** A FLAC stream: STREAMINFO, then frames of 4096 samples with one VERBATIM subframe each. */
function flac(samples: Int16Array): Uint8Array {
  const block = 4096
  const info = new DataView(new ArrayBuffer(38))
  info.setUint32(0, 0x80000022) // last metadata block, STREAMINFO, 34 bytes
  info.setUint16(4, block)
  info.setUint16(6, block)
  // sample rate (20 bits), channels - 1 (3), bits per sample - 1 (5), total samples (36 bits; ours fit in 32)
  info.setUint32(14, (RATE << 12) | (0 << 9) | (15 << 4))
  info.setUint32(18, samples.length)
  const parts: Uint8Array[] = [new TextEncoder().encode('fLaC'), new Uint8Array(info.buffer)]
  for (let frame = 0; frame * block < samples.length; frame++) {
    const chunk = samples.subarray(frame * block, (frame + 1) * block)
    // Frame numbers stay below 128 (5 s at 8 kHz), so their UTF-8-like coding is one byte.
    const header = new Uint8Array([
      0xff,
      0xf8,
      0x70,
      0x08,
      frame,
      (chunk.length - 1) >> 8,
      (chunk.length - 1) & 0xff,
      0,
    ])
    header[7] = crc(header.subarray(0, 7), 8)
    const body = concat([header, new Uint8Array([0x02]), new Uint8Array(chunk.length * 2)])
    const view = new DataView(body.buffer)
    chunk.forEach((sample, index) => view.setInt16(9 + index * 2, sample))
    const check = crc(body, 16)
    parts.push(body, new Uint8Array([check >> 8, check & 0xff]))
  }
  return concat(parts)
}

/** CRC-32 of Ogg pages (poly 0x04c11db7, MSB first, no reflection). */
function oggCrc(bytes: Uint8Array): number {
  let value = 0
  for (const byte of bytes) {
    value ^= byte << 24
    for (let bit = 0; bit < 8; bit++) value = value & 0x80000000 ? (value << 1) ^ 0x04c11db7 : value << 1
  }
  return value >>> 0
}

/** One Ogg page holding whole packets (each under 255 bytes). */
function oggPage(packets: Uint8Array[], flags: number, granule: number, sequence: number): Uint8Array {
  const header = new DataView(new ArrayBuffer(27))
  header.setUint32(0, 0x4f676753) // "OggS"
  header.setUint8(5, flags)
  header.setUint32(6, granule, true)
  header.setUint32(14, 0x6d6f636b, true) // stream serial: "mock"
  header.setUint32(18, sequence, true)
  header.setUint8(26, packets.length)
  const page = concat([
    new Uint8Array(header.buffer),
    new Uint8Array(packets.map((packet) => packet.byteLength)),
    ...packets,
  ])
  new DataView(page.buffer).setUint32(22, oggCrc(page), true)
  return page
}

/** An Ogg Opus stream of silent 20 ms packets (a TOC byte and no frame data, which decoders conceal as silence). */
function opus(seconds: number): Uint8Array {
  const head = new Uint8Array(19)
  head.set(new TextEncoder().encode('OpusHead'))
  const view = new DataView(head.buffer)
  view.setUint8(8, 1)
  view.setUint8(9, 1)
  view.setUint16(10, 312, true)
  view.setUint32(12, 48000, true)
  const tags = concat([
    new TextEncoder().encode('OpusTags'),
    new Uint8Array([4, 0, 0, 0]),
    new TextEncoder().encode('mock'),
    new Uint8Array(4),
  ])
  const pages = [oggPage([head], 2, 0, 0), oggPage([tags], 0, 0, 1)]
  const count = Math.ceil(seconds / 0.02)
  for (let at = 0, sequence = 2; at < count; at += 255, sequence++) {
    const packets = Array.from({ length: Math.min(255, count - at) }, () => new Uint8Array([0xf8]))
    pages.push(oggPage(packets, at + 255 >= count ? 4 : 0, 312 + (at + packets.length) * 960, sequence))
  }
  return concat(pages)
}

/** Base64 of bytes, with `btoa` (every runtime the mock serves from has it). */
function base64(bytes: Uint8Array): string {
  let binary = ''
  for (let at = 0; at < bytes.byteLength; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000))
  return btoa(binary)
}

/** The audio of `input` in `format`. */
function speechAudio(input: string, format: string): Uint8Array {
  const samples = speak(input)
  const seconds = samples.length / RATE
  if (format === 'wav') return wav(samples)
  if (format === 'pcm') return le16(samples)
  if (format === 'flac') return flac(samples)
  if (format === 'opus') return opus(seconds)
  return mp3(seconds)
}

/** `POST /v1/audio/speech`: `{ audio_data }` (base64), with the input-characters rate-limit headers of the wire. */
async function speech(context: RouteContext): Promise<Response> {
  const { state } = context
  const body = await readJson(context)
  if (body instanceof Response) return body
  const format = body.response_format ?? 'mp3'
  const details = [
    body.input === undefined ? missing(['body', 'input'], body) : stringIssue(body.input, ['body', 'input']),
    body.model == null ? undefined : stringIssue(body.model, ['body', 'model']),
    body.voice_id == null ? undefined : stringIssue(body.voice_id, ['body', 'voice_id']),
    enumIssue(format, FORMATS, ['body', 'response_format']),
  ].filter((issue) => issue !== undefined)
  if (details.length) return validationError(state, details)
  const input = body.input as string
  return json(state, { audio_data: base64(speechAudio(input, format as string)) }, 200, rateLimit(input.length))
}

/** The headers of json_200_speech_chars_limits: 24000 input characters a minute, the cost of this request. */
function rateLimit(cost: number): Record<string, string> {
  return {
    'x-ratelimit-limit-input-characters-minute': '24000',
    'x-ratelimit-remaining-input-characters-minute': String(Math.max(0, 24000 - cost)),
    'x-ratelimit-input-characters-query-cost': String(cost),
  }
}

/** The audio routes: transcriptions (JSON or SSE) and speech. */
export const audioRoutes: Route[] = [
  ['POST', '/v1/audio/transcriptions', transcriptions],
  ['POST', '/v1/audio/speech', speech],
]
