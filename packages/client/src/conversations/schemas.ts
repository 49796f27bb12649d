import {
  array,
  boolean,
  type InferInput,
  type InferOutput,
  literal,
  looseObject,
  nullish,
  number,
  optional,
  record,
  string,
  union,
  unknown,
} from 'valibot'
import { AgentToolSchema, CompletionArgsSchema } from '../beta-agents/schemas.js'
import {
  DocumentURLChunkSchema,
  GuardrailsSchema,
  ImageURLChunkSchema,
  MetadataSchema,
  TextChunkSchema,
  ThinkChunkSchema,
  ToolReferenceChunkSchema,
} from '../chat/schemas.js'
import { IdSchema, openEnum, openVariant, readonlyArray } from '../core/schemas.js'

// Current spec (`/v1/conversations...`), the docs' printed responses (`fixtures/wire/json/sdk_reserialized/
// docs_conversation_*`) and the docs' stream (`fixtures/wire/sse/conversation_web_search_stream_*`). Entries are ONE
// schema for both directions, so a response's `outputs` can be sent back as `inputs` unchanged. Entries and stream
// events are open unions on `type`: a kind this library does not know passes validation (its type lists the known
// kinds, so `switch (entry.type)` narrows). Requests check types and required fields only.

// ---------------------------------------------------------------------------------------------------------------
// Entries (requests and responses)
// ---------------------------------------------------------------------------------------------------------------

/** The built-in tools (spec `BuiltInConnectors`), or a newer one: the `name` of a tool execution. */
export const BuiltInConnectorSchema = openEnum([
  'web_search',
  'web_search_premium',
  'code_interpreter',
  'image_generation',
  'document_library',
])

/** A file a built-in tool made, `{ type: 'tool_file', tool, file_id, file_name?, file_type? }` (e.g. a generated image). */
export const ToolFileChunkSchema = looseObject({
  type: literal('tool_file'),
  tool: BuiltInConnectorSchema,
  file_id: string(),
  file_name: nullish(string()),
  file_type: nullish(string()),
})

/**
 * A content part of a conversation message, discriminated on `type`: text, image, tool file, document, thinking and
 * (in outputs) tool references to a built-in tool's sources; a part of a new type passes.
 */
export const ConversationContentChunkSchema = openVariant('type', [
  TextChunkSchema,
  ImageURLChunkSchema,
  ToolFileChunkSchema,
  DocumentURLChunkSchema,
  ThinkChunkSchema,
  ToolReferenceChunkSchema,
])

/** The content of a message entry: a string or an array of parts. */
export const ConversationContentSchema = union([string(), readonlyArray(ConversationContentChunkSchema)])

/** The fields every entry carries; a response sets them, a request may leave them out. */
const EntryEntries = {
  object: nullish(openEnum(['entry'])),
  id: optional(string()),
  created_at: optional(string()),
  completed_at: nullish(string()),
}

/** The fields of an entry the model or an agent produced. */
const ProducedEntries = { ...EntryEntries, agent_id: nullish(string()), model: nullish(string()) }

/** `{ type: 'message.input', role, content }`: a user (or prefilled assistant) message. `prefix: true` continues it. */
export const MessageInputEntrySchema = looseObject({
  ...EntryEntries,
  type: literal('message.input'),
  role: openEnum(['assistant', 'user']),
  content: ConversationContentSchema,
  prefix: optional(boolean()),
})

/** `{ type: 'message.output', role: 'assistant', content }`: what the model answered. */
export const MessageOutputEntrySchema = looseObject({
  ...ProducedEntries,
  type: literal('message.output'),
  role: optional(literal('assistant')),
  content: ConversationContentSchema,
})

/**
 * `{ type: 'function.call', tool_call_id, name, arguments }`: the model asks the caller to run a function; answer it
 * with a {@link FunctionResultEntrySchema} of the same `tool_call_id`. `arguments` is a JSON string (or an object).
 */
