import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from '@mistral-edge/client'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { HTTPClient, Mistral } from '@mistralai/mistralai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audioTranscriptionsComplete } from '../../packages/client/src/audio/audio-transcriptions-complete.js'
import { TRANSCRIPTION_CAPTURES, wavFile } from '../../packages/client/src/test-support.js'

// Fidelity against a client nobody here wrote: the official SDK 2.7.0 parses the captures and the mock's answers with
// its own zod schemas, and its multipart requests are compared with ours. A failure here means the mock (or our
// encoder) is not faithful: fix that, never this check.

const wire = (name: string) => readFileSync(new URL(`../../fixtures/wire/json/${name}`, import.meta.url), 'utf8')

/** The official SDK wired to a mock through its custom HTTP client option. */
function official(mock: MockMistral = createMockMistral()) {
  const httpClient = new HTTPClient({ fetcher: (request) => mock.fetch(request) })
  return { mock, sdk: new Mistral({ apiKey: 'official-key', serverURL: 'https://api.mistral.ai', httpClient }) }
}

// A loopback server answering every request with the queued capture and recording the request.
const requests: { headers: IncomingHttpHeaders; body: Buffer }[] = []
let body = '{}'
let url = ''
const server = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    requests.push({ headers: request.headers, body: Buffer.concat(chunks) })
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(body)
  })
})
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** The `[name, value]` of each form part of a recorded request (values of file parts as `<file name type bytes>`). */
async function formOf(recorded: { headers: IncomingHttpHeaders; body: Buffer } | undefined) {
  const form = await new Response(new Uint8Array(recorded?.body ?? []), {
    headers: { 'content-type': String(recorded?.headers['content-type']) },
  }).formData()
  return [...form].map(([name, value]) => [
    name,
    typeof value === 'string' ? value : `<file ${value.name} ${value.type} ${value.size}>`,
  ])
}

describe('the official SDK and the transcription captures (loopback server)', () => {
  it.each(TRANSCRIPTION_CAPTURES)(
    'parses %s as audio.transcriptions.complete, like audioTranscriptionsComplete',
    async (name) => {
      body = wire(name)
      const capture = JSON.parse(body)
      const sdk = new Mistral({ apiKey: 'official-key', serverURL: url })
      const result = await sdk.audio.transcriptions.complete({
        model: 'voxtral-mini-latest',
        fileUrl: 'https://example.com/a.wav',
      })
      expect([result.model, result.text, result.language]).toEqual([capture.model, capture.text, null])
      expect(result.usage).toMatchObject({
        promptTokens: capture.usage.prompt_tokens,
        completionTokens: capture.usage.completion_tokens,
        promptAudioSeconds: capture.usage.prompt_audio_seconds,
      })
      expect(result.segments?.map((segment) => [segment.text, segment.start, segment.end, segment.speakerId])).toEqual(
        capture.segments.map((segment: Record<string, unknown>) => [
          segment.text,
          segment.start,
          segment.end,
          segment.speaker_id,
        ]),
      )
      const ours = await audioTranscriptionsComplete(createClient({ apiKey: 'k', baseURL: url }), {
        model: 'voxtral-mini-latest',
        file_url: 'https://example.com/a.wav',
      })
      expect(ours).toEqual(capture)
    },
  )

  it('sends the same form fields as audioTranscriptionsComplete: arrays as repeated plain names', async () => {
    body = wire('transcription_diarize-segment_voxtral-mini_2026-08-19.json')
    requests.length = 0
    const audio = wavFile(3.7, 13)
    const sdk = new Mistral({ apiKey: 'official-key', serverURL: url })
    await sdk.audio.transcriptions.complete({
      model: 'voxtral-mini-latest',
      file: new File([audio as BlobPart], 'ruby.wav', { type: 'audio/wav' }),
      diarize: true,
      contextBias: ['Mistral', 'Voxtral'],
      timestampGranularities: ['segment', 'word'],
      language: 'en',
      temperature: 0.2,
    })
    await audioTranscriptionsComplete(createClient({ apiKey: 'k', baseURL: url }), {
      model: 'voxtral-mini-latest',
      file: new File([audio as BlobPart], 'ruby.wav', { type: 'audio/wav' }),
      diarize: true,
      context_bias: ['Mistral', 'Voxtral'],
      timestamp_granularities: ['segment', 'word'],
      language: 'en',
      temperature: 0.2,
    })
    const [theirs, ours] = [await formOf(requests[0]), await formOf(requests[1])]
    // The official SDK writes its fields alphabetically plus its default `stream=false`; we write the caller's order
    // and leave the API's defaults out: otherwise the same parts.
    const sorted = (parts: (string | undefined)[][]) => [...parts].sort((a, b) => String(a).localeCompare(String(b)))
    expect(theirs).toContainEqual(['stream', 'false'])
    expect(sorted(ours)).toEqual(sorted(theirs.filter(([name]) => name !== 'stream')))
    expect(ours.filter(([name]) => name === 'timestamp_granularities')).toEqual([
      ['timestamp_granularities', 'segment'],
      ['timestamp_granularities', 'word'],
    ])
    expect(ours.find(([name]) => name === 'file')).toEqual(['file', `<file ruby.wav audio/wav ${audio.byteLength}>`])
  })
})

