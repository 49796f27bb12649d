import { baseModels, fineTunedCard, type ModelCard } from './catalogue.js'
import { createRandom, type Random } from './random.js'

/** The mock's whole state: one object, so every handler is a plain function of it. */
export interface MockState {
  random: Random
  /** The key required, or `undefined` to accept any non-empty key. */
  apiKey: string | undefined
  /** Workspace id used as `owned_by` of fine-tuned models. */
  workspace: string
  models: Map<string, ModelCard>
  /** Uploaded files by id: the description the API returns and the bytes. */
  files: Map<string, StoredFile>
  /** Fine-tuning jobs by id, in creation order. */
  jobs: Map<string, StoredJob>
  /** Batch jobs by id, in creation order. */
  batchJobs: Map<string, StoredBatchJob>
  /** Agents (`/v1/agents`) by id, in creation order. */
  agents: Map<string, StoredAgent>
  /** Stored conversations (`/v1/conversations`) by id, in creation order. */
  conversations: Map<string, StoredConversation>
  /** How many requests have carried each `x-mock-fault` value (for `times=`). */
  faultCounts: Map<string, number>
  /** Counters tests and load scripts read. */
  stats: { requests: number; cancelled: number }
  correlationId(): string
  /** Seconds since the epoch, advancing one per call from a fixed start (deterministic). */
  now(): number
}

/** A file's description as `POST /v1/files` returns it (wire key order). */
export interface FileRecord {
  id: string
  object: 'file'
  bytes: number
  created_at: number
  filename: string
  purpose: string
  sample_type: string
  num_lines: number
  mimetype: string
  source: string
  signature: string
  expires_at: number | null
  visibility: string
}

/** An uploaded file. */
export interface StoredFile {
  record: FileRecord
  content: Uint8Array
}

/** A fine-tuning job as `GET /v1/fine_tuning/jobs/{id}` returns it (DetailedJobOut). */
export interface JobRecord {
  id: string
  auto_start: boolean
  hyperparameters: Record<string, unknown>
  model: string
  status: string
  job_type: string
  created_at: number
  modified_at: number
  training_files: string[]
  validation_files: string[]
  object: 'job'
  fine_tuned_model: string | null
  suffix: string | null
  integrations: Record<string, unknown>[]
  trained_tokens: number | null
  repositories: Record<string, unknown>[]
  metadata: Record<string, unknown>
  events: { name: string; data: Record<string, unknown> | null; created_at: number }[]
  checkpoints: { metrics: Record<string, number | null>; step_number: number; created_at: number }[]
  [key: string]: unknown
}

/** A job and what the mock needs to move it on. */
export interface StoredJob {
  record: JobRecord
  /** The catalogue id of the base model (the fine-tuned model's `root`). */
  root: string
  /** Set by `POST .../start` on a job created with `auto_start: false`. */
  startRequested: boolean
}

/** A batch job as `GET /v1/batch/jobs/{id}` returns it (wire key order). */
export interface BatchJobRecord {
  id: string
  object: 'batch'
  input_files: string[]
  metadata: Record<string, string> | null
  endpoint: string
  model: string | null
  agent_id: string | null
  output_file: string | null
  error_file: string | null
  errors: { message: string; count: number }[]
  outputs: Record<string, unknown>[] | null
  status: string
  created_at: number
  total_requests: number
  completed_requests: number
  succeeded_requests: number
  failed_requests: number
  started_at: number | null
  completed_at: number | null
}

/** A batch job and what the mock needs to run it. */
export interface StoredBatchJob {
  record: BatchJobRecord
  /** Created with inline `requests`: its results are returned in `outputs` too. */
  inline: boolean
  /** The results (output and error lines), kept for `outputs` once the job is done. */
  results: Record<string, unknown>[]
}

/** An agent: every version as `GET /v1/agents/{id}/versions/{n}` returns it, the current one, its aliases. */
export interface StoredAgent {
  /** Version n at index n. */
  versions: Record<string, unknown>[]
  current: number
  /** Alias name to `{ alias, version, created_at, updated_at }`, in creation order. */
  aliases: Map<string, { alias: string; version: number; created_at: string; updated_at: string }>
}

/** A conversation: its description (`GET /v1/conversations/{id}`) and its entries in the order they were appended. */
export interface StoredConversation {
  record: Record<string, unknown>
  entries: Record<string, unknown>[]
}

/** Options of the mock. */
export interface MockOptions {
  /** Require exactly this key. Default: any non-empty key. */
  apiKey?: string
  /** Seed of every id, padding and vector. Default 1. */
  seed?: number
  /** Replace the model catalogue. */
  models?: ModelCard[]
}

/** Builds a fresh state with the catalogue and three fine-tuned models. */
export function createState(options: MockOptions = {}): MockState {
  const random = createRandom(options.seed ?? 1)
  let clock = 1_787_150_000
  const workspace = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`
  const state: MockState = {
    random,
    apiKey: options.apiKey,
    workspace,
    models: new Map(),
    files: new Map(),
    jobs: new Map(),
    batchJobs: new Map(),
    agents: new Map(),
    conversations: new Map(),
    faultCounts: new Map(),
    stats: { requests: 0, cancelled: 0 },
    correlationId: () => `019${random.hex(5)}-${random.hex(4)}-7${random.hex(3)}-${random.hex(4)}-${random.hex(12)}`,
    now: () => clock++,
  }
  const models = options.models ?? [
    ...baseModels(),
    ...['open-mistral-nemo', 'mistral-small-latest', 'ministral-8b-latest'].map((root, index) => {
      const short = root.replace(/-latest$/, '')
      const job = `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.hex(4)}-${random.hex(12)}`
      return fineTunedCard({
        id: `ft:${short}:${workspace.slice(0, 8)}:2025111${index}:${random.hex(8)}`,
        root: short,
        job,
        owned_by: workspace,
        created: 1_763_000_000 + index * 86_400,
        name: index === 0 ? 'support-triage' : null,
        description: index === 0 ? 'Routes support tickets' : null,
        archived: index === 2,
      })
    }),
  ]
  for (const model of models) state.models.set(model.id, structuredClone(model))
  return state
}
