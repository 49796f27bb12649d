import { describe, expect, it } from 'vitest'
import { proseAnswer, proseThinking, proseTokens, topicOf } from './prose.js'
import { createRandom, hashString } from './random.js'

const answer = (prompt: string, seed = 1) => proseAnswer(prompt, createRandom(seed))
/** The lines of a markdown list: `- item` or `1. item`. */
const listItems = (text: string) => text.split('\n').filter((line) => /^(?:- |\d+\. )/.test(line))

describe('topicOf', () => {
  it.each([
    ['What is the capital of France?', 'capital of France', ['capital', 'France']],
    ['Count from 1 to 3', 'count from 1 to 3', ['count']],
    ['Write a short poem about the sea', 'poem about the sea', ['poem', 'sea']],
    ['Load test question 3: tell me about Paris', 'Paris', ['Paris']],
    ['Can you explain how HTTP caching works?', 'HTTP caching works', ['HTTP', 'caching', 'works']],
    ['Weather in Berlin?', 'weather in Berlin', ['weather', 'Berlin']],
    ['Explain recursion with an example', 'recursion', ['recursion']],
    ['hi', 'your question', ['question']],
    ['', 'your question', ['question']],
    [
      'Explain `Array.prototype.map` and **C#** | pipes',
      'Array.prototype.map and C# pipes',
      ['Array.prototype.map', 'C#', 'pipes'],
    ],
    [`Define ${'x'.repeat(100)}`, `${'x'.repeat(29)}…`, [`${'x'.repeat(29)}…`]],
    [
      `${'long '.repeat(3)}${'y'.repeat(29)} ${'z'.repeat(29)} end`,
      `long long long ${'y'.repeat(29)} ${'z'.repeat(14)}…`,
      ['long', 'y'.repeat(29), 'z'.repeat(29)],
    ],
  ])('%j is about %j', (prompt, subject, keywords) => {
    expect(topicOf(prompt)).toMatchObject({ subject, keywords })
  })

  it('asks for code on code words, in Python when the prompt says so, and for a table on table words', () => {
    expect(topicOf('Write a function that reverses a string in TypeScript')).toEqual({
      subject: 'function that reverses a string',
      keywords: ['function', 'reverses', 'string'],
      code: 'ts',
      table: undefined,
    })
    expect(topicOf('Give me a Python snippet to parse JSON').code).toBe('python')
    for (const prompt of [
      'Show me some code for a queue',
      'Implement a binary search',
      'An example of a closure, please',
    ])
      expect(topicOf(prompt).code).toBe('ts')
    expect(topicOf('What is the capital of France?').code).toBe(undefined)
    expect(topicOf('Compare Rust and Go in a table')).toEqual({
      subject: 'Rust and Go',
      keywords: ['Rust', 'Go'],
      code: undefined,
      table: ['Rust', 'Go'],
    })
    expect(topicOf('Put the planets in a table').table).toEqual(['Notes'])
  })
})

