import type { Client, RequestOptions } from '../core/client.js'
import type { Endpoint } from '../core/request.js'
import type { EventStream } from '../streaming/event-stream.js'
import { openStream } from '../streaming/open-stream.js'
import { isConversationDone } from './is-conversation-done.js'
import type { ConversationEvent, ConversationRequest } from './schemas.js'

// Creates a conversation: retried on 429 and 503 only, so a retry never makes a second one.
const endpoint: Endpoint = {
  name: 'betaConversationsStartStream',
  method: 'POST',
  path: '/v1/conversations',
  creates: true,
}

/**
 * Starts a conversation and streams its answer as server-sent events (`stream: true` is added to the request).
 *
 * @param client - from `createClient`.
 * @param request - as for `betaConversationsStart`.
 * @param options - signal (aborting it mid-stream throws `RequestAbortedError`), timeout until the headers, `idleTimeoutMs`
 *   between chunks, retries (before the headers only), headers.
 * @returns an `EventStream<ConversationEvent>` once the response headers are in, ending after
 *   `conversation.response.done`: `conversation.response.started` (`conversation_id`), `message.output.delta`,
 *   `function.call.delta`, `tool.execution.started` / `.delta` / `.done`, `agent.handoff.started` / `.done`, then
 *   `conversation.response.done` (`usage`); an event of a newer type passes as it is. `accumulateConversation` turns it
 *   into the `ConversationResponse` a non-streamed call returns.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer; iterating
 *   throws `StreamError` (`server-error` at `conversation.response.error`, with the server's message; `truncated`
 *   when the body ends before `conversation.response.done`; `malformed`, `idle-timeout`, `connection`). It adds to a
 *   conversation, so it is retried on 429 and 503 only, and never once the headers are in.
 * @example
 * ```ts
 * const stream = await betaConversationsStartStream(client, { model: 'mistral-medium-latest', inputs: 'Who won the last Euro?', tools: [{ type: 'web_search' }] })
 * for await (const event of stream) if (event.type === 'message.output.delta' && typeof event.content === 'string') out(event.content)
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_start_stream
 */
export function betaConversationsStartStream(
  client: Client,
  request: ConversationRequest,
  options?: RequestOptions,
): Promise<EventStream<ConversationEvent>> {
  return openStream(client, endpoint, request, options, isConversationDone)
}
