import { readdirSync, readFileSync } from 'node:fs'
import { is } from 'valibot'
import { describe, expect, it } from 'vitest'
import { CompletionChunkSchema } from '../chat/schemas.js'
import { isCompletionChunk } from './is-completion-chunk.js'

// The stream validates chunks with isCompletionChunk for speed; CompletionChunkSchema is the definition.
// These tests hold the two to the same answer.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const folder = new URL('../../../../fixtures/wire/sse/', import.meta.url)
const captureChunks: Json[] = readdirSync(folder).flatMap((name) =>
  readFileSync(new URL(name, folder), 'utf8')
    .split('\n')
    .map((line) => (name.endsWith('.jsonl') ? line : line.startsWith('data: ') ? line.slice(6) : ''))
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Json),
)

/** A chunk with every field the schema knows, so every one of them gets mutated. */
const rich: Json = {
  id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm',
  usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, prompt_audio_seconds: 0, prompt_tokens_details: { cached_tokens: 0 }, service_tier: 'standard' },
  choices: [
    {
      index: 0, finish_reason: null,
      delta: {
        role: 'assistant', tool_call_id: 'x',
        content: [{ type: 'thinking', text: 't', closed: true, thinking: [{ type: 'text', text: 'a' }] }],
        tool_calls: [{ id: 'g6fVbXS8K', type: 'function', index: 0, function: { name: 'weather', arguments: '{}' } }],
      },
    },
  ],
  p: 'abc',
}

/** Every path to a value in `value`. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix]
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value)
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, Json>)[key] as Json, [...prefix, key]))]
}

/** A copy of `value` with the value at `path` replaced (or deleted for `undefined`). */
function mutate(value: Json, path: (string | number)[], replacement: Json | undefined): Json | undefined {
  if (path.length === 0) return replacement
  const copy = structuredClone(value) as Record<string | number, Json>
  let target = copy
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, Json>
  const last = path.at(-1) as string | number
  if (replacement === undefined) delete target[last]
  else target[last] = replacement
  return copy as Json
}

const replacements: (Json | undefined)[] = [undefined, null, 42, 'x', true, [], {}, [{}], { type: 'text' }]

describe('isCompletionChunk agrees with CompletionChunkSchema', () => {
  it('accepts every chunk of every capture', () => {
    expect(captureChunks.length).toBeGreaterThan(1000)
    for (const chunk of captureChunks) {
      expect(is(CompletionChunkSchema, chunk)).toBe(true)
      expect(isCompletionChunk(chunk)).toBe(true)
    }
  })

  it('gives the same answer for every field of a full chunk replaced by every kind of value', () => {
    let rejected = 0
    let compared = 0
    for (const path of paths(rich)) {
      for (const replacement of replacements) {
        const candidate = mutate(rich, path, replacement)
        const expected = is(CompletionChunkSchema, candidate)
        expect([path.join('.'), JSON.stringify(replacement), isCompletionChunk(candidate)]).toEqual([path.join('.'), JSON.stringify(replacement), expected])
        compared++
        if (!expected) rejected++
      }
    }
    expect(compared).toBeGreaterThan(300)
    expect(rejected).toBeGreaterThan(150)
  })

  it('rejects values that are not chunks', () => {
    for (const value of [null, undefined, 'chunk', 1, [], {}, { id: 'x' }, { choices: [] }]) {
      expect([value, isCompletionChunk(value)]).toEqual([value, is(CompletionChunkSchema, value)])
      expect(isCompletionChunk(value)).toBe(false)
    }
    expect(isCompletionChunk({ id: 'x', choices: [] })).toBe(true)
  })
})
