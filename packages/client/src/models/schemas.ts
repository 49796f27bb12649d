import { array, boolean, looseObject, nullish, number, string, type InferInput, type InferOutput } from 'valibot'
import { IdSchema } from '../core/schemas.js'

/** What a model can do. Lenient: unknown capabilities are kept. */
export const ModelCapabilitiesSchema = looseObject({
  completion_chat: nullish(boolean()),
  completion_fim: nullish(boolean()),
  function_calling: nullish(boolean()),
  fine_tuning: nullish(boolean()),
  vision: nullish(boolean()),
  ocr: nullish(boolean()),
  classification: nullish(boolean()),
  moderation: nullish(boolean()),
  audio: nullish(boolean()),
  reasoning: nullish(boolean()),
})

/**
 * A model card: base (`type: 'base'`) or fine-tuned (`type: 'fine-tuned'`, with `job`, `root`, `archived`).
 * One lenient object rather than a strict union, so a new `type` never breaks a listing.
 */
export const ModelCardSchema = looseObject({
  id: string(),
  object: nullish(string()),
  created: nullish(number()),
  owned_by: nullish(string()),
  capabilities: ModelCapabilitiesSchema,
  name: nullish(string()),
  description: nullish(string()),
  max_context_length: nullish(number()),
  aliases: nullish(array(string())),
  deprecation: nullish(string()),
  deprecation_replacement_model: nullish(string()),
  default_model_temperature: nullish(number()),
  type: nullish(string()),
  job: nullish(string()),
  root: nullish(string()),
  archived: nullish(boolean()),
})

/** `GET /v1/models` response. */
export const ModelListSchema = looseObject({ object: nullish(string()), data: array(ModelCardSchema) })

/** `DELETE /v1/models/{model_id}` response. */
export const DeleteModelOutSchema = looseObject({ id: string(), object: nullish(string()), deleted: boolean() })

/** A fine-tuned model as returned by `PATCH /v1/fine_tuning/models/{model_id}`. */
export const FineTunedModelSchema = looseObject({
  id: string(),
  object: nullish(string()),
  created: nullish(number()),
  owned_by: nullish(string()),
  root: nullish(string()),
  archived: nullish(boolean()),
  name: nullish(string()),
  description: nullish(string()),
  capabilities: nullish(looseObject({})),
  max_context_length: nullish(number()),
  aliases: nullish(array(string())),
  job: nullish(string()),
  model_type: nullish(string()),
})

/** Archive and unarchive responses. */
export const ArchiveModelOutSchema = looseObject({ id: string(), object: nullish(string()), archived: boolean() })

/** Query of `GET /v1/models`. */
export const ModelsListRequestSchema = looseObject({ provider: nullish(string()), model: nullish(string()) })

/** A request naming one model by id. */
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
