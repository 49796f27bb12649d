import type { Client, RequestOptions } from '../core/client.js'
import { multipart } from '../core/multipart.js'
import type { Endpoint } from '../core/request.js'
import type { EventStream } from '../streaming/event-stream.js'
import { openStream } from '../streaming/open-stream.js'
import type { AudioTranscriptionRequest, TranscriptionStreamEvent } from './schemas.js'

const endpoint: Endpoint = {
  name: 'audioTranscriptionsStream',
  method: 'POST',
  path: '/v1/audio/transcriptions',
  encode: multipart,
}

/** The stream's end marker: the whole transcription comes last. */
const last = (event: TranscriptionStreamEvent) => event.type === 'transcription.done'

/**
 * Streams a transcription as server-sent events (the form field `stream=true` is added to the request).
 *
 * @param client - from `createClient`.
 * @param request - as for `audioTranscriptionsComplete`.
 * @param options - signal (aborting it mid-stream throws `RequestAbortedError`), timeout until the headers,
 * `idleTimeoutMs` between chunks, retries (before the headers only), headers.
 * @returns an `EventStream<TranscriptionStreamEvent>` once the response headers are in, ending after
 * `transcription.done`: `transcription.language`, `transcription.text.delta` (`text`), `transcription.segment` (`text`,
 * `start`, `end`, `speaker_id?`), then `transcription.done` (the whole transcription with `usage`); an event of a newer
 * type passes as it is.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer; iterating
 *   throws `StreamError` (`truncated` when the body ends before `transcription.done`, `server-error` for an error
 *   event, `malformed`, `idle-timeout`, `connection`).
 * @example
 * ```ts
 * const stream = await audioTranscriptionsStream(client, { model: 'voxtral-mini-latest', file_url: 'https://example.com/a.mp3' })
 * for await (const event of stream) if (event.type === 'transcription.text.delta') process.stdout.write(event.text)
 * ```
 * @see https://docs.mistral.ai/api/#tag/audio.transcriptions/operation/audio_api_v1_transcriptions_post_stream
 */
export function audioTranscriptionsStream(
  client: Client,
  request: AudioTranscriptionRequest,
  options?: RequestOptions,
): Promise<EventStream<TranscriptionStreamEvent>> {
  return openStream(client, endpoint, request, options, last)
}
