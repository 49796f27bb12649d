import { fineTunedCard } from './catalogue.js'
import { detailError, json, type Route, type RouteContext } from './http.js'
import type { JobRecord, MockState, StoredJob } from './state.js'
import {
  type Detail,
  enumIssue,
  missing,
  numberIssue,
  readObjectBody,
  stringIssue,
  unprocessable,
  uuid,
  uuidIssue,
} from './validation.js'

const STATUSES = [
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
] as const
const TERMINAL = ['SUCCESS', 'FAILED', 'FAILED_VALIDATION', 'CANCELLED']
/** One step forward per retrieval (API.md 9). VALIDATED waits there for `start` when `auto_start` is false. */
const NEXT: Record<string, string> = {
  QUEUED: 'VALIDATING',
  VALIDATING: 'VALIDATED',
  VALIDATED: 'RUNNING',
  RUNNING: 'SUCCESS',
}
/** Names the legacy spec lists as fine-tunable that the catalogue does not carry. */
const LEGACY_FINE_TUNABLE = ['open-mistral-7b', 'ministral-3b-latest']
/** Tokens per training step and price per million tokens, as in the cookbook's job (131072 tokens, 2.6214 USD for 10 steps). */
const TOKENS_PER_STEP = 131_072
const USD_PER_MILLION_TOKENS = 2
const BOOLEANS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  t: true,
  y: true,
  false: false,
  '0': false,
  no: false,
  off: false,
  f: false,
  n: false,
}

type Body = Record<string, unknown>

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value)
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

/** The catalogue id of a fine-tunable base model, or `undefined`. */
function fineTunable(state: MockState, id: string): string | undefined {
  if (LEGACY_FINE_TUNABLE.includes(id)) return id
  for (const card of state.models.values()) {
    if ((card.id === id || card.aliases.includes(id)) && card.type === 'base' && card.capabilities.fine_tuning)
      return card.id
  }
  return undefined
}

function booleanQuery(value: string | null, loc: (string | number)[]): boolean | Detail | undefined {
  if (value === null) return undefined
  const parsed = BOOLEANS[value.toLowerCase()]
  return (
    parsed ?? {
      type: 'bool_parsing',
      loc,
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: value,
    }
  )
}

function dateQuery(value: string | null, loc: (string | number)[]): number | Detail | undefined {
  if (value === null) return undefined
  const time = Date.parse(value)
  if (Number.isNaN(time))
    return {
      type: 'datetime_from_date_parsing',
      loc,
      msg: 'Input should be a valid datetime or date, invalid character in year',
      input: value,
    }
  return time / 1000
}

function hyperparameterIssues(value: unknown): Detail[] {
  const loc = ['body', 'hyperparameters']
  if (value === undefined) return [missing(loc, value)]
  if (!isObject(value))
    return [
      {
        type: 'model_attributes_type',
        loc,
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: value,
      },
    ]
  const rules: Record<string, { integer?: boolean; ge?: number; le?: number; gt?: number }> = {
    training_steps: { integer: true, ge: 1 },
    learning_rate: { ge: 1e-8, le: 1 },
    weight_decay: { ge: 0, le: 1 },
    warmup_fraction: { ge: 0, le: 1 },
    epochs: { gt: 0 },
    seq_len: { integer: true, ge: 100 },
    fim_ratio: { ge: 0, le: 1 },
  }
  const issues: Detail[] = []
  for (const [field, rule] of Object.entries(rules)) {
    const given = value[field]
    if (given === undefined || (given === null && field !== 'learning_rate')) continue
    const issue = numberIssue(given, [...loc, field], rule)
    if (issue) issues.push(issue)
  }
  return issues
}

function fileIssues(state: MockState, value: unknown, field: 'training_files' | 'validation_files'): Detail[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value))
    return [{ type: 'list_type', loc: ['body', field], msg: 'Input should be a valid list', input: value }]
  const issues: Detail[] = []
  value.forEach((item, index) => {
    const loc = field === 'training_files' ? ['body', field, index, 'file_id'] : ['body', field, index]
    if (field === 'training_files' && !isObject(item)) {
      issues.push({
        type: 'model_attributes_type',
        loc: ['body', field, index],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: item,
      })
      return
    }
    const id = field === 'training_files' ? (item as Body).file_id : item
    if (id === undefined) return void issues.push(missing(loc, item))
    if (typeof id !== 'string')
      return void issues.push({
        type: 'uuid_type',
        loc,
        msg: 'UUID input should be a string, bytes or UUID object',
        input: id,
      })
    const bad = uuidIssue(id, loc)
    if (bad) return void issues.push(bad)
    const file = state.files.get(id)
    if (!file) {
      const error = `File ${id} does not exist`
      return void issues.push({ type: 'value_error', loc, msg: `Value error, ${error}`, input: id, ctx: { error } })
    }
    if (file.record.purpose !== 'fine-tune') {
      const error = `File ${id} was uploaded with purpose '${file.record.purpose}', expected 'fine-tune'`
      issues.push({ type: 'value_error', loc, msg: `Value error, ${error}`, input: id, ctx: { error } })
    }
    if (field === 'training_files' && (item as Body).weight !== undefined) {
      const weight = numberIssue((item as Body).weight, ['body', field, index, 'weight'], { gt: 0 })
      if (weight) issues.push(weight)
    }
  })
  return issues
}

