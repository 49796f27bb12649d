import { InvalidRequestError } from '@mistral-edge/client'
import { assertValid } from '@mistral-edge/client/validation'
import type { GenericSchema } from 'valibot'
import { errorResponse } from './errors.js'

/**
 * Reads a request body of at most `maxBytes` bytes, counting as it reads, so a client that sends more than it
 * announced (or no `Content-Length`) is cut off too. A `Content-Length` that is not a plain number is refused, and a
 * client that goes away before its body is complete ends in a handled 400 (nobody reads it), never an exception.
 *
 * @param request - the incoming request.
 * @param maxBytes - the cap.
 * @returns the body bytes, or a 400/413 response in Mistral's error shape.
 */
async function readCappedBytes(request: Request, maxBytes: number): Promise<Uint8Array | Response> {
  const tooLarge = () =>
    errorResponse(413, `Request body too large: the limit is ${maxBytes} bytes`, 'invalid_request_error')
  const announced = request.headers.get('content-length')
  if (announced !== null && !/^\d{1,15}$/.test(announced.trim())) {
    return errorResponse(400, 'Invalid request: Content-Length is not a number of bytes', 'invalid_request_error')
  }
  if (Number(announced ?? 0) > maxBytes) return tooLarge()
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        reader.cancel().catch(() => {})
        return tooLarge()
      }
      chunks.push(value)
    }
  } catch (error) {
    reader.cancel().catch(() => {})
    const reason = error instanceof Error ? error.message : String(error)
    console.log(JSON.stringify({ event: 'request_body_incomplete', received: size, announced, reason }))
    return errorResponse(400, 'Invalid request: the body ended before it was complete', 'invalid_request_error')
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Options of {@link readValidBody}. */
export interface ReadBodyOptions {
  /** The only fields a caller may send; any other is refused with a 400 naming it, before the schema runs. */
  fields?: readonly string[] | undefined
  /** The path parameters, validated with the body: the endpoint functions take them as request fields. */
  params?: Record<string, string> | undefined
  /** `multipart/form-data` (audio) instead of JSON. */
  multipart?: boolean | undefined
}

/** The 400 for a failed validation, naming the first failing field. */
function invalid(error: InvalidRequestError): Response {
  const path = error.issues[0]?.path?.map((item) => item.key).join('.') || null
  return errorResponse(400, error.message, 'invalid_request_error', path)
}

/**
 * A multipart form as a request object: text fields as strings (`true`/`false` and numbers of the fields the schema
 * types so, repeated fields as arrays), the file part as a `Blob` with its name.
 */
async function formFields(bytes: Uint8Array, contentType: string): Promise<Record<string, unknown> | Response> {
  let form: FormData
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
  } catch {
    return errorResponse(400, 'Invalid request: the body is not multipart/form-data', 'invalid_request_error')
  }
  const body: Record<string, unknown> = {}
  const repeated = new Set(['context_bias', 'timestamp_granularities'])
  for (const [name, entry] of form) {
    // workers-types types FormData values as strings; a file part is a File.
    const value = entry as unknown as string | File
    if (typeof value !== 'string') {
      body[name] = value
      if (name === 'file' && value.name && body.filename === undefined) body.filename = value.name
      continue
    }
    let parsed: unknown = value
    if (name === 'stream' || name === 'diarize') parsed = value === 'true' ? true : value === 'false' ? false : value
    if (name === 'temperature' && value.trim() !== '' && Number.isFinite(Number(value))) parsed = Number(value)
    if (repeated.has(name)) body[name] = [...((body[name] as unknown[] | undefined) ?? []), parsed]
    else body[name] = parsed
  }
  return body
}

/**
 * Reads a JSON (or multipart) request body and validates it, once, with the schema `withValidation` uses for the
 * route's endpoint (the upstream client then forwards it without checking again). The object is returned as the
 * client sent it (unknown fields included), never the schema's output, and without the path parameters.
 *
 * @param request - the incoming request.
 * @param schema - e.g. `ChatCompletionRequestSchema`.
 * @param maxBytes - the body cap.
 * @param options - the fields a caller may send, the path parameters, multipart.
 * @returns the body, or a 400/413 response in Mistral's error shape that names the field at fault.
 */
export async function readValidBody(
  request: Request,
  schema: GenericSchema,
  maxBytes: number,
  options: ReadBodyOptions = {},
): Promise<Record<string, unknown> | Response> {
  const bytes = await readCappedBytes(request, maxBytes)
  if (bytes instanceof Response) return bytes
  let body: unknown
  if (options.multipart) {
    const contentType = request.headers.get('content-type') ?? ''
    if (!/^multipart\/form-data\s*;/i.test(contentType)) {
      return errorResponse(400, 'Invalid request: send multipart/form-data', 'invalid_request_error')
    }
    const fields = await formFields(bytes, contentType)
    if (fields instanceof Response) return fields
    body = fields
  } else {
    try {
      body = JSON.parse(new TextDecoder().decode(bytes))
    } catch {
      return errorResponse(400, 'Invalid request: the body is not valid JSON', 'invalid_request_error')
    }
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
    return invalid(error)
  }
  return body as Record<string, unknown>
}
