import { type BaseIssue, type GenericSchema, safeParse } from 'valibot'
import { AgentsCompletionRequestSchema } from './agents/schemas.js'
import {
  AudioTranscriptionRequestSchema,
  SpeechRequestSchema,
  SpeechResponseSchema,
  TranscriptionResponseSchema,
  TranscriptionStreamEventSchema,
} from './audio/schemas.js'
import {
  BatchJobIdRequestSchema,
  BatchJobInSchema,
  BatchJobOutSchema,
  BatchJobsGetRequestSchema,
  BatchJobsListRequestSchema,
  BatchJobsOutSchema,
  DeleteBatchJobOutSchema,
} from './batch/schemas.js'
import {
  AgentAliasListSchema,
  AgentAliasResponseSchema,
  AgentCreationRequestSchema,
  AgentIdRequestSchema,
  AgentListSchema,
  AgentSchema,
  AgentsCreateVersionAliasRequestSchema,
  AgentsDeleteVersionAliasRequestSchema,
  AgentsGetRequestSchema,
  AgentsGetVersionRequestSchema,
  AgentsListRequestSchema,
  AgentsListVersionsRequestSchema,
  AgentsUpdateVersionRequestSchema,
  AgentUpdateRequestSchema,
  NoContentSchema,
} from './beta-agents/schemas.js'
import { ChatCompletionRequestSchema, ChatCompletionResponseSchema, CompletionChunkSchema } from './chat/schemas.js'
import {
  ChatClassificationRequestSchema,
  ChatModerationRequestSchema,
  ClassificationRequestSchema,
  ClassificationResponseSchema,
  ModerationResponseSchema,
} from './classifiers/schemas.js'
import {
  ConversationAppendRequestSchema,
  ConversationEventSchema,
  ConversationHistorySchema,
  ConversationIdRequestSchema,
  ConversationListSchema,
  ConversationMessagesSchema,
  ConversationRequestSchema,
  ConversationResponseSchema,
  ConversationRestartRequestSchema,
  ConversationSchema,
  ConversationsListRequestSchema,
} from './conversations/schemas.js'
import type { Client, Validator } from './core/client.js'
import { EmbeddingRequestSchema, EmbeddingResponseSchema } from './embeddings/schemas.js'
import { InvalidRequestError } from './errors/invalid-request-error.js'
import { ResponseValidationError } from './errors/response-validation-error.js'
import {
  DeleteFileOutSchema,
  FileIdRequestSchema,
  FileSignedURLSchema,
  FilesGetSignedUrlRequestSchema,
  FilesListRequestSchema,
  FilesUploadRequestSchema,
  ListFilesOutSchema,
  RetrieveFileOutSchema,
  UploadFileOutSchema,
} from './files/schemas.js'
import { FIMCompletionRequestSchema } from './fim/schemas.js'
import {
  DetailedJobOutSchema,
  FineTuningJobsCreateRequestSchema,
  FineTuningJobsCreateResponseSchema,
  FineTuningJobsListRequestSchema,
  JobIdRequestSchema,
  JobsOutSchema,
} from './fine-tuning/schemas.js'
import {
  ArchiveModelOutSchema,
  DeleteModelOutSchema,
  FineTunedModelSchema,
  ModelCardSchema,
  ModelIdRequestSchema,
  ModelListSchema,
  ModelsListRequestSchema,
  ModelsUpdateRequestSchema,
} from './models/schemas.js'
import { OCRRequestSchema, OCRResponseSchema } from './ocr/schemas.js'

type Issue = BaseIssue<unknown>

/**
 * The schemas of each endpoint function, by name: its request, and its response (for a stream: each event).
 * Helpers (`fineTuningJobsIterate`, `batchJobsWait`, ...) are validated through the functions they call.
 */
