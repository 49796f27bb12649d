import { type Client, chatParse } from '@mistral-edge/client'
import { toStandardJsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'

/** A book as the model must write it: `year` may be left out (strict mode sends it as nullable, read back as absent). */
const Book = toStandardJsonSchema(
  v.object({
    title: v.string(),
    authors: v.array(v.string()),
    year: v.optional(v.pipe(v.number(), v.integer())),
    genre: v.picklist(['novel', 'essay', 'poetry', 'other']),
  }),
)

/** Extracts the book `text` talks about, typed: `{ title: string; authors: string[]; year?: number; genre: ... }`. */
export async function extract(client: Client, text: string) {
  const { choices, usage } = await chatParse(client, {
    model: 'mistral-small-latest',
    messages: [
      { role: 'system', content: 'Extract the book the user mentions.' },
      { role: 'user', content: text },
    ],
    response_format: Book,
    temperature: 0,
  })
  const book = choices[0]?.message.parsed
  if (!book) throw new Error('no choice')
  return {
    book,
    byline: `${book.title} by ${book.authors.join(' and ')}${book.year ? ` (${book.year})` : ''}`,
    tokens: usage?.total_tokens,
  }
}
