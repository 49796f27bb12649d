import { apiError, detailError, json, type Route, type RouteContext, readJson, validationError } from './http.js'
import { hashString } from './random.js'
import type { MockState } from './state.js'
import { type Detail, enumIssue, missing, numberIssue, stringIssue, uuidIssue } from './validation.js'

// `POST /v1/ocr`, deterministic from the document: a PDF is read for its pages (`/Type /Page` objects), their
// MediaBox and the text of their content streams (`(...) Tj`, `[...] TJ`, Flate-compressed or not); an image for its
// pixel size (PNG IHDR, JPEG SOF, GIF, WebP); a text document for its text. A remote URL cannot be fetched by a mock,
// so it reads as a one-page document named after the URL (a `.invalid` host, which never resolves, answers the real
// 400 "could not be fetched"). Shaped like fixtures/wire/json/ocr_2026-08-19.json, key order included.

type Body = Record<string, unknown>

/** The request fields OCRRequest knows (current spec, plus the earlier `id`); the API refuses any other. */
const FIELDS = [
  'model',
  'document',
  'id',
  'pages',
  'include_image_base64',
  'image_limit',
  'image_min_size',
  'bbox_annotation_format',
  'document_annotation_format',
  'document_annotation_prompt',
  'table_format',
  'extract_header',
  'extract_footer',
  'include_blocks',
  'confidence_scores_granularity',
]
/** The document kinds (FileChunk, DocumentURLChunk, ImageURLChunk) and their fields, required one first. */
const KINDS: Record<string, string[]> = {
  file: ['file_id'],
  document_url: ['document_url', 'document_name'],
  image_url: ['image_url'],
}
const FORMATS = ['bbox_annotation_format', 'document_annotation_format'] as const
/** An 8x8 JPEG: the `image_base64` of a figure cut from a PDF page (the real ones are JPEG `data:` URLs too). */
const FIGURE =
  'data:image/jpeg;base64,/9j/2wBDABQODxIPDRQSEBIXFRQYHjIhHhwcHj0sLiQySUBMS0dARkVQWnNiUFVtVkVGZIhlbXd7gYKBTmCNl4x9lnN+gXz/2wBDARUXFx4aHjshITt8U0ZTfHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHz/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCMBXCf/9k='
/** The resolution pages are rendered at today (the 2026 capture: a US Letter page is 791 x 1023 at 93 dpi). */
const PDF_DPI = 93
const IMAGE_DPI = 200

const boolIssue = (value: unknown, loc: (string | number)[]): Detail | undefined =>
  value === undefined || typeof value === 'boolean'
    ? undefined
    : { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: value }

/** The kind of a document: its `type`, or (the spec gives `type` a default) the kind whose required field it has. */
const kindOf = (document: Body) =>
  typeof document.type === 'string'
    ? document.type
    : Object.keys(KINDS).find((kind) => ((KINDS[kind] as string[])[0] as string) in document)

