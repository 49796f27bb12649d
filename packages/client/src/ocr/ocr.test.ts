import { Buffer } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32, deflateSync } from 'node:zlib'
import { createMockMistral } from '@mistral-edge/mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from '../core/client.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { filesUpload } from '../files/files-upload.js'
import { assertValid, withValidation } from '../validation.js'
import { documentFromBlob } from './document-from-blob.js'
import { ocrProcess } from './ocr-process.js'
import { type OCRRequest, OCRRequestSchema, OCRResponseSchema } from './schemas.js'

const capture = (name: string) => readFileSync(new URL(`../../../../fixtures/wire/${name}`, import.meta.url), 'utf8')
const RESPONSE_CAPTURES = [
  'json/ocr_2026-08-19.json',
  'json/ocr_pdf_3pages_images_mistral-ocr-2505_2025-07-20.json',
  'json/sdk_reserialized/cookbook_ocr_receipt_image_mistral-ocr-2503_2025-05.json',
  'json/sdk_reserialized/cookbook_ocr_bbox_and_document_annotation_8pages_2026-06.json',
  'json/sdk_reserialized/cookbook_ocr4_word_confidence_header_page0_TRIMMED_2026-06.json',
]

// ---------------------------------------------------------------------------------------------------------------
// Real documents built here: a PDF with text objects, a PNG with zlib
// ---------------------------------------------------------------------------------------------------------------

/** A valid PDF (xref offsets and all): one page per entry, each line a text object; `compress` Flate-encodes contents. */
function buildPdf(pages: string[][], compress = false): Uint8Array<ArrayBuffer> {
  const objects: (string | Buffer)[] = []
  const kids = pages.map((_, index) => `${4 + index * 2} 0 R`).join(' ')
  objects.push(
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  )
  pages.forEach((lines, index) => {
    const text = lines
      .map((line, row) => `BT /F1 18 Tf 72 ${720 - row * 30} Td (${line.replace(/[\\()]/g, '\\$&')}) Tj ET`)
      .join('\n')
    const stream = compress ? deflateSync(Buffer.from(text, 'latin1')) : Buffer.from(text, 'latin1')
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + index * 2} 0 R >>`,
    )
    objects.push(
      Buffer.concat([
        Buffer.from(`<< /Length ${stream.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`, 'latin1'),
        stream,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    )
  })
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  const offsets: number[] = []
  let length = parts[0]?.length ?? 0
  objects.forEach((object, index) => {
    offsets.push(length)
    const part = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`),
      Buffer.from(object as string),
      Buffer.from('\nendobj\n'),
    ])
    parts.push(part)
    length += part.length
  })
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`
  parts.push(
    Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`),
  )
  return new Uint8Array(Buffer.concat(parts))
}

