import {
  array,
  boolean,
  type GenericSchema,
  type InferInput,
  type InferOutput,
  looseObject,
  nullish,
  number,
  objectWithRest,
  optional,
  record,
  string,
  union,
} from 'valibot'
import { MessageSchema } from '../chat/schemas.js'
import { readonlyArray } from '../core/schemas.js'

// Moderation and classification (shared/spec ClassificationRequest, ChatModerationRequest, ChatClassificationRequest,
// ModerationResponse, ClassificationResponse; responses shaped like shared/wire/json/moderation_* and the cookbook's
// classifier outputs). Requests check types and required fields only; responses are open: a category, target or label
// this library does not know passes, typed like the known ones.

/**
 * `POST /v1/moderations` and `POST /v1/classifications` request (ClassificationRequest in the current spec).
 *
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/moderations_v1_moderations_post
 */
export const ClassificationRequestSchema = looseObject({
  /** `mistral-moderation-latest` (moderation) or a fine-tuned `ft:classifier:...` model (classification). */
  model: string(),
  /** The text to moderate or classify: one string or several (one result each, in order). */
  input: union([string(), readonlyArray(string())]),
  /** Free-form metadata. */
  metadata: nullish(looseObject({})),
})

/** One conversation: the chat messages of a request (system, user, assistant with tool calls, tool). */
export const ChatConversationSchema = readonlyArray(MessageSchema)

/**
 * `POST /v1/chat/moderations` request (ChatModerationRequest): one conversation, or several (one result each).
 *
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/chat_moderations_v1_chat_moderations_post
 */
export const ChatModerationRequestSchema = looseObject({
  model: string(),
  /** A conversation (an array of messages) or an array of conversations. */
  input: union([ChatConversationSchema, readonlyArray(ChatConversationSchema)]),
})

/** `{ messages }`: one conversation to classify (InstructRequest in the spec). */
export const InstructRequestSchema = looseObject({ messages: ChatConversationSchema })

/**
 * `POST /v1/chat/classifications` request (ChatClassificationRequest): `{ messages }` or an array of them.
 *
 * @see https://docs.mistral.ai/api/#tag/classifiers/operation/chat_classifications_v1_chat_classifications_post
 */
export const ChatClassificationRequestSchema = looseObject({
  model: string(),
  input: union([InstructRequestSchema, readonlyArray(InstructRequestSchema)]),
})

/**
 * An object keyed by moderation category: the nine categories of `mistral-moderation-2411` and `-2603` are listed (for
 * autocompletion, optional in case a model drops one) and any other name passes with the same value type.
 */
/* @__NO_SIDE_EFFECTS__ */
function byCategory<const TValue extends GenericSchema>(value: TValue) {
  const known = optional(value)
  return objectWithRest(
    {
      sexual: known,
      hate_and_discrimination: known,
      violence_and_threats: known,
      dangerous_and_criminal_content: known,
      selfharm: known,
      health: known,
      financial: known,
      law: known,
      pii: known,
    },
    value,
  )
}

/** The moderation result of one input: `categories` (flagged or not) and `category_scores` (0..1), by category. */
export const ModerationObjectSchema = looseObject({
  categories: byCategory(boolean()),
  category_scores: byCategory(number()),
})

/**
 * `usage` of a moderation or classification (`request_count`, `prompt_audio_seconds: null`, ...); the 2411 answers
 * carried only the three token counts.
 */
export const ClassifierUsageSchema = looseObject({
  prompt_tokens: nullish(number()),
  completion_tokens: nullish(number()),
  total_tokens: nullish(number()),
  prompt_audio_seconds: nullish(number()),
  request_count: nullish(number()),
})

/**
 * `POST /v1/moderations` and `POST /v1/chat/moderations` response: one result per input text or conversation, in
 * order. There is no `flagged` field: a category is flagged when `categories[name]` is `true`.
 */
export const ModerationResponseSchema = looseObject({
  id: string(),
  model: string(),
  usage: nullish(ClassifierUsageSchema),
  results: array(ModerationObjectSchema),
})

/** One target of a classifier's result: `{ scores: { label: probability } }`. */
export const ClassificationTargetResultSchema = looseObject({ scores: record(string(), number()) })

/**
 * `POST /v1/classifications` and `POST /v1/chat/classifications` response: per input, an object keyed by target name
 * (a classifier may have several targets), each with its labels' scores.
 */
export const ClassificationResponseSchema = looseObject({
  id: string(),
  model: string(),
  usage: nullish(ClassifierUsageSchema),
  results: array(record(string(), ClassificationTargetResultSchema)),
})

/** Request of `classifiersModerate` and `classifiersClassify`. */
export type ClassificationRequest = InferInput<typeof ClassificationRequestSchema>
/** Request of `classifiersModerateChat`. */
export type ChatModerationRequest = InferInput<typeof ChatModerationRequestSchema>
/** One conversation to classify, `{ messages }`. */
export type InstructRequest = InferInput<typeof InstructRequestSchema>
/** Request of `classifiersClassifyChat`. */
export type ChatClassificationRequest = InferInput<typeof ChatClassificationRequestSchema>
/** The moderation result of one input. */
export type ModerationObject = InferOutput<typeof ModerationObjectSchema>
/** Usage of a moderation or classification. */
export type ClassifierUsage = InferOutput<typeof ClassifierUsageSchema>
/** Response of `classifiersModerate` and `classifiersModerateChat`. */
export type ModerationResponse = InferOutput<typeof ModerationResponseSchema>
/** One target's scores in a classification result. */
export type ClassificationTargetResult = InferOutput<typeof ClassificationTargetResultSchema>
/** Response of `classifiersClassify` and `classifiersClassifyChat`. */
export type ClassificationResponse = InferOutput<typeof ClassificationResponseSchema>
