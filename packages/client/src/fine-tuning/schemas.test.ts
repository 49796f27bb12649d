import { safeParse } from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  DetailedJobOutSchema,
  FineTuningJobsCreateRequestSchema,
  FineTuningJobsCreateResponseSchema,
  JobsOutSchema,
  LegacyJobMetadataOutSchema,
} from './schemas.js'

const job = {
  id: 'j1',
  object: 'job',
  model: 'open-mistral-7b',
  status: 'QUEUED',
  job_type: 'completion',
  created_at: 1,
  training_files: ['f1'],
  hyperparameters: { training_steps: 10 },
}

describe('fine-tuning responses', () => {
  it.each([
    ['object "fine_tuning.job"', { ...job, object: 'fine_tuning.job' }],
    ['no object (SDK re-serialized)', { ...job, object: undefined }],
    ['job_type "FT" and a new status', { ...job, job_type: 'FT', status: 'PAUSED' }],
  ])('a job with %s is a job, unchanged', (_name, value) => {
    expect(safeParse(FineTuningJobsCreateResponseSchema, value)).toMatchObject({ success: true, output: value })
    expect(safeParse(DetailedJobOutSchema, { ...value, events: [], checkpoints: [] }).success).toBe(true)
    expect(safeParse(JobsOutSchema, { data: [value], object: 'list', total: 1 }).success).toBe(true)
  })

  it('the dry-run answer is told apart on object', () => {
    const metadata = { object: 'job.metadata', cost: 2.5, cost_currency: 'EUR', expected_duration_seconds: 120 }
    expect(safeParse(FineTuningJobsCreateResponseSchema, metadata)).toMatchObject({ success: true, output: metadata })
    expect(safeParse(LegacyJobMetadataOutSchema, job).success).toBe(false)
    expect(safeParse(DetailedJobOutSchema, { ...job, object: 'job.metadata' }).issues?.[0]?.path?.[0]?.key).toBe(
      'object',
    )
  })
})

describe('fine-tuning requests', () => {
  it('check types and required fields only', () => {
    const request = {
      dry_run: true,
      model: 'open-mistral-7b',
      training_files: Object.freeze([{ file_id: 'f1', weight: 0 }]),
      hyperparameters: { learning_rate: 5, seq_len: 99 },
      suffix: 'nineteen-characters',
      job_type: 'reranker',
      integrations: [{ project: 'p', api_key: 'short' }],
      invalid_sample_skip_percentage: 0.9,
    }
    expect(safeParse(FineTuningJobsCreateRequestSchema, request)).toMatchObject({ success: true, output: request })
    const missing = safeParse(FineTuningJobsCreateRequestSchema, { model: 'open-mistral-7b', training_files: ['f1'] })
    expect(missing.issues?.map((issue) => issue.path?.map((item) => item.key).join('.'))).toEqual([
      'training_files.0',
      'hyperparameters',
    ])
  })
})
