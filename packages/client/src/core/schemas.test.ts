import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type GenericSchema, literal, looseObject, number, safeParse, string } from 'valibot'
import { describe, expect, it } from 'vitest'
import { ChatCompletionRequestSchema, ChatCompletionResponseSchema, CompletionChunkSchema } from '../chat/schemas.js'
import { EmbeddingResponseSchema } from '../embeddings/schemas.js'
import { UploadFileOutSchema } from '../files/schemas.js'
import { DetailedJobOutSchema, FineTuningJobsCreateResponseSchema, JobsOutSchema } from '../fine-tuning/schemas.js'
import { ModelListSchema } from '../models/schemas.js'
import { openEnum, openVariant, readonlyArray } from './schemas.js'

/** The path of each issue, `a.0.b`, to assert where a value fails. */
const pathsOf = (schema: GenericSchema, value: unknown) => {
  const result = safeParse(schema, value)
  return result.success ? [] : result.issues.map((issue) => issue.path?.map((item) => item.key).join('.') ?? '')
}

describe('openEnum', () => {
  const Effort = openEnum(['low', 'high'])

  it('accepts the known values and any other string, unchanged', () => {
    expect(safeParse(Effort, 'low')).toMatchObject({ success: true, output: 'low' })
    expect(safeParse(Effort, 'max')).toMatchObject({ success: true, output: 'max' })
    expect(Effort.options).toEqual(['low', 'high'])
  })

  it('refuses a value that is not a string', () => {
    expect(safeParse(Effort, 3)).toMatchObject({ success: false, issues: [{ expected: 'string', received: '3' }] })
  })
})

describe('readonlyArray', () => {
  it('is an array schema: items are checked with their index in the path', () => {
    const input: readonly unknown[] = Object.freeze(['a', 2])
    expect(pathsOf(readonlyArray(string()), input)).toEqual(['1'])
    expect(safeParse(readonlyArray(string()), Object.freeze(['a', 'b']))).toMatchObject({
      success: true,
      output: ['a', 'b'],
    })
  })
})

describe('openVariant', () => {
  const Part = openVariant('type', [
    looseObject({ type: literal('text'), text: string() }),
    looseObject({ type: literal('count'), count: number() }),
  ])

  it('passes an object of an unknown kind as it is', () => {
    const video = { type: 'video', url: 'https://x', extra: { deep: true } }
    expect(safeParse(Part, video)).toMatchObject({ success: true, output: video })
  })

  it('checks a known kind and names the wrong field by its path', () => {
    expect(pathsOf(Part, { type: 'text', text: 1 })).toEqual(['text'])
    expect(pathsOf(Part, { type: 'count' })).toEqual(['count'])
    expect(safeParse(Part, { type: 'text', text: 'hi', extra: 1 })).toMatchObject({
      success: true,
      output: { type: 'text', text: 'hi', extra: 1 },
    })
  })

  it('refuses a missing or non-string discriminant, listing what it expects', () => {
    for (const value of [{ text: 'x' }, { type: 7 }]) {
      const result = safeParse(Part, value)
      expect(result.success).toBe(false)
      expect(result.issues?.[0]).toMatchObject({ expected: '("text" | "count" | string)', path: [{ key: 'type' }] })
    }
    expect(safeParse(Part, 'text').success).toBe(false)
  })
})

// Every capture of shared/wire (MISTRAL_WIRE overrides; the repo's older fixtures/wire copy is the fallback) through
// the schema of its endpoint. A capture of an endpoint these schemas do not cover yet must be listed as such, so a new
// capture is never silently skipped. Schemas only check, never rewrite: the output must equal the capture.

const here = fileURLToPath(new URL('.', import.meta.url))
const wire = [
  process.env.MISTRAL_WIRE,
  join(here, '../../../../../shared/wire'),
  join(here, '../../../../fixtures/wire'),
].find((folder): folder is string => !!folder && existsSync(folder))

