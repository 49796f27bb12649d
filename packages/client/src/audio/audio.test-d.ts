import { describe, expectTypeOf, it } from 'vitest'
import type { EventStream } from '../streaming/event-stream.js'
import type { audioTranscriptionsStream } from './audio-transcriptions-stream.js'
import type {
  AudioTranscriptionRequest,
  SpeechRequest,
  TranscriptionResponse,
  TranscriptionStreamEvent,
} from './schemas.js'

describe('audio types', () => {
  it('takes web file types, readonly arrays and open granularities and formats', () => {
    const granularities = ['segment'] as const
    expectTypeOf({
      model: 'voxtral-mini-latest',
      file: new File([], 'a.wav'),
      timestamp_granularities: granularities,
    }).toMatchTypeOf<AudioTranscriptionRequest>()
    expectTypeOf({
      model: 'm',
      file: new Uint8Array(1),
      context_bias: ['Mistral'] as readonly string[],
    }).toMatchTypeOf<AudioTranscriptionRequest>()
    expectTypeOf({
      model: 'm',
      file_url: 'https://example.com/a.mp3',
      timestamp_granularities: ['char'],
    }).toMatchTypeOf<AudioTranscriptionRequest>()
    expectTypeOf({ model: 'm', file: 'text' }).not.toMatchTypeOf<AudioTranscriptionRequest>()
    expectTypeOf({ input: 'Hi', response_format: 'wav' as const }).toMatchTypeOf<SpeechRequest>()
    expectTypeOf({ voice_id: 'v' }).not.toMatchTypeOf<SpeechRequest>()
  })

  it('types the response as the wire shows it and narrows stream events on type', () => {
    expectTypeOf<TranscriptionResponse['language']>().toEqualTypeOf<string | null | undefined>()
    expectTypeOf<NonNullable<TranscriptionResponse['segments']>[number]['speaker_id']>().toEqualTypeOf<
      string | null | undefined
    >()
    expectTypeOf<ReturnType<typeof audioTranscriptionsStream>>().toEqualTypeOf<
      Promise<EventStream<TranscriptionStreamEvent>>
    >()
    const narrow = (event: TranscriptionStreamEvent) => {
      if (event.type === 'transcription.text.delta') expectTypeOf(event.text).toEqualTypeOf<string>()
      if (event.type === 'transcription.language') expectTypeOf(event.audio_language).toEqualTypeOf<string>()
      if (event.type === 'transcription.done')
        expectTypeOf(event.usage.prompt_audio_seconds).toEqualTypeOf<number | null | undefined>()
    }
    expectTypeOf(narrow).toBeFunction()
  })
})
