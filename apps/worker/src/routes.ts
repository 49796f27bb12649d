import {
  betaConversationsAppend,
  betaConversationsAppendStream,
  betaConversationsStart,
  betaConversationsStartStream,
  type ChatCompletionRequest,
  chatComplete,
  chatStream,
  type Client,
  type EmbeddingRequest,
  type EventStream,
  embeddingsCreate,
  type FIMCompletionRequest,
  fimComplete,
  fimStream,
  modelsList,
  modelsRetrieve,
  toReadableStream,
} from '@mistral-edge/client'
import {
  ChatCompletionRequestSchema,
  ConversationAppendRequestSchema,
  ConversationRequestSchema,
  EmbeddingRequestSchema,
  FIMCompletionRequestSchema,
} from '@mistral-edge/client/schemas'
import type { GenericSchema } from 'valibot'
import type { AppAgent } from './app-agent.js'
import { errorResponse } from './errors.js'
import { forwardEventStream } from './forward-event-stream.js'
import type { Settings } from './settings.js'

/** What a route handler gets: the upstream client, the validated body, path parameters, the URL, the signal, the settings, the app's agent. */
export interface RouteContext {
  client: Client
  body: Record<string, unknown>
  params: Record<string, string>
  url: URL
  /** Aborts when the browser goes away; passed to the upstream call. */
  signal: AbortSignal
  /** The Worker's settings (`appAgentId`, `appAgentModel`, ...). */
  settings: Settings
  /** The app's own agent, the only one the conversation routes talk to. */
  agent: AppAgent
}

/** One allowlisted route. */
export interface Route {
  method: 'GET' | 'POST'
  /** A path with `{name}` segments. */
  pattern: string
  /** Validates the JSON body (POST routes). */
  schema?: GenericSchema
  /** The only body fields a caller may send (the rest is refused with a 400 naming the field); default: any. */
  fields?: readonly string[]
  handle: (context: RouteContext) => Promise<Response>
}

/**
 * What a caller may send to the conversation routes: the Worker picks the agent, and with it the model, tools and
 * instructions, so the app's key never runs another agent or prompt.
 */
const CONVERSATION_FIELDS = ['inputs', 'stream', 'store'] as const

/** A stream answered as `text/event-stream`, through `toReadableStream` (each event as upstream sent it, `event:` names included). */
function eventStreamResponse<E>(stream: EventStream<E>, signal: AbortSignal): Response {
  const headers = new Headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  const requestId = stream.response.headers.get('mistral-correlation-id')
  if (requestId) headers.set('mistral-correlation-id', requestId)
  return new Response(forwardEventStream(toReadableStream(stream), signal), { headers })
}

/**
 * Mistral's routes that the Worker answers; everything else under `/v1/` is a 404 (all of `/v1/agents`, and under
 * `/v1/conversations` all but starting a conversation with the app's agent and appending to one of its conversations).
 */
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
  {
    method: 'POST',
    pattern: '/v1/conversations',
    schema: ConversationRequestSchema,
    fields: CONVERSATION_FIELDS,
    async handle({ client, body, settings, agent, signal }) {
      const agentId = await agent.id(client, settings)
      const request = { ...body, agent_id: agentId } as Parameters<typeof betaConversationsStart>[1]
      if (body.stream === true) return eventStreamResponse(await betaConversationsStartStream(client, request, { signal }), signal)
      const response = await betaConversationsStart(client, request, { signal })
      agent.remember(agentId, response.conversation_id)
      return Response.json(response)
    },
  },
  {
    method: 'POST',
    pattern: '/v1/conversations/{conversation_id}',
    schema: ConversationAppendRequestSchema,
    fields: CONVERSATION_FIELDS,
    async handle({ client, body, params, settings, agent, signal }) {
      const conversationId = params.conversation_id ?? ''
      if (!(await agent.owns(client, settings, conversationId, signal))) {
        // The same answer for another agent's conversation as for one that does not exist: nothing to learn from it.
        return errorResponse(404, `Conversation not found: ${conversationId}`, 'not_found', 'conversation_id')
      }
      const request = { ...body, conversation_id: conversationId } as Parameters<typeof betaConversationsAppend>[1]
      if (body.stream === true) return eventStreamResponse(await betaConversationsAppendStream(client, request, { signal }), signal)
      return Response.json(await betaConversationsAppend(client, request, { signal }))
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
