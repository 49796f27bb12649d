import type { Client, RequestOptions } from '../core/client.js'
import { multipart } from '../core/multipart.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { AudioTranscriptionRequest, TranscriptionResponse } from './schemas.js'

const endpoint: Endpoint = {
  name: 'audioTranscriptionsComplete',
  method: 'POST',
  path: '/v1/audio/transcriptions',
  encode: multipart,
}

/**
 * Transcribes audio (multipart/form-data): a file sent with the request, a URL, or an uploaded file's id.
 *
 * @param client - from `createClient`.
 * @param request - `{ model, file?, filename?, file_url?, file_id?, language?, temperature?, diarize?, context_bias?,
 *   timestamp_granularities? }`. `file` is a `Blob`, `File`, `Uint8Array` or `ArrayBuffer`; a `File`'s own name is
 *   used when `filename` is omitted. Arrays go as repeated form fields.
 * @param options - signal, timeout, retries, headers for this call.
 * @returns the transcription: `text`, `segments` (timed, with `speaker_id` when `diarize`), `language` (`null` on the
 *   wire today) and `usage` (`prompt_audio_seconds`, `prompt_tokens_details.audio_tokens`, ...).
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer
 *   (`HTTPValidationError` for a 422); `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const file = input.files[0] // a File picked in a browser
 * const { text, segments } = await audioTranscriptionsComplete(client, {
 *   model: 'voxtral-mini-latest', file, diarize: true, timestamp_granularities: ['segment'],
 * })
 * ```
 * @see https://docs.mistral.ai/api/#tag/audio.transcriptions/operation/audio_api_v1_transcriptions_post
 */
export function audioTranscriptionsComplete(
  client: Client,
  request: AudioTranscriptionRequest,
  options?: RequestOptions,
): Promise<TranscriptionResponse> {
  return callJson(client, endpoint, request, options)
}
