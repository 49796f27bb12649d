import type { Random } from './random.js'

// The mock's chat answers: a few templated sentences about the prompt's subject, in markdown (bold, inline code, a
// list; a fenced code block when the prompt asks for code, a table when it asks for one), so an app shows what it
// renders. Template choices come from the request's seeded `Random`, so a request always gets the same answer.
// "—", "…", "naïve" and "Café" are in the templates: streamed answers keep exercising UTF-8 split across chunks.

/** What an answer is about, read from the prompt. */
export interface Topic {
  /** The prompt's key phrase, e.g. `capital of France` for "What is the capital of France?". */
  subject: string
  /** Up to three main words of the subject (no stop words). */
  keywords: string[]
  /** The language of the code block, when the prompt asks for code. */
  code: 'ts' | 'python' | undefined
  /** The columns of a table, when the prompt asks for one (two compared things, or `Notes`). */
  table: string[] | undefined
}

const STOP = new Set(
  (
    'a an the of to in on for with and or but not is are was were be been being it its this that these those i you me my we us our your ' +
    'he she they them their as at by from about into over under than then so if do does did can could would should will shall may ' +
    'might must please just very really some any what which who whom whose when where why how there here also more most such each ' +
    'short brief quick simple small little few one two three new'
  ).split(' '),
)
// Openings that say what to do rather than what about, removed from the front of the prompt (repeatedly).
const LEAD_INS = [
  /^(?:hi|hello|hey|ok|okay|so|now)\b[\s,!.]*/i,
  /^(?:please|kindly|can you|could you|would you|will you|i want you to|i'd like you to|i would like you to|i need you to|help me(?: to)?|let's|let us)\b\s*/i,
  /^(?:give me|show me|tell me|teach me|put together|draw up|write|give|show|tell|put|find|format|explain|describe|summari[sz]e|list|create|make|generate|implement|build|draft|compose|define|compare|outline|provide|suggest|recommend)\b\s*/i,
  /^(?:what|who|where|when|why|how|which)(?:'s| is| are| was| were| do| does| did| can| could| should| would| to)?\b\s*(?:(?:i|you|we|one)\b\s*)?/i,
  /^(?:about|me|us|of|on|a|an|the|some|short|brief|quick|simple|small|little|few|more|details on|an overview of|the difference between|difference between)\b\s*/i,
]
// Trailing words that say how to answer, not what about: "... in a table", "... in TypeScript", "... with an example".
const HOW =
  /\s+(?:in|as|with|using|into)\s+(?:a |an |some )?(?:table|typescript|javascript|python|ts|js|code|example|snippet|markdown|list|bullet points)\b.*$/i
const GREETING = /^(?:hi|hello|hey|thanks|thank you|ok|okay)$/i
const CODE =
  /```|\b(?:code|coding|function|functions|snippet|example|examples|implement\w*|script|program|class|regex|algorithm)\b/i
const TABLE = /\b(?:table|tabular|compare|comparison|versus|vs)\b/i
// Words that say a code block is wanted, not what it is about: left out of its function's name.
const NOT_NAMES = new Set([
  'function',
  'functions',
  'code',
  'snippet',
  'example',
  'examples',
  'script',
  'program',
  'class',
  'typescript',
  'javascript',
  'python',
  'ts',
  'js',
])

/**
 * Reads what a prompt is about: the key phrase of its question or instruction (openings such as "Can you explain" and
 * endings such as "in a table" left out), its main words, and whether it asks for code or a table.
 *
 * @param prompt - the text to read (the last user message).
 * @returns the topic; `your question` as the subject when the prompt names nothing.
 */
export function topicOf(prompt: string): Topic {
  // The start of a long prompt is enough to find what it asks, and keeps the regular expressions below cheap.
  const flat = prompt
    .slice(0, 2000)
    .replace(/```[\s\S]*?(?:```|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  // The sentence that asks: a question, else an instruction ("...: tell me about Paris"), else the first.
  const sentences = flat.split(/(?<=[.?!;:])\s+/).map((sentence) => sentence.replace(HOW, ''))
  const asking =
    sentences.find((sentence) => sentence.endsWith('?')) ??
    sentences.find((sentence) => LEAD_INS.slice(1, 4).some((pattern) => pattern.test(sentence)))
  let rest = asking ?? sentences[0] ?? ''
  for (let changed = true; changed; ) {
    changed = false
    for (const pattern of LEAD_INS) {
      const next = rest.replace(pattern, '')
      if (next !== rest && next.length) {
        rest = next
        changed = true
      }
    }
  }
  const words =
    rest
      .split(/[,.?!;:](?= |$)|[()"“”]/)[0]
      ?.split(' ')
      .map(clean)
      .filter(Boolean)
      .map((word) => shorten(word, 30)) ?? []
  const kept = words.slice(0, 6)
  while (kept.length && STOP.has((kept.at(-1) as string).toLowerCase())) kept.pop()
  // A capital that only marks the start of the prompt ("Count from 1 to 3") is not part of the name.
  if (kept[0] && flat.startsWith(kept[0]) && /^[A-Z][a-z]+$/.test(kept[0])) kept[0] = kept[0].toLowerCase()
  const phraseText = kept.join(' ')
  const subject = !kept.length || GREETING.test(phraseText) ? 'your question' : shorten(phraseText, 60)
  const keywords =
    subject === 'your question'
      ? []
      : contentWords(kept)
          .filter((word, index, all) => all.findIndex((other) => other.toLowerCase() === word.toLowerCase()) === index)
          .slice(0, 3)
  const plain = flat.replace(HOW, '')
  const compared =
    /(?:compare|between)\s+(.+?)\s+(?:and|with|to|vs\.?|versus)\s+([^,.?!]+)/i.exec(plain) ??
    /([^\s,.?!]+)\s+(?:vs\.?|versus)\s+([^\s,.?!]+)/i.exec(plain)
  return {
    subject,
    keywords: keywords.length ? keywords : ['question'],
    code: CODE.test(prompt) ? (/\bpython\b/i.test(prompt) ? 'python' : 'ts') : undefined,
    table: TABLE.test(prompt)
      ? compared
        ? [phrase(compared[1] as string), phrase(compared[2] as string)]
        : ['Notes']
      : undefined,
  }
}

/** `text` cut to `length` characters, an ellipsis last when cut. */
const shorten = (text: string, length: number) =>
  [...text].length > length ? `${[...text].slice(0, length - 1).join('')}…` : text

/** The words that are not stop words. */
const contentWords = (words: string[]) => words.filter((word) => !STOP.has(word.toLowerCase()) && word.length > 1)

/** A word without surrounding punctuation, nor characters that would break the markdown it goes in (`*`, `|`, backticks...). */
const clean = (word: string) => word.replace(/[`*|~<>[\]\\]/g, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}+#]+$/gu, '')