/** The pydantic checks of OCRRequest, as the API reports them in its 422 `detail`. */
function validate(body: Body): Detail[] {
  const details: (Detail | undefined)[] = []
  for (const field of Object.keys(body)) {
    if (!FIELDS.includes(field))
      details.push({
        type: 'extra_forbidden',
        loc: ['body', field],
        msg: 'Extra inputs are not permitted',
        input: body[field],
      })
  }
  for (const field of ['model', 'document']) if (!(field in body)) details.push(missing(['body', field], body))
  for (const field of ['model', 'id', 'document_annotation_prompt'])
    if (body[field] != null) details.push(stringIssue(body[field], ['body', field]))
  const document = body.document
  if (document !== undefined) {
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      details.push({
        type: 'model_attributes_type',
        loc: ['body', 'document'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: document,
      })
    } else {
      const kind = kindOf(document as Body)
      const fields = kind === undefined ? undefined : KINDS[kind]
      if (kind === undefined) {
        // No kind to pick: pydantic reports every member of the union.
        for (const [name, [required]] of Object.entries(KINDS))
          details.push(missing(['body', 'document', name, required as string], document))
      } else if (!fields) {
        const tags = Object.keys(KINDS)
          .map((name) => `'${name}'`)
          .join(', ')
        const msg = `Input tag '${kind}' found using 'type' does not match any of the expected tags: ${tags}`
        details.push({
          type: 'union_tag_invalid',
          loc: ['body', 'document'],
          msg,
          input: document,
          ctx: { discriminator: "'type'", tag: kind, expected_tags: tags },
        })
      } else {
        const entries = document as Body
        const loc = ['body', 'document', kind]
        for (const key of Object.keys(entries)) {
          if (key !== 'type' && !fields.includes(key))
            details.push({
              type: 'extra_forbidden',
              loc: [...loc, key],
              msg: 'Extra inputs are not permitted',
              input: entries[key],
            })
        }
        const [required] = fields as [string]
        const value = entries[required]
        if (value === undefined) details.push(missing([...loc, required], document))
        else if (kind === 'image_url' && typeof value === 'object' && value !== null) {
          const url = (value as Body).url
          details.push(
            url === undefined ? missing([...loc, required, 'url'], value) : stringIssue(url, [...loc, required, 'url']),
          )
        } else
          details.push(
            stringIssue(value, [...loc, required]) ??
              (kind === 'file' ? uuidIssue(value as string, [...loc, required]) : undefined),
          )
        if (entries.document_name != null) details.push(stringIssue(entries.document_name, [...loc, 'document_name']))
      }
    }
  }
  const pages = body.pages
  if (Array.isArray(pages))
    pages.forEach((page, index) => details.push(numberIssue(page, ['body', 'pages', index], { integer: true })))
  else if (pages != null && typeof pages !== 'string')
    details.push({ type: 'list_type', loc: ['body', 'pages'], msg: 'Input should be a valid list', input: pages })
  else if (typeof pages === 'string' && !/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/.test(pages)) {
    details.push({
      type: 'value_error',
      loc: ['body', 'pages'],
      msg: `Value error, Invalid pages: '${pages}'`,
      input: pages,
      ctx: { error: `Invalid pages: '${pages}'` },
    })
  }
  for (const field of ['include_image_base64', 'extract_header', 'extract_footer', 'include_blocks'])
    if (body[field] !== null) details.push(boolIssue(body[field], ['body', field]))
  for (const field of ['image_limit', 'image_min_size'])
    if (body[field] != null) details.push(numberIssue(body[field], ['body', field], { integer: true }))
  if (body.table_format != null)
    details.push(enumIssue(body.table_format, ['markdown', 'html'], ['body', 'table_format']))
  if (body.confidence_scores_granularity != null)
    details.push(
      enumIssue(
        body.confidence_scores_granularity,
        ['word', 'page', 'block'],
        ['body', 'confidence_scores_granularity'],
      ),
    )
  for (const field of FORMATS) {
    const format = body[field] as Body | null | undefined
    if (format == null) continue
    if (typeof format !== 'object' || Array.isArray(format)) {
      details.push({
        type: 'model_attributes_type',
        loc: ['body', field],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: format,
      })
    } else if (format.type !== 'json_schema') {
      const error = 'Only json_schema is valid for this field'
      details.push({
        type: 'value_error',
        loc: ['body', field],
        msg: `Value error, ${error}`,
        input: format,
        ctx: { error },
      })
    } else if (typeof format.json_schema !== 'object' || format.json_schema === null)
      details.push(missing(['body', field, 'json_schema'], format))
  }
  return details.filter((detail): detail is Detail => detail !== undefined)
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the document
// ---------------------------------------------------------------------------------------------------------------

/** One page as read: its text paragraphs and size. */
interface PageRead {
  paragraphs: string[]
  width: number
  height: number
  dpi: number
}

/** A document as read. */
interface DocumentRead {
  name: string
  size: number
  pages: PageRead[]
  /** For an image document: its own `data:` URL, what `image_base64` returns. */
  image?: string
}

/** Bytes as a binary string, one character per byte (for regexes over PDF syntax). */
function binary(bytes: Uint8Array): string {
  let out = ''
  for (let start = 0; start < bytes.length; start += 0x6000)
    out += String.fromCharCode.apply(null, bytes.subarray(start, start + 0x6000) as unknown as number[])
  return out
}

const toBytes = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0))
const u16 = (bytes: Uint8Array, at: number, little = false) =>
  little ? (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) : ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
const u32 = (bytes: Uint8Array, at: number) => ((u16(bytes, at) << 16) | u16(bytes, at + 2)) >>> 0

