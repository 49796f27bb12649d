import {
  array,
  boolean,
  gtValue,
  integer,
  literal,
  looseObject,
  maxValue,
  minLength,
  minValue,
  nullable,
  nullish,
  number,
  optional,
  picklist,
  pipe,
  string,
  union,
  variant,
  type InferInput,
  type InferOutput,
} from 'valibot'

// Requests are checked precisely (types, ranges, enums, required fields) from the current spec, but every object is
// a `looseObject`: the body sent is the caller's object as given, so a field newer than this library still reaches
// the API. Responses are lenient (`looseObject` + `nullish`, enum-like fields any string), as the wire shows them.
// Fields shared by chat, FIM and agents are plain schema constants, never built by helper functions of ours:
// bundlers drop an unused `looseObject(...)` thanks to valibot's @__NO_SIDE_EFFECTS__, not an unused helper call.

// ---------------------------------------------------------------------------------------------------------------
// Request: content parts
// ---------------------------------------------------------------------------------------------------------------

/** A text part: `{ type: 'text', text }`. */
export const TextChunkSchema = looseObject({ type: literal('text'), text: string() })

/** An image part; `image_url` is a URL (or data URL) string or `{ url, detail? }`. */
export const ImageURLChunkSchema = looseObject({
  type: literal('image_url'),
  image_url: union([string(), looseObject({ url: string(), detail: nullish(picklist(['low', 'auto', 'high'])) })]),
})

/** A document part: `{ type: 'document_url', document_url, document_name? }`. */
export const DocumentURLChunkSchema = looseObject({
  type: literal('document_url'),
  document_url: string(),
  document_name: nullish(string()),
})

/** A reference part citing tool results: `{ type: 'reference', reference_ids }`. */
export const ReferenceChunkSchema = looseObject({
  type: literal('reference'),
  reference_ids: array(union([pipe(number(), integer()), string()])),
})

/** An uploaded file part: `{ type: 'file', file_id }`. */
export const FileChunkSchema = looseObject({ type: literal('file'), file_id: string() })

/** An audio part: `{ type: 'input_audio', input_audio }` (base64). */
export const AudioChunkSchema = looseObject({ type: literal('input_audio'), input_audio: string() })

/** A built-in tool's reference inside a thinking part. */
export const ToolReferenceChunkSchema = looseObject({
  type: literal('tool_reference'),
  tool: string(),
  title: string(),
  url: nullish(string()),
  favicon: nullish(string()),
  description: nullish(string()),
})

/** A reasoning part: `{ type: 'thinking', thinking: [{ type: 'text', text }], closed? }`. */
export const ThinkChunkSchema = looseObject({
  type: literal('thinking'),
  thinking: array(variant('type', [TextChunkSchema, ToolReferenceChunkSchema, ReferenceChunkSchema])),
  signature: nullish(string()),
  closed: optional(boolean()),
})

/** Any part of a user, assistant or tool message, discriminated on `type`. */
export const ContentChunkSchema = variant('type', [
  TextChunkSchema,
  ImageURLChunkSchema,
  DocumentURLChunkSchema,
  ReferenceChunkSchema,
  FileChunkSchema,
  ThinkChunkSchema,
  AudioChunkSchema,
])

/** Message content: a string or an array of parts. */
export const ContentSchema = union([string(), array(ContentChunkSchema)])

// ---------------------------------------------------------------------------------------------------------------
// Request: messages
// ---------------------------------------------------------------------------------------------------------------

/** A tool call as sent back in an assistant message. */
export const ToolCallSchema = looseObject({
  id: optional(string()),
  type: optional(literal('function')),
  function: looseObject({ name: string(), arguments: union([string(), looseObject({})]) }),
  index: optional(pipe(number(), integer())),
})

/** `{ role: 'system', content }`; parts may be text or thinking. */
export const SystemMessageSchema = looseObject({
  role: literal('system'),
  content: union([string(), array(variant('type', [TextChunkSchema, ThinkChunkSchema]))]),
})

/** `{ role: 'user', content }`. */
export const UserMessageSchema = looseObject({ role: literal('user'), content: nullable(ContentSchema) })

/** `{ role: 'assistant', content?, tool_calls?, prefix? }`; `prefix: true` makes the model continue this text. */
export const AssistantMessageSchema = looseObject({
  role: literal('assistant'),
  content: nullish(ContentSchema),
  tool_calls: nullish(array(ToolCallSchema)),
  prefix: optional(boolean()),
})

