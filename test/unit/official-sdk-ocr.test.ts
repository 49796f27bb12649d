import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, filesUpload } from '@mistral-edge/client'
import { createMockMistral, type MockMistral } from '@mistral-edge/mock'
import { serveMock } from '@mistral-edge/mock/node'
import { HTTPClient, Mistral } from '@mistralai/mistralai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Fidelity of OCR against a client nobody here wrote: the official SDK (2.7.0) parses every answer with its own zod
// schemas. The real captures are served from a loopback server first (the SDK must read them, so they are the
// yardstick), then the mock's answers. A failure on the mock means the mock is not faithful: fix the mock.

const capture = (name: string) => readFileSync(new URL(`../../fixtures/wire/${name}`, import.meta.url), 'utf8')

/** The official SDK wired to a mock through its custom HTTP client option. */
function official(mock: MockMistral = createMockMistral()) {
  const httpClient = new HTTPClient({ fetcher: (request) => mock.fetch(request) })
  return { mock, sdk: new Mistral({ apiKey: 'official-key', serverURL: 'https://api.mistral.ai', httpClient }) }
}

/** A one-page PDF with a text object (xref omitted; readers recover it, and so does the mock). */
const PDF =
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (Official SDK) Tj ET\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'
const PDF_URL = `data:application/pdf;base64,${btoa(PDF)}`

