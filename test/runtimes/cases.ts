// The library's own cross-runtime checks, run by `deno test` (test/deno) and `bun test` (test/bun) against the
// built packages and the in-memory mock: no server, no network. Each case throws (node:assert) when it fails.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import {
  accumulateChunks,
  chatComplete,
  chatStream,
  createClient,
  modelsList,
  RequestAbortedError,
  readCompletionStream,
} from '@mistral-edge/client'
import { createMockMistral } from '@mistral-edge/mock'
import { chat } from '../examples/chat.ts'
import { extract } from '../examples/extract.ts'
import { weatherTools } from '../examples/weather-tools.ts'
import worker from '../examples/worker.ts'

/** One named check. */
export interface RuntimeCase {
  name: string
  run: () => Promise<void>
}

const API_KEY = 'runtime-test-key'
const question = 'Hello from another runtime'
const messages = [{ role: 'user' as const, content: question }]

function mockClient() {
  const mock = createMockMistral({ apiKey: API_KEY })
  return { mock, client: createClient({ apiKey: API_KEY, fetch: mock.fetch }) }
}

/** The answer the mock gives without streaming: a streamed answer must add up to the same text. */
async function expectedText(model = 'mistral-small-latest') {
  const { client } = mockClient()
  const completion = await chatComplete(client, { model, messages })
  const content = completion.choices[0]?.message.content
  assert.equal(typeof content, 'string')
  return content as string
}

export const cases: RuntimeCase[] = [
  {
    name: 'modelsList lists the models of the mock',
    async run() {
      const { client } = mockClient()
      const { object, data } = await modelsList(client)
      assert.equal(object, 'list')
      const ids = data.map((card) => card.id)
      assert.ok(ids.includes('mistral-small-latest'), ids.join(', '))
      assert.ok(ids.includes('mistral-embed'), ids.join(', '))
      assert.equal(data.find((card) => card.id === 'mistral-small-latest')?.capabilities?.completion_chat, true)
    },
  },
  {
    name: 'chatStream streams a chat from the mock chunk by chunk',
    async run() {
      const { client } = mockClient()
      const stream = await chatStream(client, { model: 'mistral-small-latest', messages })
      assert.equal(stream.response.headers.get('content-type')?.startsWith('text/event-stream'), true)
      const pieces: string[] = []
      let totalTokens: number | undefined
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content
        if (typeof content === 'string' && content) pieces.push(content)
        totalTokens = chunk.usage?.total_tokens ?? totalTokens
      }
      assert.ok(pieces.length >= 2, `only ${pieces.length} pieces`)
      assert.equal(pieces.join(''), await expectedText())
      assert.ok(totalTokens && totalTokens > 0)
    },
  },
  {
    name: 'aborting a stream through its signal throws RequestAbortedError and cancels the mock stream',
    async run() {
      const { mock, client } = mockClient()
      const controller = new AbortController()
      const stream = await chatStream(
        client,
        { model: 'mistral-small-latest', messages },
        { signal: controller.signal, headers: { 'x-mock-fault': 'slow=20' } },
      )
      let chunks = 0
      const failure = await (async () => {
        for await (const _chunk of stream) if (++chunks === 2) controller.abort(new Error('stop'))
      })().catch((error: unknown) => error)
      assert.ok(failure instanceof RequestAbortedError, String(failure))
      assert.equal(chunks, 2)
      assert.equal(mock.state.stats.cancelled, 1)
    },
  },
  {
    name: 'the README chat example lists models and streams an answer',
    async run() {
      const { client } = mockClient()
      const pieces: string[] = []
      const { models, model } = await chat(client, question, (text) => pieces.push(text))
      assert.equal(model, 'mistral-small-latest')
      assert.ok(models.includes('mistral-large-latest'))
      assert.ok(pieces.length >= 2)
      assert.equal(pieces.join(''), await expectedText())
    },
  },
  {
    name: 'the README Worker example answers with an event stream (global fetch = the mock)',
    async run() {
      const mock = createMockMistral({ apiKey: API_KEY })
      const originalFetch = globalThis.fetch
      // The example calls createClient({ apiKey }) with the default fetch, read at call time: point it at the mock.
      globalThis.fetch = mock.fetch as typeof fetch
      try {
        const request = new Request('http://worker.example/', { method: 'POST', body: JSON.stringify({ messages }) })
        const response = await worker.fetch(request, { MISTRAL_API_KEY: API_KEY })
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('content-type'), 'text/event-stream')
        const text = await accumulateChunks(readCompletionStream(response))
        assert.equal(text.choices[0]?.message.content, await expectedText())

        const unauthorized = await worker.fetch(
          new Request('http://worker.example/', { method: 'POST', body: JSON.stringify({ messages }) }),
          { MISTRAL_API_KEY: 'wrong-key' },
        )
        assert.equal(unauthorized.status, 401)
        assert.deepEqual(await unauthorized.json(), { detail: 'Invalid API Key' })
      } finally {
        globalThis.fetch = originalFetch
      }
    },
  },
  {
    name: 'the README typed extraction example parses a book out of the mock answer',
    async run() {
      const { client } = mockClient()
      const { book, byline } = await extract(client, 'I loved "Dune" by Frank Herbert, published in 1965.')
      assert.equal(typeof book.title, 'string')
      assert.ok(book.authors.length >= 1 && book.authors.every((author) => typeof author === 'string'))
      assert.ok(['novel', 'essay', 'poetry', 'other'].includes(book.genre))
      assert.ok(book.year === undefined || Number.isInteger(book.year))
      assert.ok(byline.startsWith(`${book.title} by ${book.authors[0]}`))
    },
  },
  {
    name: 'the README tool loop example calls the weather tool and answers with its result',
    async run() {
      const { client } = mockClient()
      const { answer, calls, messages } = await weatherTools(client, 'What is the weather in the city "Paris"?')
      assert.deepEqual(calls[0], ['weather: {"city":"Paris","unit":"C","temperature":21}'])
      assert.deepEqual(
        messages.map((message) => message.role),
        ['user', 'assistant', 'tool', 'assistant'],
      )
      assert.match(String(answer), /^weather returned \{"city":"Paris","unit":"C","temperature":21\} for call \w{9}\.$/)
    },
  },
  {
    name: 'the README shows the examples exactly as tested',
    async run() {
      const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
      for (const file of ['chat.ts', 'worker.ts', 'extract.ts', 'weather-tools.ts']) {
        const source = await readFile(new URL(`../examples/${file}`, import.meta.url), 'utf8')
        assert.ok(readme.includes(source.trim()), `README.md does not contain test/examples/${file} as it is`)
      }
    },
  },
]
