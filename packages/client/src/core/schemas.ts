import * as v from 'valibot'

/** A path id: a non-empty string (`model_id`, `file_id`, `job_id`). */
export const IdSchema = v.pipe(v.string(), v.nonEmpty('must not be empty'))

/** A lenient response string field that may be absent or `null`. */
export const nullishString = () => v.nullish(v.string())
