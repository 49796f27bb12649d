import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import { type Endpoint, send } from '../core/request.js'
import { ConnectionError } from '../errors/connection-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import type { FileIdRequest } from './schemas.js'

const endpoint: Endpoint = { name: 'filesDownload', method: 'GET', path: '/v1/files/{file_id}/content', fillPath }

/**
 * Hands the body on chunk by chunk, detaching the caller's signal once it is read to the end, and turning a broken
 * read into this library's errors. Cancelling the returned stream closes the connection.
 */
function guard(
  body: ReadableStream<Uint8Array> | null,
  controller: AbortController,
  release: () => void,
  signal: AbortSignal | undefined,
) {
  if (!body) release()
  const reader = body?.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(stream) {
      try {
        const chunk = await reader?.read()
        if (chunk && !chunk.done) return stream.enqueue(chunk.value)
        release()
        stream.close()
      } catch (cause) {
        release()
        stream.error(
          signal?.aborted
            ? new RequestAbortedError(signal.reason)
            : new ConnectionError(`Connection error: ${cause instanceof Error ? cause.message : String(cause)}`, cause),
        )
      }
    },
    async cancel(reason) {
      release()
      await reader?.cancel(reason).catch(() => {})
      controller.abort(reason)
    },
  })
}

/**
 * Downloads a file's content as a stream. `timeoutMs` covers the response headers only; the caller's `signal` also
 * aborts the body.
 *
 * @param client - from `createClient`.
 * @param request - `{ file_id }`.
 * @param options - signal, timeout (headers only), retries, headers for this call.
 * @returns the body, a `ReadableStream<Uint8Array>` (read it, or `cancel()` it to close the connection).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 *   While reading: `RequestAbortedError` when the signal aborted, `ConnectionError` when the connection broke.
 * @example
 * ```ts
 * const body = await filesDownload(client, { file_id })
 * const text = await new Response(body).text()
 * ```
 * @see https://docs.mistral.ai/api/#tag/files/operation/files_api_routes_download_file
 */
export async function filesDownload(
  client: Client,
  request: FileIdRequest,
  options?: RequestOptions,
): Promise<ReadableStream<Uint8Array>> {
  const { response, controller, release } = await send(client, endpoint, request, options, 'application/octet-stream')
  return guard(response.body, controller, release, options?.signal)
}
