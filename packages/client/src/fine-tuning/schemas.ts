import {
  array,
  boolean,
  custom,
  entriesFromList,
  type InferInput,
  type InferOutput,
  literal,
  looseObject,
  nullish,
  number,
  optional,
  string,
  union,
} from 'valibot'
import { IdSchema, openEnum, readonlyArray } from '../core/schemas.js'

// Legacy spec (`shared/spec/mistral-openapi-legacy.yaml`): the current API answers these endpoints 410. Requests
// check types and required fields only (the spec's ranges and enums are the API's to judge); responses are lenient.

/**
 * `status` of a fine-tuning job (`fineTuningJobsList` filter, every job response): the ten known statuses or a newer
 * one.
 */
export const JobStatusSchema = openEnum([
  'QUEUED',
  'STARTED',
  'VALIDATING',
  'VALIDATED',
  'RUNNING',
  'FAILED_VALIDATION',
  'FAILED',
  'SUCCESS',
  'CANCELLED',
  'CANCELLATION_REQUESTED',
])

/** `job_type` of a job (request and responses): `'completion' | 'classifier'`, or any other (the wire has `FT`). */
export const JobTypeSchema = openEnum(['completion', 'classifier'])

/** One training file of `POST /v1/fine_tuning/jobs` and its sampling weight (the API wants > 0, default 1). */
export const TrainingFileSchema = looseObject({ file_id: IdSchema, weight: optional(number()) })

/** The hyperparameters a job takes and reports, all optional numbers; `fim_ratio` is for completion jobs. */
const HyperparameterEntries = entriesFromList(
  ['training_steps', 'weight_decay', 'warmup_fraction', 'epochs', 'seq_len', 'fim_ratio'],
  nullish(number()),
)

/** `hyperparameters` of `POST /v1/fine_tuning/jobs` (completion and classifier jobs share them). */
export const TrainingParametersInSchema = looseObject({ ...HyperparameterEntries, learning_rate: optional(number()) })

/** The fields of a Weights & Biases integration, as sent and as a job reports it. */
const WandbIntegrationEntries = {
  type: nullish(openEnum(['wandb'])),
  name: nullish(string()),
  run_name: nullish(string()),
}

/** A Weights & Biases integration of `POST /v1/fine_tuning/jobs`; `api_key` is the W&B key. */
export const WandbIntegrationSchema = looseObject({ ...WandbIntegrationEntries, project: string(), api_key: string() })

/** The fields of a GitHub repository to train on, as sent and as a job reports it. */
const GithubRepositoryEntries = {
  type: nullish(openEnum(['github'])),
  name: string(),
  owner: string(),
  ref: nullish(string()),
  weight: nullish(number()),
}

/** A GitHub repository to train on (`repositories` of `POST /v1/fine_tuning/jobs`). */
export const GithubRepositoryInSchema = looseObject({ ...GithubRepositoryEntries, token: string() })

/** A target of a classifier job (`classifier_targets` of `POST /v1/fine_tuning/jobs`). */
export const ClassifierTargetInSchema = looseObject({
  name: string(),
  labels: readonlyArray(string()),
  weight: optional(number()),
  loss_function: nullish(openEnum(['single_class', 'multi_class'])),
})

/**
 * The body of `POST /v1/fine_tuning/jobs` (legacy spec `JobIn`). Unknown fields are kept and sent as given.
 *
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_create_fine_tuning_job
 */
export const JobInSchema = looseObject({
  model: string(),
  training_files: optional(readonlyArray(TrainingFileSchema)),
  validation_files: nullish(readonlyArray(string())),
  hyperparameters: TrainingParametersInSchema,
  suffix: nullish(string()),
  integrations: nullish(readonlyArray(WandbIntegrationSchema)),
  auto_start: optional(boolean()),
  invalid_sample_skip_percentage: optional(number()),
  job_type: nullish(JobTypeSchema),
  repositories: nullish(readonlyArray(GithubRepositoryInSchema)),
  classifier_targets: nullish(readonlyArray(ClassifierTargetInSchema)),
})

/** `POST /v1/fine_tuning/jobs` request: the `dry_run` query plus the {@link JobInSchema} body. */
export const FineTuningJobsCreateRequestSchema = looseObject({ dry_run: nullish(boolean()), ...JobInSchema.entries })

/** `GET /v1/fine_tuning/jobs` query. */
export const FineTuningJobsListRequestSchema = looseObject({
  page: nullish(number()),
  page_size: nullish(number()),
  model: nullish(string()),
  created_after: nullish(string()),
  created_before: nullish(string()),
  created_by_me: nullish(boolean()),
  status: nullish(JobStatusSchema),
  wandb_project: nullish(string()),
  wandb_name: nullish(string()),
  suffix: nullish(string()),
})

/** A request naming one job by id (`fineTuningJobsGet`, `...Cancel`, `...Start`, `...Wait`). */
export const JobIdRequestSchema = looseObject({ job_id: IdSchema })

/** `hyperparameters` as a job reports them. */
export const TrainingParametersSchema = looseObject({ ...HyperparameterEntries, learning_rate: nullish(number()) })

/** The estimates of a job, in `metadata` of a job and at the top of the dry-run answer. */
const JobMetadataEntries = {
  ...entriesFromList(
    [
      'expected_duration_seconds',
      'cost',
      'train_tokens_per_step',
      'train_tokens',
      'data_tokens',
      'estimated_start_time',
    ],
    nullish(number()),
  ),
  cost_currency: nullish(string()),
}

