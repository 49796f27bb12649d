// The same three operations through each client. Every adapter returns what it got so the runner can check that all
// clients saw the same data (a benchmark of a client that drops chunks would be meaningless).
// mistral-edge is used through its public API only: the endpoint functions, `for await` over the returned stream,
// and `withValidation` from the opt-in `@mistral-edge/client/validation` subpath.

import { chatComplete, chatStream, createClient, modelsList } from '@mistral-edge/client'
import { Mistral } from '@mistralai/mistralai'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import OpenAI from 'openai'

const messages = [{ role: 'user', content: 'Count the words.' }]

/** `@mistral-edge/client/validation`, loaded only when a validating client is asked for. */
const loadValidation = () => import('@mistral-edge/client/validation')

/**
 * @typedef {{ list?: () => Promise<number>, complete?: () => Promise<string>, stream: (model: string, onFirst?: () => void) => Promise<{ chunks: number, text: string }> }} Adapter
 * @type {Record<string, (baseURL: string) => Adapter | Promise<Adapter>>}
 */
export const clients = {
  // The default path: no validation (it is opt-in since v2).
  'mistral-edge': (baseURL) => edge(baseURL, false),
  'mistral-edge +validation': (baseURL) => edge(baseURL, true),
  'official SDK': (baseURL) => {
    const mistral = new Mistral({ apiKey: 'k', serverURL: baseURL, retryConfig: { strategy: 'none' } })
    return {
      list: async () => (await mistral.models.list()).data.length,
      complete: async () =>
        (await mistral.chat.complete({ model: 'mistral-small-latest', messages })).choices[0].message.content,
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
      complete: async () =>
        (await openai.chat.completions.create({ model: 'mistral-small-latest', messages })).choices[0].message.content,
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
  // The floor: the least any correct client does. Per request an AbortController whose signal goes to fetch and a
  // timer (600 s, as mistral-edge's default) armed until the body is read (a stream's: until its headers), the status
  // checked, then the body read and JSON.parse'd; a stream through TextDecoderStream, eventsource-parser and
  // JSON.parse, ending at [DONE]. No retries, no key masking, no settings checks, no idle timeout.
  floor: (baseURL) => {
    const timed = async (url, init, read) => {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), 600_000)
      try {
        const response = await fetch(url, { ...init, signal: controller.signal })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        return await read(response, () => clearTimeout(timer))
      } finally {
        clearTimeout(timer)
      }
    }
    const json = async (response) => JSON.parse(await response.text())
    return {
      list: async () =>
        (
          await timed(
            `${baseURL}/v1/models`,
            { headers: { authorization: 'Bearer k', accept: 'application/json' } },
            json,
          )
        ).data.length,
      complete: async () => {
        // The body is built per call, as a client must (the request changes from call to call).
        const body = JSON.stringify({ model: 'mistral-small-latest', messages })
        const init = {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'application/json' },
          body,
        }
        return (await timed(`${baseURL}/v1/chat/completions`, init, json)).choices[0].message.content
      },
      stream: (model, onFirst) => {
        const init = {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ model, messages, stream: true }),
        }
        return timed(`${baseURL}/v1/chat/completions`, init, async (response, headersIn) => {
          headersIn()
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
        })
      },
    }
  },
  // Bare fetch + JSON.parse, no timeout and no status check: below the floor, shown to tell what a timeout costs.
  'bare fetch': (baseURL) => ({
    list: async () =>
      JSON.parse(
        await (
          await fetch(`${baseURL}/v1/models`, { headers: { authorization: 'Bearer k', accept: 'application/json' } })
        ).text(),
      ).data.length,
    complete: async () => {
      const body = JSON.stringify({ model: 'mistral-small-latest', messages })
      const response = await fetch(`${baseURL}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'application/json' },
        body,
      })
      return JSON.parse(await response.text()).choices[0].message.content
    },
  }),
}

/** mistral-edge: a plain client, or the same client through `withValidation` (requests and responses checked). */
async function edge(baseURL, validate) {
  const plain = createClient({ apiKey: 'k', baseURL, retries: { strategy: 'none' } })
  const client = validate ? (await loadValidation()).withValidation(plain) : plain
  return {
    list: async () => (await modelsList(client)).data.length,
    complete: async () =>
      (await chatComplete(client, { model: 'mistral-small-latest', messages })).choices[0].message.content,
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
}
