import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { SpeechRequest, SpeechResponse } from './schemas.js'

const endpoint: Endpoint = { name: 'audioSpeechComplete', method: 'POST', path: '/v1/audio/speech' }

/**
 * Generates speech from text.
 *
 * @param client - from `createClient`.
 * @param request - `{ input, model?, voice_id?, ref_audio?, response_format? ('pcm' | 'wav' | 'mp3' | 'flac' |
 *   'opus'; the API's default is mp3), ... }`.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns `{ audio_data }`: the audio, base64-encoded, in the format asked.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer
 *   (`HTTPValidationError` for a 422); `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const { audio_data } = await audioSpeechComplete(client, { input: 'Hello!', voice_id, response_format: 'wav' })
 * const audio = new Audio(`data:audio/wav;base64,${audio_data}`)
 * ```
 * @see https://docs.mistral.ai/api/#tag/audio.speech/operation/speech_v1_audio_speech_post
 */
export function audioSpeechComplete(
  client: Client,
  request: SpeechRequest,
  options?: RequestOptions,
): Promise<SpeechResponse> {
  return callJson(client, endpoint, request, options)
}
