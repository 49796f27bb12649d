import type { ConversationEvent } from './schemas.js'

/**
 * The end marker of a conversation stream: `conversation.response.done` comes last (no `data: [DONE]` follows).
 *
 * @param event - an event of the stream.
 * @returns whether it is the last one.
 */
export const isConversationDone = (event: ConversationEvent): boolean => event.type === 'conversation.response.done'
