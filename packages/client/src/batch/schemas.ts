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
import { IdSchema, openEnum, readonlyArray } from '../core/schemas.js'

// Current spec (`/v1/batch/jobs`) and the wire (`fixtures/wire/json/batch_job_*`). Requests check types and required
// fields only (the spec's ranges, `maxItems` and enums are the API's to judge); responses are `looseObject` + `nullish`
// wherever the wire has omitted or nulled a field (the 2025 list capture has no `outputs`).

/** `status` of a batch job (list filter, every job response): the seven known statuses or a newer one. */
export const BatchJobStatusSchema = openEnum([
  'QUEUED',
  'RUNNING',
  'SUCCESS',
  'FAILED',
  'TIMEOUT_EXCEEDED',
  'CANCELLATION_REQUESTED',
  'CANCELLED',
])

/** `endpoint` of a batch job: the API route every request of the batch goes to (spec `ApiEndpoint`), or a newer one. */
export const ApiEndpointSchema = openEnum([
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/fim/completions',
  '/v1/moderations',
  '/v1/chat/moderations',
  '/v1/ocr',
  '/v1/classifications',
  '/v1/chat/classifications',
  '/v1/conversations',
  '/v1/audio/transcriptions',
])

/**
 * One request of a batch: a line of a batch input `.jsonl` file, or an item of `requests` in `batchJobsCreate`.
 * `body` is the request the endpoint takes (the job's `model` applies when the body names none).
 *
 * @example
 * ```ts
 * const line: BatchRequest = { custom_id: '0', body: { messages: [{ role: 'user', content: 'What is 2 + 2?' }] } }
 * ```
 */
export const BatchRequestSchema = looseObject({ custom_id: nullish(string()), body: looseObject({}) })

/**
 * The body of `POST /v1/batch/jobs` (spec `CreateBatchJobRequest`): `endpoint`, and the requests either in uploaded
 * files (`input_files`, purpose `batch`) or inline (`requests`).
 *
 * @see https://docs.mistral.ai/api/#tag/batch/operation/jobs_api_routes_batch_create_batch_job
 */
export const BatchJobInSchema = looseObject({
  input_files: nullish(readonlyArray(string())),
  requests: nullish(readonlyArray(BatchRequestSchema)),
  endpoint: ApiEndpointSchema,
  model: nullish(string()),
  agent_id: nullish(string()),
  metadata: nullish(record(string(), string())),
  timeout_hours: optional(number()),
})

/**
 * `GET /v1/batch/jobs` query. `status` is sent as repeated keys; `metadata` (an object) as one JSON string;
 * `created_after` is an ISO 8601 date-time.
 */
export const BatchJobsListRequestSchema = looseObject({
  page: nullish(number()),
  page_size: nullish(number()),
  model: nullish(string()),
  agent_id: nullish(string()),
  metadata: nullish(union([string(), record(string(), unknown())])),
  created_after: nullish(string()),
  created_by_me: nullish(boolean()),
  status: nullish(union([BatchJobStatusSchema, readonlyArray(BatchJobStatusSchema)])),
  order_by: nullish(openEnum(['created', '-created'])),
})

/** `GET /v1/batch/jobs/{job_id}` request: the job, and `inline: true` to get the results in `outputs`. */
export const BatchJobsGetRequestSchema = looseObject({ job_id: IdSchema, inline: nullish(boolean()) })

/** A request naming one batch job by id (`batchJobsCancel`, `batchJobsDelete`, `batchJobsWait`). */
export const BatchJobIdRequestSchema = looseObject({ job_id: IdSchema })

/** An error of a batch job, with how many requests it hit (spec `BatchError`). */
export const BatchErrorSchema = looseObject({ message: string(), count: nullish(number()) })

/**
 * One result of a batch: a line of its `output_file` (or `error_file`), or an item of `outputs`. `response` holds the
 * endpoint's answer (`body` is e.g. a chat completion); `error` is set when the request could not be run.
 */
export const BatchResultSchema = looseObject({
  id: nullish(string()),
  custom_id: nullish(string()),
  response: nullish(looseObject({ status_code: nullish(number()), body: nullish(looseObject({})) })),
  error: nullish(looseObject({ message: nullish(string()), code: nullish(union([string(), number()])) })),
})

/**
 * A batch job (spec `BatchJob`), as every batch route returns it. `outputs` holds the results for a job created with
 * inline `requests` (or fetched with `inline: true`) once it is done; otherwise read `output_file` with `filesDownload`.
 */
export const BatchJobOutSchema = looseObject({
  id: string(),
  object: nullish(openEnum(['batch'])),
  input_files: array(string()),
  metadata: nullish(record(string(), unknown())),
  endpoint: ApiEndpointSchema,
  model: nullish(string()),
  agent_id: nullish(string()),
  output_file: nullish(string()),
  error_file: nullish(string()),
  errors: nullish(array(BatchErrorSchema)),
  outputs: nullish(array(BatchResultSchema)),
  status: BatchJobStatusSchema,
  created_at: number(),
  total_requests: number(),
  completed_requests: number(),
  succeeded_requests: number(),
  failed_requests: number(),
  started_at: nullish(number()),
  completed_at: nullish(number()),
})

/** `GET /v1/batch/jobs` response: one page and the `total` over all pages (spec `ListBatchJobsResponse`). */
export const BatchJobsOutSchema = looseObject({
  data: array(BatchJobOutSchema),
  object: nullish(openEnum(['list'])),
  total: number(),
})

/** `DELETE /v1/batch/jobs/{job_id}` response (spec `DeleteBatchJobResponse`). */
export const DeleteBatchJobOutSchema = looseObject({
  id: string(),
  object: nullish(openEnum(['batch'])),
  deleted: nullish(boolean()),
})

/** A batch job status (an open union). */
export type BatchJobStatus = InferOutput<typeof BatchJobStatusSchema>
/** An endpoint a batch can target (an open union). */
export type ApiEndpoint = InferOutput<typeof ApiEndpointSchema>
/** One request of a batch: a line of an input `.jsonl` file or an item of `requests`. */
export type BatchRequest = InferInput<typeof BatchRequestSchema>
/** Request of {@link batchJobsCreate}. */
export type BatchJobIn = InferInput<typeof BatchJobInSchema>
/** Query of {@link batchJobsList} and {@link batchJobsIterate}. */
export type BatchJobsListRequest = InferInput<typeof BatchJobsListRequestSchema>
/** Request of {@link batchJobsGet}. */
export type BatchJobsGetRequest = InferInput<typeof BatchJobsGetRequestSchema>
/** A request naming one batch job. */
export type BatchJobIdRequest = InferInput<typeof BatchJobIdRequestSchema>
/** An error of a batch job. */
export type BatchError = InferOutput<typeof BatchErrorSchema>
/** One result of a batch: an output or error file line, or an item of `outputs`. */
export type BatchResult = InferOutput<typeof BatchResultSchema>
/** A batch job. */
export type BatchJobOut = InferOutput<typeof BatchJobOutSchema>
/** A page of batch jobs. */
export type BatchJobsOut = InferOutput<typeof BatchJobsOutSchema>
/** Response of {@link batchJobsDelete}. */
export type DeleteBatchJobOut = InferOutput<typeof DeleteBatchJobOutSchema>
