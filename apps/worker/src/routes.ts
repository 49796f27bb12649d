import {
  type ChatCompletionRequest,
  chatComplete,
  chatStream,
  type Client,
  type CompletionStream,
  type EmbeddingRequest,
  embeddingsCreate,
  type FIMCompletionRequest,
  fimComplete,
  fimStream,
  modelsList,
  modelsRetrieve,
  toReadableStream,
} from '@mistral-edge/client'
import { ChatCompletionRequestSchema, EmbeddingRequestSchema, FIMCompletionRequestSchema } from '@mistral-edge/client/schemas'
import type { GenericSchema } from 'valibot'
import { forwardEventStream } from './forward-event-stream.js'

/** What a route handler gets: the upstream client, the validated body, path parameters, the URL, the signal. */
export interface RouteContext {
  client: Client
  body: Record<string, unknown>
  params: Record<string, string>
  url: URL
  /** Aborts when the browser goes away; passed to the upstream call. */
  signal: AbortSignal
}

/** One allowlisted route. */
export interface Route {
  method: 'GET' | 'POST'
  /** A path with `{name}` segments. */
  pattern: string
  /** Validates the JSON body (POST routes). */
  schema?: GenericSchema
  handle: (context: RouteContext) => Promise<Response>
}

/** A completion answered as `text/event-stream`, through `toReadableStream` (each event as upstream sent it). */
function eventStreamResponse(stream: CompletionStream, signal: AbortSignal): Response {
  const headers = new Headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  const requestId = stream.response.headers.get('mistral-correlation-id')
  if (requestId) headers.set('mistral-correlation-id', requestId)
  return new Response(forwardEventStream(toReadableStream(stream), signal), { headers })
}

/** Mistral's routes that the Worker answers; everything else under `/v1/` is a 404. */
export const routes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/v1/models',
    async handle({ client, url, signal }) {
      const request: { provider?: string; model?: string } = {}
      for (const name of ['provider', 'model'] as const) {
        const value = url.searchParams.get(name)
        if (value !== null) request[name] = value
      }
      return Response.json(await modelsList(client, request, { signal }))
    },
  },
  {
    method: 'GET',
    pattern: '/v1/models/{model_id}',
    async handle({ client, params, signal }) {
      return Response.json(await modelsRetrieve(client, { model_id: params.model_id ?? '' }, { signal }))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/chat/completions',
    schema: ChatCompletionRequestSchema,
    async handle({ client, body, signal }) {
      const request = body as ChatCompletionRequest
      if (body.stream === true) return eventStreamResponse(await chatStream(client, request, { signal }), signal)
      return Response.json(await chatComplete(client, request, { signal }))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/fim/completions',
    schema: FIMCompletionRequestSchema,
    async handle({ client, body, signal }) {
      const request = body as FIMCompletionRequest
      if (body.stream === true) return eventStreamResponse(await fimStream(client, request, { signal }), signal)
      return Response.json(await fimComplete(client, request, { signal }))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/embeddings',
    schema: EmbeddingRequestSchema,
    async handle({ client, body, signal }) {
      return Response.json(await embeddingsCreate(client, body as EmbeddingRequest, { signal }))
    },
  },
]

/**
 * Matches a path against a `{name}` pattern.
 *
 * @param pattern - e.g. `/v1/models/{model_id}`.
 * @param path - the request's path.
 * @returns the decoded parameters, or `undefined` when the path does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/')
  const actual = path.split('/')
  if (expected.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of expected.entries()) {
    const value = actual[index] ?? ''
    if (part.startsWith('{')) {
      if (!value) return undefined
      try {
        params[part.slice(1, -1)] = decodeURIComponent(value)
      } catch {
        return undefined
      }
    } else if (part !== value) return undefined
  }
  return params
}
