import { apiError, json, type Route, readJson, validationError } from './http.js'
import { createRandom, hashString } from './random.js'
import type { MockState } from './state.js'

/** What each embedding model allows: its default dimension, the largest `output_dimension`, the dtypes. */
const EMBEDDING_MODELS: Record<string, { dimension: number; maxDimension: number; dtypes: readonly string[] }> = {
  'mistral-embed': { dimension: 1024, maxDimension: 1024, dtypes: ['float'] },
  'codestral-embed': { dimension: 1536, maxDimension: 3072, dtypes: ['float', 'int8', 'uint8', 'binary', 'ubinary'] },
}

/** Rounds to half precision, as the wire's values are (`-0.04833984375`). */
function half(value: number): number {
  if (value === 0) return 0
  const step = 2 ** (Math.floor(Math.log2(Math.abs(value))) - 10)
  return Math.round(value / step) * step
}

/**
 * A deterministic unit vector for `text`: the same model and text always give the same vector, and a shorter
 * `output_dimension` is a renormalised prefix of the full one (Matryoshka-style, like codestral-embed).
 */
function vector(model: string, text: string, full: number, dimension: number): number[] {
  const random = createRandom(hashString(`${model}\u0000${text}`))
  const values: number[] = []
  for (let i = 0; i < full; i++) values.push(random.next() + random.next() + random.next() - 1.5)
  const prefix = values.slice(0, dimension)
  const norm = Math.hypot(...prefix) || 1
  return prefix.map((value) => half(value / norm))
}

/** Applies `output_dtype`: int8/uint8 scale to 127; binary/ubinary pack the signs, 8 per byte. */
function quantize(values: number[], dtype: string): number[] {
  if (dtype === 'float') return values
  const max = Math.max(...values.map(Math.abs)) || 1
  if (dtype === 'int8') return values.map((value) => Math.round((value / max) * 127))
  if (dtype === 'uint8') return values.map((value) => Math.round((value / max) * 127) + 128)
  const packed: number[] = []
  for (let i = 0; i < values.length; i += 8) {
    let byte = 0
    for (let bit = 0; bit < 8; bit++) byte = (byte << 1) | ((values[i + bit] ?? 0) > 0 ? 1 : 0)
    packed.push(dtype === 'binary' ? byte - 128 : byte)
  }
  return packed
}

/** `encoding_format: 'base64'`: the little-endian bytes of each vector (float32, or one byte per value). */
function base64(values: number[], dtype: string): string {
  const bytes =
    dtype === 'float'
      ? new Uint8Array(new Float32Array(values).buffer)
      : new Uint8Array(dtype === 'int8' || dtype === 'binary' ? new Int8Array(values).buffer : values)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** A rough token count (about four characters a token), enough for usage figures. */
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4))

function resolve(state: MockState, id: string) {
  for (const card of state.models.values()) {
    if (card.id === id || card.aliases.includes(id)) {
      const spec =
        EMBEDDING_MODELS[card.id] ?? EMBEDDING_MODELS[card.aliases.find((alias) => alias in EMBEDDING_MODELS) ?? '']
      return spec
    }
  }
  return undefined
}

/** `POST /v1/embeddings`, shaped like fixtures/wire/json/embeddings_*_2026-08-19.json. */
export const embeddingRoutes: Route[] = [
  [
    'POST',
    '/v1/embeddings',
    async (context) => {
      const { state } = context
      const body = await readJson(context)
      if (body instanceof Response) return body
      const { model, input, output_dimension, output_dtype = 'float', encoding_format = 'float' } = body
      const issues: { loc: (string | number)[]; msg: string; type: string; input?: unknown }[] = []
      if (model === undefined)
        issues.push({ type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: body })
      else if (typeof model !== 'string')
        issues.push({
          type: 'string_type',
          loc: ['body', 'model'],
          msg: 'Input should be a valid string',
          input: model,
        })
      if (input === undefined)
        issues.push({ type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: body })
      else if (
        typeof input !== 'string' &&
        !(Array.isArray(input) && input.every((item) => typeof item === 'string'))
      ) {
        issues.push({
          type: 'string_type',
          loc: ['body', 'input', 'str'],
          msg: 'Input should be a valid string',
          input,
        })
      }
      if (
        output_dimension !== undefined &&
        output_dimension !== null &&
        !(Number.isInteger(output_dimension) && (output_dimension as number) > 0)
      ) {
        issues.push({
          type: 'greater_than',
          loc: ['body', 'output_dimension', 'int'],
          msg: 'Input should be greater than 0',
          input: output_dimension,
        })
      }
      if (!['float', 'int8', 'uint8', 'binary', 'ubinary'].includes(output_dtype as string)) {
        issues.push({
          type: 'enum',
          loc: ['body', 'output_dtype'],
          msg: "Input should be 'float', 'int8', 'uint8', 'binary' or 'ubinary'",
          input: output_dtype,
        })
      }
      if (!['float', 'base64'].includes(encoding_format as string)) {
        issues.push({
          type: 'enum',
          loc: ['body', 'encoding_format'],
          msg: "Input should be 'float' or 'base64'",
          input: encoding_format,
        })
      }
      if (issues.length) return validationError(state, issues)
      const spec = resolve(state, model as string)
      if (!spec) return apiError(state, 400, `Invalid model: ${model as string}`, 'invalid_model', '1500')
      const dimension = (output_dimension as number | null | undefined) ?? spec.dimension
      if (dimension !== spec.dimension && (spec.maxDimension === spec.dimension || dimension > spec.maxDimension)) {
        return apiError(
          state,
          400,
          `output_dimension ${dimension} is not supported by ${model as string} (${spec.maxDimension === spec.dimension ? `fixed at ${spec.dimension}` : `at most ${spec.maxDimension}`})`,
          'invalid_request_error',
        )
      }
      if (!spec.dtypes.includes(output_dtype as string)) {
        return apiError(
          state,
          400,
          `output_dtype ${output_dtype as string} is not supported by ${model as string}`,
          'invalid_request_error',
        )
      }
      const texts = typeof input === 'string' ? [input] : (input as string[])
      const data = texts.map((text, index) => {
        const values = quantize(vector(model as string, text, spec.maxDimension, dimension), output_dtype as string)
        return {
          object: 'embedding',
          embedding: encoding_format === 'base64' ? base64(values, output_dtype as string) : values,
          index,
        }
      })
      const prompt_tokens = texts.reduce((sum, text) => sum + tokens(text), 0)
      return json(
        state,
        {
          id: state.random.hex(32),
          object: 'list',
          data,
          model,
          usage: {
            prompt_audio_seconds: null,
            prompt_tokens,
            total_tokens: prompt_tokens,
            completion_tokens: 0,
            request_count: null,
            prompt_tokens_details: null,
            completion_tokens_details: null,
            service_tier: null,
            prompt_token_details: null,
          },
        },
        200,
        { 'x-ratelimit-tokens-query-cost': String(prompt_tokens) },
      )
    },
  ],
]