const schemas: Record<string, [request: GenericSchema, response?: GenericSchema]> = {
  agentsComplete: [AgentsCompletionRequestSchema, ChatCompletionResponseSchema],
  agentsStream: [AgentsCompletionRequestSchema, CompletionChunkSchema],
  audioSpeechComplete: [SpeechRequestSchema, SpeechResponseSchema],
  audioTranscriptionsComplete: [AudioTranscriptionRequestSchema, TranscriptionResponseSchema],
  audioTranscriptionsStream: [AudioTranscriptionRequestSchema, TranscriptionStreamEventSchema],
  batchJobsCancel: [BatchJobIdRequestSchema, BatchJobOutSchema],
  batchJobsCreate: [BatchJobInSchema, BatchJobOutSchema],
  batchJobsDelete: [BatchJobIdRequestSchema, DeleteBatchJobOutSchema],
  batchJobsGet: [BatchJobsGetRequestSchema, BatchJobOutSchema],
  batchJobsList: [BatchJobsListRequestSchema, BatchJobsOutSchema],
  betaAgentsCreate: [AgentCreationRequestSchema, AgentSchema],
  betaAgentsCreateVersionAlias: [AgentsCreateVersionAliasRequestSchema, AgentAliasResponseSchema],
  betaAgentsDelete: [AgentIdRequestSchema, NoContentSchema],
  betaAgentsDeleteVersionAlias: [AgentsDeleteVersionAliasRequestSchema, NoContentSchema],
  betaAgentsGet: [AgentsGetRequestSchema, AgentSchema],
  betaAgentsGetVersion: [AgentsGetVersionRequestSchema, AgentSchema],
  betaAgentsList: [AgentsListRequestSchema, AgentListSchema],
  betaAgentsListVersionAliases: [AgentIdRequestSchema, AgentAliasListSchema],
  betaAgentsListVersions: [AgentsListVersionsRequestSchema, AgentListSchema],
  betaAgentsUpdate: [AgentUpdateRequestSchema, AgentSchema],
  betaAgentsUpdateVersion: [AgentsUpdateVersionRequestSchema, AgentSchema],
  betaConversationsAppend: [ConversationAppendRequestSchema, ConversationResponseSchema],
  betaConversationsAppendStream: [ConversationAppendRequestSchema, ConversationEventSchema],
  betaConversationsDelete: [ConversationIdRequestSchema, NoContentSchema],
  betaConversationsGet: [ConversationIdRequestSchema, ConversationSchema],
  betaConversationsGetHistory: [ConversationIdRequestSchema, ConversationHistorySchema],
  betaConversationsGetMessages: [ConversationIdRequestSchema, ConversationMessagesSchema],
  betaConversationsList: [ConversationsListRequestSchema, ConversationListSchema],
  betaConversationsRestart: [ConversationRestartRequestSchema, ConversationResponseSchema],
  betaConversationsRestartStream: [ConversationRestartRequestSchema, ConversationEventSchema],
  betaConversationsStart: [ConversationRequestSchema, ConversationResponseSchema],
  betaConversationsStartStream: [ConversationRequestSchema, ConversationEventSchema],
  chatComplete: [ChatCompletionRequestSchema, ChatCompletionResponseSchema],
  chatStream: [ChatCompletionRequestSchema, CompletionChunkSchema],
  classifiersClassify: [ClassificationRequestSchema, ClassificationResponseSchema],
  classifiersClassifyChat: [ChatClassificationRequestSchema, ClassificationResponseSchema],
  classifiersModerate: [ClassificationRequestSchema, ModerationResponseSchema],
  classifiersModerateChat: [ChatModerationRequestSchema, ModerationResponseSchema],
  embeddingsCreate: [EmbeddingRequestSchema, EmbeddingResponseSchema],
  filesDelete: [FileIdRequestSchema, DeleteFileOutSchema],
  filesDownload: [FileIdRequestSchema],
  filesGetSignedUrl: [FilesGetSignedUrlRequestSchema, FileSignedURLSchema],
  filesList: [FilesListRequestSchema, ListFilesOutSchema],
  filesRetrieve: [FileIdRequestSchema, RetrieveFileOutSchema],
  filesUpload: [FilesUploadRequestSchema, UploadFileOutSchema],
  fimComplete: [FIMCompletionRequestSchema, ChatCompletionResponseSchema],
  fimStream: [FIMCompletionRequestSchema, CompletionChunkSchema],
  fineTuningJobsCancel: [JobIdRequestSchema, DetailedJobOutSchema],
  fineTuningJobsCreate: [FineTuningJobsCreateRequestSchema, FineTuningJobsCreateResponseSchema],
  fineTuningJobsGet: [JobIdRequestSchema, DetailedJobOutSchema],
  fineTuningJobsList: [FineTuningJobsListRequestSchema, JobsOutSchema],
  fineTuningJobsStart: [JobIdRequestSchema, DetailedJobOutSchema],
  modelsArchive: [ModelIdRequestSchema, ArchiveModelOutSchema],
  modelsDelete: [ModelIdRequestSchema, DeleteModelOutSchema],
  modelsList: [ModelsListRequestSchema, ModelListSchema],
  modelsRetrieve: [ModelIdRequestSchema, ModelCardSchema],
  modelsUnarchive: [ModelIdRequestSchema, ArchiveModelOutSchema],
  modelsUpdate: [ModelsUpdateRequestSchema, FineTunedModelSchema],
  ocrProcess: [OCRRequestSchema, OCRResponseSchema],
}