export const FunctionCallEntrySchema = looseObject({
  ...ProducedEntries,
  type: literal('function.call'),
  tool_call_id: string(),
  name: string(),
  arguments: union([string(), looseObject({})]),
  confirmation_status: nullish(openEnum(['pending', 'allowed', 'denied'])),
})

/** `{ type: 'function.result', tool_call_id, result }`: the caller's answer to a function call. */
export const FunctionResultEntrySchema = looseObject({
  ...EntryEntries,
  type: literal('function.result'),
  tool_call_id: string(),
  result: string(),
})

/**
 * `{ type: 'tool.execution', name, arguments?, info? }`: a built-in tool the server ran (`info` holds e.g. the code
 * and its output). The docs' web search entry has no `arguments`, which the spec calls required.
 */
export const ToolExecutionEntrySchema = looseObject({
  ...ProducedEntries,
  type: literal('tool.execution'),
  name: BuiltInConnectorSchema,
  arguments: nullish(string()),
  info: nullish(looseObject({})),
})

/** `{ type: 'agent.handoff', previous_agent_id, previous_agent_name, next_agent_id, next_agent_name }`. */
export const AgentHandoffEntrySchema = looseObject({
  ...EntryEntries,
  type: literal('agent.handoff'),
  previous_agent_id: string(),
  previous_agent_name: string(),
  next_agent_id: string(),
  next_agent_name: string(),
})

/** Any entry of a conversation (its history), discriminated on `type`; an entry of a new type passes. */
export const ConversationEntrySchema = openVariant('type', [
  MessageInputEntrySchema,
  MessageOutputEntrySchema,
  FunctionResultEntrySchema,
  FunctionCallEntrySchema,
  ToolExecutionEntrySchema,
  AgentHandoffEntrySchema,
])

/** What a call adds to a conversation: messages, function calls, tool executions, handoffs. */
export const ConversationOutputEntrySchema = openVariant('type', [
  MessageOutputEntrySchema,
  ToolExecutionEntrySchema,
  FunctionCallEntrySchema,
  AgentHandoffEntrySchema,
])

/** A message input written the short way the docs use, `{ role: 'user', content }`: `type` defaults to `message.input`. */
export const MessageInputShorthandSchema = looseObject({
  ...MessageInputEntrySchema.entries,
  type: optional(literal('message.input')),
})

/** One entry of `inputs`: any entry (a response's outputs as they are), or a message without `type`. */
export const InputEntrySchema = union([ConversationEntrySchema, MessageInputShorthandSchema])

/** `inputs`: a user message as a string, or entries. */
export const ConversationInputsSchema = union([string(), readonlyArray(InputEntrySchema)])

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/** `handoff_execution`: whether the server (default) or the caller runs handoffs between agents. */
export const HandoffExecutionSchema = openEnum(['client', 'server'])

/** An agent version: a number or an alias. */
const AgentVersionSchema = nullish(union([string(), number()]))

/** The fields every call that runs the model takes. */
const RunEntries = {
  stream: nullish(boolean()),
  store: nullish(boolean()),
  handoff_execution: nullish(HandoffExecutionSchema),
  completion_args: nullish(CompletionArgsSchema),
}

/**
 * `POST /v1/conversations` request (spec `ConversationRequest`): `inputs`, and either a `model` (with `instructions`,
 * `tools`, `completion_args`) or an `agent_id`. `stream` is set by the function called.
 *
 * @see https://docs.mistral.ai/api/#tag/beta.conversations/operation/agents_api_v1_conversations_start
 */
export const ConversationRequestSchema = looseObject({
  ...RunEntries,
  inputs: ConversationInputsSchema,
  instructions: nullish(string()),
  tools: nullish(readonlyArray(AgentToolSchema)),
  guardrails: GuardrailsSchema,
  name: nullish(string()),
  description: nullish(string()),
  metadata: MetadataSchema,
  agent_id: nullish(string()),
  agent_version: AgentVersionSchema,
  model: nullish(string()),
})

