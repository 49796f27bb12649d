import { string } from 'valibot'

/**
 * A path id (`model_id`, `file_id`, `job_id`). The core refuses empty ids and `.`/`..` for every path parameter,
 * with or without schema validation, so the schema only checks the type.
 */
export const IdSchema = string()
