import { expectTypeOf, test } from 'vitest'
import type { EmbeddingRequest, EmbeddingResponse } from './schemas.js'

test('input accepts one string, an array or a readonly array', () => {
  const inputs: readonly string[] = ['a', 'b']
  expectTypeOf(inputs).toExtend<EmbeddingRequest['input']>()
  expectTypeOf({ model: 'mistral-embed', input: ['a'] as const }).toExtend<EmbeddingRequest>()
  expectTypeOf<string>().toExtend<EmbeddingRequest['input']>()
})

test('enum-like fields are open and keep their known values', () => {
  expectTypeOf({
    model: 'codestral-embed',
    input: 'x',
    output_dtype: 'int4',
    encoding_format: 'base64',
  } as const).toExtend<EmbeddingRequest>()
  expectTypeOf<'float' | 'int8' | 'uint8' | 'binary' | 'ubinary'>().toExtend<
    NonNullable<EmbeddingRequest['output_dtype']>
  >()
})

test('a vector is numbers or a base64 string', () => {
  expectTypeOf<EmbeddingResponse['data'][number]['embedding']>().toEqualTypeOf<number[] | string>()
})
