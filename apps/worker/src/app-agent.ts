import { betaAgentsCreate, betaConversationsGet, type Client, SDKError } from '@mistral-edge/client'
import type { Settings } from './settings.js'

/** What the agent the Worker creates is told. */
const INSTRUCTIONS = 'You are the assistant of the mistral-edge sample app. Answer briefly and plainly.'

/** Conversations whose verdict is remembered; the oldest is forgotten beyond this, so ids sent in bulk cannot fill memory. */
const MAX_VERDICTS = 1000

/** The one agent the app's conversations go to, and which conversations are its own. */
export interface AppAgent {
  /**
   * The agent's id: `APP_AGENT_ID`, or the agent created on the first call (one creation, shared by concurrent calls;
   * retried on the next call when it failed).
   */
  id: (client: Client, settings: Settings) => Promise<string>
  /**
   * Whether a conversation belongs to the app's agent, asked upstream once per conversation (`betaConversationsGet`).
   * A conversation the API does not know is not the app's either.
   */
  owns: (client: Client, settings: Settings, conversationId: string, signal: AbortSignal) => Promise<boolean>
  /** Records a conversation the app's agent just started, so appending to it needs no look-up. */
  remember: (agentId: string, conversationId: string) => void
}

/**
 * Creates the app's agent holder; the Worker keeps one per isolate, with the agent and the verdicts in memory.
 *
 * @returns the holder.
 * @example
 * ```ts
 * const agent = createAppAgent()
 * const agentId = await agent.id(client, settings)
 * ```
 */
export function createAppAgent(): AppAgent {
  let created: Promise<string> | undefined
  // Keyed by agent and conversation, so a changed APP_AGENT_ID never reuses the old agent's verdicts.
  const verdicts = new Map<string, boolean>()
  const record = (key: string, verdict: boolean) => {
    const oldest = verdicts.keys().next()
    if (verdicts.size >= MAX_VERDICTS && !oldest.done) verdicts.delete(oldest.value)
    verdicts.set(key, verdict)
  }

  const id = (client: Client, settings: Settings): Promise<string> => {
    if (settings.appAgentId) return Promise.resolve(settings.appAgentId)
    // Not tied to the first caller's signal: a browser leaving must not fail the creation for the others waiting.
    created ??= betaAgentsCreate(client, {
      model: settings.appAgentModel,
      name: 'mistral-edge app',
      instructions: INSTRUCTIONS,
    }).then(
      (agent) => agent.id,
      (error: unknown) => {
        created = undefined
        throw error
      },
    )
    return created
  }

  return {
    id,
    async owns(client, settings, conversationId, signal) {
      const agentId = await id(client, settings)
      const key = `${agentId} ${conversationId}`
      const known = verdicts.get(key)
      if (known !== undefined) return known
      let verdict: boolean
      try {
        const conversation = await betaConversationsGet(client, { conversation_id: conversationId }, { signal })
        verdict = conversation.agent_id === agentId
      } catch (error) {
        // Not remembered: only conversations that exist are, so made-up ids cannot push real ones out.
        if (error instanceof SDKError && error.status === 404) return false
        throw error
      }
      record(key, verdict)
      return verdict
    },
    remember(agentId, conversationId) {
      record(`${agentId} ${conversationId}`, true)
    },
  }
}