/** A compared thing, at most three words and without a leading article. */
const phrase = (text: string) =>
  text
    .trim()
    .split(' ')
    .map(clean)
    .filter(Boolean)
    .filter((word, index) => index > 0 || !STOP.has(word.toLowerCase()))
    .slice(0, 3)
    .join(' ')

/** One of `options`, picked by the seeded random. */
const pick = <T>(random: Random, options: readonly T[]): T => options[random.int(options.length)] as T

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/** A function name from the subject's main words: `reversesString` (TypeScript) or `reverses_string` (Python). */
function functionName(topic: Topic, language: 'ts' | 'python'): string {
  const main = contentWords(topic.subject.split(' ')).map((word) => word.toLowerCase())
  const parts = main
    .filter((word) => !NOT_NAMES.has(word))
    .map((word) => word.replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
    .slice(0, 3)
  const words = parts.length ? parts : ['solve']
  if (/^\d/.test(words[0] as string)) words.unshift('solve')
  return language === 'python'
    ? words.join('_')
    : words.map((word, index) => (index ? capitalize(word) : word)).join('')
}

/** A small code block named after the subject; its comment says it is a sketch, not a solution. */
function codeBlock(topic: Topic, language: 'ts' | 'python'): string {
  const name = functionName(topic, language)
  if (language === 'python') {
    return [
      '```python',
      `def ${name}(text: str) -> str:`,
      `    """A sketch for ${topic.subject}: it only tidies the spacing."""`,
      '    words = text.split()',
      '    return " ".join(words)',
      '',
      '',
      `print(${name}("Naïve Café"))`,
      '```',
    ].join('\n')
  }
  return [
    '```ts',
    `/** A sketch for ${topic.subject}: it only tidies the spacing. */`,
    `export function ${name}(input: string): string {`,
    '  const words = input.trim().split(/\\s+/)',
    "  return words.join(' ')",
    '}',
    '',
    `console.log(${name}('Naïve Café'))`,
    '```',
  ].join('\n')
}

/** A markdown table: the compared things side by side, or one column of notes. */
function table(topic: Topic, columns: string[]): string {
  const rows: [string, (column: string) => string][] = [
    ['What it is', (column) => `the core idea of ${column}`],
    [
      'When to use it',
      (column) =>
        columns.length > 1 ? `when ${column} fits the problem better` : 'when a small, clear case shows the need',
    ],
    ['Watch out for', () => 'edge cases: empty input, large values, non-ASCII text'],
  ]
  const header = `| Aspect | ${columns.join(' | ')} |`
  const rule = `|${' --- |'.repeat(columns.length + 1)}`
  const lines = rows.map(
    ([aspect, cell]) =>
      `| ${aspect} | ${columns.map((column) => cell(columns.length > 1 ? column : topic.subject)).join(' | ')} |`,
  )
  return [header, rule, ...lines].join('\n')
}

/**
 * A deterministic markdown answer about the prompt: an opening paragraph naming its subject in bold, a short list (its
 * main words in inline code), a fenced code block when the prompt asks for code, a table when it asks for one, and a
 * closing line.
 *
 * @param prompt - the text the answer is about (the last user message).
 * @param random - the request's seeded random: it picks among the templates.
 * @returns the answer, a paragraph or two of markdown.
 */
export function proseAnswer(prompt: string, random: Random): string {
  const topic = topicOf(prompt)
  const { subject, keywords } = topic
  const [first, second = first, third = second] = keywords as [string, ...string[]]
  const opening = pick(random, [
    `Here is a short overview of **${subject}**.`,
    `Good question — **${subject}** is worth a closer look.`,
    `Let's take **${subject}** one step at a time.`,
    `In short, **${subject}** comes down to a few ideas.`,
  ])
  const context = pick(random, [
    'The details depend on your context, but the same few points apply almost everywhere.',
    'It is easier to understand from a small, concrete case than from a definition alone.',
    'Most questions about it are answered by looking at what goes in, what comes out, and what can go wrong.',
    'A naïve first attempt usually works; the refinements come from the edge cases.',
  ])
  const items = [
    `**${capitalize(first)}**: start from what \`${first}\` means here and where it shows up.`,
    `**${capitalize(second === first ? 'an example' : second)}**: a small, concrete example makes it clear — change one thing at a time.`,
    `**${capitalize(third === second ? 'the details' : third)}**: look at the unusual cases too, such as an empty or very large input.`,
  ]
  const numbered = random.int(2) === 0
  const list = items.map((item, index) => `${numbered ? `${index + 1}.` : '-'} ${item}`).join('\n')
  const parts = [
    `${opening} ${context}`,
    `${pick(random, ['The main points:', 'Key points to keep in mind:', 'What matters most:'])}\n\n${list}`,
  ]
  if (topic.code) {
    const name = functionName(topic, topic.code)
    parts.push(
      `Here is a small example in ${topic.code === 'python' ? 'Python' : 'TypeScript'}:`,
      codeBlock(topic, topic.code),
      `Call \`${name}\` with your own input, then adapt it to your case.`,
    )
  }
  if (topic.table)
    parts.push(`${topic.table.length > 1 ? 'Side by side:' : 'At a glance:'}\n\n${table(topic, topic.table)}`)
  parts.push(
    pick(random, [
      'That covers the essentials — ask a follow-up if you want more depth on any point.',
      'Hope this helps — tell me which part you want to explore next.',
      'In practice, try it on a small case first… then build from there.',
    ]),
  )
  return parts.join('\n\n')
}

/**
 * The reasoning a thinking model shows before its answer: what the user asks and how the answer will be laid out.
 *
 * @param prompt - the text the answer is about (the last user message).
 * @param random - the request's seeded random.
 * @returns two or three sentences of plain text.
 */
export function proseThinking(prompt: string, random: Random): string {
  const topic = topicOf(prompt)
  const layout = [
    'a short opening',
    'a list of the main points',
    ...(topic.code ? ['a code example'] : []),
    ...(topic.table ? ['a table'] : []),
  ]
  const plan = `${layout.slice(0, -1).join(', ')} and ${layout.at(-1)}`
  return [
    pick(random, [`The user is asking about ${topic.subject}.`, `The question is about ${topic.subject}.`]),
    `I should answer with ${plan}.`,
    pick(random, ['Keep it brief and concrete…', 'No tool is needed; keep it clear and short.']),
  ].join(' ')
}

/**
 * Cuts text where the API's tokens would be: before a space that follows a word (words keep their leading space) and
 * after a line break (`"list:\n\n"`, `"-"`, `" **Bold**"`); indentation stays with the word it indents.
 *
 * @param text - the text to cut.
 * @returns its tokens, which join back to the text; none for an empty text.
 */
export function proseTokens(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\S)(?= )|(?<=\n)(?=[^\n])/)
}