/** An image's pixel size from its header: PNG IHDR, JPEG SOFn, GIF, WebP (VP8, VP8L, VP8X). */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const head = binary(bytes.subarray(0, 32))
  if (head.startsWith('\x89PNG') && head.slice(12, 16) === 'IHDR')
    return { width: u32(bytes, 16), height: u32(bytes, 20) }
  if (head.startsWith('GIF8')) return { width: u16(bytes, 6, true), height: u16(bytes, 8, true) }
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') {
    const chunk = head.slice(12, 16)
    const at = (offset: number) => bytes[offset] ?? 0
    if (chunk === 'VP8X')
      return {
        width: 1 + (at(24) | (at(25) << 8) | (at(26) << 16)),
        height: 1 + (at(27) | (at(28) << 8) | (at(29) << 16)),
      }
    if (chunk === 'VP8 ') return { width: u16(bytes, 26, true) & 0x3fff, height: u16(bytes, 28, true) & 0x3fff }
    if (chunk === 'VP8L')
      return {
        width: 1 + (((at(22) & 0x3f) << 8) | at(21)),
        height: 1 + (((at(24) & 0xf) << 10) | (at(23) << 2) | ((at(22) & 0xc0) >> 6)),
      }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) return undefined
      const marker = bytes[at + 1] as number
      if (marker === 0xff) {
        at++
        continue
      }
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        at += 2
        continue
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: u16(bytes, at + 7), height: u16(bytes, at + 5) }
      at += 2 + u16(bytes, at + 2)
    }
  }
  return undefined
}

/** A PDF string's text: `(literal)` with its escapes, or UTF-16BE when it starts with a byte-order mark. */
function pdfText(raw: string): string {
  return raw.startsWith('\xfe\xff') ? new TextDecoder('utf-16be').decode(toBytes(raw.slice(2))) : raw
}

/** The paragraphs of a content stream: each BT ... ET text object one paragraph, each positioned line one line. */
export function contentText(content: string): string[] {
  const paragraphs: string[] = []
  let lines: string[] = []
  let line = ''
  let operands: unknown[] = []
  const newLine = () => {
    if (line.trim()) lines.push(line.trim())
    line = ''
  }
  let at = 0
  /** Reads a literal string at `(`, nested parentheses and escapes included. */
  const literal = (): string => {
    let out = ''
    let depth = 0
    for (at++; at < content.length; at++) {
      const character = content[at] as string
      if (character === '\\') {
        const next = content[++at] ?? ''
        const octal = /^[0-7]{1,3}/.exec(content.slice(at, at + 3))?.[0]
        if (octal) {
          out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff)
          at += octal.length - 1
        } else if (next === '\r' || next === '\n') {
          if (next === '\r' && content[at + 1] === '\n') at++
        } else out += { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[next] ?? next
      } else if (character === '(') {
        depth++
        out += character
      } else if (character === ')') {
        if (depth-- === 0) break
        out += character
      } else out += character
    }
    at++
    return pdfText(out)
  }
  const hex = (): string => {
    const end = content.indexOf('>', at)
    const digits = content.slice(at + 1, end < 0 ? content.length : end).replace(/\s/g, '')
    at = end < 0 ? content.length : end + 1
    return pdfText(
      (digits.length % 2 ? `${digits}0` : digits).replace(/../g, (pair) =>
        String.fromCharCode(Number.parseInt(pair, 16)),
      ),
    )
  }
  const stack: unknown[][] = []
  const push = (value: unknown) => (stack.at(-1) ?? operands).push(value)
  while (at < content.length) {
    const character = content[at] as string
    if (/\s/.test(character)) at++
    else if (character === '%') at = content.indexOf('\n', at) < 0 ? content.length : content.indexOf('\n', at)
    else if (character === '(') push(literal())
    else if (character === '<' && content[at + 1] !== '<') push(hex())
    else if (character === '[') {
      stack.push([])
      at++
    } else if (character === ']') {
      const array = stack.pop()
      if (array) push(array)
      at++
    } else {
      const token =
        /^(<<|>>|[{}]|\/[^\s/[\]()<>{}%]*|[+-]?(\d+\.?\d*|\.\d+)|[^\s/[\]()<>{}%]+)/.exec(
          content.slice(at, at + 256),
        )?.[0] ?? character
      at += token.length
      if (/^[+-]?(\d|\.\d)/.test(token)) push(Number(token))
      else if (token.startsWith('/') || token === '<<' || token === '>>' || token === '{' || token === '}') push(null)
      else {
        const last = operands.at(-1)
        if (token === 'Tj' && typeof last === 'string') line += last
        else if ((token === "'" || token === '"') && typeof last === 'string') {
          newLine()
          line += last
        } else if (token === 'TJ' && Array.isArray(last)) {
          for (const item of last)
            line += typeof item === 'string' ? item : typeof item === 'number' && item < -250 ? ' ' : ''
        } else if (token === 'Td' || token === 'TD' || token === 'T*' || token === 'Tm') newLine()
        else if (token === 'ET') {
          newLine()
          if (lines.length) paragraphs.push(lines.join('\n'))
          lines = []
        }
        operands = []
      }
    }
  }
  newLine()
  if (lines.length) paragraphs.push(lines.join('\n'))
  return paragraphs
}

