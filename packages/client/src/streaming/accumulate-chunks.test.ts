import { describe, expect, it } from 'vitest'
import type { CompletionChunk, DeltaMessage } from '../chat/schemas.js'
import { accumulateChunks } from './accumulate-chunks.js'

const chunk = (
  delta: DeltaMessage,
  extra: Partial<CompletionChunk> & { finish_reason?: string | null; index?: number } = {},
): CompletionChunk => {
  const { finish_reason = null, index = 0, ...rest } = extra
  return {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 7,
    model: 'mistral-small-latest',
    choices: [{ index, delta, finish_reason }],
    ...rest,
  }
}

/** Deep-freezes chunks, so any mutation by accumulateChunks throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const item of Object.values(value)) frozen(item)
    Object.freeze(value)
  }
  return value
}

describe('accumulateChunks', () => {
  it('concatenates string content and keeps the last finish_reason and usage', async () => {
    const usage = {
      prompt_tokens: 22,
      total_tokens: 30,
      completion_tokens: 8,
      prompt_tokens_details: { cached_tokens: 0 },
      service_tier: 'standard',
    }
    const response = await accumulateChunks(
      frozen([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: '1' }, { p: 'abc' } as Partial<CompletionChunk>),
        chunk({ content: ', 2,' }),
        chunk({ content: ' 3' }, { finish_reason: 'stop', usage }),
      ]),
    )
    expect(response).toEqual({
      id: 'c1',
      object: 'chat.completion',
      created: 7,
      model: 'mistral-small-latest',
      usage,
      choices: [
        { index: 0, message: { role: 'assistant', content: '1, 2, 3', tool_calls: null }, finish_reason: 'stop' },
      ],
    })
    expect(response).not.toHaveProperty('p')
  })

  it('merges thinking and text parts; strings after an array join the text part', async () => {
    const response = await accumulateChunks(
      frozen([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'The' }] }] }),
        chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: ' user' }], closed: true }] }),
        chunk({
          content: [
            { type: 'thinking', thinking: [{ type: 'text', text: ' asks.' }], closed: true },
            { type: 'text', text: '1' },
          ],
        }),
        chunk({ content: '44' }, { finish_reason: 'stop' }),
      ]),
    )
    expect(response.choices[0]?.message.content).toEqual([
      { type: 'thinking', thinking: [{ type: 'text', text: 'The user asks.' }], closed: true },
      { type: 'text', text: '144' },
    ])
  })

  it('keeps text that came before the first array as the first part', async () => {
    const response = await accumulateChunks([
      chunk({ content: 'Hi ' }),
      chunk({
        content: [
          { type: 'text', text: 'there' },
          { type: 'image_url', image_url: 'x' },
        ],
      }),
      chunk({ content: '!' }),
    ])
    expect(response.choices[0]?.message.content).toEqual([
      { type: 'text', text: 'Hi there' },
      { type: 'image_url', image_url: 'x' },
      { type: 'text', text: '!' },
    ])
  })

  it('collects whole tool calls, several in one chunk', async () => {
    const calls = [
      {
        id: 'wyFNfgjhN',
        type: 'function',
        function: { name: 'weather', arguments: '{"latitude": "52.5200"}' },
        index: 0,
      },
      { id: '5K7IOShCC', type: 'function', function: { name: 'best_language_to_learn', arguments: '{}' }, index: 1 },
    ]
    const response = await accumulateChunks(
      frozen([
        chunk({ role: 'assistant', content: '' }),
        chunk({ tool_calls: calls }, { finish_reason: 'tool_calls' }),
      ]),
    )
    expect(response.choices[0]?.message.tool_calls).toEqual(calls)
    expect(response.choices[0]?.message.content).toBe('')
    expect(response.choices[0]?.finish_reason).toBe('tool_calls')
  })

  it('merges incremental tool calls by index: name and argument fragments', async () => {
    const response = await accumulateChunks(
      frozen([
        chunk({
          tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'search', arguments: '' }, index: 0 }],
          content: '',
        }),
        chunk({
          tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"ci' }, index: 1 }],
        }),
        chunk({ tool_calls: [{ type: 'function', function: { name: '', arguments: '{"query": ' }, index: 0 }] }),
        chunk({ tool_calls: [{ function: { arguments: 'ty": "Berlin"}' }, index: 1 }] }),
        chunk({ tool_calls: [{ type: 'function', function: { name: '', arguments: '"Berlin weather"}' }, index: 0 }] }),
        chunk({ content: '' }, { finish_reason: 'tool_calls' }),
      ]),
    )
    expect(response.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'search', arguments: '{"query": "Berlin weather"}' },
        index: 0,
      },
      { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city": "Berlin"}' }, index: 1 },
    ])
  })

  it('adds whole calls that repeat an index with a new id, or carry no index, as new calls', async () => {
    const response = await accumulateChunks([
      chunk({ tool_calls: [{ id: 'aaaaaaaaa', function: { name: 'one', arguments: '{}' }, index: 0 }] }),
      chunk({ tool_calls: [{ id: 'bbbbbbbbb', function: { name: 'two', arguments: { x: 1 } }, index: 0 }] }),
      chunk({ tool_calls: [{ id: 'ccccccccc', function: { name: 'three', arguments: '{}' } }] }),
    ])
    expect(response.choices[0]?.message.tool_calls).toEqual([
      { id: 'aaaaaaaaa', function: { name: 'one', arguments: '{}' }, index: 0 },
      { id: 'bbbbbbbbb', function: { name: 'two', arguments: { x: 1 } }, index: 1 },
      { id: 'ccccccccc', function: { name: 'three', arguments: '{}' }, index: 2 },
    ])
  })

  it('keeps choices apart by index (n > 1), in index order', async () => {
    const response = await accumulateChunks([
      chunk({ content: 'B' }, { index: 1 }),
      chunk({ content: 'A' }, { index: 0 }),
      chunk({ content: 'b' }, { index: 1, finish_reason: 'length' }),
      chunk({ content: 'a' }, { index: 0, finish_reason: 'stop' }),
    ])
    expect(response.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason])).toEqual([
      [0, 'Aa', 'stop'],
      [1, 'Bb', 'length'],
    ])
  })

  it('takes async iterables, and returns an empty completion for no chunks', async () => {
    async function* source() {
      yield chunk({ content: 'x' })
      yield chunk({ content: 'y' }, { finish_reason: 'stop' })
    }
    expect((await accumulateChunks(source())).choices[0]?.message.content).toBe('xy')
    expect(await accumulateChunks([])).toEqual({
      id: '',
      object: 'chat.completion',
      created: null,
      model: null,
      usage: null,
      choices: [],
    })
  })

  it('passes on the error of a failing source', async () => {
    async function* source() {
      yield chunk({ content: 'x' })
      throw new Error('broken')
    }
    await expect(accumulateChunks(source())).rejects.toThrow('broken')
  })
})
