import {
  array,
  boolean,
  custom,
  type InferInput,
  type InferOutput,
  literal,
  looseObject,
  nullish,
  number,
  optional,
  string,
} from 'valibot'
import { UsageInfoSchema } from '../chat/schemas.js'
import { openEnum, openVariant, readonlyArray } from '../core/schemas.js'

// Open schemas (shared/API.md §1, §9): requests check types and required fields only, responses are `looseObject` +
// `nullish` wherever the wire has omitted or nulled a field, stream events an open union on `type`.

// ---------------------------------------------------------------------------------------------------------------
// Transcriptions (`POST /v1/audio/transcriptions`, multipart)
// ---------------------------------------------------------------------------------------------------------------

/** What a transcription accepts as the audio: web-platform types only, so it works in browsers and Workers. */
export type AudioFileInput = Blob | Uint8Array | ArrayBuffer

/** `timestamp_granularities` items: `'segment' | 'word'` or a newer value. */
export const TimestampGranularitySchema = openEnum(['segment', 'word'])

/**
 * `POST /v1/audio/transcriptions` request (AudioTranscriptionRequest), sent as multipart/form-data: the audio as
 * `file` (a `Blob`, `File`, `Uint8Array` or `ArrayBuffer`; `filename` names it, else a `File`'s own name), or as
 * `file_url`, or as `file_id` (an upload with purpose `audio`). `context_bias` and `timestamp_granularities` go as
 * repeated form fields. `stream` is set by the function called. Unknown fields are sent as form fields too.
 */
export const AudioTranscriptionRequestSchema = looseObject({
  model: string(),
  file: nullish(
    custom<AudioFileInput>(
      (input) => input instanceof Blob || input instanceof Uint8Array || input instanceof ArrayBuffer,
      'must be a Blob, File, Uint8Array or ArrayBuffer',
    ),
  ),
  /** The name of the file part (not a wire field). */
  filename: optional(string()),
  file_url: nullish(string()),
  file_id: nullish(string()),
  /** A language hint such as `'en'`. */
  language: nullish(string()),
  temperature: nullish(number()),
  stream: optional(boolean()),
  /** Label segments with a `speaker_id`. */
  diarize: optional(boolean()),
  /** Words or phrases (without spaces or commas) the transcription should favour. */
  context_bias: optional(readonlyArray(string())),
  timestamp_granularities: optional(readonlyArray(TimestampGranularitySchema)),
})

/**
 * `usage` of a transcription: the chat counts plus what the wire adds (`prompt_audio_seconds`,
 * `prompt_tokens_details.audio_tokens`, `service_tier`, and in some copies `request_count`, `num_cached_tokens`).
 */
export const TranscriptionUsageSchema = looseObject({
  ...UsageInfoSchema.entries,
  prompt_tokens_details: nullish(looseObject({ cached_tokens: nullish(number()), audio_tokens: nullish(number()) })),
  request_count: nullish(number()),
  num_cached_tokens: nullish(number()),
})

/** A timed piece of a transcription, `{ type: 'transcription_segment', text, start, end, speaker_id? }` (seconds). */
export const TranscriptionSegmentChunkSchema = looseObject({
  type: optional(literal('transcription_segment')),
  text: string(),
  start: number(),
  end: number(),
  score: nullish(number()),
  /** `speaker_1`, ... when `diarize` was asked. */
  speaker_id: nullish(string()),
})

/** The fields of a whole transcription, shared by the response and the stream's last event. */
const TranscriptionEntries = {
  model: string(),
  text: string(),
  /** `null` on the wire today, even when a language hint was sent. */
  language: nullish(string()),
  /** Empty unless `timestamp_granularities` or `diarize` asked for them. */
  segments: nullish(array(TranscriptionSegmentChunkSchema)),
  usage: TranscriptionUsageSchema,
  finish_reason: nullish(string()),
}

/** `POST /v1/audio/transcriptions` response (TranscriptionResponse), as the wire shows it. */
export const TranscriptionResponseSchema = looseObject(TranscriptionEntries)

/** `transcription.language`: the language detected, `{ type, audio_language }`. */
export const TranscriptionStreamLanguageSchema = looseObject({
  type: literal('transcription.language'),
  audio_language: string(),
})