/** Inflates a Flate stream with the web's DecompressionStream; `undefined` when it is not valid zlib data. */
async function inflate(data: string): Promise<string | undefined> {
  try {
    const stream = new Blob([toBytes(data)]).stream().pipeThrough(new DecompressionStream('deflate'))
    return binary(new Uint8Array(await new Response(stream).arrayBuffer()))
  } catch {
    return undefined
  }
}

/** The pages of a PDF, in object order: MediaBox (own, else the document's first, else US Letter) and text. */
async function readPdf(bytes: Uint8Array): Promise<PageRead[]> {
  const text = binary(bytes)
  const objects = new Map<string, string>()
  for (const match of text.matchAll(/(\d+)\s+\d+\s+obj\b([\s\S]*?)\bendobj\b/g))
    objects.set(match[1] as string, match[2] as string)
  const stream = async (body: string): Promise<string> => {
    const start = /\bstream\r?\n/.exec(body)
    if (!start) return ''
    const dictionary = body.slice(0, start.index)
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary)?.[1]
    const from = start.index + start[0].length
    const data = length
      ? body.slice(from, from + Number(length))
      : body.slice(from, body.lastIndexOf('endstream')).replace(/\r?\n$/, '')
    return /\/FlateDecode/.test(dictionary) ? ((await inflate(data)) ?? '') : data
  }
  const box = (body: string) => /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(body)
  const fallback = box(text)
  const pages: PageRead[] = []
  for (const body of objects.values()) {
    if (!/\/Type\s*\/Page(?![A-Za-z])/.test(body)) continue
    const [, x0 = '0', y0 = '0', x1 = '612', y1 = '792'] = box(body) ?? fallback ?? []
    const contents = /\/Contents\s*(?:(\d+)\s+\d+\s+R|\[([^\]]*)\])/.exec(body)
    const refs = contents?.[1]
      ? [contents[1]]
      : [...(contents?.[2] ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((ref) => ref[1] as string)
    let content = ''
    for (const ref of refs) content += `${await stream(objects.get(ref) ?? '')}\n`
    const scale = (points: number) => Math.round((Math.abs(points) * PDF_DPI) / 72)
    pages.push({
      paragraphs: contentText(content),
      width: scale(Number(x1) - Number(x0)),
      height: scale(Number(y1) - Number(y0)),
      dpi: PDF_DPI,
    })
  }
  if (pages.length) return pages
  // No parsable page object (a damaged or unusual file): count the page dictionaries, at least one.
  const count = Math.max(1, text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0)
  return Array.from({ length: count }, () => ({ paragraphs: [], width: 791, height: 1023, dpi: PDF_DPI }))
}

/** Decodes a `data:` URL, or `undefined` when it is not one. Throws on broken base64. */
function decodeDataUrl(url: string): { type: string; bytes: Uint8Array } | undefined {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url)
  if (!match) return undefined
  const type = (match[1] || 'text/plain').split(';')[0]?.trim().toLowerCase() ?? ''
  const data = match[3] as string
  return {
    type,
    bytes: match[2] ? toBytes(atob(data.replace(/\s/g, ''))) : new TextEncoder().encode(decodeURIComponent(data)),
  }
}

/** The media type the first bytes show, when the declared one says nothing. */
function sniff(bytes: Uint8Array, declared: string): string {
  const head = binary(bytes.subarray(0, 12))
  if (head.startsWith('%PDF-')) return 'application/pdf'
  if (imageSize(bytes))
    return head.startsWith('\x89PNG')
      ? 'image/png'
      : head.startsWith('GIF8')
        ? 'image/gif'
        : head.startsWith('RIFF')
          ? 'image/webp'
          : 'image/jpeg'
  return declared
}