/** A confirmation of a function call waiting for one (`confirmation_status: 'pending'`). */
export const ToolCallConfirmationSchema = looseObject({
  tool_call_id: string(),
  confirmation: openEnum(['allow', 'deny']),
})

/**
 * `POST /v1/conversations/{conversation_id}` request (spec `ConversationAppendRequest`): the conversation, and new
 * `inputs` (or `tool_confirmations`).
 */
export const ConversationAppendRequestSchema = looseObject({
  ...RunEntries,
  conversation_id: IdSchema,
  inputs: optional(ConversationInputsSchema),
  tool_confirmations: nullish(readonlyArray(ToolCallConfirmationSchema)),
})

/**
 * `POST /v1/conversations/{conversation_id}/restart` request (spec `ConversationRestartRequest`): a new conversation
 * from the entry `from_entry_id` on, with new `inputs`.
 */
export const ConversationRestartRequestSchema = looseObject({
  ...RunEntries,
  conversation_id: IdSchema,
  from_entry_id: string(),
  inputs: optional(ConversationInputsSchema),
  guardrails: GuardrailsSchema,
  metadata: MetadataSchema,
  agent_version: AgentVersionSchema,
})

/** `GET /v1/conversations` query; `metadata` (an object) is sent as one JSON string. */
export const ConversationsListRequestSchema = looseObject({
  page: nullish(number()),
  page_size: nullish(number()),
  metadata: nullish(union([string(), record(string(), unknown())])),
})

/** A request naming one conversation by id (get, history, messages, delete). */
export const ConversationIdRequestSchema = looseObject({ conversation_id: IdSchema })

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

/** `usage` of a conversation call: token counts, and the built-in tools used (`connectors`, e.g. `{ web_search: 1 }`). */
export const ConversationUsageInfoSchema = looseObject({
  prompt_tokens: nullish(number()),
  completion_tokens: nullish(number()),
  total_tokens: nullish(number()),
  connector_tokens: nullish(number()),
  connectors: nullish(record(string(), number())),
})

/** The answer of start, append and restart (spec `ConversationResponse`); also what `accumulateConversation` builds. */
export const ConversationResponseSchema = looseObject({
  object: nullish(openEnum(['conversation.response'])),
  conversation_id: string(),
  outputs: array(ConversationOutputEntrySchema),
  usage: ConversationUsageInfoSchema,
  guardrails: nullish(array(looseObject({}))),
})

/**
 * A conversation (spec `ModelConversation` or `AgentConversation`, one object): with a `model` (and its
 * `instructions`, `tools`, `completion_args`) or with an `agent_id`.
 */
export const ConversationSchema = looseObject({
  object: nullish(openEnum(['conversation'])),
  id: string(),
  created_at: string(),
  updated_at: string(),
  name: nullish(string()),
  description: nullish(string()),
  metadata: MetadataSchema,
  model: nullish(string()),
  instructions: nullish(string()),
  tools: nullish(readonlyArray(AgentToolSchema)),
  completion_args: nullish(CompletionArgsSchema),
  guardrails: GuardrailsSchema,
  agent_id: nullish(string()),
  agent_version: AgentVersionSchema,
})

/** `GET /v1/conversations` response: a bare array of conversations, newest first. */
export const ConversationListSchema = array(ConversationSchema)

/** `GET /v1/conversations/{conversation_id}/history` response: every entry, in order. */
export const ConversationHistorySchema = looseObject({
  object: nullish(openEnum(['conversation.history'])),
  conversation_id: string(),
  entries: array(ConversationEntrySchema),
})

/** `GET /v1/conversations/{conversation_id}/messages` response: the message entries only. */
export const ConversationMessagesSchema = looseObject({
  object: nullish(openEnum(['conversation.messages'])),
  conversation_id: string(),
  messages: array(openVariant('type', [MessageInputEntrySchema, MessageOutputEntrySchema])),
})

// ---------------------------------------------------------------------------------------------------------------
// Stream events (the `data` of each `event:`)
// ---------------------------------------------------------------------------------------------------------------

