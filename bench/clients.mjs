// The same three operations through each client. Every adapter returns what it got so the runner can check that all
// clients saw the same data (a benchmark of a client that drops chunks would be meaningless).
import { Mistral } from '@mistralai/mistralai'
import { chatComplete, chatStream, createClient, modelsList } from '@mistral-edge/client'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import OpenAI from 'openai'

const messages = [{ role: 'user', content: 'Count the words.' }]

/** @type {Record<string, (baseURL: string, options?: { validate?: boolean }) => { list?: () => Promise<number>, complete?: () => Promise<string>, stream: (model: string, onFirst?: () => void) => Promise<{ chunks: number, text: string }> }>} */
export const clients = {
  'mistral-edge': (baseURL, { validate = true } = {}) => {
    const client = createClient({ apiKey: 'k', baseURL, retries: { strategy: 'none' }, validate: { request: validate, response: validate } })
    return {
      list: async () => (await modelsList(client)).data.length,
      complete: async () => (await chatComplete(client, { model: 'mistral-small-latest', messages })).choices[0].message.content,
      stream: async (model, onFirst) => {
        let chunks = 0
        let text = ''
        for await (const chunk of await chatStream(client, { model, messages })) {
          if (chunks++ === 0) onFirst?.()
          text += chunk.choices[0]?.delta.content ?? ''
        }
        return { chunks, text }
      },
    }
  },
  'official SDK': (baseURL) => {
    const mistral = new Mistral({ apiKey: 'k', serverURL: baseURL, retryConfig: { strategy: 'none' } })
    return {
      list: async () => (await mistral.models.list()).data.length,
      complete: async () => (await mistral.chat.complete({ model: 'mistral-small-latest', messages })).choices[0].message.content,
      stream: async (model, onFirst) => {
        let chunks = 0
        let text = ''
        for await (const event of await mistral.chat.stream({ model, messages })) {
          if (chunks++ === 0) onFirst?.()
          text += event.data.choices[0]?.delta.content ?? ''
        }
        return { chunks, text }
      },
    }
  },
  openai: (baseURL) => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${baseURL}/v1`, maxRetries: 0 })
    return {
      list: async () => (await openai.models.list()).data.length,
      complete: async () => (await openai.chat.completions.create({ model: 'mistral-small-latest', messages })).choices[0].message.content,
      stream: async (model, onFirst) => {
        let chunks = 0
        let text = ''
        for await (const chunk of await openai.chat.completions.create({ model, messages, stream: true })) {
          if (chunks++ === 0) onFirst?.()
          text += chunk.choices[0]?.delta.content ?? ''
        }
        return { chunks, text }
      },
    }
  },
  // The floor: fetch, TextDecoderStream, eventsource-parser and JSON.parse, with no validation and no client.
  floor: (baseURL) => ({
    stream: async (model, onFirst) => {
      const response = await fetch(`${baseURL}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ model, messages, stream: true }),
      })
      let chunks = 0
      let text = ''
      const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())
      for await (const event of events) {
        if (event.data === '[DONE]') break
        const chunk = JSON.parse(event.data)
        if (chunks++ === 0) onFirst?.()
        text += chunk.choices[0]?.delta.content ?? ''
      }
      return { chunks, text }
    },
  }),
}