describe('proseAnswer', () => {
  it('writes a few markdown paragraphs about the subject: bold subject, a list with inline code, no code block unasked', () => {
    expect(answer('What is the capital of France?')).toBe(
      "Let's take **capital of France** one step at a time. The details depend on your context, but the same few points apply almost everywhere.\n\n" +
        'What matters most:\n\n' +
        '- **Capital**: start from what `capital` means here and where it shows up.\n' +
        '- **France**: a small, concrete example makes it clear — change one thing at a time.\n' +
        '- **The details**: look at the unusual cases too, such as an empty or very large input.\n\n' +
        'In practice, try it on a small case first… then build from there.',
    )
    for (const prompt of ['Tell me about the waves', 'Plan my day', 'Why is the sky blue?']) {
      const text = answer(prompt)
      expect(text).toContain(`**${topicOf(prompt).subject}**`)
      expect(listItems(text)).toHaveLength(3)
      expect(text).toMatch(/`[^`\n]+`/)
      expect(text).not.toContain('```')
      expect(text).not.toContain('| --- |')
    }
  })

  it('adds a fenced TypeScript (or Python) block named after the subject only when the prompt asks for code', () => {
    const text = answer('Write a function that reverses a string in TypeScript')
    expect(text).toContain(
      'Here is a small example in TypeScript:\n\n```ts\n' +
        '/** A sketch for function that reverses a string: it only tidies the spacing. */\n' +
        'export function reversesString(input: string): string {\n' +
        '  const words = input.trim().split(/\\s+/)\n' +
        "  return words.join(' ')\n" +
        '}\n\n' +
        "console.log(reversesString('Naïve Café'))\n```\n\n" +
        'Call `reversesString` with your own input, then adapt it to your case.',
    )
    expect(text.match(/```/g)).toHaveLength(2)
    expect(listItems(text)).toHaveLength(3)
    const python = answer('Give me a Python snippet to parse JSON')
    expect(python).toContain('```python\ndef parse_json(text: str) -> str:\n')
    expect(python).toContain('print(parse_json("Naïve Café"))\n```')
  })

  it('adds a table when asked: the compared things as columns', () => {
    const text = answer('Compare Rust and Go in a table')
    expect(text).toContain(
      'Side by side:\n\n| Aspect | Rust | Go |\n| --- | --- | --- |\n| What it is | the core idea of Rust | the core idea of Go |\n',
    )
    expect(answer('Put the planets in a table')).toContain(
      'At a glance:\n\n| Aspect | Notes |\n| --- | --- |\n| What it is | the core idea of planets |',
    )
  })

  it('is deterministic: same prompt and random, same answer; another prompt or seed, another answer', () => {
    expect(answer('Explain recursion', 7)).toBe(answer('Explain recursion', 7))
    expect(answer('Explain recursion', 7)).not.toBe(answer('Explain closures', 7))
    // Seeds as the mock makes them (hashes of the request): the templates vary between requests.
    const openings = new Set(
      Array.from(
        { length: 20 },
        (_, index) => answer('Explain recursion', hashString(`request ${index}`)).split('.')[0],
      ),
    )
    expect(openings.size).toBeGreaterThanOrEqual(3)
  })

  it('always holds multi-byte UTF-8 characters, so streams split them across chunks', () => {
    for (let seed = 0; seed < 30; seed++) {
      const text = answer(['Explain recursion', 'Plan my day', 'Weather in Berlin?'][seed % 3] as string, seed)
      expect(new TextEncoder().encode(text).length).toBeGreaterThan(text.length)
      expect(text).toMatch(/[—…é]/)
    }
  })
})

describe('proseThinking', () => {
  it('says what is asked and how the answer is laid out', () => {
    expect(proseThinking('Write a function that reverses a string', createRandom(1))).toBe(
      'The question is about function that reverses a string. I should answer with a short opening, a list of the main points and a code example. Keep it brief and concrete…',
    )
    expect(proseThinking('Compare Rust and Go in a table', createRandom(1))).toContain(
      'a list of the main points and a table.',
    )
  })
})

describe('proseTokens', () => {
  it('cuts before the space after a word and after line breaks; indentation stays with its word', () => {
    const text = 'Key points:\n\n- **Bold** `code`\n  indented — ok…\n'
    expect(proseTokens(text)).toEqual([
      'Key',
      ' points:\n\n',
      '-',
      ' **Bold**',
      ' `code`\n',
      '  indented',
      ' —',
      ' ok…\n',
    ])
    expect(proseTokens('')).toEqual([])
  })

  it('gives one token per word of an answer, and the tokens join back to it', () => {
    for (const prompt of [
      'Write a function that reverses a string',
      'Compare Rust and Go in a table',
      'Count from 1 to 3',
    ]) {
      const text = answer(prompt)
      const tokens = proseTokens(text)
      expect(tokens.join('')).toBe(text)
      expect(tokens).toHaveLength(text.trim().split(/\s+/).length)
      for (const token of tokens.slice(1)) expect(token).toMatch(/^(?: +\S|\S)/)
    }
  })
})