/** Reads bytes of a known type and name into pages. */
async function readBytes(bytes: Uint8Array, declared: string, name: string): Promise<DocumentRead> {
  const type = sniff(bytes, declared)
  const size = bytes.byteLength
  if (type === 'application/pdf') return { name, size, pages: await readPdf(bytes) }
  if (type.startsWith('image/')) {
    const { width, height } = imageSize(bytes) ?? { width: 1024, height: 768 }
    const label = type.slice(6).toUpperCase()
    const paragraphs = [`# ${name}`, `A ${width} x ${height} ${label} image (${size} bytes), read by the mock OCR.`]
    return {
      name,
      size,
      pages: [{ paragraphs, width, height, dpi: IMAGE_DPI }],
      image: `data:${type};base64,${btoa(binary(bytes))}`,
    }
  }
  const textual = type.startsWith('text/') || /json|xml|markdown|csv/.test(type)
  const paragraphs = textual
    ? new TextDecoder()
        .decode(bytes)
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter(Boolean)
    : []
  return { name, size, pages: [{ paragraphs, width: 791, height: 1023, dpi: PDF_DPI }] }
}

/** The last path segment of a URL, else its host: the name a remote document goes by. */
const nameOf = (url: URL) => decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '') || url.hostname

/** Resolves the request's document to its pages, or the error the API answers. */
async function readDocument(state: MockState, document: Body): Promise<DocumentRead | Response> {
  const kind = kindOf(document)
  if (kind === 'file') {
    const file = state.files.get(document.file_id as string)
    if (!file) return detailError(state, 404, 'File not found')
    return readBytes(file.content, file.record.mimetype, file.record.filename)
  }
  const raw = kind === 'image_url' ? document.image_url : document.document_url
  const address = typeof raw === 'string' ? raw : ((raw as Body).url as string)
  const unreachable = () =>
    apiError(state, 400, `File could not be fetched from url '${address}'`, 'invalid_request_file', '3310')
  let decoded: ReturnType<typeof decodeDataUrl>
  try {
    decoded = decodeDataUrl(address)
  } catch {
    return apiError(state, 400, 'Invalid document: the data URL is not valid base64', 'invalid_request_file', '3310')
  }
  const given = typeof document.document_name === 'string' ? document.document_name : undefined
  if (decoded)
    return readBytes(
      decoded.bytes,
      decoded.type || (kind === 'image_url' ? 'image/png' : ''),
      given ?? (kind === 'image_url' ? 'image' : 'document'),
    )
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return unreachable()
  }
  if (!/^https?:$/.test(url.protocol) || url.hostname.endsWith('.invalid')) return unreachable()
  // A remote document the mock cannot fetch: one page named after it, its size a stable function of the URL.
  const name = given ?? nameOf(url)
  const size = 10_000 + (hashString(address) % 990_000)
  const paragraphs = [`# ${name}`, `Text of ${name}, read by the mock OCR from ${address}.`]
  if (kind === 'image_url') return { name, size, pages: [{ paragraphs, width: 1024, height: 768, dpi: IMAGE_DPI }] }
  return { name, size, pages: [{ paragraphs, width: 791, height: 1023, dpi: PDF_DPI }] }
}

// ---------------------------------------------------------------------------------------------------------------
// Annotations: a value meeting a JSON Schema, serialized as Python's json.dumps (what the API returns)
// ---------------------------------------------------------------------------------------------------------------

type Schema = Record<string, unknown>

