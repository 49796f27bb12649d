import {
  array,
  boolean,
  type InferInput,
  type InferOutput,
  literal,
  looseObject,
  nullable,
  nullish,
  number,
  optional,
  string,
  union,
} from 'valibot'
import { openEnum, openVariant, readonlyArray } from '../core/schemas.js'

// Every schema here is open (shared/API.md §1, §9). Requests check types and required fields only: enum-like values
// are open (`openEnum`), numbers carry no ranges, a part, tool or message of a kind this library does not know passes
// (`openVariant`), and every object is a `looseObject`, so the body sent is the caller's object as given. Responses
// are `looseObject` + `nullish` wherever the API has omitted or nulled a field. Content parts, tool calls and the
// assistant message are ONE schema for both directions, so what a response gives can be sent back unchanged
// (`messages.push(response.choices[0].message)` type-checks); request arrays accept readonly arrays (`readonlyArray`).

// ---------------------------------------------------------------------------------------------------------------
// Content parts (requests and responses)
// ---------------------------------------------------------------------------------------------------------------

/** A text part, `{ type: 'text', text }`, in a message of a request or a response. */
export const TextChunkSchema = looseObject({ type: literal('text'), text: string() })

/** `detail` of an image part: `'low' | 'auto' | 'high'` or any newer value. */
export const ImageDetailSchema = openEnum(['low', 'auto', 'high'])

/** An image part, `{ type: 'image_url', image_url }`; `image_url` is a URL (or data URL) string or `{ url, detail? }`. */
export const ImageURLChunkSchema = looseObject({
  type: literal('image_url'),
  image_url: union([string(), looseObject({ url: string(), detail: nullish(ImageDetailSchema) })]),
})

/** A document part, `{ type: 'document_url', document_url, document_name? }`. */
export const DocumentURLChunkSchema = looseObject({
  type: literal('document_url'),
  document_url: string(),
  document_name: nullish(string()),
})

/** A reference part citing tool results, `{ type: 'reference', reference_ids }`. */
export const ReferenceChunkSchema = looseObject({
  type: literal('reference'),
  reference_ids: readonlyArray(union([number(), string()])),
})

/** An uploaded file part, `{ type: 'file', file_id }`. */
export const FileChunkSchema = looseObject({ type: literal('file'), file_id: string() })

/** An audio part, `{ type: 'input_audio', input_audio }` (base64). */
export const AudioChunkSchema = looseObject({ type: literal('input_audio'), input_audio: string() })

/** A built-in tool's reference inside a thinking part, `{ type: 'tool_reference', tool, title, url? }`. */
export const ToolReferenceChunkSchema = looseObject({
  type: literal('tool_reference'),
  tool: openEnum(['web_search', 'web_search_premium', 'code_interpreter', 'image_generation', 'document_library']),
  title: string(),
  url: nullish(string()),
  favicon: nullish(string()),
  description: nullish(string()),
})

/**
 * A reasoning part, `{ type: 'thinking', thinking: [{ type: 'text', text }], closed? }`, as the wire streams and
 * returns it (`closed: true` once the thought is complete) and as it is replayed in a later request.
 */
export const ThinkChunkSchema = looseObject({
  type: literal('thinking'),
  thinking: readonlyArray(openVariant('type', [TextChunkSchema, ToolReferenceChunkSchema, ReferenceChunkSchema])),
  signature: nullish(string()),
  closed: nullish(boolean()),
})

/**
 * Any part of a message (`ContentChunk` in the spec), in a request or a response, discriminated on `type`. A part of
 * a type this library does not know passes as it is.
 */
export const ContentChunkSchema = openVariant('type', [
  TextChunkSchema,
  ImageURLChunkSchema,
  DocumentURLChunkSchema,
  ReferenceChunkSchema,
  FileChunkSchema,
  ThinkChunkSchema,
  AudioChunkSchema,
])

/** Message content, in a request or a response: a string or an array of parts. */
export const ContentSchema = union([string(), readonlyArray(ContentChunkSchema)])

// ---------------------------------------------------------------------------------------------------------------
// Messages (requests; the assistant message and its tool calls are also the response's)
// ---------------------------------------------------------------------------------------------------------------

/** `type` of a tool call or a forced tool choice: `'function'` today. */
export const ToolTypeSchema = openEnum(['function'])

/** `function` of a whole tool call, `{ name, arguments }`; `arguments` is a JSON string (or an object). */
export const FunctionCallSchema = looseObject({ name: string(), arguments: union([string(), looseObject({})]) })

