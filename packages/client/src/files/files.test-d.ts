import { expectTypeOf, test } from 'vitest'
import type { FileOut, FilePurpose, FilesListRequest, FilesUploadRequest } from './schemas.js'

test('list filters accept readonly arrays and new values', () => {
  const sample_type = ['instruct', 'ocr_input'] as const
  const mimetypes: readonly string[] = ['application/jsonl']
  expectTypeOf({ sample_type, source: ['upload'] as const, mimetypes, purpose: 'agents' }).toExtend<FilesListRequest>()
})

test('purpose is an open union, in requests and responses', () => {
  expectTypeOf<'fine-tune' | 'batch' | 'ocr' | 'audio' | 'agents'>().toExtend<FilePurpose>()
  expectTypeOf({ file: new Blob([]), purpose: 'ocr' } as const).toExtend<FilesUploadRequest>()
  expectTypeOf<FileOut['purpose']>().toEqualTypeOf<FilePurpose | null | undefined>()
  expectTypeOf<FileOut['filename']>().toEqualTypeOf<string | null | undefined>()
})
