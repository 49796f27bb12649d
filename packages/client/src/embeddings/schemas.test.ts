import { safeParse } from 'valibot'
import { describe, expect, it } from 'vitest'
import { EmbeddingRequestSchema, EmbeddingResponseSchema } from './schemas.js'

describe('embeddings', () => {
  it('a request takes a readonly input, new dtypes and formats; the API judges output_dimension', () => {
    const request = {
      model: 'codestral-embed',
      input: Object.freeze(['a', 'b']),
      output_dtype: 'int4',
      encoding_format: 'hex',
      output_dimension: 0,
    }
    expect(safeParse(EmbeddingRequestSchema, request)).toMatchObject({ success: true, output: request })
  })

  it('a request names the failing item of its input', () => {
    const result = safeParse(EmbeddingRequestSchema, { model: 'mistral-embed', input: ['ok', 3] })
    expect(result.success).toBe(false)
    const nested = result.issues?.[0]?.issues?.find((issue) => issue.path?.length)
    expect([result.issues?.[0]?.path?.[0]?.key, nested?.path?.[0]?.key]).toEqual(['input', 1])
  })

  it('a response with base64 vectors, id null and extra usage fields passes, unchanged', () => {
    const response = {
      id: null,
      object: 'list',
      data: [{ object: 'embedding', embedding: 'AAAA', index: 0 }],
      model: 'mistral-embed',
      usage: { prompt_tokens: 2, total_tokens: 2, request_count: 1 },
    }
    expect(safeParse(EmbeddingResponseSchema, response)).toMatchObject({ success: true, output: response })
  })
})