/** A valid RGB PNG of the given size (a gradient), compressed with zlib. */
function buildPng(width: number, height: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set([x % 256, y % 256, 128], y * (width * 3 + 1) + 1 + x * 3)
  return new Uint8Array(
    Buffer.concat([
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// A loopback server recording each request exactly
// ---------------------------------------------------------------------------------------------------------------

interface Recorded {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

let server: Server
let baseURL: string
const recorded: Recorded[] = []
/** What the server answers next, in order; the last one repeats. */
let answers: { status: number; body: string }[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      recorded.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const answer = (answers.length > 1 ? answers.shift() : answers[0]) ?? { status: 200, body: '{}' }
      response.writeHead(answer.status, { 'content-type': 'application/json', 'mistral-correlation-id': 'corr-ocr' })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  recorded.length = 0
  answers = [{ status: 200, body: capture('json/ocr_2026-08-19.json') }]
})

const loopback = () => createClient({ apiKey: 'secret-key', baseURL, retries: { strategy: 'none' } })
const sent = () => {
  expect(recorded).toHaveLength(1)
  const request = recorded[0] as Recorded
  return { ...request, json: JSON.parse(request.body) as unknown }
}

describe('ocrProcess: what goes on the wire', () => {
  it.each<[string, OCRRequest]>([
    [
      'a document_url with a name',
      {
        model: 'mistral-ocr-latest',
        document: {
          type: 'document_url',
          document_url: 'https://arxiv.org/pdf/2201.04234',
          document_name: 'paper.pdf',
        },
      },
    ],
    [
      'an image_url string',
      { model: 'mistral-ocr-latest', document: { type: 'image_url', image_url: 'https://example.com/receipt.png' } },
    ],
    [
      'an image_url object with detail',
      {
        model: 'mistral-ocr-latest',
        document: { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0', detail: 'high' } },
      },
    ],
    [
      'an uploaded file',
      { model: 'mistral-ocr-latest', document: { type: 'file', file_id: '3b2f0a2e-9d0e-4c1a-8f6e-2a1b3c4d5e6f' } },
    ],
    [
      'pages as a list and images',
      {
        model: 'mistral-ocr-latest',
        document: { type: 'document_url', document_url: 'https://x.test/a.pdf' },
        pages: [0, 2],
        include_image_base64: true,
        image_limit: 3,
        image_min_size: 50,
      },
    ],
    [
      'pages as a range string, tables, header and footer',
      {
        model: 'mistral-ocr-latest',
        document: { type: 'document_url', document_url: 'https://x.test/a.pdf' },
        pages: '0,2-4',
        table_format: 'html',
        extract_header: true,
        extract_footer: true,
        include_blocks: false,
        confidence_scores_granularity: 'word',
      },
    ],
  ])('POSTs /v1/ocr with %s as the JSON body, unchanged', async (_, request) => {
    const response = await ocrProcess(loopback(), request)
    const { method, url, headers, json } = sent()
    expect([method, url]).toEqual(['POST', '/v1/ocr'])
    expect([headers['content-type'], headers.accept, headers.authorization]).toEqual([
      'application/json',
      'application/json',
      'Bearer secret-key',
    ])
    expect(json).toEqual(request)
    expect(response).toEqual(JSON.parse(capture('json/ocr_2026-08-19.json')))
  })

  it('sends both annotation formats as given and returns the annotations as JSON strings', async () => {
    answers = [
      {
        status: 200,
        body: capture('json/sdk_reserialized/cookbook_ocr_bbox_and_document_annotation_8pages_2026-06.json'),
      },
    ]
    const image = {
      type: 'object',
      properties: { image_type: { type: 'string' }, description: { type: 'string' } },
      required: ['image_type', 'description'],
    }
    const documentSchema = { type: 'object', properties: { language: { type: 'string' }, summary: { type: 'string' } } }
    const request: OCRRequest = {
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', document_url: 'https://arxiv.org/pdf/2310.06825' },
      pages: [0, 1, 2, 3, 4, 5, 6, 7],
      bbox_annotation_format: { type: 'json_schema', json_schema: { name: 'image', schema: image, strict: true } },
      document_annotation_format: {
        type: 'json_schema',
        json_schema: { name: 'document', schema: documentSchema, strict: true },
      },
      document_annotation_prompt: 'Summarize.',
    }
    const response = await ocrProcess(loopback(), request)
    expect(sent().json).toEqual(request)
    expect(JSON.parse(response.document_annotation ?? '')).toMatchObject({
      language: 'en',
      summary: expect.stringContaining('Mistral 7B'),
    })
    expect(JSON.parse(response.pages[0]?.images[0]?.image_annotation ?? '')).toMatchObject({ image_type: 'image' })
    expect(response.usage_info).toEqual({ pages_processed: 8, doc_size_bytes: 3749788 })
  })

  it('retries a 500 (OCR creates nothing) and returns the next answer', async () => {
    answers = [
      { status: 500, body: capture('errors/500_ocr_service_unavailable_2025-03.json') },
      { status: 200, body: capture('json/ocr_2026-08-19.json') },
    ]
    const client = createClient({
      apiKey: 'k',
      baseURL,
      retries: { strategy: 'backoff', backoff: { initialInterval: 1, maxInterval: 1 } },
    })
    const response = await ocrProcess(client, {
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', document_url: 'https://x.test/a.pdf' },
    })
    expect(recorded.map((request) => request.url)).toEqual(['/v1/ocr', '/v1/ocr'])
    expect(recorded[0]?.body).toBe(recorded[1]?.body)
    expect(response.usage_info.pages_processed).toBe(1)
  })

  it('throws the 400 of a URL the API could not fetch as an SDKError carrying the body', async () => {
    answers = [{ status: 400, body: capture('errors/400_ocr_file_fetch_code3310_2025-07-19.json') }]
    const error = await ocrProcess(loopback(), {
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', document_url: 'https://example.com/document.pdf' },
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect(error).toMatchObject({
      status: 400,
      message: expect.stringContaining("File could not be fetched from url 'https://example.com/document.pdf'"),
      data: { code: '3310', type: 'invalid_request_file' },
      requestId: 'corr-ocr',
    })
  })

  it('with withValidation, refuses a request without document or model and sends nothing', async () => {
    const checked = withValidation(loopback())
    const error = await ocrProcess(checked, { model: 'mistral-ocr-latest' } as OCRRequest).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as Error).message).toMatch(/^Invalid request: document: /)
    const wrong = await ocrProcess(checked, {
      model: 'mistral-ocr-latest',
      document: { type: 'file', file_id: 7 },
    } as unknown as OCRRequest).catch((caught: unknown) => caught)
    expect((wrong as Error).message).toMatch(/^Invalid request: document\.file_id: /)
    expect(recorded).toHaveLength(0)
  })

  it('with withValidation, accepts every capture and refuses a page without markdown', async () => {
    const checked = withValidation(loopback())
    for (const name of RESPONSE_CAPTURES) {
      answers = [{ status: 200, body: capture(name) }]
      expect(
        (
          await ocrProcess(checked, {
            model: 'mistral-ocr-latest',
            document: { type: 'document_url', document_url: 'https://x.test/a.pdf' },
          })
        ).pages.length,
      ).toBeGreaterThan(0)
    }
    answers = [
      {
        status: 200,
        body: JSON.stringify({
          pages: [{ index: 0, images: [], dimensions: null }],
          model: 'm',
          usage_info: { pages_processed: 1 },
        }),
      },
    ]
    const error = await ocrProcess(checked, {
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', document_url: 'https://x.test/a.pdf' },
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toContain('pages.0.markdown')
  })
})

describe('OCR schemas against the captures', () => {
  it.each(RESPONSE_CAPTURES)('OCRResponseSchema accepts %s', (name) => {
    const data = JSON.parse(capture(name))
    expect(() => assertValid(OCRResponseSchema, data, 'response')).not.toThrow()
  })

  it('OCRRequestSchema accepts the recorded request with pages', () => {
    const request = JSON.parse(capture('json/ocr_pages_param_2026-08-19.request.json'))
    expect(request).toMatchObject({ model: 'mistral-ocr-latest', document: { type: 'document_url' }, pages: [0] })
    expect(() => assertValid(OCRRequestSchema, request, 'request')).not.toThrow()
  })

  it('stays open: unknown fields, block types and table formats pass; a known field of the wrong type fails', () => {
    const page = {
      index: 0,
      markdown: '',
      images: [],
      dimensions: null,
      blocks: [{ type: 'chart', top_left_x: 0 }],
      tables: [{ id: 't', content: '', format: 'latex' }],
      new_field: 1,
    }
    expect(() =>
      assertValid(
        OCRResponseSchema,
        { pages: [page], model: 'm', usage_info: { pages_processed: 1 }, extra: true },
        'response',
      ),
    ).not.toThrow()
    const badBlock = {
      ...page,
      blocks: [{ type: 'image', top_left_x: 0, top_left_y: 0, bottom_right_x: 1, bottom_right_y: 1, content: '' }],
    }
    expect(() =>
      assertValid(OCRResponseSchema, { pages: [badBlock], model: 'm', usage_info: { pages_processed: 1 } }, 'response'),
    ).toThrow(/pages\.0\.blocks\.0\.image_id/)
    expect(() =>
      assertValid(
        OCRRequestSchema,
        { model: null, document: { type: 'video_url', video_url: 'x' }, confidence_scores_granularity: 'line' },
        'request',
      ),
    ).not.toThrow()
    expect(() =>
      assertValid(
        OCRRequestSchema,
        { model: 'm', document: { type: 'document_url', document_url: 'x' }, pages: ['1'] },
        'request',
      ),
    ).toThrow(/pages/)
  })
})

describe('documentFromBlob', () => {
  const decode = (url: string) => new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))

  it('makes a document_url data URL of a PDF blob, with its type', async () => {
    const pdf = buildPdf([['Hi']])
    const document = await documentFromBlob(new Blob([pdf], { type: 'application/pdf' }))
    expect(document).toEqual({
      type: 'document_url',
      document_url: `data:application/pdf;base64,${Buffer.from(pdf).toString('base64')}`,
    })
  })

  it('makes an image_url for an image type, and mimeType wins over the blob type', async () => {
    const png = buildPng(3, 2)
    expect(await documentFromBlob(new File([png], 'a.png', { type: 'image/png' }))).toEqual({
      type: 'image_url',
      image_url: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    })
    expect(
      await documentFromBlob(new Blob([png], { type: 'application/pdf' }), { mimeType: 'image/png' }),
    ).toMatchObject({ type: 'image_url', image_url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/) })
    expect(await documentFromBlob(new Blob(['x'], { type: 'image/png' }), { mimeType: 'text/plain' })).toEqual({
      type: 'document_url',
      document_url: 'data:text/plain;base64,eA==',
    })
  })

  it('without any type, sniffs PDF, PNG and JPEG signatures, else declares application/octet-stream', async () => {
    expect(((await documentFromBlob(new Blob([buildPdf([['x']])]))) as { document_url: string }).document_url).toMatch(
      /^data:application\/pdf;base64,JVBERi0/,
    )
    expect(await documentFromBlob(new Blob([buildPng(1, 1)]))).toMatchObject({
      type: 'image_url',
      image_url: expect.stringMatching(/^data:image\/png;base64,/),
    })
    expect(await documentFromBlob(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])]))).toEqual({
      type: 'image_url',
      image_url: 'data:image/jpeg;base64,/9j/4A==',
    })
    expect(await documentFromBlob(new Blob(['plain bytes']))).toEqual({
      type: 'document_url',
      document_url: `data:application/octet-stream;base64,${btoa('plain bytes')}`,
    })
    expect(await documentFromBlob(new Blob([]))).toEqual({
      type: 'document_url',
      document_url: 'data:application/octet-stream;base64,',
    })
  })

  it.each([1, 2, 3, 0x6000 - 1, 0x6000, 0x6000 + 1, 0x6000 * 2 + 2])(
    'encodes %i bytes exactly as Buffer does (piece boundaries)',
    async (size) => {
      const bytes = Uint8Array.from({ length: size }, (_, index) => (index * 31 + 7) % 256)
      const { document_url } = (await documentFromBlob(new Blob([bytes]), { mimeType: 'application/pdf' })) as {
        document_url: string
      }
      expect(document_url).toBe(`data:application/pdf;base64,${Buffer.from(bytes).toString('base64')}`)
    },
  )

  it('encodes a 20 MB PDF without overflowing the stack, identical to Buffer base64', async () => {
    const bytes = new Uint8Array(20 * 1024 * 1024)
    for (let index = 0; index < bytes.length; index += 4096) bytes[index] = index % 251
    bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0)
    const started = Date.now()
    const document = await documentFromBlob(new Blob([bytes]))
    expect(Date.now() - started).toBeLessThan(5_000)
    const url = (document as { document_url: string }).document_url
    expect(url.startsWith('data:application/pdf;base64,')).toBe(true)
    expect(url.slice('data:application/pdf;base64,'.length) === Buffer.from(bytes).toString('base64')).toBe(true)
    expect(decode(url).length).toBe(bytes.length)
  })
})

