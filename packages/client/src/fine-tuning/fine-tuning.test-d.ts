import { expectTypeOf, test } from 'vitest'
import type {
  FineTuningJobsCreateRequest,
  FineTuningJobsCreateResponse,
  JobOut,
  JobStatus,
  LegacyJobMetadataOut,
} from './schemas.js'

declare const created: FineTuningJobsCreateResponse

test('the create answer narrows on object', () => {
  if (created.object === 'job.metadata') expectTypeOf(created).toEqualTypeOf<LegacyJobMetadataOut>()
  else expectTypeOf(created).toEqualTypeOf<JobOut>()
  // `object` of a job lists its known values only (any other string passes validation), so it never spoils this.
  expectTypeOf<JobOut['object']>().toEqualTypeOf<'job' | 'fine_tuning.job' | null | undefined>()
})

test('statuses and job types are open', () => {
  expectTypeOf<'QUEUED' | 'SUCCESS' | 'PAUSED'>().toExtend<JobStatus>()
  expectTypeOf<'FT'>().toExtend<NonNullable<JobOut['job_type']>>()
})

test('a create request takes readonly arrays', () => {
  const training_files = [{ file_id: 'f1', weight: 1 }] as const
  const validation_files: readonly string[] = ['f2']
  expectTypeOf({
    model: 'open-mistral-7b',
    training_files,
    validation_files,
    hyperparameters: {},
    dry_run: true,
  }).toExtend<FineTuningJobsCreateRequest>()
})