describe('the official SDK reads every OCR capture, served over loopback', () => {
  let server: Server
  let url: string
  let body = ''
  const bodies: unknown[] = []
  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = ''
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
      request.on('end', () => {
        bodies.push(JSON.parse(text))
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const process = async (name: string) => {
    body = capture(name)
    const sdk = new Mistral({ apiKey: 'official-key', serverURL: url })
    return sdk.ocr.process({
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', documentUrl: 'https://arxiv.org/pdf/2310.06825' },
    })
  }

  it('2026-08-19: text page with tables, hyperlinks, blocks, no annotation', async () => {
    const response = await process('json/ocr_2026-08-19.json')
    expect(bodies.at(-1)).toMatchObject({
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', document_url: 'https://arxiv.org/pdf/2310.06825' },
    })
    expect(response).toMatchObject({
      model: 'mistral-ocr-latest',
      documentAnnotation: null,
      usageInfo: { pagesProcessed: 1, docSizeBytes: 18810 },
    })
    const page = response.pages[0]
    expect(page?.markdown.startsWith('# Sample PDF')).toBe(true)
    expect([page?.dimensions, page?.tables, page?.hyperlinks, page?.header, page?.footer]).toEqual([
      { dpi: 93, height: 1023, width: 791 },
      [],
      [],
      null,
      null,
    ])
    expect(page?.blocks?.map((block) => block.type)).toEqual(['title', 'text', 'text', 'text', 'text', 'text'])
  })

  it('2025-07-20: three pages with image boxes', async () => {
    const response = await process('json/ocr_pdf_3pages_images_mistral-ocr-2505_2025-07-20.json')
    expect(response.model).toBe('mistral-ocr-2505-completion')
    expect(response.pages.map((page) => page.index)).toEqual([0, 1, 2])
    expect(response.pages[0]?.images[0]).toEqual({
      id: 'img-0.jpeg',
      topLeftX: 181,
      topLeftY: 189,
      bottomRightX: 1554,
      bottomRightY: 1801,
      imageBase64: null,
      imageAnnotation: null,
    })
    expect(response.usageInfo).toEqual({ pagesProcessed: 3, docSizeBytes: 953033 })
  })

  it('2025-05 receipt image, a page without the 2026 fields', async () => {
    const response = await process('json/sdk_reserialized/cookbook_ocr_receipt_image_mistral-ocr-2503_2025-05.json')
    expect(response.pages[0]).toMatchObject({
      index: 0,
      images: [],
      dimensions: { dpi: 200, height: 3210, width: 1806 },
    })
    expect(response.pages[0]?.blocks).toBeUndefined()
  })

  it('2026-06 bbox and document annotations, as JSON strings', async () => {
    const response = await process(
      'json/sdk_reserialized/cookbook_ocr_bbox_and_document_annotation_8pages_2026-06.json',
    )
    expect(JSON.parse(response.documentAnnotation ?? '')).toMatchObject({ language: 'en' })
    expect(JSON.parse(response.pages[0]?.images[0]?.imageAnnotation ?? '')).toMatchObject({ image_type: 'image' })
    expect(response.pages).toHaveLength(8)
  })

  it('2026-06 OCR 4 with a header and word confidence scores', async () => {
    const response = await process(
      'json/sdk_reserialized/cookbook_ocr4_word_confidence_header_page0_TRIMMED_2026-06.json',
    )
    const page = response.pages[0]
    expect(page?.header).toBe('arXiv:2310.06825v1 [cs.CL] 10 Oct 2023')
    expect(page?.confidenceScores?.wordConfidenceScores?.[1]).toEqual({
      text: ' Mistral',
      confidence: 0.9999573248944438,
      startIndex: 1,
    })
    expect(page?.images[0]?.imageBase64).toMatch(/^data:image\/jpeg;base64,/)
  })
})

describe('the official SDK against the mock: ocr.process', () => {
  it('reads a PDF data URL with images, blocks and word scores, every field parsed', async () => {
    const { sdk } = official()
    const response = await sdk.ocr.process({
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', documentUrl: PDF_URL, documentName: 'sdk.pdf' },
      includeImageBase64: true,
      confidenceScoresGranularity: 'word',
      tableFormat: 'html',
      extractHeader: true,
    })
    expect(response).toMatchObject({
      model: 'mistral-ocr-latest',
      documentAnnotation: null,
      usageInfo: { pagesProcessed: 1, docSizeBytes: PDF.length },
    })
    const page = response.pages[0]
    expect(page?.markdown).toBe('Official SDK\n\n![img-0.jpeg](img-0.jpeg)')
    expect(page?.images[0]).toMatchObject({
      id: 'img-0.jpeg',
      imageBase64: expect.stringMatching(/^data:image\/jpeg;base64,/),
      imageAnnotation: null,
    })
    expect(page?.blocks?.map((block) => block.type)).toEqual(['text', 'image'])
    expect(page?.confidenceScores?.wordConfidenceScores?.map((score) => score.text)).toEqual([
      'Official',
      ' SDK',
      '\n\n![img-0.jpeg](img-0.jpeg)',
    ])
  })

  it('reads an image URL and an uploaded file, with both annotation formats', async () => {
    const { mock, sdk } = official()
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 2, 0, 0, 0, 1, 0, 8, 2,
      0, 0, 0,
    ])
    const image = await sdk.ocr.process({
      model: 'mistral-ocr-latest',
      document: { type: 'image_url', imageUrl: `data:image/png;base64,${btoa(String.fromCharCode(...png))}` },
    })
    expect(image.pages[0]?.dimensions).toEqual({ dpi: 200, height: 256, width: 512 })

    const { id } = await filesUpload(createClient({ apiKey: 'edge-key', fetch: mock.fetch }), {
      file: new File([PDF], 'doc.pdf', { type: 'application/pdf' }),
      purpose: 'ocr',
    })
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, pages: { type: 'integer' } },
      required: ['title', 'pages'],
    }
    const annotated = await sdk.ocr.process({
      model: 'mistral-ocr-latest',
      document: { type: 'file', fileId: id },
      bboxAnnotationFormat: {
        type: 'json_schema',
        jsonSchema: {
          name: 'figure',
          schemaDefinition: { type: 'object', properties: { caption: { type: 'string' } } },
        },
      },
      documentAnnotationFormat: {
        type: 'json_schema',
        jsonSchema: { name: 'doc', schemaDefinition: schema, strict: true },
      },
    })
    expect(JSON.parse(annotated.documentAnnotation ?? '')).toEqual({
      title: 'title of doc.pdf',
      pages: expect.any(Number),
    })
    expect(JSON.parse(annotated.pages[0]?.images[0]?.imageAnnotation ?? '')).toEqual({
      caption: 'caption of img-0.jpeg',
    })
  })

  it('reads over a real loopback HTTP server, and a missing file is the SDK error with the mock body', async () => {
    const served = await serveMock()
    try {
      const sdk = new Mistral({ apiKey: 'official-key', serverURL: served.url })
      const response = await sdk.ocr.process({
        model: 'mistral-ocr-latest',
        document: { type: 'document_url', documentUrl: PDF_URL },
        pages: [0],
      })
      expect(response.pages.map((page) => page.markdown)).toEqual(['Official SDK'])
      const error = await sdk.ocr
        .process({
          model: 'mistral-ocr-latest',
          document: { type: 'file', fileId: '3b2f0a2e-9d0e-4c1a-8f6e-2a1b3c4d5e6f' },
        })
        .catch((caught: unknown) => caught)
      expect(error).toMatchObject({ statusCode: 404, body: '{"detail":"File not found"}' })
    } finally {
      await served.close()
    }
  })
})
