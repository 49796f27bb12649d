import {
  type AudioTranscriptionRequest,
  audioTranscriptionsComplete,
  audioTranscriptionsStream,
  betaConversationsAppend,
  betaConversationsAppendStream,
  betaConversationsStart,
  betaConversationsStartStream,
  type ChatCompletionRequest,
  type ChatModerationRequest,
  type ClassificationRequest,
  type Client,
  chatComplete,
  chatStream,
  classifiersModerate,
  classifiersModerateChat,
  type EmbeddingRequest,
  type EventStream,
  embeddingsCreate,
  type FIMCompletionRequest,
  fimComplete,
  fimStream,
  modelsList,
  modelsRetrieve,
  type OCRRequest,
  ocrProcess,
  type RequestOptions,
  toReadableStream,
} from '@mistral-edge/client'
import {
  AudioTranscriptionRequestSchema,
  ChatCompletionRequestSchema,
  ChatModerationRequestSchema,
  ClassificationRequestSchema,
  ConversationAppendRequestSchema,
  ConversationRequestSchema,
  EmbeddingRequestSchema,
  FIMCompletionRequestSchema,
  OCRRequestSchema,
} from '@mistral-edge/client/schemas'
import type { GenericSchema } from 'valibot'
import type { AppAgent } from './app-agent.js'
import { errorResponse } from './errors.js'
import { forwardEventStream, type StreamOutcome } from './forward-event-stream.js'
import { forwardResponseHeaders, type Mask } from './headers.js'
import { type RequestLog, totalTokens } from './request-log.js'
import type { Settings } from './settings.js'

/** What a route handler gets: the upstream client, the validated body, path parameters, the URL, the signal, the settings, the app's agent. */
export interface RouteContext {
  client: Client
  body: Record<string, unknown>
  params: Record<string, string>
  url: URL
  /** Aborts when the browser goes away; passed to the upstream call. */
  signal: AbortSignal
  /** The signal and the caller's allowlisted headers, for every upstream call. */
  options: RequestOptions
  /** The Worker's settings (`appAgentId`, `appAgentModel`, ...). */
  settings: Settings
  /** The app's own agent, the only one the conversation routes talk to. */
  agent: AppAgent
  /** The headers of the last upstream answer (the client returns parsed bodies). */
  upstream: { headers?: Headers }
  /** Masks the key. */
  mask: Mask
  /** The request's log line: a handler records the tokens used. */
  log: RequestLog
  /** Set by a handler that answers with a stream: the request ends when the stream does (`onStreamEnd`). */
  streaming: boolean
  /** Called once when a streamed answer ends. */
  onStreamEnd: (outcome: StreamOutcome, reason?: string) => void
}

/** One allowlisted route. */
export interface Route {
  method: 'GET' | 'POST'
  /** A path with `{name}` segments. */
  pattern: string
  /** Validates the body (POST routes). */
  schema?: GenericSchema
  /** The only body fields a caller may send (the rest is refused with a 400 naming the field); default: any. */
  fields?: readonly string[]
  /** The body cap of this route; default `maxBodyBytes`. */
  maxBytes?: (settings: Settings) => number
  /** The body is `multipart/form-data`. */
  multipart?: boolean
  /** The body takes `max_tokens` and `n`, capped by `MAX_TOKENS` and `MAX_N`. */
  completion?: boolean
  handle: (context: RouteContext) => Promise<Response>
}

/**
 * What a caller may send to the conversation routes: the Worker picks the agent, and with it the model, tools and
 * instructions, so the app's key never runs another agent or prompt.
 */
const CONVERSATION_FIELDS = ['inputs', 'stream', 'store'] as const

/** A JSON answer: the parsed upstream body, its tokens recorded, the allowlisted upstream headers passed on masked. */
function json(context: RouteContext, value: unknown): Response {
  const tokens = totalTokens(value)
  if (tokens !== undefined) context.log.tokens = tokens
  const headers = forwardResponseHeaders(
    context.upstream.headers,
    new Headers({ 'content-type': 'application/json' }),
    context.mask,
  )
  return new Response(JSON.stringify(value), { headers })
}

/**
 * A stream answered as `text/event-stream`, through `toReadableStream` (each event as upstream sent it, `event:`
 * names included); the tokens are read from the event that carries `usage` (a completion's last chunk,
 * `conversation.response.done`, `transcription.done`).
 */
function eventStreamResponse<E>(context: RouteContext, stream: EventStream<E>): Response {
  context.streaming = true
  const headers = new Headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  forwardResponseHeaders(stream.response.headers, headers, context.mask)
  context.log.upstreamRequestId = stream.response.headers.get('mistral-correlation-id')
  const onChunk = () => {
    const data = stream.lastEvent?.data
    if (!data?.includes('"usage"')) return
    try {
      const tokens = totalTokens(JSON.parse(data))
      if (tokens !== undefined) context.log.tokens = tokens
    } catch {}
  }
  const body = forwardEventStream(toReadableStream(stream), context.signal, {
    mask: context.mask,
    onChunk,
    onEnd: context.onStreamEnd,
  })
  return new Response(body, { headers })
}