/** `transcription.text.delta`: the next piece of text. */
export const TranscriptionStreamTextDeltaSchema = looseObject({
  type: literal('transcription.text.delta'),
  text: string(),
})

/** `transcription.segment`: a finished segment with its times (when segments were asked). */
export const TranscriptionStreamSegmentDeltaSchema = looseObject({
  type: literal('transcription.segment'),
  text: string(),
  start: number(),
  end: number(),
  speaker_id: nullish(string()),
})

/** `transcription.done`, the stream's last event: the whole transcription with its usage. */
export const TranscriptionStreamDoneSchema = looseObject({
  ...TranscriptionEntries,
  type: literal('transcription.done'),
})

/**
 * One event of a streamed transcription (the `data` of TranscriptionStreamEvents), discriminated on `type`; an event
 * of a type this library does not know yet passes as it is.
 */
export const TranscriptionStreamEventSchema = openVariant('type', [
  TranscriptionStreamLanguageSchema,
  TranscriptionStreamTextDeltaSchema,
  TranscriptionStreamSegmentDeltaSchema,
  TranscriptionStreamDoneSchema,
])

// ---------------------------------------------------------------------------------------------------------------
// Speech (`POST /v1/audio/speech`)
// ---------------------------------------------------------------------------------------------------------------

/** `response_format` of a speech: `'pcm' | 'wav' | 'mp3' | 'flac' | 'opus'` or a newer value (the API's default: mp3). */
export const SpeechOutputFormatSchema = openEnum(['pcm', 'wav', 'mp3', 'flac', 'opus'])

/** `POST /v1/audio/speech` request (SpeechRequest): the text as `input`, a preset or custom `voice_id` or a `ref_audio`. */
export const SpeechRequestSchema = looseObject({
  input: string(),
  model: nullish(string()),
  voice_id: nullish(string()),
  /** A reference recording, base64. */
  ref_audio: nullish(string()),
  response_format: optional(SpeechOutputFormatSchema),
  prompt_cache_key: nullish(string()),
  metadata: nullish(looseObject({})),
})

/** `POST /v1/audio/speech` response: `{ audio_data }`, the audio base64-encoded in the format asked. */
export const SpeechResponseSchema = looseObject({ audio_data: string() })

/** `timestamp_granularities` item (an open union). */
export type TimestampGranularity = InferInput<typeof TimestampGranularitySchema>
/** Request of `audioTranscriptionsComplete` and `audioTranscriptionsStream`. */
export type AudioTranscriptionRequest = InferInput<typeof AudioTranscriptionRequestSchema>
/** `usage` of a transcription. */
export type TranscriptionUsage = InferOutput<typeof TranscriptionUsageSchema>
/** A timed segment of a transcription. */
export type TranscriptionSegmentChunk = InferOutput<typeof TranscriptionSegmentChunkSchema>
/** A whole transcription. */
export type TranscriptionResponse = InferOutput<typeof TranscriptionResponseSchema>
/** `transcription.language` event. */
export type TranscriptionStreamLanguage = InferOutput<typeof TranscriptionStreamLanguageSchema>
/** `transcription.text.delta` event. */
export type TranscriptionStreamTextDelta = InferOutput<typeof TranscriptionStreamTextDeltaSchema>
/** `transcription.segment` event. */
export type TranscriptionStreamSegmentDelta = InferOutput<typeof TranscriptionStreamSegmentDeltaSchema>
/** `transcription.done` event. */
export type TranscriptionStreamDone = InferOutput<typeof TranscriptionStreamDoneSchema>
/** One event of a streamed transcription, discriminated on `type`. */
export type TranscriptionStreamEvent = InferOutput<typeof TranscriptionStreamEventSchema>
/** `response_format` of a speech (an open union). */
export type SpeechOutputFormat = InferInput<typeof SpeechOutputFormatSchema>
/** Request of `audioSpeechComplete`. */
export type SpeechRequest = InferInput<typeof SpeechRequestSchema>
/** Response of `audioSpeechComplete`. */
export type SpeechResponse = InferOutput<typeof SpeechResponseSchema>