/** A deterministic value meeting `schema` (`$ref` into `$defs`/`definitions`, `anyOf`, `enum`, formats, bounds). */
export function sampleOf(schema: unknown, root: Schema, key: string, subject: string, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 12) return null
  let node = schema as Schema
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((value, part) => (value as Schema | undefined)?.[part], root)
    return sampleOf(target, root, key, subject, depth + 1)
  }
  if ('const' in node) return node.const
  if (Array.isArray(node.enum)) return node.enum[0]
  const options = (node.anyOf ?? node.oneOf) as unknown[] | undefined
  if (Array.isArray(options))
    return sampleOf(
      options.find((option) => (option as Schema).type !== 'null') ?? options[0],
      root,
      key,
      subject,
      depth + 1,
    )
  if (Array.isArray(node.allOf)) node = Object.assign({}, ...(node.allOf as Schema[]), { ...node, allOf: undefined })
  const types = Array.isArray(node.type) ? node.type : [node.type]
  const type = types.find((item) => item !== 'null') ?? (node.properties ? 'object' : node.items ? 'array' : 'string')
  const seed = hashString(`${subject}|${key}`)
  if (type === 'object') {
    const out: Record<string, unknown> = {}
    for (const [name, property] of Object.entries((node.properties ?? {}) as Schema))
      out[name] = sampleOf(property, root, name, subject, depth + 1)
    return out
  }
  if (type === 'array')
    return Array.from({ length: Math.max(1, Number(node.minItems ?? 1)) }, () =>
      sampleOf(node.items, root, key, subject, depth + 1),
    )
  if (type === 'integer' || type === 'number') {
    const low = Number(node.minimum ?? node.exclusiveMinimum ?? 0)
    const high = Number(node.maximum ?? node.exclusiveMaximum ?? low + 100)
    const value = low + ((seed % 1000) / 1000) * (high - low)
    return type === 'integer'
      ? Math.min(Math.max(Math.round(value), Math.ceil(low)), Math.floor(high))
      : Math.round(value * 100) / 100
  }
  if (type === 'boolean') return seed % 2 === 0
  if (type === 'null') return null
  const formats: Record<string, string> = {
    date: '2026-08-19',
    'date-time': '2026-08-19T12:00:00Z',
    time: '12:00:00',
    email: 'contact@example.com',
    uri: 'https://example.com/',
    uuid: '00000000-0000-4000-8000-000000000000',
  }
  return formats[node.format as string] ?? `${key.replace(/_/g, ' ') || 'value'} of ${subject}`
}

/** JSON as Python's `json.dumps` writes it: `", "` and `": "` separators, non-ASCII escaped. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`)
      .join(', ')}}`
  return (JSON.stringify(value) ?? 'null').replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** The annotation a `*_annotation_format` asks for, about `subject`, or `null` without one. */
function annotate(format: unknown, subject: string): string | null {
  const schema = ((format as Body | null | undefined)?.json_schema as Body | undefined)?.schema
  if (typeof schema !== 'object' || schema === null) return null
  return pythonJson(sampleOf(schema, schema as Schema, '', subject))
}

// ---------------------------------------------------------------------------------------------------------------
// The response
// ---------------------------------------------------------------------------------------------------------------

/** The page indices to read: `pages` as a list or `'0,2-4'`, sorted and without repeats; all pages without it. */
function selectPages(pages: unknown, count: number): number[] | { outOfRange: number[] } {
  if (pages == null) return Array.from({ length: count }, (_, index) => index)
  const wanted = Array.isArray(pages)
    ? (pages as number[])
    : String(pages)
        .split(',')
        .flatMap((part) => {
          const [from, to = from] = part.split('-').map((bound) => Number(bound.trim())) as [number, number?]
          return Array.from({ length: Math.max(0, (to as number) - from + 1) }, (_, offset) => from + offset)
        })
  const outOfRange = wanted.filter((index) => index < 0 || index >= count)
  return outOfRange.length ? { outOfRange } : [...new Set(wanted)].sort((a, b) => a - b)
}

/** A confidence in [0.9, 1) that only depends on the word and where it is. */
const confidence = (text: string, start: number) => 0.9 + (hashString(`${text}|${start}`) % 9999) / 100_000