/** Options of {@link withValidation}. */
export interface ValidationOptions {
  /** Check each request before sending; a failure throws `InvalidRequestError` and nothing is sent. Default `true`. */
  request?: boolean | undefined
  /** Check each 2xx body and stream event; a failure throws `ResponseValidationError`. Default `true`. */
  response?: boolean | undefined
}

/** The path of an issue, from the root of the validated value: `messages.0.content.0.text`. */
const pathOf = (prefix: string, issue: Issue) =>
  [prefix, ...(issue.path ?? []).map((item) => String(item.key))].filter(Boolean).join('.')

/**
 * The issues to report, with their full paths: a failing union reports its deepest issues (the option that came
 * closest), not "expected string | array"; their paths are relative to the union, so the union's path is prefixed.
 */
function leaves(issue: Issue, prefix: string): [path: string, issue: Issue][] {
  const path = pathOf(prefix, issue)
  if (!issue.issues?.length) return [[path, issue]]
  const nested = issue.issues.flatMap((inner) => leaves(inner, path))
  const depth = Math.max(...nested.map(([inner]) => inner.split('.').length))
  return nested.filter(([inner]) => inner.split('.').length === depth)
}

/**
 * Describes valibot issues as `field.path: message; ...`, every failing field by its full path.
 *
 * @param issues - from valibot's `safeParse`.
 * @returns one line naming each failing field and why.
 * @example
 * ```ts
 * const result = safeParse(ChatCompletionRequestSchema, body)
 * if (!result.success) console.log(describeIssues(result.issues)) // "messages.0.content.0.text: Invalid type: ..."
 * ```
 */
export function describeIssues(issues: readonly Issue[]): string {
  const lines = new Set(
    issues.flatMap((issue) => leaves(issue, '')).map(([path, issue]) => `${path || '(root)'}: ${issue.message}`),
  )
  return [...lines].join('; ')
}

/**
 * Checks a value against a schema and throws this library's error naming every failing field. Never rewrites the
 * value: unknown fields pass and nothing is removed.
 *
 * @param schema - any valibot schema, e.g. one from `@mistral-edge/client/schemas`.
 * @param data - the value.
 * @param kind - `request` throws `InvalidRequestError`, `response` throws `ResponseValidationError` (with `data`).
 * @throws as said, when the value does not match.
 * @example
 * ```ts
 * assertValid(ChatCompletionRequestSchema, await request.json(), 'request')
 * ```
 */
export function assertValid(schema: GenericSchema, data: unknown, kind: 'request' | 'response'): void {
  const result = safeParse(schema, data)
  if (result.success) return
  const message = `Invalid ${kind}: ${describeIssues(result.issues)}`
  throw kind === 'request'
    ? new InvalidRequestError(message, result.issues)
    : new ResponseValidationError(message, result.issues, data)
}

/**
 * Returns a client that validates with the exported schemas: each request before it is sent (`InvalidRequestError`,
 * nothing sent) and each 2xx body and stream event (`ResponseValidationError`). The schemas are open: unknown fields
 * and unknown values of enum-like strings pass; only a known field of the wrong type, or a missing required one, fails.
 *
 * @param client - from `createClient`; it is not changed.
 * @param options - `request` and `response`, both default `true`.
 * @returns a frozen client like any other, with the same key, fetch and settings.
 * @example
 * ```ts
 * import { withValidation } from '@mistral-edge/client/validation'
 * const checked = withValidation(createClient({ apiKey }))
 * await chatComplete(checked, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 42 }] }) // InvalidRequestError
 * ```
 */
export function withValidation(client: Client, options: ValidationOptions = {}): Client {
  const { request = true, response = true } = options
  const validator: Validator = (name, kind, data) => {
    const schema = schemas[name]?.[kind === 'request' ? 0 : 1]
    if (schema && (kind === 'request' ? request : response)) assertValid(schema, data, kind)
  }
  // Copied by descriptors: the key stays non-enumerable.
  return Object.freeze(
    Object.defineProperties(
      {},
      { ...Object.getOwnPropertyDescriptors(client), validator: { value: validator, enumerable: true } },
    ),
  ) as Client
}
