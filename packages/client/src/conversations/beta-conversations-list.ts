import type { Client, RequestOptions } from '../core/client.js'
import { callJson, type Endpoint } from '../core/request.js'
import type { Conversation, ConversationsListRequest } from './schemas.js'

const endpoint: Endpoint = {
  name: 'betaConversationsList',
  method: 'GET',
  path: '/v1/conversations',
  query: ['page', 'page_size', 'metadata'],
}

/**
 * Lists the conversations, newest first, one page at a time.
 *
 * @param client - from `createClient`.
 * @param request - optional query: `page`, `page_size`, `metadata` (an object, sent as one JSON string).
 * @param options - signal, timeout, retries, headers for this call.
 * @returns an array of conversations (no total: the last page is the one shorter than `page_size`).
 * @throws `InvalidRequestError` before sending (a bad path id, or with `withValidation` any malformed field);
 *   `SDKError` on a non-2xx answer; `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`.
 * @example
 * ```ts
 * const conversations = await betaConversationsList(client, { page_size: 20, metadata: { team: 'a' } })
 * ```
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_list
 */
export function betaConversationsList(
  client: Client,
  request: ConversationsListRequest = {},
  options?: RequestOptions,
): Promise<Conversation[]> {
  const { metadata } = request
  // The query string has no object form: an object `metadata` travels as its JSON text.
  return callJson(
    client,
    endpoint,
    metadata && typeof metadata === 'object' ? { ...request, metadata: JSON.stringify(metadata) } : request,
    options,
  )
}
