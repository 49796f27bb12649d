import type { Client, RequestOptions } from '../core/client.js'
import { fillPath } from '../core/path.js'
import type { Endpoint } from '../core/request.js'
import type { EventStream } from '../streaming/event-stream.js'
import { openStream } from '../streaming/open-stream.js'
import { isConversationDone } from './is-conversation-done.js'
import type { ConversationEvent, ConversationRestartRequest } from './schemas.js'

// Creates a conversation: retried on 429 and 503 only, so a retry never makes a second one.
const endpoint: Endpoint = {
  name: 'betaConversationsRestartStream',
  method: 'POST',
  path: '/v1/conversations/{conversation_id}/restart',
  fillPath,
  creates: true,
}

/**
 * Restarts a conversation from one of its entries and streams the answer as server-sent events (`stream: true` is
 * added); `conversation.response.started` carries the new conversation's id.
 *
 * @param client - from `createClient`.
 * @param request - as for `betaConversationsRestart`.
 * @param options - signal (aborting it mid-stream throws `RequestAbortedError`), timeout until the headers, `idleTimeoutMs`
 *   between chunks, retries (before the headers only), headers.
 * @returns an `EventStream<ConversationEvent>` once the response headers are in, ending after
 *   `conversation.response.done`: `conversation.response.started` (`conversation_id`), `message.output.delta`,
 *   `function.call.delta`, `tool.execution.started` / `.delta` / `.done`, `agent.handoff.started` / `.done`, then
 *   `conversation.response.done` (`usage`); an event of a newer type passes as it is. `accumulateConversation` turns it
 *   into the `ConversationResponse` a non-streamed call returns.
 * @throws `InvalidRequestError` before sending (with `withValidation`); `SDKError` on a non-2xx answer; iterating
 *   throws `StreamError` (`server-error` at `conversation.response.error`, with the server's message; `truncated`
 *   when the body ends before `conversation.response.done`; `malformed`, `idle-timeout`, `connection`). It makes a new
 *   conversation, so it is retried on 429 and 503 only, and never once the headers are in.
 * @example
 * ```ts
 * const stream = await betaConversationsRestartStream(client, { conversation_id, from_entry_id, inputs: 'Shorter, please.' })
 * for await (const event of stream) if (event.type === 'conversation.response.started') console.log(event.conversation_id)
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_restart_stream
 */
export function betaConversationsRestartStream(
  client: Client,
  request: ConversationRestartRequest,
  options?: RequestOptions,
): Promise<EventStream<ConversationEvent>> {
  return openStream(client, endpoint, request, options, isConversationDone)
}
