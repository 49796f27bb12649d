import { type GenericSchema, safeParse } from 'valibot'
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

/**
 * Reads a JSON request body and validates it with one of the library's schemas. The object is returned as the
 * client sent it (unknown fields included), never the schema's output.
 *
 * @param request - the incoming request.
 * @param schema - e.g. `ChatCompletionRequestSchema`.
 * @param maxBytes - the body cap.
 * @returns the body, or a 400/413 response in Mistral's error shape that names the field at fault.
 */
export async function readValidBody(request: Request, schema: GenericSchema, maxBytes: number): Promise<Record<string, unknown> | Response> {
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
  const result = safeParse(schema, body)
  if (result.success) return body as Record<string, unknown>
  const fields = result.issues.map((issue) => ({ path: issue.path?.map((item) => item.key).join('.') || '(body)', message: issue.message }))
  const message = `Invalid request: ${fields.map((field) => `${field.path}: ${field.message}`).join('; ')}`
  return errorResponse(400, message, 'invalid_request_error', fields[0]?.path ?? null)
}
