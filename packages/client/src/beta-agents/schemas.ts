import {
  array,
  boolean,
  type InferInput,
  type InferOutput,
  looseObject,
  nullish,
  number,
  optional,
  record,
  string,
  union,
  unknown,
} from 'valibot'
import {
  GuardrailsSchema,
  MetadataSchema,
  PenaltySchema,
  PredictionSchema,
  ReasoningEffortSchema,
  ResponseFormatSchema,
  StopSchema,
  TemperatureSchema,
  TokenCountSchema,
  ToolSchema,
  TopPSchema,
} from '../chat/schemas.js'
import { IdSchema, openEnum, readonlyArray } from '../core/schemas.js'

// Current spec (`/v1/agents...`) and the docs' printed agents (`fixtures/wire/json/sdk_reserialized/docs_agent_*`).
// Requests check types and required fields only (ranges, `minItems`, the alias pattern are the API's to judge);
// responses are `looseObject` + `nullish` wherever the docs' copies omit or null a field (they have no `versions`,
// `deployment_chat` or `source`, which the spec calls required). Tools and completion args are one schema for both
// directions, shared with conversations, so an agent's `tools` and `completion_args` can be sent back as they are.

/**
 * One entry of an agent's or a conversation's `tools`, discriminated on `type`: `function`, `web_search`,
 * `web_search_premium`, `code_interpreter`, `image_generation`, `document_library` or `connector` (the chat tools); a
 * tool type this library does not know passes.
 */
export const AgentToolSchema = ToolSchema

/**
 * `completion_args` of an agent or a conversation (spec `CompletionArgs`): the completion settings it runs with.
 *
 * @example
 * ```ts
 * const completion_args: CompletionArgs = { temperature: 0.3, tool_choice: 'auto' }
 * ```
 */
export const CompletionArgsSchema = looseObject({
  stop: StopSchema,
  presence_penalty: PenaltySchema,
  frequency_penalty: PenaltySchema,
  temperature: TemperatureSchema,
  top_p: TopPSchema,
  max_tokens: TokenCountSchema,
  random_seed: TokenCountSchema,
  prediction: nullish(PredictionSchema),
  response_format: nullish(ResponseFormatSchema),
  tool_choice: nullish(openEnum(['auto', 'none', 'any', 'required'])),
  reasoning_effort: ReasoningEffortSchema,
})

/** The fields an agent is made of, shared by the create and update requests and the agent itself. */
const AgentEntries = {
  instructions: nullish(string()),
  tools: nullish(readonlyArray(AgentToolSchema)),
  completion_args: nullish(CompletionArgsSchema),
  guardrails: GuardrailsSchema,
  description: nullish(string()),
  /** Ids of the agents this one may hand the conversation to. */
  handoffs: nullish(readonlyArray(string())),
  metadata: MetadataSchema,
  version_message: nullish(string()),
}

/**
 * `POST /v1/agents` request (spec `CreateAgentRequest`): a `model` and a `name`, plus instructions, tools, completion
 * args, handoffs.
 *
 * @see https://docs.mistral.ai/api/#tag/beta.agents/operation/agents_api_v1_agents_create
 */
export const AgentCreationRequestSchema = looseObject({ ...AgentEntries, model: string(), name: string() })

/**
 * `PATCH /v1/agents/{agent_id}` request (spec `UpdateAgentRequest`): the agent, and the fields to change; each update
 * makes a new version.
 */
export const AgentUpdateRequestSchema = looseObject({
  ...AgentEntries,
  agent_id: IdSchema,
  model: nullish(string()),
  name: nullish(string()),
  deployment_chat: nullish(boolean()),
})

/** An agent (spec `Agent`), as every agent route returns it, at one of its versions. */
export const AgentSchema = looseObject({
  ...AgentEntries,
  model: string(),
  name: string(),
  object: nullish(openEnum(['agent'])),
  id: string(),
  version: number(),
  versions: nullish(array(number())),
  created_at: string(),
  updated_at: string(),
  deployment_chat: nullish(boolean()),
  source: nullish(string()),
})

/** `GET /v1/agents` and `GET /v1/agents/{agent_id}/versions` response: a bare array of agents. */
export const AgentListSchema = array(AgentSchema)

/** `sources` items of the agent list filter (spec `RequestSource`), or a newer value. */
export const RequestSourceSchema = openEnum(['api', 'playground', 'agent_builder_v1'])

/**
 * `GET /v1/agents` query. `sources` is sent as repeated keys; `metadata` (an object) as one JSON string.
 */