/** The fields every tool call carries, whole or streamed. */
const ToolCallEntries = { id: nullish(string()), type: nullish(ToolTypeSchema), index: nullish(number()) }

/**
 * A whole tool call, as a completion returns it in `choices[].message.tool_calls` and as it is sent back in an
 * assistant message. `function` is nullish because the API has returned `function: null`.
 */
export const ToolCallSchema = looseObject({ ...ToolCallEntries, function: nullish(FunctionCallSchema) })

/** `{ role: 'system', content }`; parts may be text or thinking. */
export const SystemMessageSchema = looseObject({
  role: literal('system'),
  content: union([string(), readonlyArray(openVariant('type', [TextChunkSchema, ThinkChunkSchema]))]),
})

/** `{ role: 'user', content }`. */
export const UserMessageSchema = looseObject({ role: literal('user'), content: nullable(ContentSchema) })

/**
 * `{ role: 'assistant', content?, tool_calls?, prefix? }`: the assistant turn of a request and the message of every
 * completion choice, one schema so a response message can be sent back as it is. `prefix: true` in a request makes
 * the model continue this text.
 */
export const AssistantMessageSchema = looseObject({
  role: literal('assistant'),
  content: nullish(ContentSchema),
  tool_calls: nullish(readonlyArray(ToolCallSchema)),
  prefix: nullish(boolean()),
})

/** `{ role: 'tool', content, tool_call_id?, name? }`: a tool's result. */
export const ToolMessageSchema = looseObject({
  role: literal('tool'),
  content: nullable(ContentSchema),
  tool_call_id: nullish(string()),
  name: nullish(string()),
})

/**
 * One message of a chat or agents request, discriminated on `role`. A message of a role this library does not know
 * (e.g. `developer`) passes validation; its type lists the four known roles.
 */
export const MessageSchema = openVariant('role', [
  SystemMessageSchema,
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
])

// ---------------------------------------------------------------------------------------------------------------
// Request: tools and options
// ---------------------------------------------------------------------------------------------------------------

/** `tool_configuration` of a built-in tool: which actions to include, exclude or confirm. */
export const ToolConfigurationSchema = nullish(
  looseObject({
    exclude: nullish(readonlyArray(string())),
    include: nullish(readonlyArray(string())),
    requires_confirmation: nullish(readonlyArray(string())),
  }),
)

/** A function the model may call, `{ name, description?, strict?, parameters }`; `parameters` is a JSON Schema. */
export const FunctionSchema = looseObject({
  name: string(),
  description: optional(string()),
  strict: optional(boolean()),
  parameters: looseObject({}),
})

/**
 * One entry of `tools`, discriminated on `type`: a function, or a built-in (web search, code interpreter, image
 * generation, document library, connector). A tool type this library does not know passes validation.
 */
export const ToolSchema = openVariant('type', [
  looseObject({ type: literal('function'), function: FunctionSchema }),
  looseObject({ type: literal('web_search'), tool_configuration: ToolConfigurationSchema }),
  looseObject({ type: literal('web_search_premium'), tool_configuration: ToolConfigurationSchema }),
  looseObject({ type: literal('code_interpreter'), tool_configuration: ToolConfigurationSchema }),
  looseObject({ type: literal('image_generation'), tool_configuration: ToolConfigurationSchema }),
  looseObject({
    type: literal('document_library'),
    library_ids: readonlyArray(string()),
    tool_configuration: ToolConfigurationSchema,
  }),
  looseObject({
    type: literal('connector'),
    connector_id: string(),
    authorization: nullish(looseObject({ type: nullish(openEnum(['api-key', 'oauth2-token'])), value: string() })),
    tool_configuration: ToolConfigurationSchema,
  }),
])

/** `tool_choice`: `'auto' | 'none' | 'any' | 'required'`, or `{ type: 'function', function: { name } }` to force one tool. */
export const ToolChoiceSchema = union([
  openEnum(['auto', 'none', 'any', 'required']),
  looseObject({ type: nullish(ToolTypeSchema), function: looseObject({ name: string() }) }),
])

/** `response_format`: `{ type: 'text' | 'json_object' | 'json_schema', json_schema? }`. */
export const ResponseFormatSchema = looseObject({
  type: optional(openEnum(['text', 'json_object', 'json_schema'])),
  json_schema: nullish(
    looseObject({
      name: string(),
      description: nullish(string()),
      schema: looseObject({}),
      strict: optional(boolean()),
    }),
  ),
})

