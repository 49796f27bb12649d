// Helpers shared by the test files (never imported by the library, so never in dist or a bundle).
import type { FetchFunction } from './core/client.js'

/**
 * A fetch that records each request body and answers `body` with 200.
 *
 * @param body - the answer; default an empty chat completion.
 * @returns the fetch and the bodies it saw, in order.
 */
export function recordingFetch(body = '{"id":"a","object":"chat.completion","created":1,"model":"m","choices":[]}'): {
  fetch: FetchFunction
  bodies: string[]
} {
  const bodies: string[] = []
  const fetch: FetchFunction = async (_input, init) => {
    bodies.push(String(init?.body))
    return new Response(body)
  }
  return { fetch, bodies }
}

/**
 * Iterates a stream to its end or its first error.
 *
 * @param stream - any async iterable (an `EventStream`, a `textStream`, ...).
 * @returns what arrived, and the error (`undefined` after a clean end).
 */
export async function drain<E>(stream: AsyncIterable<E>): Promise<{ chunks: E[]; error: unknown }> {
  const chunks: E[] = []
  try {
    for await (const chunk of stream) chunks.push(chunk)
    return { chunks, error: undefined }
  } catch (error) {
    return { chunks, error }
  }
}

/**
 * A real 16 kHz 16-bit mono WAV file: a 44-byte RIFF header, then `seconds` of samples.
 *
 * @param seconds - the length.
 * @param step - the sample bytes are `index * step % 256` (two files of one length differ by their step).
 * @returns the file's bytes.
 */
export function wavFile(seconds: number, step = 7): Uint8Array {
  const dataSize = Math.round(seconds * 16000) * 2
  const bytes = new Uint8Array(44 + dataSize).map((_, index) => (index * step) % 256)
  const view = new DataView(bytes.buffer)
  const ascii = (text: string, offset: number) => bytes.set(new TextEncoder().encode(text), offset)
  ascii('RIFF', 0)
  view.setUint32(4, 36 + dataSize, true)
  ascii('WAVEfmt ', 8)
  view.setUint32(16, 16, true) // fmt chunk size
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, 16000, true) // sample rate
  view.setUint32(28, 32000, true) // byte rate
  view.setUint16(32, 2, true) // block align
  view.setUint16(34, 16, true) // bits per sample
  ascii('data', 36)
  view.setUint32(40, dataSize, true)
  return bytes
}

/** The moderation captures of fixtures/wire/json (provenance in fixtures/wire/SOURCES.md). */
export const MODERATION_CAPTURES = [
  'moderation_chat_2025-10-21.json',
  'moderation_chat_flagged_mistral-moderation-2603_docs.json',
  'moderation_text_2inputs_flagged_mistral-moderation-2603_docs.json',
  'moderation_text_mistral-moderation-2411_2025-06_fixture.json',
  'moderation_text_multiple_2025-10-12.json',
  'moderation_text_single_a_2025-10-12.json',
  'moderation_text_single_b_2025-10-12.json',
  'sdk_reserialized/cookbook_moderation_chat_financial_flagged_2024-12.json',
  'sdk_reserialized/cookbook_moderation_chat_hate_violence_flagged_2024-12.json',
]

/** The classification captures of fixtures/wire/json. */
export const CLASSIFICATION_CAPTURES = [
  'sdk_reserialized/cookbook_classification_intent_2025-04.json',
  'sdk_reserialized/cookbook_classification_moderation-ft_2025-04.json',
  'sdk_reserialized/cookbook_classification_food_country_multitarget_2025-04.json',
]

/** The fine-tuned classifier the cookbook captures were made with. */
export const CLASSIFIER = 'ft:classifier:ministral-3b-latest:8e2706f0:20250416:db22ea7e'

/** The transcription captures of fixtures/wire/json (real bodies and docs copies; provenance in fixtures/wire/SOURCES.md). */
export const TRANSCRIPTION_CAPTURES = [
  'transcription_plain_voxtral-mini_2026-08-19.json',
  'transcription_language-en_voxtral-mini_2026-08-19.json',
  'transcription_diarize-segment_voxtral-mini_2026-08-19.json',
  'transcription_diarize_obama_voxtral-mini_docs.json',
  'transcription_context_bias_obama_voxtral-mini_docs.json',
  'vercel-ai_transcription_voxtral.json',
]
