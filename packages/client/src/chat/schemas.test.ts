import { type BaseIssue, type GenericSchema, safeParse } from 'valibot'
import { describe, expect, it } from 'vitest'
import { AgentsCompletionRequestSchema } from '../agents/schemas.js'
import { FIMCompletionRequestSchema } from '../fim/schemas.js'
import { ChatCompletionRequestSchema, ChatCompletionResponseSchema, CompletionChunkSchema } from './schemas.js'

/** The full paths of the deepest issues (a union's issues sit below it, with paths relative to it). */
function leaves(issue: BaseIssue<unknown>, prefix: string[]): string[][] {
  const path = [...prefix, ...(issue.path ?? []).map((item) => String(item.key))]
  if (!issue.issues?.length) return [path]
  const nested = issue.issues.flatMap((inner) => leaves(inner, path))
  const depth = Math.max(...nested.map((inner) => inner.length))
  return nested.filter((inner) => inner.length === depth)
}

/** The paths (`messages.0.content.0.text`) where a value fails, as `withValidation` reports them; `[]` when it passes. */
const pathsOf = (schema: GenericSchema, value: unknown) => {
  const result = safeParse(schema, value)
  return result.success
    ? []
    : [...new Set(result.issues.flatMap((issue) => leaves(issue, [])).map((path) => path.join('.')))]
}

const request = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] }
const completion = {
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'mistral-small-latest',
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello', tool_calls: null } }],
}
const chunk = {
  id: 'c1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { content: 'He' }, finish_reason: null }],
}

describe('requests check types and required fields only', () => {
  it.each([
    ['reasoning_effort "max"', { ...request, reasoning_effort: 'max' }],
    ['a developer message', { ...request, messages: [{ role: 'developer', content: 'Be brief.' }] }],
    ['a new tool type', { ...request, tools: [{ type: 'teleport', range: 3 }] }],
    ['a new content part type', { ...request, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }],
    [
      'a new inner thinking part',
      {
        ...request,
        messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'plan', steps: [] }] }] }],
      },
    ],
    [
      'a new tool_choice, response_format, prediction, service_tier, prompt_mode',
      {
        ...request,
        tool_choice: 'sometimes',
        response_format: { type: 'xml' },
        prediction: { type: 'guess' },
        service_tier: 'gold',
        prompt_mode: 'fast',
      },
    ],
    [
      'values out of the spec ranges (the API judges them)',
      { ...request, temperature: 9, top_p: 0, max_tokens: -1, random_seed: 1.5, n: 0, presence_penalty: 3 },
    ],
    ['a document library without ids', { ...request, tools: [{ type: 'document_library', library_ids: [] }] }],
    [
      'a tool call with function null, as a response may give it',
      { ...request, messages: [{ role: 'assistant', tool_calls: [{ id: 'x', function: null }] }] },
    ],
  ])('passes %s, unchanged', (_name, value) => {
    expect(safeParse(ChatCompletionRequestSchema, value)).toMatchObject({ success: true, output: value })
  })

  it.each([
    ['no model', { messages: request.messages }, ['model']],
    ['stop as a number', { ...request, stop: 5 }, ['stop']],
    ['a user message without content', { ...request, messages: [{ role: 'user' }] }, ['messages.0.content']],
    [
      'a text part with a number',
      { ...request, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] },
      ['messages.0.content.0.text'],
    ],
    [
      'a thinking part without inner parts',
      { ...request, messages: [{ role: 'assistant', content: [{ type: 'thinking' }] }] },
      ['messages.0.content.0.thinking'],
    ],
    [
      'prefix not boolean',
      { ...request, messages: [{ role: 'assistant', content: 'x', prefix: 'yes' }] },
      ['messages.0.prefix'],
    ],
    [
      'a tool call without a function name',
      { ...request, messages: [{ role: 'assistant', tool_calls: [{ function: { arguments: '{}' } }] }] },
      ['messages.0.tool_calls.0.function.name'],
    ],
    [
      'a function tool without parameters',
      { ...request, tools: [{ type: 'function', function: { name: 'f' } }] },
      ['tools.0.function.parameters'],
    ],
    ['a role that is not a string', { ...request, messages: [{ role: 1, content: 'x' }] }, ['messages.0.role']],
    ['reasoning_effort not a string', { ...request, reasoning_effort: 2 }, ['reasoning_effort']],
  ])('refuses %s, naming the field by its full path', (_name, value, paths) => {
    expect(pathsOf(ChatCompletionRequestSchema, value)).toEqual(paths)
  })

  it('agents and FIM requests share the same openness', () => {
    expect(
      pathsOf(AgentsCompletionRequestSchema, {
        agent_id: 'ag_1',
        messages: [{ role: 'developer', content: 'x' }],
        reasoning_effort: 'max',
      }),
    ).toEqual([])
    expect(
      pathsOf(AgentsCompletionRequestSchema, { agent_id: 'ag_1', messages: [{ role: 'tool', tool_call_id: 'x' }] }),
    ).toEqual(['messages.0.content'])
    expect(
      pathsOf(FIMCompletionRequestSchema, { model: 'codestral-latest', prompt: 'def', temperature: 7, min_tokens: -1 }),
    ).toEqual([])
    expect(pathsOf(FIMCompletionRequestSchema, { model: 'codestral-latest', prompt: 'def', suffix: 3 })).toEqual([
      'suffix',
    ])
  })
})

