import { safeParse } from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  FilesListRequestSchema,
  FilesUploadRequestSchema,
  ListFilesOutSchema,
  RetrieveFileOutSchema,
} from './schemas.js'

const file = {
  id: 'f1',
  object: 'file',
  bytes: 10,
  created_at: 1,
  filename: 'a.jsonl',
  purpose: 'fine-tune',
  sample_type: 'instruct',
  source: 'upload',
}

describe('file responses', () => {
  it.each([
    ['filename null', { ...file, filename: null }],
    ['purpose and bytes null', { ...file, purpose: null, bytes: null }],
    [
      'new purpose, sample_type, source and visibility',
      { ...file, purpose: 'agents', sample_type: 'ocr_input', source: 'connector', visibility: 'org' },
    ],
  ])('a file with %s passes, unchanged', (_name, value) => {
    expect(safeParse(RetrieveFileOutSchema, value)).toMatchObject({ success: true, output: value })
    expect(safeParse(ListFilesOutSchema, { data: [value], object: 'list', total: null }).success).toBe(true)
  })

  it('a file without an id fails', () => {
    expect(safeParse(RetrieveFileOutSchema, { ...file, id: undefined }).issues?.[0]?.path?.[0]?.key).toBe('id')
  })
})

describe('file requests', () => {
  it('take new enum values and readonly filters; only types are checked', () => {
    const query = { sample_type: Object.freeze(['ocr_input']), source: ['upload'], purpose: 'agents', page: -1 }
    expect(safeParse(FilesListRequestSchema, query)).toMatchObject({ success: true, output: query })
    expect(
      safeParse(FilesUploadRequestSchema, { file: 'x', purpose: 'train', visibility: 'public', expiry: 1.5 }).success,
    ).toBe(true)
    expect(safeParse(FilesUploadRequestSchema, { file: 42 }).issues?.[0]?.path?.[0]?.key).toBe('file')
    expect(safeParse(FilesUploadRequestSchema, { file: 'x', purpose: 3 }).issues?.[0]?.path?.[0]?.key).toBe('purpose')
  })
})