/** `prediction`, the expected output, to speed up edits: `{ type: 'content', content }`. */
export const PredictionSchema = looseObject({ type: optional(openEnum(['content'])), content: optional(string()) })

/** `temperature` (the spec's range, 0 to 1.5, is the API's to judge). */
export const TemperatureSchema = nullish(number())
/** `top_p`, nucleus sampling mass (the API checks its range). */
export const TopPSchema = nullish(number())
/** A token count or seed (`max_tokens`, `min_tokens`, `random_seed`). */
export const TokenCountSchema = nullish(number())
/** `stop`: a stop string or strings. */
export const StopSchema = nullish(union([string(), readonlyArray(string())]))
/** `presence_penalty` and `frequency_penalty` (the API checks their range). */
export const PenaltySchema = nullish(number())
/** `metadata`: free-form request metadata. */
export const MetadataSchema = nullish(looseObject({}))
/** `reasoning_effort`: how long a hybrid model thinks (`'none'` to `'xhigh'`, or a newer value). */
export const ReasoningEffortSchema = nullish(openEnum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']))
/** `n`: how many completions to generate. */
export const CompletionCountSchema = nullish(number())
/** `prompt_mode`: `'reasoning'` uses the reasoning system prompt. */
export const PromptModeSchema = nullish(openEnum(['reasoning']))
/** `service_tier` of a request: `'auto'` or `'standard_only'`. */
export const ServiceTierSchema = nullish(openEnum(['auto', 'standard_only']))
/** `guardrails` applied to the completion. */
export const GuardrailsSchema = nullish(
  readonlyArray(
    looseObject({
      block_on_error: optional(boolean()),
      moderation_llm_v1: nullish(looseObject({})),
      moderation_llm_v2: nullish(looseObject({})),
    }),
  ),
)

/**
 * The request fields chat and agents completions share (the agents request has `agent_id` instead of `model`,
 * and no sampling temperature, top_p or safe_prompt).
 *
 * @internal
 */
export const CompletionRequestEntries = {
  messages: readonlyArray(MessageSchema),
  max_tokens: TokenCountSchema,
  stream: optional(boolean()),
  stop: StopSchema,
  random_seed: TokenCountSchema,
  metadata: MetadataSchema,
  response_format: optional(ResponseFormatSchema),
  tools: nullish(readonlyArray(ToolSchema)),
  tool_choice: optional(ToolChoiceSchema),
  presence_penalty: PenaltySchema,
  frequency_penalty: PenaltySchema,
  n: CompletionCountSchema,
  prediction: optional(PredictionSchema),
  parallel_tool_calls: optional(boolean()),
  reasoning_effort: ReasoningEffortSchema,
  prompt_mode: PromptModeSchema,
  guardrails: GuardrailsSchema,
  prompt_cache_key: nullish(string()),
  service_tier: ServiceTierSchema,
}

/**
 * `POST /v1/chat/completions` request (ChatCompletionRequest). `stream` is set by the function called.
 *
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export const ChatCompletionRequestSchema = looseObject({
  model: string(),
  temperature: TemperatureSchema,
  top_p: TopPSchema,
  ...CompletionRequestEntries,
  safe_prompt: optional(boolean()),
})

// ---------------------------------------------------------------------------------------------------------------
// Responses (chat, FIM and agents completions, whole or streamed)
// ---------------------------------------------------------------------------------------------------------------

/**
 * `usage` of a completion or of the last chunk. Every count is nullish (a null count has been seen); the wire adds
 * fields such as `prompt_tokens_details` and `service_tier`, which are kept.
 */
export const UsageInfoSchema = looseObject({
  prompt_tokens: nullish(number()),
  completion_tokens: nullish(number()),
  total_tokens: nullish(number()),
  prompt_audio_seconds: nullish(number()),
  prompt_tokens_details: nullish(looseObject({ cached_tokens: nullish(number()) })),
  service_tier: nullish(openEnum(['standard', 'priority'])),
})

/**
 * A content part as the API returns it: the same schema as a request part ({@link ContentChunkSchema}), so text,
 * thinking (with its inner parts), image, reference, ... are literal-typed and can be sent back; a part of a new
 * type passes validation.
 */
export const ContentPartSchema = ContentChunkSchema

/** Returned content: a string, an array of parts, or null (e.g. next to tool calls). */
export const CompletionContentSchema = nullish(ContentSchema)

/** A whole tool call in a completion's message (the same schema as the one sent back, {@link ToolCallSchema}). */
export const ToolCallOutSchema = ToolCallSchema

/**
 * A tool call in a streamed `delta`: whole, or a fragment keyed by `index` (later fragments have no `id`,
 * `name: ''` and a piece of `arguments`), so every field is nullish.
 */
export const ToolCallDeltaSchema = looseObject({
  ...ToolCallEntries,
  function: nullish(looseObject({ name: nullish(string()), arguments: nullish(union([string(), looseObject({})])) })),
})

/** The `delta` of a streamed choice: `role` on the first chunk, then pieces of content or tool calls. */
export const DeltaMessageSchema = looseObject({
  role: nullish(openEnum(['assistant'])),
  content: CompletionContentSchema,
  tool_calls: nullish(array(ToolCallDeltaSchema)),
  tool_call_id: nullish(string()),
})

/** Why a choice ended: `'stop' | 'length' | 'model_length' | 'error' | 'tool_calls'`, or a newer value. */
export const FinishReasonSchema = openEnum(['stop', 'length', 'model_length', 'error', 'tool_calls'])

/** One choice of a completion chunk; `finish_reason` is null until the last chunk. */
export const CompletionResponseStreamChoiceSchema = looseObject({
  index: number(),
  delta: DeltaMessageSchema,
  finish_reason: nullish(FinishReasonSchema),
})

/** The fields a completion and a completion chunk share; `id` has been seen null. */
const CompletionEntries = {
  id: nullish(string()),
  created: nullish(number()),
  model: nullish(string()),
  usage: nullish(UsageInfoSchema),
}

/**
 * One server-sent chunk of a streamed completion (chat, FIM, agents). The last one carries `finish_reason` and
 * `usage`; chunks after the first carry a padding field `p`, which is kept like any unknown field.
 */
export const CompletionChunkSchema = looseObject({
  ...CompletionEntries,
  object: nullish(openEnum(['chat.completion.chunk'])),
  choices: array(CompletionResponseStreamChoiceSchema),
})

/**
 * The assistant's message in a completion choice, `{ role: 'assistant', content, tool_calls, prefix? }`: the same
 * schema as the request's assistant message ({@link AssistantMessageSchema}), so it can be pushed onto `messages`.
 */
export const AssistantMessageOutSchema = AssistantMessageSchema

/** One choice of a completion. */
export const ChatCompletionChoiceSchema = looseObject({
  index: number(),
  message: AssistantMessageOutSchema,
  finish_reason: nullish(FinishReasonSchema),
})

/**
 * A whole completion (`POST /v1/chat/completions`, `/v1/fim/completions`, `/v1/agents/completions` without
 * streaming), also what `accumulateChunks` builds from a stream.
 */
export const ChatCompletionResponseSchema = looseObject({
  ...CompletionEntries,
  object: nullish(openEnum(['chat.completion'])),
  choices: array(ChatCompletionChoiceSchema),
})

/** A chat message of a request (system, user, assistant or tool). */
export type Message = InferInput<typeof MessageSchema>
/** A content part of a request message. */
export type ContentChunk = InferInput<typeof ContentChunkSchema>
/** A tool definition of a request. */
export type Tool = InferInput<typeof ToolSchema>
/** A tool call sent back in an assistant message. */
export type ToolCall = InferInput<typeof ToolCallSchema>
/** `response_format` of a request. */
export type ResponseFormat = InferInput<typeof ResponseFormatSchema>
/** Request of `chatComplete` and `chatStream`. */
export type ChatCompletionRequest = InferInput<typeof ChatCompletionRequestSchema>
/** Token usage of a completion. */
export type UsageInfo = InferOutput<typeof UsageInfoSchema>
/** A returned content part. */
export type ContentPart = InferOutput<typeof ContentPartSchema>
/** A whole tool call in a returned message. */
export type ToolCallOut = InferOutput<typeof ToolCallOutSchema>
/** A tool call in a streamed delta, whole or a fragment. */
export type ToolCallDelta = InferOutput<typeof ToolCallDeltaSchema>
/** The `delta` of a streamed choice. */
export type DeltaMessage = InferOutput<typeof DeltaMessageSchema>
/** Why a choice ended (an open union). */
export type FinishReason = InferOutput<typeof FinishReasonSchema>
/** One chunk of a streamed completion. */
export type CompletionChunk = InferOutput<typeof CompletionChunkSchema>
/** The assistant message of a completion choice. */
export type AssistantMessageOut = InferOutput<typeof AssistantMessageOutSchema>
/** A whole completion. */
export type ChatCompletionResponse = InferOutput<typeof ChatCompletionResponseSchema>
