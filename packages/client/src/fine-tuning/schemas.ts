import {
  array,
  boolean,
  gtValue,
  integer,
  intersect,
  length,
  literal,
  looseObject,
  maxLength,
  maxValue,
  minValue,
  nullish,
  number,
  optional,
  picklist,
  pipe,
  record,
  string,
  union,
  unknown,
  type InferInput,
  type InferOutput,
} from 'valibot'
import { IdSchema } from '../core/schemas.js'

/** Every status a fine-tuning job can report (request filter; responses accept any string). */
export const JobStatusSchema = picklist([
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

/** One training file and its sampling weight (> 0, default 1). */
export const TrainingFileSchema = looseObject({
  file_id: IdSchema,
  weight: optional(pipe(number(), gtValue(0))),
})

/**
 * Hyperparameters of a job (completion and classifier jobs share them; `fim_ratio` is for completion jobs),
 * with the spec's ranges.
 */
export const TrainingParametersInSchema = looseObject({
  training_steps: nullish(pipe(number(), integer(), minValue(1))),
  learning_rate: optional(pipe(number(), minValue(1e-8), maxValue(1))),
  weight_decay: nullish(pipe(number(), minValue(0), maxValue(1))),
  warmup_fraction: nullish(pipe(number(), minValue(0), maxValue(1))),
  epochs: nullish(pipe(number(), gtValue(0))),
  seq_len: nullish(pipe(number(), integer(), minValue(100))),
  fim_ratio: nullish(pipe(number(), minValue(0), maxValue(1))),
})

/** A Weights & Biases integration; `api_key` is the 40-character W&B key. */
export const WandbIntegrationSchema = looseObject({
  type: optional(literal('wandb')),
  project: string(),
  name: nullish(string()),
  api_key: pipe(string(), length(40)),
  run_name: nullish(string()),
})

/** A GitHub repository to train on. */
export const GithubRepositoryInSchema = looseObject({
  type: optional(literal('github')),
  name: string(),
  owner: string(),
  ref: nullish(string()),
  weight: optional(pipe(number(), gtValue(0))),
  token: string(),
})

/** A target of a classifier job. */
export const ClassifierTargetInSchema = looseObject({
  name: string(),
  labels: array(string()),
  weight: optional(pipe(number(), minValue(0))),
  loss_function: nullish(picklist(['single_class', 'multi_class'])),
})

/**
 * The body of `POST /v1/fine_tuning/jobs` (legacy spec `JobIn`). Unknown fields are kept and sent as given.
 *
 * @see https://docs.mistral.ai/api/#tag/fine-tuning/operation/jobs_api_routes_fine_tuning_create_fine_tuning_job
 */
export const JobInSchema = looseObject({
  model: string(),
  training_files: optional(array(TrainingFileSchema)),
  validation_files: nullish(array(string())),
  hyperparameters: TrainingParametersInSchema,
  suffix: nullish(pipe(string(), maxLength(18))),
  integrations: nullish(array(WandbIntegrationSchema)),
  auto_start: optional(boolean()),
  invalid_sample_skip_percentage: optional(pipe(number(), minValue(0), maxValue(0.5))),
  job_type: nullish(picklist(['completion', 'classifier'])),
  repositories: nullish(array(GithubRepositoryInSchema)),
  classifier_targets: nullish(array(ClassifierTargetInSchema)),
})

/** `POST /v1/fine_tuning/jobs` request: the `dry_run` query plus the {@link JobInSchema} body. */
export const FineTuningJobsCreateRequestSchema = intersect([looseObject({ dry_run: nullish(boolean()) }), JobInSchema])

/** `GET /v1/fine_tuning/jobs` query. */
export const FineTuningJobsListRequestSchema = looseObject({
  page: nullish(pipe(number(), integer(), minValue(0))),
  page_size: nullish(pipe(number(), integer(), minValue(1))),
  model: nullish(string()),
  created_after: nullish(string()),
  created_before: nullish(string()),
  created_by_me: nullish(boolean()),
  status: nullish(JobStatusSchema),
  wandb_project: nullish(string()),
  wandb_name: nullish(string()),
  suffix: nullish(string()),
})

/** A request naming one job by id. */
export const JobIdRequestSchema = looseObject({ job_id: IdSchema })

/** Hyperparameters as a job reports them. */
export const TrainingParametersSchema = looseObject({
  training_steps: nullish(number()),
  learning_rate: nullish(number()),
  weight_decay: nullish(number()),
  warmup_fraction: nullish(number()),
  epochs: nullish(number()),
  seq_len: nullish(number()),
  fim_ratio: nullish(number()),
})

/** Cost and size estimates attached to a job. */
export const JobMetadataOutSchema = looseObject({
  expected_duration_seconds: nullish(number()),
  cost: nullish(number()),
  cost_currency: nullish(string()),
  train_tokens_per_step: nullish(number()),
  train_tokens: nullish(number()),
  data_tokens: nullish(number()),
  estimated_start_time: nullish(number()),
})

/** An integration as a job reports it (the API key is never echoed; `type` may be missing). */
export const WandbIntegrationOutSchema = looseObject({
  type: nullish(string()),
  project: nullish(string()),
  name: nullish(string()),
  run_name: nullish(string()),
  url: nullish(string()),
})

/** A repository as a job reports it. */
export const GithubRepositoryOutSchema = looseObject({
  type: nullish(string()),
  name: string(),
  owner: string(),
  ref: nullish(string()),
  weight: nullish(number()),
  commit_id: nullish(string()),
})

/**
 * A fine-tuning job. Lenient: `status`, `job_type` and `model` accept any string (the wire has shown `job_type: 'FT'`
 * where the spec says `completion`). `object` is `'job'` or absent: it tells a job from the dry-run metadata.
 */
export const JobOutSchema = looseObject({
  id: string(),
  object: nullish(literal('job')),
  auto_start: nullish(boolean()),
  model: string(),
  status: string(),
  job_type: nullish(string()),
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
})

/** A status change or other event of a job. */
export const EventOutSchema = looseObject({
  name: string(),
  data: nullish(record(string(), unknown())),
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

/** A job with its `events` and `checkpoints` (`GET`, cancel and start responses). */
export const DetailedJobOutSchema = intersect([
  JobOutSchema,
  looseObject({ events: nullish(array(EventOutSchema)), checkpoints: nullish(array(CheckpointOutSchema)) }),
])

/** `GET /v1/fine_tuning/jobs` response: one page and the `total` over all pages. */
export const JobsOutSchema = looseObject({
  data: array(JobOutSchema),
  object: nullish(string()),
  total: number(),
})

/** The `dry_run` answer: estimates, no job (`object: 'job.metadata'`). */
export const LegacyJobMetadataOutSchema = looseObject({
  object: literal('job.metadata'),
  expected_duration_seconds: nullish(number()),
  cost: nullish(number()),
  cost_currency: nullish(string()),
  train_tokens_per_step: nullish(number()),
  train_tokens: nullish(number()),
  data_tokens: nullish(number()),
  estimated_start_time: nullish(number()),
  deprecated: nullish(boolean()),
  details: nullish(string()),
  epochs: nullish(number()),
  training_steps: nullish(number()),
})

/** `POST /v1/fine_tuning/jobs` response: the dry-run metadata or the job, told apart on `object`. */
export const FineTuningJobsCreateResponseSchema = union([LegacyJobMetadataOutSchema, JobOutSchema])

/** A job status. */
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