describe('the official SDK against the mock', () => {
  it('parses a transcription with segments and speakers', async () => {
    const { sdk } = official()
    const result = await sdk.audio.transcriptions.complete({
      model: 'voxtral-mini-latest',
      file: { fileName: 'talk.wav', content: wavFile(6, 13) },
      diarize: true,
      timestampGranularities: ['segment'],
    })
    expect(result).toMatchObject({
      model: 'voxtral-mini-latest',
      language: null,
      usage: { promptAudioSeconds: 6, promptTokens: 5 },
    })
    expect(result.segments?.length).toBe(2)
    expect(result.segments?.[0]).toMatchObject({
      type: 'transcription_segment',
      start: 0.1,
      speakerId: expect.stringMatching(/^speaker_/),
    })
    expect(result.segments?.map((segment) => segment.text).join('')).toBe(result.text)
  })

  it('parses a streamed transcription: named events, deltas, segments, then done with usage', async () => {
    const { sdk } = official()
    const stream = await sdk.audio.transcriptions.stream({
      model: 'voxtral-mini-latest',
      file: { fileName: 'talk.wav', content: wavFile(6, 13) },
      timestampGranularities: ['segment'],
      language: 'fr',
    })
    const events = []
    for await (const event of stream) events.push(event)
    for (const event of events) expect(event.event).toBe(event.data.type)
    expect(events[0]?.data).toEqual({ type: 'transcription.language', audioLanguage: 'fr' })
    const names = events.map((event) => event.event)
    expect(names.filter((name) => name === 'transcription.segment')).toHaveLength(2)
    expect(names.at(-1)).toBe('transcription.done')
    const done = events.at(-1)?.data as {
      text: string
      usage: { promptTokens: number; promptAudioSeconds: number }
      segments: unknown[]
    }
    const deltas = events
      .filter((event) => event.event === 'transcription.text.delta')
      .map((event) => (event.data as { text: string }).text)
    expect(deltas.join('')).toBe(done.text)
    expect(done.usage).toMatchObject({ promptTokens: 7, promptAudioSeconds: 6 })
    expect(done.segments).toHaveLength(2)
  })

  it('parses a speech: audioData is a base64 WAV', async () => {
    const { sdk } = official()
    const result = await sdk.audio.speech.complete({ input: 'Hello from the official SDK', responseFormat: 'wav' })
    if (!('audioData' in result)) throw new Error('expected a JSON speech response')
    expect(atob(result.audioData).slice(0, 4)).toBe('RIFF')
  })
})