/** Validates a JobIn body the way the fine-tuning service does (pydantic v2 wording, FastAPI `detail` list). */
function jobIssues(state: MockState, body: Body): Detail[] {
  const issues: Detail[] = []
  const { model } = body
  if (model === undefined) issues.push(missing(['body', 'model'], body))
  else if (typeof model !== 'string')
    issues.push({ type: 'string_type', loc: ['body', 'model'], msg: 'Input should be a valid string', input: model })
  else if (!fineTunable(state, model)) {
    const error = `Model ${model} is not available for fine-tuning`
    issues.push({
      type: 'value_error',
      loc: ['body', 'model'],
      msg: `Value error, ${error}`,
      input: model,
      ctx: { error },
    })
  }
  issues.push(...hyperparameterIssues(body.hyperparameters))
  issues.push(...fileIssues(state, body.training_files, 'training_files'))
  issues.push(...fileIssues(state, body.validation_files, 'validation_files'))
  if (body.suffix !== undefined && body.suffix !== null) {
    const issue = stringIssue(body.suffix, ['body', 'suffix'], { max: 18 })
    if (issue) issues.push(issue)
  }
  if (body.auto_start !== undefined && typeof body.auto_start !== 'boolean') {
    issues.push({
      type: 'bool_type',
      loc: ['body', 'auto_start'],
      msg: 'Input should be a valid boolean',
      input: body.auto_start,
    })
  }
  if (body.job_type !== undefined && body.job_type !== null) {
    const issue = enumIssue(body.job_type, ['completion', 'classifier'], ['body', 'job_type'])
    if (issue) issues.push(issue)
  }
  if (body.invalid_sample_skip_percentage !== undefined) {
    const issue = numberIssue(body.invalid_sample_skip_percentage, ['body', 'invalid_sample_skip_percentage'], {
      ge: 0,
      le: 0.5,
    })
    if (issue) issues.push(issue)
  }
  if (Array.isArray(body.integrations)) {
    body.integrations.forEach((integration, index) => {
      const loc = ['body', 'integrations', index, 'wandb']
      if (!isObject(integration))
        return void issues.push({
          type: 'model_attributes_type',
          loc,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: integration,
        })
      if (integration.project === undefined) issues.push(missing([...loc, 'project'], integration))
      if (integration.api_key === undefined) issues.push(missing([...loc, 'api_key'], integration))
      else {
        const issue = stringIssue(integration.api_key, [...loc, 'api_key'], { min: 40, max: 40 })
        if (issue) issues.push(issue)
      }
    })
  }
  const trainingFiles = Array.isArray(body.training_files) ? body.training_files : []
  const repositories = Array.isArray(body.repositories) ? body.repositories : []
  if (issues.length === 0 && trainingFiles.length === 0 && repositories.length === 0) {
    const error = 'At least one training file or repository is required.'
    issues.push({ type: 'value_error', loc: ['body', 'job_in'], msg: `Value error, ${error}`, ctx: { error } })
  }
  return issues
}

/** Size, duration and cost estimates from the training files (about four bytes a token). */
function estimate(state: MockState, body: Body) {
  const hyperparameters = body.hyperparameters as Body
  const files = (Array.isArray(body.training_files) ? body.training_files : []) as Body[]
  const data_tokens = Math.max(
    1,
    files.reduce((sum, item) => sum + Math.ceil((state.files.get(item.file_id as string)?.record.bytes ?? 0) / 4), 0),
  )
  const steps =
    typeof hyperparameters.training_steps === 'number'
      ? hyperparameters.training_steps
      : Math.max(1, Math.ceil((((hyperparameters.epochs as number | undefined) ?? 1) * data_tokens) / TOKENS_PER_STEP))
  const train_tokens = steps * TOKENS_PER_STEP
  return {
    steps,
    epochs: round(train_tokens / data_tokens, 4),
    metadata: {
      expected_duration_seconds: 60 + steps * 6,
      cost: round((train_tokens / 1e6) * USD_PER_MILLION_TOKENS, 4),
      cost_currency: 'USD',
      train_tokens_per_step: TOKENS_PER_STEP,
      train_tokens,
      data_tokens,
      estimated_start_time: null,
    },
  }
}

