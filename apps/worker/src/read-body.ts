import { InvalidRequestError } from '@mistral-edge/client'
import { assertValid } from '@mistral-edge/client/validation'
import type { GenericSchema } from 'valibot'
import { errorResponse } from './errors.js'

/**
 * Reads a request body of at most `maxBytes` bytes, counting as it reads, so a client that sends more than it
 * announced (or no `Content-Length`) is cut off too.
 *
 * @param request - the incoming request.
 * @param maxBytes - the cap.
 * @returns the body text, or a 413 response in Mistral's error shape.
 */
export async function readCappedText(request: Request, maxBytes: number): Promise<string | Response> {
  const tooLarge = () => errorResponse(413, `Request body too large: the limit is ${maxBytes} bytes`, 'invalid_request_error')
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return tooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}

/** Options of {@link readValidBody}. */
export interface ReadBodyOptions {
  /** The only fields a caller may send; any other is refused with a 400 naming it, before the schema runs. */
  fields?: readonly string[] | undefined
  /** The path parameters, validated with the body: the endpoint functions take them as request fields. */
  params?: Record<string, string> | undefined
}

/**
 * Reads a JSON request body and validates it, once, with the schema `withValidation` uses for the route's endpoint
 * (the upstream client then forwards it without checking again). The object is returned as the client sent it
 * (unknown fields included), never the schema's output, and without the path parameters.
 *
 * @param request - the incoming request.
 * @param schema - e.g. `ChatCompletionRequestSchema`.
 * @param maxBytes - the body cap.
 * @param options - the fields a caller may send, and the path parameters.
 * @returns the body, or a 400/413 response in Mistral's error shape that names the field at fault.
 */
export async function readValidBody(
  request: Request,
  schema: GenericSchema,
  maxBytes: number,
  options: ReadBodyOptions = {},
): Promise<Record<string, unknown> | Response> {
  const text = await readCappedText(request, maxBytes)
  if (text instanceof Response) return text
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return errorResponse(400, 'Invalid request: the body is not valid JSON', 'invalid_request_error')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return errorResponse(400, 'Invalid request: the body must be a JSON object', 'invalid_request_error')
  }
  const { fields, params = {} } = options
  const refused = fields && Object.keys(body).find((name) => !fields.includes(name))
  if (refused) {
    const message = `Invalid request: ${refused}: not accepted here; send only ${fields.join(', ')}`
    return errorResponse(400, message, 'invalid_request_error', refused)
  }
  try {
    assertValid(schema, { ...body, ...params }, 'request')
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error
    const path = error.issues[0]?.path?.map((item) => item.key).join('.') || null
    return errorResponse(400, error.message, 'invalid_request_error', path)
  }
  return body as Record<string, unknown>
}