describe('ocrProcess end to end: documentFromBlob -> ocrProcess -> the mock', () => {
  const mockClient = () => {
    const mock = createMockMistral()
    return {
      mock,
      client: withValidation(createClient({ apiKey: 'k', fetch: mock.fetch, retries: { strategy: 'none' } })),
    }
  }

  it('reads the text of a real two-page PDF built here, page by page', async () => {
    const { client } = mockClient()
    const pdf = buildPdf([['Invoice 2026-001', 'Total: 42.00 EUR (paid)'], ['Second page text']])
    const document = await documentFromBlob(new File([pdf], 'invoice.pdf', { type: 'application/pdf' }))
    const response = await ocrProcess(client, { model: 'mistral-ocr-latest', document })
    expect(response.pages.map((page) => page.markdown)).toEqual([
      'Invoice 2026-001\n\nTotal: 42.00 EUR (paid)',
      'Second page text',
    ])
    expect(response.pages[0]?.dimensions).toEqual({ dpi: 93, height: 1023, width: 791 })
    expect(response).toMatchObject({
      model: 'mistral-ocr-latest',
      document_annotation: null,
      usage_info: { pages_processed: 2, doc_size_bytes: pdf.length },
    })
  })

  it('reads a Flate-compressed PDF, only the pages asked for', async () => {
    const { client } = mockClient()
    const pdf = buildPdf([['one'], ['two'], ['three']], true)
    const response = await ocrProcess(client, {
      model: 'mistral-ocr-latest',
      document: await documentFromBlob(new Blob([pdf])),
      pages: '0,2',
    })
    expect(response.pages.map((page) => [page.index, page.markdown])).toEqual([
      [0, 'one'],
      [2, 'three'],
    ])
    expect(response.usage_info.pages_processed).toBe(2)
  })

  it('returns the dimensions of a real PNG built here', async () => {
    const { client } = mockClient()
    const png = buildPng(321, 123)
    const document = await documentFromBlob(new Blob([png], { type: 'image/png' }))
    expect(document.type).toBe('image_url')
    const response = await ocrProcess(client, { model: 'mistral-ocr-latest', document, include_image_base64: true })
    expect(response.pages).toHaveLength(1)
    expect(response.pages[0]?.dimensions).toEqual({ dpi: 200, height: 123, width: 321 })
    expect(response.pages[0]?.markdown).toContain('321 x 123 PNG')
    expect(response.pages[0]?.images[0]?.image_base64).toBe((document as { image_url: string }).image_url)
  })

  it('reads an uploaded file by file_id, with annotations that parse as JSON', async () => {
    const { client } = mockClient()
    const pdf = buildPdf([['Contract between A and B']])
    const { id } = await filesUpload(client, {
      file: new File([pdf], 'contract.pdf', { type: 'application/pdf' }),
      purpose: 'ocr',
    })
    const response = await ocrProcess(client, {
      model: 'mistral-ocr-latest',
      document: { type: 'file', file_id: id },
      bbox_annotation_format: {
        type: 'json_schema',
        json_schema: {
          name: 'figure',
          schema: {
            type: 'object',
            properties: { kind: { enum: ['chart', 'photo'] }, width: { type: 'integer', minimum: 1, maximum: 10 } },
          },
        },
      },
      document_annotation_format: {
        type: 'json_schema',
        json_schema: {
          name: 'doc',
          schema: {
            type: 'object',
            properties: { parties: { type: 'array', items: { type: 'string' } }, signed: { type: 'boolean' } },
          },
        },
      },
    })
    expect(response.pages[0]?.markdown).toContain('Contract between A and B')
    const figure = JSON.parse(response.pages[0]?.images[0]?.image_annotation ?? '')
    expect(figure.kind).toBe('chart')
    expect(figure.width).toBeGreaterThanOrEqual(1)
    const annotation = JSON.parse(response.document_annotation ?? '')
    expect(annotation).toEqual({ parties: [expect.any(String)], signed: expect.any(Boolean) })
  })
})