/** `{ role: 'tool', content, tool_call_id?, name? }`: a tool's result. */
export const ToolMessageSchema = looseObject({
  role: literal('tool'),
  content: nullable(ContentSchema),
  tool_call_id: nullish(string()),
  name: nullish(string()),
})

/** One chat message, discriminated on `role`. */
export const MessageSchema = variant('role', [SystemMessageSchema, UserMessageSchema, AssistantMessageSchema, ToolMessageSchema])

// ---------------------------------------------------------------------------------------------------------------
// Request: tools and options
// ---------------------------------------------------------------------------------------------------------------

/** Which built-in tool actions to include, exclude or confirm. */
export const ToolConfigurationSchema = nullish(
  looseObject({
    exclude: nullish(array(string())),
    include: nullish(array(string())),
    requires_confirmation: nullish(array(string())),
  }),
)

/** A function the model may call; `parameters` is a JSON Schema object. */
export const FunctionSchema = looseObject({
  name: string(),
  description: optional(string()),
  strict: optional(boolean()),
  parameters: looseObject({}),
})

/** A tool: a function, or a built-in (web search, code interpreter, image generation, document library, connector). */
export const ToolSchema = variant('type', [
  looseObject({ type: literal('function'), function: FunctionSchema }),
  looseObject({ type: literal('web_search'), tool_configuration: ToolConfigurationSchema }),
  looseObject({ type: literal('web_search_premium'), tool_configuration: ToolConfigurationSchema }),
  looseObject({ type: literal('code_interpreter'), tool_configuration: ToolConfigurationSchema }),
  looseObject({ type: literal('image_generation'), tool_configuration: ToolConfigurationSchema }),
  looseObject({
    type: literal('document_library'),
    library_ids: pipe(array(string()), minLength(1)),
    tool_configuration: ToolConfigurationSchema,
  }),
  looseObject({
    type: literal('connector'),
    connector_id: string(),
    authorization: nullish(looseObject({ type: string() })),
    tool_configuration: ToolConfigurationSchema,
  }),
])

/** `'auto' | 'none' | 'any' | 'required'`, or `{ type: 'function', function: { name } }` to force one tool. */
export const ToolChoiceSchema = union([
  picklist(['auto', 'none', 'any', 'required']),
  looseObject({ type: optional(literal('function')), function: looseObject({ name: string() }) }),
])

/** `{ type: 'text' | 'json_object' | 'json_schema', json_schema? }`. */
export const ResponseFormatSchema = looseObject({
  type: optional(picklist(['text', 'json_object', 'json_schema'])),
  json_schema: nullish(
    looseObject({ name: string(), description: nullish(string()), schema: looseObject({}), strict: optional(boolean()) }),
  ),
})

/** Expected output, to speed up edits: `{ type: 'content', content }`. */
export const PredictionSchema = looseObject({ type: optional(literal('content')), content: optional(string()) })

