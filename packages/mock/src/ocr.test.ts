import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createMockMistral } from './index.js'
import { contentText, imageSize, pythonJson, sampleOf } from './ocr.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/${name}`, import.meta.url), 'utf8'))
const auth = { authorization: 'Bearer k' }
const post = (body: unknown, path = '/v1/ocr') =>
  new Request(`https://api.mistral.ai${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const base64 = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes).toString('base64')
const dataUrl = (type: string, bytes: Uint8Array | string) => `data:${type};base64,${base64(bytes)}`

/** A small PDF: one page object per entry holding its text objects (xref omitted: the mock reads objects, as most readers recover). */
function pdf(pages: string[][], options: { compress?: boolean; box?: string } = {}): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, index) => `${3 + index * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  ]
  pages.forEach((lines, index) => {
    const content = lines.map((line) => `BT /F1 12 Tf 72 700 Td (${line}) Tj ET`).join('\n')
    const data = options.compress ? deflateSync(Buffer.from(content, 'latin1')).toString('latin1') : content
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox ${options.box ?? '[0 0 612 792]'} /Contents ${4 + index * 2} 0 R >>`,
    )
    objects.push(
      `<< /Length ${data.length}${options.compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n${data}\nendstream`,
    )
  })
  return `%PDF-1.4\n${objects.map((object, index) => `${index + 1} 0 obj\n${object}\nendobj\n`).join('')}trailer\n<< /Root 1 0 R >>\n%%EOF\n`
}

const PNG_HEAD = (width: number, height: number) => {
  const bytes = Buffer.alloc(33)
  Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR', 'latin1').copy(bytes)
  bytes.writeUInt32BE(width, 16)
  bytes.writeUInt32BE(height, 20)
  return new Uint8Array(bytes)
}
/** A real 8x8 JPEG with its SOF0 size patched: a header like any camera's. */
function jpeg(width: number, height: number): Uint8Array {
  const bytes = Buffer.from(
    '/9j/2wBDABQODxIPDRQSEBIXFRQYHjIhHhwcHj0sLiQySUBMS0dARkVQWnNiUFVtVkVGZIhlbXd7gYKBTmCNl4x9lnN+gXz/2wBDARUXFx4aHjshITt8U0ZTfHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHz/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCMBXCf/9k=',
    'base64',
  )
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]))
  bytes.writeUInt16BE(height, sof + 5)
  bytes.writeUInt16BE(width, sof + 7)
  return new Uint8Array(bytes)
}

const ocr = async (body: Record<string, unknown>, mock = createMockMistral()) => {
  const response = await mock.fetch(post({ model: 'mistral-ocr-latest', ...body }))
  return { response, status: response.status, body: await response.json() }
}
const pdfDocument = (text: string, name?: string) => ({
  type: 'document_url',
  document_url: dataUrl('application/pdf', text),
  ...(name ? { document_name: name } : {}),
})

describe('POST /v1/ocr: the answer', () => {
  it('has the keys of the 2026 capture, in order, down to pages and blocks', async () => {
    const wire = capture('json/ocr_2026-08-19.json')
    const { status, body, response } = await ocr({ document: pdfDocument(pdf([['Sample PDF'], ['Second']])) })
    expect(status).toBe(200)
    expect(Object.keys(body)).toEqual(Object.keys(wire))
    expect(Object.keys(body.pages[0])).toEqual(Object.keys(wire.pages[0]))
    expect(Object.keys(body.pages[0].blocks[0])).toEqual(Object.keys(wire.pages[0].blocks[0]))
    expect(Object.keys(body.pages[0].dimensions)).toEqual(Object.keys(wire.pages[0].dimensions))
    expect(Object.keys(body.usage_info)).toEqual(Object.keys(wire.usage_info))
    expect(body).toMatchObject({
      model: 'mistral-ocr-latest',
      document_annotation: null,
      usage_info: { pages_processed: 2 },
    })
    expect(body.pages[0]).toMatchObject({
      index: 0,
      markdown: 'Sample PDF',
      images: [],
      tables: [],
      hyperlinks: [],
      header: null,
      footer: null,
      dimensions: { dpi: 93, height: 1023, width: 791 },
      confidence_scores: null,
    })
    expect(body.pages[0].blocks).toEqual([
      {
        top_left_x: 87,
        top_left_y: 102,
        bottom_right_x: 704,
        bottom_right_y: 756,
        content: 'Sample PDF',
        confidence_scores: null,
        type: 'text',
      },
    ])
    expect([
      response.headers.get('x-ratelimit-limit-ocr-pages-minute'),
      response.headers.get('x-ratelimit-ocr-pages-query-cost'),
    ]).toEqual(['1250', '2'])
  })

  it('is deterministic: the same request gives the same body', async () => {
    const request = {
      document: pdfDocument(pdf([['a'], ['b']])),
      include_image_base64: true,
      confidence_scores_granularity: 'word',
    }
    expect((await ocr(request)).body).toEqual((await ocr(request)).body)
  })

  it('counts /Type /Page objects, not /Pages, reads MediaBox sizes and Flate-compressed text', async () => {
    const { body } = await ocr({
      document: pdfDocument(pdf([['first'], ['second (b)'], ['third']], { compress: true, box: '[0 0 595 842]' })),
    })
    expect(body.pages.map((page: { markdown: string }) => page.markdown)).toEqual(['first', 'second (b)', 'third'])
    expect(body.pages[0].dimensions).toEqual({ dpi: 93, height: 1088, width: 769 })
    expect(body.usage_info).toEqual({
      pages_processed: 3,
      doc_size_bytes: Buffer.byteLength(
        pdf([['first'], ['second (b)'], ['third']], { compress: true, box: '[0 0 595 842]' }),
        'latin1',
      ),
    })
  })

  it('writes a deterministic page naming the document when a PDF has no text', async () => {
    const { body } = await ocr({ document: pdfDocument(pdf([[]]), 'scan.pdf') })
    expect(body.pages[0].markdown).toMatch(/^\*Page 1 of scan\.pdf \(\d+ bytes\): no text found by the mock OCR\.\*$/)
  })

  it('selects pages (0-based) from a list or a range string, and refuses pages out of range', async () => {
    const document = pdfDocument(pdf([['p0'], ['p1'], ['p2'], ['p3'], ['p4']]))
    const list = await ocr({ document, pages: [3, 1, 3] })
    expect(list.body.pages.map((page: { index: number }) => page.index)).toEqual([1, 3])
    expect(list.body.usage_info.pages_processed).toBe(2)
    const range = await ocr({ document, pages: '0,2-4' })
    expect(range.body.pages.map((page: { markdown: string }) => page.markdown)).toEqual(['p0', 'p2', 'p3', 'p4'])
    const out = await ocr({ document, pages: [7] })
    expect(out.status).toBe(400)
    expect(out.body).toEqual({
      object: 'error',
      message: 'Pages out of range: [7]. The document has 5 pages (indices from 0).',
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
  })

  it('with include_image_base64, adds one JPEG image per page, referenced in the markdown; image_limit caps them', async () => {
    const document = pdfDocument(pdf([['a'], ['b'], ['c']]))
    const { body } = await ocr({ document, include_image_base64: true })
    expect(body.pages.map((page: { images: { id: string }[] }) => page.images.map((image) => image.id))).toEqual([
      ['img-0.jpeg'],
      ['img-1.jpeg'],
      ['img-2.jpeg'],
    ])
    expect(body.pages[1].markdown).toBe('b\n\n![img-1.jpeg](img-1.jpeg)')
    expect(Object.keys(body.pages[0].images[0])).toEqual(
      Object.keys(capture('json/ocr_pdf_3pages_images_mistral-ocr-2505_2025-07-20.json').pages[0].images[0]),
    )
    expect(body.pages[0].images[0]).toMatchObject({
      top_left_x: 79,
      top_left_y: 409,
      bottom_right_x: 475,
      bottom_right_y: 614,
      image_base64: expect.stringMatching(/^data:image\/jpeg;base64,\/9j\//),
      image_annotation: null,
    })
    expect(body.pages[0].blocks.at(-1)).toMatchObject({
      type: 'image',
      image_id: 'img-0.jpeg',
      content: '![img-0.jpeg](img-0.jpeg)',
    })
    const limited = await ocr({ document, include_image_base64: true, image_limit: 1 })
    expect(limited.body.pages.map((page: { images: unknown[] }) => page.images.length)).toEqual([1, 0, 0])
    const none = await ocr({ document, include_image_base64: false, include_blocks: false })
    expect([none.body.pages[0].images, none.body.pages[0].blocks]).toEqual([[], null])
  })

  it('reads an image: PNG IHDR and JPEG SOF sizes, one page, the image itself as image_base64', async () => {
    const png = PNG_HEAD(640, 480)
    const first = await ocr({
      document: { type: 'image_url', image_url: dataUrl('image/png', png) },
      include_image_base64: true,
    })
    expect(first.body.pages).toHaveLength(1)
    expect(first.body.pages[0].dimensions).toEqual({ dpi: 200, height: 480, width: 640 })
    expect(first.body.pages[0].images[0].image_base64).toBe(dataUrl('image/png', png))
    expect(first.body.usage_info).toEqual({ pages_processed: 1, doc_size_bytes: 33 })
    const second = await ocr({
      document: { type: 'image_url', image_url: { url: dataUrl('image/jpeg', jpeg(1806, 3210)), detail: 'high' } },
    })
    expect(second.body.pages[0].dimensions).toEqual({ dpi: 200, height: 3210, width: 1806 })
    expect(second.body.pages[0].markdown).toContain('1806 x 3210 JPEG')
  })

  it('answers an annotation for each image and for the document, meeting their JSON schemas, as json.dumps strings', async () => {
    const image = {
      type: 'object',
      properties: {
        image_type: { $ref: '#/$defs/ImageType' },
        description: { type: 'string' },
        score: { type: 'number', minimum: 0, maximum: 1 },
      },
      required: ['image_type', 'description'],
      $defs: { ImageType: { enum: ['graph', 'text', 'table', 'image'], type: 'string' } },
    }
    const documentSchema = {
      type: 'object',
      properties: {
        language: { type: 'string' },
        date: { type: 'string', format: 'date' },
        chapter_titles: { type: 'array', items: { type: 'string' } },
        urls: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string', format: 'uri' } }] },
        pages: { type: 'integer', minimum: 1, maximum: 9 },
      },
    }
    const { body } = await ocr({
      document: pdfDocument(pdf([['a'], ['b']]), 'paper.pdf'),
      bbox_annotation_format: { type: 'json_schema', json_schema: { name: 'image', schema: image, strict: true } },
      document_annotation_format: {
        type: 'json_schema',
        json_schema: { name: 'document', schema: documentSchema, strict: true },
      },
    })
    const annotation = body.pages[0].images[0].image_annotation
    expect(body.pages[0].images[0].image_base64).toBeNull()
    expect(annotation).toMatch(
      /^\{"image_type": "graph", "description": "description of img-0\.jpeg", "score": 0\.\d+\}$/,
    )
    expect(JSON.parse(body.pages[1].images[0].image_annotation)).toMatchObject({
      image_type: 'graph',
      description: 'description of img-1.jpeg',
    })
    const document = JSON.parse(body.document_annotation)
    expect(document).toEqual({
      language: 'language of paper.pdf',
      date: '2026-08-19',
      chapter_titles: ['chapter titles of paper.pdf'],
      urls: ['https://example.com/'],
      pages: expect.any(Number),
    })
    expect(document.pages).toBeGreaterThanOrEqual(1)
    expect(document.pages).toBeLessThanOrEqual(9)
  })

  it('reads an uploaded file by file_id; an unknown id is 404, a non-UUID 422', async () => {
    const mock = createMockMistral()
    const form = new FormData()
    form.append('file', new File([pdf([['from the upload']])], 'upload.pdf', { type: 'application/pdf' }))
    form.append('purpose', 'ocr')
    const uploaded = await (
      await mock.fetch(new Request('https://api.mistral.ai/v1/files', { method: 'POST', headers: auth, body: form }))
    ).json()
    const read = await ocr({ document: { type: 'file', file_id: uploaded.id } }, mock)
    expect(read.body.pages[0].markdown).toBe('from the upload')
    expect(read.body.usage_info.doc_size_bytes).toBe(uploaded.bytes)
    const missing = await ocr({ document: { type: 'file', file_id: '3b2f0a2e-9d0e-4c1a-8f6e-2a1b3c4d5e6f' } }, mock)
    expect([missing.status, missing.body]).toEqual([404, { detail: 'File not found' }])
    const invalid = await ocr({ document: { type: 'file', file_id: 'nope' } }, mock)
    expect(invalid.status).toBe(422)
    expect(invalid.body.message.detail[0]).toMatchObject({
      type: 'uuid_parsing',
      loc: ['body', 'document', 'file', 'file_id'],
    })
  })

  it('reads a remote URL as a named one-page document; a .invalid host is the real 400 code 3310', async () => {
    const { body } = await ocr({ document: { type: 'document_url', document_url: 'https://arxiv.org/pdf/2310.06825' } })
    expect(body.pages[0].markdown).toBe(
      '# 2310.06825\n\nText of 2310.06825, read by the mock OCR from https://arxiv.org/pdf/2310.06825.',
    )
    expect(body.pages[0].hyperlinks).toEqual(['https://arxiv.org/pdf/2310.06825'])
    expect(body.pages[0].blocks.map((block: { type: string }) => block.type)).toEqual(['title', 'text'])
    const failed = await ocr({ document: { type: 'document_url', document_url: 'https://docs.invalid/document.pdf' } })
    expect(failed.status).toBe(400)
    const wire = capture('errors/400_ocr_file_fetch_code3310_2025-07-19.json')
    expect(Object.keys(failed.body)).toEqual(Object.keys(wire))
    expect(failed.body).toEqual({
      ...wire,
      message: "File could not be fetched from url 'https://docs.invalid/document.pdf'",
    })
  })

  it('reads a text document as its paragraphs', async () => {
    const { body } = await ocr({
      document: { type: 'document_url', document_url: `data:text/plain,${encodeURIComponent('Hello\n\nWorld')}` },
    })
    expect(body.pages[0].markdown).toBe('Hello\n\nWorld')
  })

  it('returns confidence scores at word, page and block granularity', async () => {
    const document = pdfDocument(pdf([['Mistral OCR reads']]))
    const word = (await ocr({ document, confidence_scores_granularity: 'word' })).body.pages[0].confidence_scores
    expect(
      word.word_confidence_scores.map((score: { text: string; start_index: number }) => [
        score.text,
        score.start_index,
      ]),
    ).toEqual([
      ['Mistral', 0],
      [' OCR', 7],
      [' reads', 11],
    ])
    expect(Object.keys(word)).toEqual(
      Object.keys(
        capture('json/sdk_reserialized/cookbook_ocr4_word_confidence_header_page0_TRIMMED_2026-06.json').pages[0]
          .confidence_scores,
      ),
    )
    expect(word.minimum_page_confidence_score).toBeLessThanOrEqual(word.average_page_confidence_score)
    const page = (await ocr({ document, confidence_scores_granularity: 'page' })).body.pages[0]
    expect(Object.keys(page.confidence_scores)).toEqual([
      'average_page_confidence_score',
      'minimum_page_confidence_score',
    ])
    const block = (await ocr({ document, confidence_scores_granularity: 'block' })).body.pages[0].blocks[0]
      .confidence_scores
    expect(Object.keys(block)).toEqual([
      'average_content_confidence_score',
      'minimum_content_confidence_score',
      'block_type_confidence_score',
    ])
  })
})

describe('POST /v1/ocr: refusals shaped like the real API', () => {
  it('422s a missing document and model, in the message.detail envelope', async () => {
    const response = await createMockMistral().fetch(post({}))
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({
      object: 'error',
      message: {
        detail: [
          { type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: {} },
          { type: 'missing', loc: ['body', 'document'], msg: 'Field required', input: {} },
        ],
      },
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
  })

  it('422s a wrong document kind, a document without its url, extra fields and bad types', async () => {
    const wrongKind = await ocr({ document: { type: 'video_url', video_url: 'x' } })
    expect(wrongKind.body.message.detail[0]).toMatchObject({
      type: 'union_tag_invalid',
      loc: ['body', 'document'],
      ctx: { tag: 'video_url' },
    })
    const noUrl = await ocr({ document: { type: 'document_url' } })
    expect(noUrl.body.message.detail).toEqual([
      {
        type: 'missing',
        loc: ['body', 'document', 'document_url', 'document_url'],
        msg: 'Field required',
        input: { type: 'document_url' },
      },
    ])
    const noImageUrl = await ocr({ document: { type: 'image_url', image_url: { detail: 'high' } } })
    expect(noImageUrl.body.message.detail).toEqual([
      {
        type: 'missing',
        loc: ['body', 'document', 'image_url', 'image_url', 'url'],
        msg: 'Field required',
        input: { detail: 'high' },
      },
    ])
    const nothing = await ocr({ document: {} })
    expect(nothing.body.message.detail.map((detail: { loc: string[] }) => detail.loc.join('.'))).toEqual([
      'body.document.file.file_id',
      'body.document.document_url.document_url',
      'body.document.image_url.image_url',
    ])
    const extra = await ocr({
      document: pdfDocument(pdf([['a']])),
      max_pages: 2,
      include_image_base64: 'yes',
      pages: 'first',
      table_format: 'latex',
    })
    expect(extra.status).toBe(422)
    expect(
      extra.body.message.detail.map((detail: { type: string; loc: string[] }) => [detail.type, detail.loc.join('.')]),
    ).toEqual([
      ['extra_forbidden', 'body.max_pages'],
      ['value_error', 'body.pages'],
      ['bool_type', 'body.include_image_base64'],
      ['enum', 'body.table_format'],
    ])
  })

  it('422s an annotation format that is not json_schema', async () => {
    const { status, body } = await ocr({
      document: pdfDocument(pdf([['a']])),
      document_annotation_format: { type: 'json_object' },
    })
    expect(status).toBe(422)
    expect(body.message.detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body', 'document_annotation_format'],
      msg: 'Value error, Only json_schema is valid for this field',
    })
  })

  it('400s a model that does not do OCR, like the completions endpoints', async () => {
    const { status, body } = await ocr({ model: 'mistral-small-latest', document: pdfDocument(pdf([['a']])) })
    expect([status, body]).toEqual([
      400,
      {
        object: 'error',
        message: 'Invalid model: mistral-small-latest',
        type: 'invalid_model',
        param: null,
        code: '1500',
      },
    ])
    expect((await ocr({ model: 'mistral-ocr-2512', document: pdfDocument(pdf([['a']])) })).body.model).toBe(
      'mistral-ocr-2512',
    )
    expect((await ocr({ model: null, document: pdfDocument(pdf([['a']])) })).body.model).toBe('mistral-ocr-latest')
  })

  it('400s broken base64 in a data URL; applies x-mock-fault like every route', async () => {
    expect(
      (await ocr({ document: { type: 'document_url', document_url: 'data:application/pdf;base64,%%%' } })).status,
    ).toBe(400)
    const faulted = await createMockMistral().fetch(
      new Request('https://api.mistral.ai/v1/ocr', {
        method: 'POST',
        headers: { ...auth, 'x-mock-fault': 'status=503' },
        body: '{}',
      }),
    )
    expect(faulted.status).toBe(503)
  })
})

describe('OCR helpers', () => {
  it('imageSize reads PNG, JPEG, GIF and WebP headers', () => {
    expect(imageSize(PNG_HEAD(1, 2))).toEqual({ width: 1, height: 2 })
    expect(imageSize(jpeg(300, 200))).toEqual({ width: 300, height: 200 })
    expect(imageSize(new Uint8Array(Buffer.from('GIF89a\x0a\x00\x05\x00', 'latin1')))).toEqual({ width: 10, height: 5 })
    const webp = Buffer.alloc(30)
    Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8X', 'latin1').copy(webp)
    webp.writeUIntLE(99, 24, 3)
    webp.writeUIntLE(49, 27, 3)
    expect(imageSize(new Uint8Array(webp))).toEqual({ width: 100, height: 50 })
    expect(imageSize(new TextEncoder().encode('not an image'))).toBeUndefined()
  })

  it('contentText reads Tj, TJ (with word gaps), quotes, hex and escaped strings, one paragraph per text object', () => {
    const content =
      "BT /F1 12 Tf 72 700 Td (Hello \\(world\\)) Tj 0 -14 Td [(Ker)-20(ning)-400(gap)] TJ ET\nBT <48656C6C6F> Tj (caf\\351) ' ET"
    expect(contentText(content)).toEqual(['Hello (world)\nKerning gap', 'Hello\ncafé'])
  })

  it('sampleOf and pythonJson make a json.dumps-like value for a schema', () => {
    const schema = {
      type: 'object',
      properties: {
        ok: { type: 'boolean' },
        tags: { type: 'array', items: { const: 'x' }, minItems: 2 },
        name: { type: ['string', 'null'] },
      },
    }
    const value = sampleOf(schema, schema, '', 'doc') as Record<string, unknown>
    expect(value).toEqual({ ok: expect.any(Boolean), tags: ['x', 'x'], name: 'name of doc' })
    expect(pythonJson({ a: [1, 'é'], b: null })).toBe('{"a": [1, "\\u00e9"], "b": null}')
  })
})