/** JobOut: the detailed record without events and checkpoints. */
function jobOut(record: JobRecord) {
  const { events: _events, checkpoints: _checkpoints, ...job } = record
  return job
}

function checkpoint(state: MockState, stored: StoredJob, step: number) {
  const { record } = stored
  const total = (record.metadata.train_tokens as number) / TOKENS_PER_STEP
  const progress = step / total
  const noise = () => (state.random.next() - 0.5) * 0.02
  const validated = record.validation_files.length > 0
  record.checkpoints.unshift({
    metrics: {
      train_loss: round(1.25 - 0.45 * progress + noise(), 6),
      valid_loss: validated ? round(1.3 - 0.4 * progress + noise(), 6) : null,
      valid_mean_token_accuracy: validated ? round(1.9 + 0.05 * progress + noise(), 6) : null,
    },
    step_number: step,
    created_at: state.now(),
  })
}

function setStatus(state: MockState, stored: StoredJob, status: string) {
  const { record } = stored
  const now = state.now()
  record.status = status
  record.modified_at = now
  record.events.unshift({ name: 'status-updated', data: { status }, created_at: now })
  const steps = (record.metadata.train_tokens as number) / TOKENS_PER_STEP
  if (status === 'RUNNING' && steps > 1) checkpoint(state, stored, Math.floor(steps / 2))
  if (status !== 'SUCCESS') return
  checkpoint(state, stored, steps)
  const date = new Date(record.created_at * 1000).toISOString().slice(0, 10).replace(/-/g, '')
  const base = stored.root.replace(/-latest$/, '')
  const id = `ft:${base}:${state.workspace.slice(0, 8)}:${date}:${record.id.slice(0, 8)}`
  record.fine_tuned_model = id
  record.trained_tokens = record.metadata.train_tokens as number
  if (record.hyperparameters.epochs === null)
    record.hyperparameters.epochs = round(
      (record.metadata.train_tokens as number) / (record.metadata.data_tokens as number),
      4,
    )
  state.models.set(id, fineTunedCard({ id, root: base, job: record.id, owned_by: state.workspace, created: now }))
}

function create(context: RouteContext, body: Body, dryRun: boolean): Response {
  const { state } = context
  const { steps, epochs, metadata } = estimate(state, body)
  if (dryRun) {
    return json(state, {
      ...metadata,
      deprecated: true,
      details: '',
      epochs,
      training_steps: steps,
      object: 'job.metadata',
    })
  }
  const hyperparameters = body.hyperparameters as Body
  const created_at = state.now()
  const record: JobRecord = {
    id: uuid(state),
    auto_start: (body.auto_start as boolean | undefined) ?? true,
    hyperparameters: {
      training_steps: hyperparameters.training_steps ?? null,
      learning_rate: hyperparameters.learning_rate ?? 0.0001,
      weight_decay: hyperparameters.weight_decay ?? 0.1,
      warmup_fraction: hyperparameters.warmup_fraction ?? 0.05,
      epochs: hyperparameters.epochs ?? null,
      seq_len: hyperparameters.seq_len ?? null,
      fim_ratio: hyperparameters.fim_ratio ?? null,
    },
    model: body.model as string,
    status: 'QUEUED',
    job_type: (body.job_type as string | null | undefined) ?? 'completion',
    created_at,
    modified_at: created_at,
    training_files: ((body.training_files ?? []) as Body[]).map((item) => item.file_id as string),
    validation_files: (body.validation_files ?? []) as string[],
    object: 'job',
    fine_tuned_model: null,
    suffix: (body.suffix as string | null | undefined) ?? null,
    integrations: ((body.integrations ?? []) as Body[]).map((item) => ({
      type: 'wandb',
      project: item.project,
      name: item.name ?? null,
      run_name: item.run_name ?? null,
      url: null,
    })),
    trained_tokens: null,
    repositories: ((body.repositories ?? []) as Body[]).map((item) => ({
      type: 'github',
      name: item.name,
      owner: item.owner,
      ref: item.ref ?? null,
      weight: item.weight ?? 1,
      commit_id: state.random.hex(40),
    })),
    metadata,
    events: [{ name: 'status-updated', data: { status: 'QUEUED' }, created_at }],
    checkpoints: [],
  }
  state.jobs.set(record.id, { record, root: fineTunable(state, record.model) as string, startRequested: false })
  return json(state, jobOut(record))
}