async function ocr(context: RouteContext): Promise<Response> {
  const { state } = context
  const body = await readJson(context)
  if (body instanceof Response) return body
  const details = validate(body)
  if (details.length) return validationError(state, details)
  const model = (body.model as string | null) ?? 'mistral-ocr-latest'
  const known =
    model.startsWith('mistral-ocr') ||
    [...state.models.values()].some(
      (card) => (card.id === model || card.aliases.includes(model)) && card.capabilities.ocr,
    )
  if (!known) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  const read = await readDocument(state, body.document as Body)
  if (read instanceof Response) return read
  const selected = selectPages(body.pages, read.pages.length)
  if (!Array.isArray(selected)) {
    const message = `Pages out of range: ${pythonJson(selected.outOfRange)}. The document has ${read.pages.length} page${read.pages.length === 1 ? '' : 's'} (indices from 0).`
    return apiError(state, 400, message, 'invalid_request_error', null)
  }
  const withImages = body.include_image_base64 === true || body.bbox_annotation_format != null
  const granularity = body.confidence_scores_granularity as string | null | undefined
  let imageCount = 0
  const pages = selected.map((index) => {
    const page = read.pages[index] as PageRead
    const { width, height } = page
    const paragraphs = page.paragraphs.length
      ? [...page.paragraphs]
      : [`*Page ${index + 1} of ${read.name} (${read.size} bytes): no text found by the mock OCR.*`]
    // One figure per page when images are asked for (its box in the page's middle), up to `image_limit`.
    const images: Body[] = []
    const box = {
      top_left_x: Math.round(width * 0.1),
      top_left_y: Math.round(height * 0.4),
      bottom_right_x: Math.round(width * 0.6),
      bottom_right_y: Math.round(height * 0.6),
    }
    const small =
      Math.min(box.bottom_right_x - box.top_left_x, box.bottom_right_y - box.top_left_y) <
      Number(body.image_min_size ?? 0)
    if (withImages && !small && (body.image_limit == null || imageCount < Number(body.image_limit))) {
      const id = `img-${imageCount++}.jpeg`
      images.push({
        id,
        ...box,
        image_base64: body.include_image_base64 === true ? (read.image ?? FIGURE) : null,
        image_annotation: annotate(body.bbox_annotation_format, id),
      })
      paragraphs.push(`![${id}](${id})`)
    }
    const markdown = paragraphs.join('\n\n')
    let top = Math.round(height * 0.1)
    const step = Math.max(1, Math.round((height * 0.8) / paragraphs.length))
    const blocks =
      body.include_blocks === false
        ? null
        : paragraphs.map((content) => {
            const image = /^!\[([^\]]*)\]/.exec(content)?.[1]
            const area = image
              ? box
              : {
                  top_left_x: Math.round(width * 0.11),
                  top_left_y: top,
                  bottom_right_x: Math.round(width * 0.89),
                  bottom_right_y: top + Math.round(step * 0.8),
                }
            top += step
            const scores =
              granularity === 'block'
                ? {
                    average_content_confidence_score: confidence(content, 0),
                    minimum_content_confidence_score: confidence(content, 1) - 0.05,
                    block_type_confidence_score: confidence(content, 2),
                  }
                : null
            return {
              ...area,
              content,
              confidence_scores: scores,
              type: image ? 'image' : content.startsWith('#') ? 'title' : 'text',
              ...(image ? { image_id: image } : {}),
            }
          })
    let confidenceScores: Body | null = null
    if (granularity) {
      const words = [...markdown.matchAll(/\s*\S+/g)].map((match) => ({
        text: match[0],
        confidence: confidence(match[0], match.index),
        start_index: match.index,
      }))
      const values = words.map((word) => word.confidence)
      confidenceScores = {
        average_page_confidence_score: values.length
          ? values.reduce((sum, value) => sum + value, 0) / values.length
          : 1,
        minimum_page_confidence_score: values.length ? Math.min(...values) : 1,
        ...(granularity === 'word' ? { word_confidence_scores: words } : {}),
      }
    }
    return {
      index,
      markdown,
      images,
      tables: [],
      hyperlinks: [
        ...new Set((markdown.match(/https?:\/\/[^\s)\]>"']+/g) ?? []).map((link) => link.replace(/[.,;:!?]+$/, ''))),
      ],
      header: null,
      footer: null,
      dimensions: { dpi: page.dpi, height, width },
      confidence_scores: confidenceScores,
      blocks,
    }
  })
  const limits = {
    'x-ratelimit-limit-ocr-pages-minute': '1250',
    'x-ratelimit-remaining-ocr-pages-minute': String(Math.max(0, 1250 - pages.length)),
    'x-ratelimit-ocr-pages-query-cost': String(pages.length),
  }
  return json(
    state,
    {
      pages,
      model,
      document_annotation: annotate(body.document_annotation_format, read.name),
      usage_info: { pages_processed: pages.length, doc_size_bytes: read.size },
    },
    200,
    limits,
  )
}

/** `POST /v1/ocr`. */
export const ocrRoutes: Route[] = [['POST', '/v1/ocr', ocr]]