/** `metadata` of a job: cost and size estimates. */
export const JobMetadataOutSchema = looseObject(JobMetadataEntries)

/** An integration as a job reports it (the API key is never echoed; `type` may be missing). */
export const WandbIntegrationOutSchema = looseObject({
  ...WandbIntegrationEntries,
  project: nullish(string()),
  url: nullish(string()),
})

/** A repository as a job reports it. */
export const GithubRepositoryOutSchema = looseObject({ ...GithubRepositoryEntries, commit_id: nullish(string()) })

/**
 * `object` of a job: `'job'` (legacy spec) or `'fine_tuning.job'` (seen since). Any string but `'job.metadata'` passes
 * at runtime; the type lists the known values only, so `object === 'job.metadata'` tells the create answers apart.
 */
const JobObjectSchema = custom<'job' | 'fine_tuning.job'>(
  (input) => typeof input === 'string' && input !== 'job.metadata',
  'must be a string other than "job.metadata"',
)

/** The fields of a job, shared by the job of a page and the detailed job. */
const JobEntries = {
  id: string(),
  object: nullish(JobObjectSchema),
  auto_start: nullish(boolean()),
  model: string(),
  status: JobStatusSchema,
  job_type: nullish(JobTypeSchema),
  created_at: number(),
  modified_at: nullish(number()),
  training_files: array(string()),
  validation_files: nullish(array(string())),
  hyperparameters: TrainingParametersSchema,
  fine_tuned_model: nullish(string()),
  suffix: nullish(string()),
  integrations: nullish(array(WandbIntegrationOutSchema)),
  trained_tokens: nullish(number()),
  repositories: nullish(array(GithubRepositoryOutSchema)),
  metadata: nullish(JobMetadataOutSchema),
  classifier_targets: nullish(array(looseObject({}))),
}

/**
 * A fine-tuning job (`POST /v1/fine_tuning/jobs`, items of `GET /v1/fine_tuning/jobs`). `status` and `job_type` are
 * open (the wire has shown `job_type: 'FT'` where the spec says `completion`).
 */
export const JobOutSchema = looseObject(JobEntries)

/** A status change or other event of a job. */
export const EventOutSchema = looseObject({
  name: string(),
  data: nullish(looseObject({})),
  created_at: number(),
})

/** Metrics at a checkpoint (loss should fall, accuracy rise). */
export const MetricOutSchema = looseObject({
  train_loss: nullish(number()),
  valid_loss: nullish(number()),
  valid_mean_token_accuracy: nullish(number()),
})

/** A checkpoint of a running job. */
export const CheckpointOutSchema = looseObject({
  metrics: MetricOutSchema,
  step_number: number(),
  created_at: number(),
})

/** A job with its `events` and `checkpoints` (`GET /v1/fine_tuning/jobs/{job_id}`, cancel and start responses). */
export const DetailedJobOutSchema = looseObject({
  ...JobEntries,
  events: nullish(array(EventOutSchema)),
  checkpoints: nullish(array(CheckpointOutSchema)),
})

/** `GET /v1/fine_tuning/jobs` response: one page and the `total` over all pages. */
export const JobsOutSchema = looseObject({
  data: array(JobOutSchema),
  object: nullish(openEnum(['list'])),
  total: number(),
})

/** The `dry_run` answer of `POST /v1/fine_tuning/jobs`: estimates, no job (`object: 'job.metadata'`). */
export const LegacyJobMetadataOutSchema = looseObject({
  object: literal('job.metadata'),
  ...JobMetadataEntries,
  deprecated: nullish(boolean()),
  details: nullish(string()),
  epochs: nullish(number()),
  training_steps: nullish(number()),
})

/** `POST /v1/fine_tuning/jobs` response: the dry-run metadata or the job, told apart on `object`. */
export const FineTuningJobsCreateResponseSchema = union([LegacyJobMetadataOutSchema, JobOutSchema])

/** A job status (an open union). */
export type JobStatus = InferOutput<typeof JobStatusSchema>
/** A training file reference. */
export type TrainingFile = InferInput<typeof TrainingFileSchema>
/** Hyperparameters of a new job. */
export type TrainingParametersIn = InferInput<typeof TrainingParametersInSchema>
/** Body of a new job. */
export type JobIn = InferInput<typeof JobInSchema>
/** Request of {@link fineTuningJobsCreate}. */
export type FineTuningJobsCreateRequest = InferInput<typeof FineTuningJobsCreateRequestSchema>
/** Query of {@link fineTuningJobsList}. */
export type FineTuningJobsListRequest = InferInput<typeof FineTuningJobsListRequestSchema>
/** A request naming one job. */
export type JobIdRequest = InferInput<typeof JobIdRequestSchema>
/** A fine-tuning job. */
export type JobOut = InferOutput<typeof JobOutSchema>
/** A job event. */
export type EventOut = InferOutput<typeof EventOutSchema>
/** A job checkpoint. */
export type CheckpointOut = InferOutput<typeof CheckpointOutSchema>
/** A job with events and checkpoints. */
export type DetailedJobOut = InferOutput<typeof DetailedJobOutSchema>
/** A page of jobs. */
export type JobsOut = InferOutput<typeof JobsOutSchema>
/** The dry-run estimates. */
export type LegacyJobMetadataOut = InferOutput<typeof LegacyJobMetadataOutSchema>
/** Response of {@link fineTuningJobsCreate}: check `object === 'job.metadata'` to tell them apart. */
export type FineTuningJobsCreateResponse = InferOutput<typeof FineTuningJobsCreateResponseSchema>
