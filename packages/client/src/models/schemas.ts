import {
  array,
  boolean,
  entriesFromList,
  type InferInput,
  type InferOutput,
  looseObject,
  nullish,
  number,
  string,
} from 'valibot'
import { IdSchema, openEnum } from '../core/schemas.js'

/** `capabilities` of a model card: what a model can do, each flag nullish; unknown capabilities are kept. */
export const ModelCapabilitiesSchema = looseObject(
  entriesFromList(
    [
      'completion_chat',
      'completion_fim',
      'function_calling',
      'fine_tuning',
      'vision',
      'ocr',
      'classification',
      'moderation',
      'audio',
      'audio_transcription',
      'audio_transcription_realtime',
      'audio_speech',
      'reasoning',
      'unified_resources',
    ],
    nullish(boolean()),
  ),
)

/** The fields every model object carries (`GET /v1/models[/{model_id}]`, `PATCH /v1/fine_tuning/models/{model_id}`). */
const ModelEntries = {
  id: string(),
  object: nullish(openEnum(['model'])),
  created: nullish(number()),
  owned_by: nullish(string()),
  capabilities: nullish(ModelCapabilitiesSchema),
  name: nullish(string()),
  description: nullish(string()),
  max_context_length: nullish(number()),
  aliases: nullish(array(string())),
  job: nullish(string()),
  root: nullish(string()),
  archived: nullish(boolean()),
}

/**
 * A model card of `GET /v1/models` and `GET /v1/models/{model_id}`: base (`type: 'base'`) or fine-tuned
 * (`type: 'fine-tuned'`, with `job`, `root`, `archived`). One lenient object rather than a union, so a new `type`
 * never breaks a listing; `capabilities` may be missing.
 */
export const ModelCardSchema = looseObject({
  ...ModelEntries,
  deprecation: nullish(string()),
  deprecation_replacement_model: nullish(string()),
  default_model_temperature: nullish(number()),
  type: nullish(openEnum(['base', 'fine-tuned'])),
})

/** `GET /v1/models` response. */
export const ModelListSchema = looseObject({ object: nullish(openEnum(['list'])), data: array(ModelCardSchema) })

/** `DELETE /v1/models/{model_id}` response. */
export const DeleteModelOutSchema = looseObject({
  id: string(),
  object: nullish(openEnum(['model'])),
  deleted: nullish(boolean()),
})

/** A fine-tuned model as returned by `PATCH /v1/fine_tuning/models/{model_id}`. */
export const FineTunedModelSchema = looseObject({
  ...ModelEntries,
  workspace_id: nullish(string()),
  root_version: nullish(string()),
  model_type: nullish(openEnum(['completion', 'classifier'])),
})

/** `POST` and `DELETE /v1/fine_tuning/models/{model_id}/archive` response. */
export const ArchiveModelOutSchema = looseObject({
  id: string(),
  object: nullish(openEnum(['model'])),
  archived: nullish(boolean()),
})

/** `GET /v1/models` query. */
export const ModelsListRequestSchema = looseObject({ provider: nullish(string()), model: nullish(string()) })

/** A request naming one model by id (`modelsRetrieve`, `modelsDelete`, `modelsArchive`, `modelsUnarchive`). */
export const ModelIdRequestSchema = looseObject({ model_id: IdSchema })

/** `PATCH /v1/fine_tuning/models/{model_id}` request. */
export const ModelsUpdateRequestSchema = looseObject({
  model_id: IdSchema,
  name: nullish(string()),
  description: nullish(string()),
})

/** A model card. */
export type ModelCard = InferOutput<typeof ModelCardSchema>
/** The list of models. */
export type ModelList = InferOutput<typeof ModelListSchema>
/** Result of deleting a model. */
export type DeleteModelOut = InferOutput<typeof DeleteModelOutSchema>
/** A fine-tuned model. */
export type FineTunedModel = InferOutput<typeof FineTunedModelSchema>
/** Result of archiving or unarchiving. */
export type ArchiveModelOut = InferOutput<typeof ArchiveModelOutSchema>
/** Query of {@link modelsList}. */
export type ModelsListRequest = InferInput<typeof ModelsListRequestSchema>
/** A request naming one model. */
export type ModelIdRequest = InferInput<typeof ModelIdRequestSchema>
/** Request of {@link modelsUpdate}. */
export type ModelsUpdateRequest = InferInput<typeof ModelsUpdateRequestSchema>