async function post(context: RouteContext): Promise<Response> {
  const { state, request, url } = context
  const dryRun = booleanQuery(url.searchParams.get('dry_run'), ['query', 'dry_run'])
  if (typeof dryRun === 'object') return unprocessable(state, [dryRun])
  const { body, issue } = await readObjectBody(request)
  if (issue) return unprocessable(state, [issue])
  const issues = jobIssues(state, body)
  return issues.length ? unprocessable(state, issues) : create(context, body, dryRun === true)
}

function list({ state, url }: RouteContext): Response {
  const query = url.searchParams
  const createdAfter = dateQuery(query.get('created_after'), ['query', 'created_after'])
  const createdBefore = dateQuery(query.get('created_before'), ['query', 'created_before'])
  const byMe = booleanQuery(query.get('created_by_me'), ['query', 'created_by_me'])
  const issues = [
    query.has('page') ? numberIssue(query.get('page'), ['query', 'page'], { integer: true }) : undefined,
    query.has('page_size') ? numberIssue(query.get('page_size'), ['query', 'page_size'], { integer: true }) : undefined,
    query.has('status') ? enumIssue(query.get('status'), STATUSES, ['query', 'status']) : undefined,
    typeof createdAfter === 'object' ? createdAfter : undefined,
    typeof createdBefore === 'object' ? createdBefore : undefined,
    typeof byMe === 'object' ? byMe : undefined,
  ].filter((issue) => issue !== undefined)
  if (issues.length) return unprocessable(state, issues)
  const page = Number(query.get('page') ?? 0)
  const size = Number(query.get('page_size') ?? 100)
  const wanted = (name: string, value: unknown) => !query.has(name) || query.get(name) === value
  const matching = [...state.jobs.values()]
    .map((stored) => stored.record)
    .filter(
      (record) =>
        wanted('model', record.model) &&
        wanted('status', record.status) &&
        wanted('suffix', record.suffix) &&
        (typeof createdAfter !== 'number' || record.created_at >= createdAfter) &&
        (typeof createdBefore !== 'number' || record.created_at <= createdBefore) &&
        (!query.has('wandb_project') ||
          record.integrations.some((integration) => integration.project === query.get('wandb_project'))) &&
        (!query.has('wandb_name') ||
          record.integrations.some((integration) => integration.name === query.get('wandb_name'))),
    )
    .reverse()
  return json(state, {
    data: matching.slice(page * size, page * size + size).map(jobOut),
    object: 'list',
    total: matching.length,
  })
}

/** Runs `action` on the job named by the path, or answers 422 (not a UUID) / 404 (unknown id). */
const withJob =
  (action: (state: MockState, stored: StoredJob) => Response) =>
  ({ state, params }: RouteContext) => {
    const id = params.job_id as string
    const issue = uuidIssue(id, ['path', 'job_id'])
    if (issue) return unprocessable(state, [issue])
    const stored = state.jobs.get(id)
    return stored ? action(state, stored) : detailError(state, 404, `Job ${id} not found`)
  }

/** The fine-tuning jobs routes: list, create (and dry run), get (moves the job one status on), cancel, start. */
export const fineTuningRoutes: Route[] = [
  ['GET', '/v1/fine_tuning/jobs', list],
  ['POST', '/v1/fine_tuning/jobs', post],
  [
    'GET',
    '/v1/fine_tuning/jobs/{job_id}',
    withJob((state, stored) => {
      const next = NEXT[stored.record.status]
      const waiting = stored.record.status === 'VALIDATED' && !stored.record.auto_start && !stored.startRequested
      if (next && !waiting) setStatus(state, stored, next)
      return json(state, stored.record)
    }),
  ],
  [
    'POST',
    '/v1/fine_tuning/jobs/{job_id}/cancel',
    withJob((state, stored) => {
      const { status } = stored.record
      if (status === 'CANCELLED') return json(state, stored.record)
      if (TERMINAL.includes(status))
        return detailError(state, 400, `Job ${stored.record.id} is ${status} and cannot be cancelled`)
      setStatus(state, stored, 'CANCELLED')
      return json(state, stored.record)
    }),
  ],
  [
    'POST',
    '/v1/fine_tuning/jobs/{job_id}/start',
    withJob((state, stored) => {
      const { status } = stored.record
      if (status !== 'QUEUED' && status !== 'VALIDATING' && status !== 'VALIDATED') {
        return detailError(state, 400, `Job ${stored.record.id} is ${status} and cannot be started`)
      }
      stored.startRequested = true
      if (status === 'VALIDATED') setStatus(state, stored, 'RUNNING')
      return json(state, stored.record)
    }),
  ],
]
