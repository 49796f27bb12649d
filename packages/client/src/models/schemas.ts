import * as v from 'valibot'
import { IdSchema, nullishString } from '../core/schemas.js'

/** What a model can do. Lenient: unknown capabilities are kept. */
export const ModelCapabilitiesSchema = v.looseObject({
  completion_chat: v.nullish(v.boolean()),
  completion_fim: v.nullish(v.boolean()),
  function_calling: v.nullish(v.boolean()),
  fine_tuning: v.nullish(v.boolean()),
  vision: v.nullish(v.boolean()),
  ocr: v.nullish(v.boolean()),
  classification: v.nullish(v.boolean()),
  moderation: v.nullish(v.boolean()),
  audio: v.nullish(v.boolean()),
  reasoning: v.nullish(v.boolean()),
})

/**
 * A model card: base (`type: 'base'`) or fine-tuned (`type: 'fine-tuned'`, with `job`, `root`, `archived`).
 * One lenient object rather than a strict union, so a new `type` never breaks a listing.
 */
export const ModelCardSchema = v.looseObject({
  id: v.string(),
  object: nullishString(),
  created: v.nullish(v.number()),
  owned_by: nullishString(),
  capabilities: ModelCapabilitiesSchema,
  name: nullishString(),
  description: nullishString(),
  max_context_length: v.nullish(v.number()),
  aliases: v.nullish(v.array(v.string())),
  deprecation: nullishString(),
  deprecation_replacement_model: nullishString(),
  default_model_temperature: v.nullish(v.number()),
  type: nullishString(),
  job: nullishString(),
  root: nullishString(),
  archived: v.nullish(v.boolean()),
})

/** `GET /v1/models` response. */
export const ModelListSchema = v.looseObject({ object: nullishString(), data: v.array(ModelCardSchema) })

/** `DELETE /v1/models/{model_id}` response. */
export const DeleteModelOutSchema = v.looseObject({ id: v.string(), object: nullishString(), deleted: v.boolean() })

/** A fine-tuned model as returned by `PATCH /v1/fine_tuning/models/{model_id}`. */
export const FineTunedModelSchema = v.looseObject({
  id: v.string(),
  object: nullishString(),
  created: v.nullish(v.number()),
  owned_by: nullishString(),
  root: nullishString(),
  archived: v.nullish(v.boolean()),
  name: nullishString(),
  description: nullishString(),
  capabilities: v.nullish(v.looseObject({})),
  max_context_length: v.nullish(v.number()),
  aliases: v.nullish(v.array(v.string())),
  job: nullishString(),
  model_type: nullishString(),
})

/** Archive and unarchive responses. */
export const ArchiveModelOutSchema = v.looseObject({ id: v.string(), object: nullishString(), archived: v.boolean() })

/** Query of `GET /v1/models`. */
export const ModelsListRequestSchema = v.object({ provider: v.nullish(v.string()), model: v.nullish(v.string()) })

/** A request naming one model by id. */
export const ModelIdRequestSchema = v.looseObject({ model_id: IdSchema })

/** `PATCH /v1/fine_tuning/models/{model_id}` request. */
export const ModelsUpdateRequestSchema = v.looseObject({
  model_id: IdSchema,
  name: v.nullish(v.string()),
  description: v.nullish(v.string()),
})

/** A model card. */
export type ModelCard = v.InferOutput<typeof ModelCardSchema>
/** The list of models. */
export type ModelList = v.InferOutput<typeof ModelListSchema>
/** Result of deleting a model. */
export type DeleteModelOut = v.InferOutput<typeof DeleteModelOutSchema>
/** A fine-tuned model. */
export type FineTunedModel = v.InferOutput<typeof FineTunedModelSchema>
/** Result of archiving or unarchiving. */
export type ArchiveModelOut = v.InferOutput<typeof ArchiveModelOutSchema>
/** Query of {@link modelsList}. */
export type ModelsListRequest = v.InferInput<typeof ModelsListRequestSchema>
/** A request naming one model. */
export type ModelIdRequest = v.InferInput<typeof ModelIdRequestSchema>
/** Request of {@link modelsUpdate}. */
export type ModelsUpdateRequest = v.InferInput<typeof ModelsUpdateRequestSchema>