/** Sampling temperature, 0 to 1.5. */
export const TemperatureSchema = nullish(pipe(number(), minValue(0), maxValue(1.5)))
/** Nucleus sampling mass, above 0 and at most 1. */
export const TopPSchema = nullish(pipe(number(), gtValue(0), maxValue(1)))
/** A token count (`max_tokens`, `min_tokens`): an integer of at least 0. */
export const TokenCountSchema = nullish(pipe(number(), integer(), minValue(0)))
/** A stop string or strings. */
export const StopSchema = nullish(union([string(), array(string())]))
/** `presence_penalty` and `frequency_penalty`: -2 to 2. */
export const PenaltySchema = nullish(pipe(number(), minValue(-2), maxValue(2)))
/** Free-form request metadata. */
export const MetadataSchema = nullish(looseObject({}))
/** `reasoning_effort`: how long a hybrid model thinks. */
export const ReasoningEffortSchema = nullish(picklist(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']))
/** `n`: how many completions to generate, at least 1. */
export const CompletionCountSchema = nullish(pipe(number(), integer(), minValue(1)))
/** `prompt_mode`: `'reasoning'` uses the reasoning system prompt. */
export const PromptModeSchema = nullish(literal('reasoning'))
/** `service_tier`: priority or standard capacity. */
export const ServiceTierSchema = nullish(picklist(['auto', 'standard_only']))
/** Guardrails applied to the completion. */
export const GuardrailsSchema = nullish(
  array(
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
  messages: array(MessageSchema),
  max_tokens: TokenCountSchema,
  stream: optional(boolean()),
  stop: StopSchema,
  random_seed: TokenCountSchema,
  metadata: MetadataSchema,
  response_format: optional(ResponseFormatSchema),
  tools: nullish(array(ToolSchema)),
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
// Responses (lenient)
// ---------------------------------------------------------------------------------------------------------------

/** Token usage; the wire adds fields such as `prompt_tokens_details` and `service_tier`, which are kept. */
export const UsageInfoSchema = looseObject({
  prompt_tokens: number(),
  completion_tokens: number(),
  total_tokens: number(),
  prompt_audio_seconds: nullish(number()),
  prompt_tokens_details: nullish(looseObject({ cached_tokens: nullish(number()) })),
  service_tier: nullish(string()),
})

/**
 * A content part as the API returns it: `text`, or `thinking` with inner text parts (`closed` once the thought is
 * complete). One lenient object rather than a strict union, so a new part type never breaks a response.
 */
export const ContentPartSchema = looseObject({
  type: string(),
  text: nullish(string()),
  thinking: nullish(array(looseObject({ type: string(), text: nullish(string()) }))),
  closed: nullish(boolean()),
})

/** Returned content: a string or an array of parts. */
export const CompletionContentSchema = nullish(union([string(), array(ContentPartSchema)]))

/**
 * A returned tool call: whole (`id`, `function.name`, JSON-string `arguments`) or, in some streams, a fragment keyed
 * by `index` (later fragments have `name: ''` and a piece of `arguments`).
 */
export const ToolCallOutSchema = looseObject({
  id: nullish(string()),
  type: nullish(string()),
  function: looseObject({ name: nullish(string()), arguments: nullish(union([string(), looseObject({})])) }),
  index: nullish(number()),
})

/** The `delta` of a streamed choice. */
export const DeltaMessageSchema = looseObject({
  role: nullish(string()),
  content: CompletionContentSchema,
  tool_calls: nullish(array(ToolCallOutSchema)),
  tool_call_id: nullish(string()),
})

/** One streamed choice; `finish_reason` is any string (the wire has sent `error`) or null until the last chunk. */
export const CompletionResponseStreamChoiceSchema = looseObject({
  index: number(),
  delta: DeltaMessageSchema,
  finish_reason: nullish(string()),
})

/**
 * One server-sent chunk of a streamed completion (chat, FIM, agents). The last one carries `finish_reason` and
 * `usage`; chunks after the first carry a padding field `p`, which is kept like any unknown field.
 */
export const CompletionChunkSchema = looseObject({
  id: string(),
  object: nullish(string()),
  created: nullish(number()),
  model: nullish(string()),
  usage: nullish(UsageInfoSchema),
  choices: array(CompletionResponseStreamChoiceSchema),
})

/** The assistant's message in a completion. */
export const AssistantMessageOutSchema = looseObject({
  role: nullish(string()),
  content: CompletionContentSchema,
  tool_calls: nullish(array(ToolCallOutSchema)),
  prefix: nullish(boolean()),
})

/** One choice of a completion. */
export const ChatCompletionChoiceSchema = looseObject({
  index: number(),
  message: AssistantMessageOutSchema,
  finish_reason: nullish(string()),
})

/** A whole completion (chat, FIM, agents), as returned without streaming or built by `accumulateChunks`. */
export const ChatCompletionResponseSchema = looseObject({
  id: string(),
  object: nullish(string()),
  created: nullish(number()),
  model: nullish(string()),
  usage: nullish(UsageInfoSchema),
  choices: array(ChatCompletionChoiceSchema),
})

/** A chat message (system, user, assistant or tool). */
export type Message = InferInput<typeof MessageSchema>
/** A content part of a message. */
export type ContentChunk = InferInput<typeof ContentChunkSchema>
/** A tool definition. */
export type Tool = InferInput<typeof ToolSchema>
/** A tool call sent back in an assistant message. */
export type ToolCall = InferInput<typeof ToolCallSchema>
/** Request of `chatComplete` and `chatStream`. */
export type ChatCompletionRequest = InferInput<typeof ChatCompletionRequestSchema>
/** Token usage. */
export type UsageInfo = InferOutput<typeof UsageInfoSchema>
/** A returned content part. */
export type ContentPart = InferOutput<typeof ContentPartSchema>
/** A returned tool call, whole or a fragment. */
export type ToolCallOut = InferOutput<typeof ToolCallOutSchema>
/** The `delta` of a streamed choice. */
export type DeltaMessage = InferOutput<typeof DeltaMessageSchema>
/** One chunk of a streamed completion. */
export type CompletionChunk = InferOutput<typeof CompletionChunkSchema>
/** A whole completion. */
export type ChatCompletionResponse = InferOutput<typeof ChatCompletionResponseSchema>