describe('responses take what the API has sent', () => {
  it.each([
    ['id null', { ...completion, id: null }],
    ['a null usage count', { ...completion, usage: { prompt_tokens: 3, completion_tokens: null, total_tokens: null } }],
    [
      'a tool call with function null',
      {
        ...completion,
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: { role: 'assistant', content: null, tool_calls: [{ id: 'a', function: null }] },
          },
        ],
      },
    ],
    [
      'a new finish_reason and object',
      {
        ...completion,
        object: 'chat.completion.v2',
        choices: [{ ...completion.choices[0], finish_reason: 'content_filter' }],
      },
    ],
    [
      'a new content part type',
      {
        ...completion,
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: {
              role: 'assistant',
              content: [
                { type: 'audio_out', data: 'x' },
                { type: 'text', text: 'y' },
              ],
            },
          },
        ],
      },
    ],
  ])('a completion with %s passes, unchanged', (_name, value) => {
    expect(safeParse(ChatCompletionResponseSchema, value)).toMatchObject({ success: true, output: value })
  })

  it.each([
    ['id null', { ...chunk, id: null }],
    [
      'a tool call fragment with function null',
      { ...chunk, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: null }] }, finish_reason: null }] },
    ],
    [
      'a fragment without id and with an empty name',
      {
        ...chunk,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, function: { name: '', arguments: '{"a"' } }] },
            finish_reason: null,
          },
        ],
      },
    ],
    [
      'a null usage count and a new finish_reason',
      {
        ...chunk,
        usage: { prompt_tokens: null },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      },
    ],
  ])('a chunk with %s passes, unchanged', (_name, value) => {
    expect(safeParse(CompletionChunkSchema, value)).toMatchObject({ success: true, output: value })
  })

  it.each([
    [
      'content of the wrong type',
      { ...completion, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 7 } }] },
      ['choices.0.message.content'],
    ],
    [
      'a known part with a wrong field',
      {
        ...completion,
        choices: [
          { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: [{ type: 'text', text: 1 }] } },
        ],
      },
      ['choices.0.message.content.0.text'],
    ],
    [
      'a message whose role is not assistant',
      { ...completion, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'user', content: 'x' } }] },
      ['choices.0.message.role'],
    ],
  ])('a completion with %s fails at its path', (_name, value, paths) => {
    expect(pathsOf(ChatCompletionResponseSchema, value)).toEqual(paths)
  })
})

describe('round trip at runtime', () => {
  it('a returned message, tool calls and thinking included, is a valid request message', () => {
    const message = {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: [{ type: 'text', text: 'Hmm.' }], closed: true },
        { type: 'text', text: 'Calling.' },
      ],
      tool_calls: [{ id: 'Nr1uNItcS', type: 'function', function: { name: 'weather', arguments: '{}' }, index: 0 }],
      prefix: null,
    }
    const turn = { ...completion, choices: [{ index: 0, finish_reason: 'tool_calls', message }] }
    expect(safeParse(ChatCompletionResponseSchema, turn).success).toBe(true)
    const next = {
      ...request,
      messages: [
        ...request.messages,
        message,
        { role: 'tool', tool_call_id: 'Nr1uNItcS', name: 'weather', content: '15°C' },
      ],
    }
    expect(safeParse(ChatCompletionRequestSchema, next)).toMatchObject({ success: true, output: next })
  })
})
