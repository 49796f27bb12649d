import { expectTypeOf, test } from 'vitest'
import type { ContentChunk } from '../chat/schemas.js'
import type { BlobDocument } from './document-from-blob.js'
import type { OCRBlock, OCRRequest, OCRResponse } from './schemas.js'

test('documentFromBlob gives an OCR document, and a chat content part', () => {
  expectTypeOf<BlobDocument>().toExtend<OCRRequest['document']>()
  expectTypeOf<BlobDocument>().toExtend<ContentChunk>()
})

test('the three document kinds, pages as a readonly list or a string, open enums', () => {
  const pages: readonly number[] = [0, 2]
  expectTypeOf({
    model: 'mistral-ocr-latest',
    document: { type: 'file', file_id: 'f' },
    pages,
  } as const).toExtend<OCRRequest>()
  expectTypeOf({
    model: 'mistral-ocr-latest',
    document: { type: 'image_url', image_url: { url: 'u', detail: 'high' } },
    pages: '0-3',
  } as const).toExtend<OCRRequest>()
  expectTypeOf({
    model: null,
    document: { type: 'document_url', document_url: 'u' },
    table_format: 'latex',
    confidence_scores_granularity: 'line',
  } as const).toExtend<OCRRequest>()
  expectTypeOf<'markdown' | 'html'>().toExtend<NonNullable<OCRRequest['table_format']>>()
  expectTypeOf<{ model: string }>().not.toExtend<OCRRequest>()
})

test('annotations are JSON strings; blocks narrow on type', () => {
  expectTypeOf<OCRResponse['document_annotation']>().toEqualTypeOf<string | null | undefined>()
  expectTypeOf<OCRResponse['pages'][number]['images'][number]['image_annotation']>().toEqualTypeOf<
    string | null | undefined
  >()
  expectTypeOf<Extract<OCRBlock, { type: 'image' }>['image_id']>().toEqualTypeOf<string>()
  expectTypeOf<OCRBlock['type']>().toEqualTypeOf<
    | 'text'
    | 'title'
    | 'list'
    | 'image'
    | 'table'
    | 'equation'
    | 'caption'
    | 'code'
    | 'references'
    | 'aside_text'
    | 'header'
    | 'footer'
    | 'signature'
  >()
})
