import type { ModelCard } from './catalogue.js'
import { apiError, detailError, json, type Route, type RouteContext, readJson, validationError } from './http.js'

function find(context: RouteContext): ModelCard | undefined {
  const id = context.params.model_id as string
  for (const model of context.state.models.values()) if (model.id === id || model.aliases.includes(id)) return model
  return undefined
}

const notFound = (context: RouteContext) =>
  detailError(context.state, 404, `Model not found: ${context.params.model_id}`)

/** Fine-tuning routes act only on the workspace's own fine-tuned models. */
function fineTuned(context: RouteContext, action: (model: ModelCard) => Response | Promise<Response>) {
  const model = find(context)
  if (!model) return notFound(context)
  if (model.type !== 'fine-tuned')
    return apiError(context.state, 400, `Model ${model.id} is not a fine-tuned model`, 'invalid_request_error')
  return action(model)
}

/** The shape `PATCH /v1/fine_tuning/models/{id}` returns (CompletionFineTunedModel). */
function fineTunedModelOut(state: RouteContext['state'], model: ModelCard) {
  return {
    id: model.id,
    object: 'model',
    created: model.created,
    owned_by: model.owned_by,
    workspace_id: state.workspace,
    root: model.root,
    root_version: '',
    archived: model.archived ?? false,
    name: model.name,
    description: model.description,
    capabilities: {
      completion_chat: true,
      completion_fim: false,
      function_calling: false,
      fine_tuning: false,
      classification: false,
    },
    max_context_length: model.max_context_length,
    aliases: model.aliases,
    job: model.job,
    model_type: 'completion',
  }
}

/** The models routes. */
export const modelRoutes: Route[] = [
  [
    'GET',
    '/v1/models',
    ({ state, url }) => {
      const provider = url.searchParams.get('provider')
      const wanted = url.searchParams.get('model')
      const data = [...state.models.values()].filter(
        (model) =>
          (!provider || model.owned_by === provider) &&
          (!wanted || model.id === wanted || model.aliases.includes(wanted)),
      )
      return json(state, { object: 'list', data })
    },
  ],
  [
    'GET',
    '/v1/models/{model_id}',
    (context) => {
      const model = find(context)
      return model ? json(context.state, model) : notFound(context)
    },
  ],
  [
    'DELETE',
    '/v1/models/{model_id}',
    (context) =>
      fineTuned(context, (model) => {
        context.state.models.delete(model.id)
        return json(context.state, { id: model.id, object: 'model', deleted: true })
      }),
  ],
  [
    'PATCH',
    '/v1/fine_tuning/models/{model_id}',
    (context) =>
      fineTuned(context, async (model) => {
        const body = await readJson(context)
        if (body instanceof Response) return body
        for (const field of ['name', 'description'] as const) {
          const value = body[field]
          if (value !== undefined && value !== null && typeof value !== 'string') {
            return validationError(context.state, [
              { loc: ['body', field], msg: 'Input should be a valid string', type: 'string_type', input: value },
            ])
          }
          if (value !== undefined) model[field] = value
        }
        return json(context.state, fineTunedModelOut(context.state, model))
      }),
  ],
  [
    'POST',
    '/v1/fine_tuning/models/{model_id}/archive',
    (context) =>
      fineTuned(context, (model) => {
        model.archived = true
        return json(context.state, { id: model.id, object: 'model', archived: true })
      }),
  ],
  [
    'DELETE',
    '/v1/fine_tuning/models/{model_id}/archive',
    (context) =>
      fineTuned(context, (model) => {
        model.archived = false
        return json(context.state, { id: model.id, object: 'model', archived: false })
      }),
  ],
]