export const AgentsListRequestSchema = looseObject({
  page: nullish(number()),
  page_size: nullish(number()),
  deployment_chat: nullish(boolean()),
  sources: nullish(union([RequestSourceSchema, readonlyArray(RequestSourceSchema)])),
  name: nullish(string()),
  search: nullish(string()),
  id: nullish(string()),
  metadata: nullish(union([string(), record(string(), unknown())])),
})

/** A request naming one agent by id (`betaAgentsDelete`, `betaAgentsListVersionAliases`). */
export const AgentIdRequestSchema = looseObject({ agent_id: IdSchema })

/** `GET /v1/agents/{agent_id}` request: the agent, and `agent_version` (query), a version number or an alias. */
export const AgentsGetRequestSchema = looseObject({
  agent_id: IdSchema,
  agent_version: nullish(union([number(), string()])),
})

/** `PATCH /v1/agents/{agent_id}/version` request: the version the agent switches to (query). */
export const AgentsUpdateVersionRequestSchema = looseObject({ agent_id: IdSchema, version: number() })

/** `GET /v1/agents/{agent_id}/versions` request: the agent, and `page`, `page_size` (query). */
export const AgentsListVersionsRequestSchema = looseObject({
  agent_id: IdSchema,
  page: nullish(number()),
  page_size: nullish(number()),
})

/** `GET /v1/agents/{agent_id}/versions/{version}` request; `version` is a path segment, so a string (`'1'`). */
export const AgentsGetVersionRequestSchema = looseObject({ agent_id: IdSchema, version: IdSchema })

/** `PUT /v1/agents/{agent_id}/aliases` request: the alias (`^[a-z]([a-z0-9_-]*[a-z0-9])?$`) and its version, as query. */
export const AgentsCreateVersionAliasRequestSchema = looseObject({
  agent_id: IdSchema,
  alias: string(),
  version: number(),
})

/** `DELETE /v1/agents/{agent_id}/aliases` request: the alias to delete (query). */
export const AgentsDeleteVersionAliasRequestSchema = looseObject({ agent_id: IdSchema, alias: string() })

/** A version alias of an agent (spec `AgentAliasResponse`). */
export const AgentAliasResponseSchema = looseObject({
  alias: string(),
  version: number(),
  created_at: string(),
  updated_at: string(),
})

/** `GET /v1/agents/{agent_id}/aliases` response: a bare array of aliases. */
export const AgentAliasListSchema = array(AgentAliasResponseSchema)

/**
 * The answer of a route that answers `204 No Content` (deletes): no body. An object is tolerated, so a server that
 * answers with one still passes.
 */
export const NoContentSchema = optional(looseObject({}))

/** A tool of an agent or a conversation. */
export type AgentTool = InferInput<typeof AgentToolSchema>
/** `completion_args` of an agent or a conversation. */
export type CompletionArgs = InferInput<typeof CompletionArgsSchema>
/** Request of {@link betaAgentsCreate}. */
export type AgentCreationRequest = InferInput<typeof AgentCreationRequestSchema>
/** Request of {@link betaAgentsUpdate}. */
export type AgentUpdateRequest = InferInput<typeof AgentUpdateRequestSchema>
/** An agent. */
export type Agent = InferOutput<typeof AgentSchema>
/** A source of the agent list filter (an open union). */
export type RequestSource = InferInput<typeof RequestSourceSchema>
/** Query of {@link betaAgentsList}. */
export type AgentsListRequest = InferInput<typeof AgentsListRequestSchema>
/** A request naming one agent. */
export type AgentIdRequest = InferInput<typeof AgentIdRequestSchema>
/** Request of {@link betaAgentsGet}. */
export type AgentsGetRequest = InferInput<typeof AgentsGetRequestSchema>
/** Request of {@link betaAgentsUpdateVersion}. */
export type AgentsUpdateVersionRequest = InferInput<typeof AgentsUpdateVersionRequestSchema>
/** Request of {@link betaAgentsListVersions}. */
export type AgentsListVersionsRequest = InferInput<typeof AgentsListVersionsRequestSchema>
/** Request of {@link betaAgentsGetVersion}. */
export type AgentsGetVersionRequest = InferInput<typeof AgentsGetVersionRequestSchema>
/** Request of {@link betaAgentsCreateVersionAlias}. */
export type AgentsCreateVersionAliasRequest = InferInput<typeof AgentsCreateVersionAliasRequestSchema>
/** Request of {@link betaAgentsDeleteVersionAlias}. */
export type AgentsDeleteVersionAliasRequest = InferInput<typeof AgentsDeleteVersionAliasRequestSchema>
/** A version alias of an agent. */
export type AgentAliasResponse = InferOutput<typeof AgentAliasResponseSchema>