const SCHEMAS: [RegExp, GenericSchema][] = [
  [
    /^json\/(chat_completion_[^/]+|fim_completion_[^/]+|vercel-ai_magistral[^/]+|chat_[^/]+\/\d+\.response)\.json$/,
    ChatCompletionResponseSchema,
  ],
  [
    /^json\/sdk_reserialized\/(cookbook_chat_completion_[^/]+|pydantic-ai_chat_[^/]+\.response)\.json$/,
    ChatCompletionResponseSchema,
  ],
  [
    /^json\/(chat_[^/]+\/\d+\.request|sdk_reserialized\/pydantic-ai_chat_[^/]+\.request)\.json$/,
    ChatCompletionRequestSchema,
  ],
  [/^json\/embeddings_[^/]+\.json$/, EmbeddingResponseSchema],
  [/^json\/models_list_[^/]+\.json$/, ModelListSchema],
  [/^json\/(files_upload_[^/]+|sdk_reserialized\/cookbook_file_upload_[^/]+)\.json$/, UploadFileOutSchema],
  [/^json\/sdk_reserialized\/cookbook_ft_(job_create|classifier_job)_[^/]+\.json$/, FineTuningJobsCreateResponseSchema],
  [/^json\/sdk_reserialized\/cookbook_ft_job_get_detailed_[^/]+\.json$/, DetailedJobOutSchema],
  [/^json\/sdk_reserialized\/cookbook_ft_jobs_list_[^/]+\.json$/, JobsOutSchema],
  [/^sse\/(chat_[^/]+\.sse|vercel-ai_[^/]+\.chunks\.jsonl)$/, CompletionChunkSchema],
]

/** Captures of endpoints without a schema here yet (OCR, moderation, classification, audio, batch, conversations, agents). */
const OTHER_ENDPOINTS =
  /^(json\/(sdk_reserialized\/)?(batch_|moderation_|ocr_|transcription_|vercel-ai_transcription|cookbook_(classification|moderation|ocr)|docs_(agent|conversation))|sse\/conversation_)/

function capturesIn(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => relative(folder, join(folder, name)).split('\\').join('/'))
    .filter((name) => /^(json|sse)\//.test(name) && /\.(json|sse|jsonl)$/.test(name))
    .sort()
}

/** The JSON values of a capture: one body, or every `data:` event (every line of a `.chunks.jsonl`) of a stream. */
function valuesOf(folder: string, name: string): unknown[] {
  const text = readFileSync(join(folder, name), 'utf8')
  if (name.endsWith('.json')) return [JSON.parse(text)]
  const lines = text.split(/\r\n|\r|\n/)
  const data = name.endsWith('.jsonl')
    ? lines.filter((line) => line.trim())
    : lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6))
  return data.filter((line) => line !== '[DONE]').map((line) => JSON.parse(line))
}

describe.runIf(wire)('every wire capture passes the schema of its endpoint', () => {
  const folder = wire as string
  const captures = capturesIn(folder)

  it('finds the captures, each with a schema or listed as another endpoint', () => {
    expect(captures.length).toBeGreaterThan(20)
    const unmatched = captures.filter(
      (name) => !SCHEMAS.some(([pattern]) => pattern.test(name)) && !OTHER_ENDPOINTS.test(name),
    )
    expect(unmatched).toEqual([])
  })

  for (const name of captures) {
    const schema = SCHEMAS.find(([pattern]) => pattern.test(name))?.[1]
    if (!schema) continue
    it(name, () => {
      const values = valuesOf(folder, name)
      expect(values.length).toBeGreaterThan(0)
      for (const value of values) {
        const result = safeParse(schema, value)
        expect(
          result.issues?.map((issue) => `${issue.path?.map((item) => item.key).join('.')}: ${issue.message}`),
        ).toBeUndefined()
        expect(result.output).toEqual(value)
      }
    })
  }
})
