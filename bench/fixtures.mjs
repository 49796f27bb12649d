// Bodies the loopback server answers with, shaped like the recorded real traffic in fixtures/wire.
import { readFileSync } from 'node:fs'

const wire = (path) => readFileSync(new URL(`../fixtures/wire/${path}`, import.meta.url), 'utf8')

/** A non-streamed chat completion exactly as recorded (fixtures/wire/json/chat_completion_mistral-small_2026-08-19.json). */
export const chatCompletion = wire('json/chat_completion_mistral-small_2026-08-19.json')

const words = [
  'The',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' the',
  ' lazy',
  ' dog',
  ',',
  ' and',
  ' then',
  ' it',
  ' rests',
  '.',
  ' Über',
  ' café',
  ' 日本語',
  ' 🚀',
]

/**
 * An SSE body of about `bytes` bytes, framed like fixtures/wire/sse/chat_text_mistral-small_2026-08-19.sse: a role
 * chunk first, text chunks with `p` padding, `finish_reason` and usage on the last chunk, then `[DONE]`.
 *
 * @returns `{ body: string, chunks: number, text: string }`
 */
export function sseBody(bytes) {
  const head = {
    id: '548ed34ecc7f4a6aa69187e16761bf0c',
    object: 'chat.completion.chunk',
    created: 1787150060,
    model: 'mistral-small-latest',
  }
  const parts = [
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
  ]
  let size = parts[0].length
  let chunks = 1
  let text = ''
  for (let i = 0; size < bytes; i++) {
    const content = words[i % words.length]
    const padding = 'abcdefghijklmnopqrstuvwxyz0123456789'.slice(0, 5 + ((i * 7) % 30))
    const event = `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { content }, finish_reason: null }], p: padding })}\n\n`
    parts.push(event)
    size += event.length
    text += content
    chunks++
  }
  const usage = {
    prompt_tokens: 22,
    total_tokens: 22 + chunks,
    completion_tokens: chunks,
    prompt_tokens_details: { cached_tokens: 0 },
    service_tier: 'standard',
  }
  parts.push(
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage, p: 'abcde' })}\n\n`,
    'data: [DONE]\n\n',
  )
  return { body: parts.join(''), chunks: chunks + 1, text }
}