/** The models a caller may use: the list is cut to `ALLOWED_MODELS` (by id or alias). */
function allowedCards<T extends { id?: unknown; aliases?: unknown }>(settings: Settings, cards: readonly T[]): T[] {
  const allowed = settings.allowedModels
  if (!allowed) return [...cards]
  return cards.filter((card) =>
    [card.id, ...(Array.isArray(card.aliases) ? card.aliases : [])].some(
      (name) => typeof name === 'string' && allowed.has(name),
    ),
  )
}

/**
 * Mistral's routes that the Worker answers; everything else under `/v1/` is a 404 (all of `/v1/agents`, and under
 * `/v1/conversations` all but starting a conversation with the app's agent and appending to one of its conversations).
 */
export const routes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/v1/models',
    async handle(context) {
      const request: { provider?: string; model?: string } = {}
      for (const name of ['provider', 'model'] as const) {
        const value = context.url.searchParams.get(name)
        if (value !== null) request[name] = value
      }
      const list = await modelsList(context.client, request, context.options)
      return json(context, { ...list, data: allowedCards(context.settings, list.data ?? []) })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/models/{model_id}',
    async handle(context) {
      return json(
        context,
        await modelsRetrieve(context.client, { model_id: context.params.model_id ?? '' }, context.options),
      )
    },
  },
  {
    method: 'POST',
    pattern: '/v1/chat/completions',
    schema: ChatCompletionRequestSchema,
    completion: true,
    async handle(context) {
      const request = context.body as ChatCompletionRequest
      if (context.body.stream === true)
        return eventStreamResponse(context, await chatStream(context.client, request, context.options))
      return json(context, await chatComplete(context.client, request, context.options))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/fim/completions',
    schema: FIMCompletionRequestSchema,
    completion: true,
    async handle(context) {
      const request = context.body as FIMCompletionRequest
      if (context.body.stream === true)
        return eventStreamResponse(context, await fimStream(context.client, request, context.options))
      return json(context, await fimComplete(context.client, request, context.options))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/embeddings',
    schema: EmbeddingRequestSchema,
    async handle(context) {
      return json(context, await embeddingsCreate(context.client, context.body as EmbeddingRequest, context.options))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/moderations',
    schema: ClassificationRequestSchema,
    async handle(context) {
      return json(
        context,
        await classifiersModerate(context.client, context.body as ClassificationRequest, context.options),
      )
    },
  },
  {
    method: 'POST',
    pattern: '/v1/chat/moderations',
    schema: ChatModerationRequestSchema,
    async handle(context) {
      return json(
        context,
        await classifiersModerateChat(context.client, context.body as ChatModerationRequest, context.options),
      )
    },
  },
  {
    method: 'POST',
    pattern: '/v1/ocr',
    schema: OCRRequestSchema,
    maxBytes: (settings) => settings.maxDocumentBytes,
    async handle(context) {
      return json(context, await ocrProcess(context.client, context.body as OCRRequest, context.options))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/audio/transcriptions',
    schema: AudioTranscriptionRequestSchema,
    maxBytes: (settings) => settings.maxAudioBytes,
    multipart: true,
    async handle(context) {
      const { stream, ...request } = context.body as AudioTranscriptionRequest
      if (stream === true)
        return eventStreamResponse(context, await audioTranscriptionsStream(context.client, request, context.options))
      return json(context, await audioTranscriptionsComplete(context.client, request, context.options))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/conversations',
    schema: ConversationRequestSchema,
    fields: CONVERSATION_FIELDS,
    async handle(context) {
      const { client, body, settings, agent } = context
      const agentId = await agent.id(client, settings)
      const request = { ...body, agent_id: agentId } as Parameters<typeof betaConversationsStart>[1]
      if (body.stream === true)
        return eventStreamResponse(context, await betaConversationsStartStream(client, request, context.options))
      const response = await betaConversationsStart(client, request, context.options)
      agent.remember(agentId, response.conversation_id)
      return json(context, response)
    },
  },
  {
    method: 'POST',
    pattern: '/v1/conversations/{conversation_id}',
    schema: ConversationAppendRequestSchema,
    fields: CONVERSATION_FIELDS,
    async handle(context) {
      const { client, body, params, settings, agent, signal } = context
      const conversationId = params.conversation_id ?? ''
      if (!(await agent.owns(client, settings, conversationId, signal))) {
        // The same answer for another agent's conversation as for one that does not exist: nothing to learn from it.
        return errorResponse(404, `Conversation not found: ${conversationId}`, 'not_found', 'conversation_id')
      }
      const request = { ...body, conversation_id: conversationId } as Parameters<typeof betaConversationsAppend>[1]
      if (body.stream === true)
        return eventStreamResponse(context, await betaConversationsAppendStream(client, request, context.options))
      return json(context, await betaConversationsAppend(client, request, context.options))
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