/** The fields of an event about one output entry: which output (`output_index`) and its `id`. */
const OutputEventEntries = { created_at: nullish(string()), output_index: nullish(number()), id: string() }

/** `conversation.response.started`: the first event, with the conversation's id. */
export const ResponseStartedEventSchema = looseObject({
  type: literal('conversation.response.started'),
  created_at: nullish(string()),
  conversation_id: string(),
})

/** `conversation.response.done`: the last event, with the usage. */
export const ResponseDoneEventSchema = looseObject({
  type: literal('conversation.response.done'),
  created_at: nullish(string()),
  usage: ConversationUsageInfoSchema,
})

/** `conversation.response.error`: the server failed mid-stream (iterating an `EventStream` throws `StreamError` at it). */
export const ResponseErrorEventSchema = looseObject({
  type: literal('conversation.response.error'),
  created_at: nullish(string()),
  message: string(),
  code: nullish(number()),
})

/** `message.output.delta`: the next piece of the message `id`, a string or one part at `content_index`. */
export const MessageOutputEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('message.output.delta'),
  content_index: nullish(number()),
  model: nullish(string()),
  agent_id: nullish(string()),
  role: nullish(literal('assistant')),
  content: union([string(), ConversationContentChunkSchema]),
})

/** `function.call.delta`: a function call, or the next piece of its `arguments`. */
export const FunctionCallEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('function.call.delta'),
  model: nullish(string()),
  agent_id: nullish(string()),
  name: string(),
  tool_call_id: string(),
  arguments: string(),
  confirmation_status: nullish(openEnum(['pending', 'allowed', 'denied'])),
})

/** `tool.execution.started`: the server starts running a built-in tool (the docs' stream shows no `arguments`). */
export const ToolExecutionStartedEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('tool.execution.started'),
  model: nullish(string()),
  agent_id: nullish(string()),
  name: BuiltInConnectorSchema,
  arguments: nullish(string()),
})

/** `tool.execution.delta`: the next piece of a tool execution's `arguments`. */
export const ToolExecutionDeltaEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('tool.execution.delta'),
  name: BuiltInConnectorSchema,
  arguments: string(),
})

/** `tool.execution.done`: a built-in tool finished; `info` holds what it reports. */
export const ToolExecutionDoneEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('tool.execution.done'),
  name: BuiltInConnectorSchema,
  info: nullish(looseObject({})),
})

/** `agent.handoff.started`: the current agent hands the conversation over. */
export const AgentHandoffStartedEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('agent.handoff.started'),
  previous_agent_id: string(),
  previous_agent_name: string(),
})

/** `agent.handoff.done`: the next agent took the conversation. */
export const AgentHandoffDoneEventSchema = looseObject({
  ...OutputEventEntries,
  type: literal('agent.handoff.done'),
  next_agent_id: string(),
  next_agent_name: string(),
})

/**
 * One event of a streamed conversation (the `data` of spec `ConversationEvents`), discriminated on `type`; an event
 * of a type this library does not know yet passes as it is.
 */
export const ConversationEventSchema = openVariant('type', [
  ResponseStartedEventSchema,
  ResponseDoneEventSchema,
  ResponseErrorEventSchema,
  MessageOutputEventSchema,
  FunctionCallEventSchema,
  ToolExecutionStartedEventSchema,
  ToolExecutionDeltaEventSchema,
  ToolExecutionDoneEventSchema,
  AgentHandoffStartedEventSchema,
  AgentHandoffDoneEventSchema,
])

/** A built-in tool name (an open union). */
export type BuiltInConnector = InferOutput<typeof BuiltInConnectorSchema>
/** A content part of a conversation message. */
export type ConversationContentChunk = InferOutput<typeof ConversationContentChunkSchema>
/** A message input entry. */
export type MessageInputEntry = InferInput<typeof MessageInputEntrySchema>
/** A message output entry: what the model answered. */
export type MessageOutputEntry = InferOutput<typeof MessageOutputEntrySchema>
/** A function call entry: the model asks the caller to run a function. */
export type FunctionCallEntry = InferOutput<typeof FunctionCallEntrySchema>
/** A function result entry: the caller's answer to a function call. */
export type FunctionResultEntry = InferInput<typeof FunctionResultEntrySchema>
/** A built-in tool execution entry. */
export type ToolExecutionEntry = InferOutput<typeof ToolExecutionEntrySchema>
/** An agent handoff entry. */
export type AgentHandoffEntry = InferOutput<typeof AgentHandoffEntrySchema>
/** Any entry of a conversation's history. */
export type ConversationEntry = InferOutput<typeof ConversationEntrySchema>
/** An entry a call adds to a conversation (an item of `outputs`). */
export type ConversationOutputEntry = InferOutput<typeof ConversationOutputEntrySchema>
/** One entry of `inputs`. */
export type InputEntry = InferInput<typeof InputEntrySchema>
/** `inputs` of a request: a string or entries. */
export type ConversationInputs = InferInput<typeof ConversationInputsSchema>
/** Request of {@link betaConversationsStart} and {@link betaConversationsStartStream}. */
export type ConversationRequest = InferInput<typeof ConversationRequestSchema>
/** A confirmation of a pending function call. */
export type ToolCallConfirmation = InferInput<typeof ToolCallConfirmationSchema>
/** Request of {@link betaConversationsAppend} and {@link betaConversationsAppendStream}. */
export type ConversationAppendRequest = InferInput<typeof ConversationAppendRequestSchema>
/** Request of {@link betaConversationsRestart} and {@link betaConversationsRestartStream}. */
export type ConversationRestartRequest = InferInput<typeof ConversationRestartRequestSchema>
/** Query of {@link betaConversationsList}. */
export type ConversationsListRequest = InferInput<typeof ConversationsListRequestSchema>
/** A request naming one conversation. */
export type ConversationIdRequest = InferInput<typeof ConversationIdRequestSchema>
/** `usage` of a conversation call. */
export type ConversationUsageInfo = InferOutput<typeof ConversationUsageInfoSchema>
/** Response of start, append and restart. */
export type ConversationResponse = InferOutput<typeof ConversationResponseSchema>
/** A conversation. */
export type Conversation = InferOutput<typeof ConversationSchema>
/** Response of {@link betaConversationsGetHistory}. */
export type ConversationHistory = InferOutput<typeof ConversationHistorySchema>
/** Response of {@link betaConversationsGetMessages}. */
export type ConversationMessages = InferOutput<typeof ConversationMessagesSchema>
/** `conversation.response.started` event. */
export type ResponseStartedEvent = InferOutput<typeof ResponseStartedEventSchema>
/** `conversation.response.done` event. */
export type ResponseDoneEvent = InferOutput<typeof ResponseDoneEventSchema>
/** `conversation.response.error` event. */
export type ResponseErrorEvent = InferOutput<typeof ResponseErrorEventSchema>
/** `message.output.delta` event. */
export type MessageOutputEvent = InferOutput<typeof MessageOutputEventSchema>
/** `function.call.delta` event. */
export type FunctionCallEvent = InferOutput<typeof FunctionCallEventSchema>
/** `tool.execution.started` event. */
export type ToolExecutionStartedEvent = InferOutput<typeof ToolExecutionStartedEventSchema>
/** `tool.execution.delta` event. */
export type ToolExecutionDeltaEvent = InferOutput<typeof ToolExecutionDeltaEventSchema>
/** `tool.execution.done` event. */
export type ToolExecutionDoneEvent = InferOutput<typeof ToolExecutionDoneEventSchema>
/** `agent.handoff.started` event. */
export type AgentHandoffStartedEvent = InferOutput<typeof AgentHandoffStartedEventSchema>
/** `agent.handoff.done` event. */
export type AgentHandoffDoneEvent = InferOutput<typeof AgentHandoffDoneEventSchema>
/** One event of a streamed conversation, discriminated on `type`. */
export type ConversationEvent = InferOutput<typeof ConversationEventSchema>
