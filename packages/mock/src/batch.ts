import { classifierRoutes } from './classifiers.js'
import { completionRoutes } from './completions.js'
import { embeddingRoutes } from './embeddings.js'
import { fileRoutes } from './files.js'
import { detailError, json, type Route, type RouteContext } from './http.js'
import { ocrRoutes } from './ocr.js'
import type { BatchJobRecord, FileRecord, MockState, StoredBatchJob } from './state.js'
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

// Batch jobs (current spec `/v1/batch/jobs`, wire `fixtures/wire/json/batch_job_*`). A job moves one status forward
// per retrieve (QUEUED -> RUNNING -> SUCCESS), like the mock's fine-tuning jobs. Each request line is answered by the
// mock's own route for the job's `endpoint` (chat, FIM, agents, embeddings, ...), so a batch result is exactly what
// the same request sent alone gets. Cancel is asynchronous, as the real status list says: CANCELLATION_REQUESTED,
// then CANCELLED on the next retrieve.

const STATUSES = [
  'QUEUED',
  'RUNNING',
  'SUCCESS',
  'FAILED',
  'TIMEOUT_EXCEEDED',
  'CANCELLATION_REQUESTED',
  'CANCELLED',
] as const
const TERMINAL = ['SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLED']
const ENDPOINTS = [
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
] as const
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
const dictIssue = (loc: (string | number)[], input: unknown): Detail => ({
  type: 'dict_type',
  loc,
  msg: 'Input should be a valid dictionary',
  input,
})
const valueError = (loc: (string | number)[], error: string, input?: unknown): Detail => ({
  type: 'value_error',
  loc,
  msg: `Value error, ${error}`,
  input,
  ctx: { error },
})

function booleanQuery(value: string | null, loc: (string | number)[]): boolean | Detail | undefined {
  if (value === null) return undefined
  return (
    BOOLEANS[value.toLowerCase()] ?? {
      type: 'bool_parsing',
      loc,
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: value,
    }
  )
}

/** Validates a CreateBatchJobRequest the way the jobs service does (pydantic v2 wording, FastAPI `detail` list). */
function createIssues(body: Body): Detail[] {
  const issues: (Detail | undefined)[] = []
  if (body.endpoint === undefined) issues.push(missing(['body', 'endpoint'], body))
  else issues.push(enumIssue(body.endpoint, ENDPOINTS, ['body', 'endpoint']))
  for (const field of ['model', 'agent_id'])
    if (body[field] != null) issues.push(stringIssue(body[field], ['body', field]))
  const { input_files: files, requests, metadata } = body
  if (files != null) {
    if (!Array.isArray(files))
      issues.push({
        type: 'list_type',
        loc: ['body', 'input_files'],
        msg: 'Input should be a valid list',
        input: files,
      })
    else
      files.forEach((id, index) =>
        issues.push(
          typeof id === 'string'
            ? uuidIssue(id, ['body', 'input_files', index])
            : {
                type: 'uuid_type',
                loc: ['body', 'input_files', index],
                msg: 'UUID input should be a string, bytes or UUID object',
                input: id,
              },
        ),
      )
  }
  if (requests != null) {
    if (!Array.isArray(requests))
      issues.push({
        type: 'list_type',
        loc: ['body', 'requests'],
        msg: 'Input should be a valid list',
        input: requests,
      })
    else {
      requests.forEach((item: unknown, index) => {
        const loc = ['body', 'requests', index]
        if (!isObject(item))
          return void issues.push({
            type: 'model_attributes_type',
            loc,
            msg: 'Input should be a valid dictionary or object to extract fields from',
            input: item,
          })
        if (item.body === undefined) issues.push(missing([...loc, 'body'], item))
        else if (!isObject(item.body)) issues.push(dictIssue([...loc, 'body'], item.body))
        if (item.custom_id != null) issues.push(stringIssue(item.custom_id, [...loc, 'custom_id']))
      })
      if (requests.length > 10_000) {
        issues.push({
          type: 'too_long',
          loc: ['body', 'requests'],
          msg: `List should have at most 10000 items after validation, not ${requests.length}`,
          input: '...',
          ctx: { field_type: 'List', max_length: 10_000, actual_length: requests.length },
        })
      }
    }
  }
  if (metadata != null) {
    if (!isObject(metadata)) issues.push(dictIssue(['body', 'metadata'], metadata))
    else
      for (const [key, value] of Object.entries(metadata))
        issues.push(stringIssue(value, ['body', 'metadata', key], { min: 1, max: 512 }))
  }
  if (body.timeout_hours !== undefined)
    issues.push(numberIssue(body.timeout_hours, ['body', 'timeout_hours'], { integer: true, ge: 1, le: 168 }))
  const found = issues.filter((issue) => issue !== undefined)
  const empty = (value: unknown) => !Array.isArray(value) || value.length === 0
  if (found.length === 0 && empty(files) && empty(requests))
    found.push(valueError(['body'], 'Either input_files or requests must be provided', body))
  return found
}

/**
 * Stores a `.jsonl` file of the job through the mock's own upload route (so its record, signature and line count
 * are what an upload gives), then marks it as the batch service's (`source: 'mistral'`) with its sample type.
 */
async function storeFile(state: MockState, lines: string[], filename: string, sampleType: string): Promise<FileRecord> {
  const form = new FormData()
  form.set('file', new File([lines.map((line) => `${line}\n`).join('')], filename, { type: 'application/jsonl' }))
  form.set('purpose', 'batch')
  const request = new Request('https://api.mistral.ai/v1/files', { method: 'POST', body: form })
  const upload = fileRoutes.find(([method, pattern]) => method === 'POST' && pattern === '/v1/files')?.[2] as Route[2]
  const { id } = (await (await upload({ request, url: new URL(request.url), params: {}, state })).json()) as FileRecord
  const stored = state.files.get(id)
  if (!stored) throw new Error(`the mock failed to store ${filename}`)
  stored.record.sample_type = sampleType
  stored.record.source = 'mistral'
  return stored.record
}

async function create(context: RouteContext): Promise<Response> {
  const { state, request } = context
  const { body, issue } = await readObjectBody(request)
  if (issue) return unprocessable(state, [issue])
  const issues = createIssues(body)
  if (issues.length) return unprocessable(state, issues)
  const inputFiles = (body.input_files ?? []) as string[]
  for (const [index, id] of inputFiles.entries()) {
    const file = state.files.get(id)
    if (!file) return detailError(state, 404, `File ${id} not found`)
    if (file.record.purpose !== 'batch') {
      return unprocessable(state, [
        valueError(
          ['body', 'input_files', index],
          `File ${id} was uploaded with purpose '${file.record.purpose}', expected 'batch'`,
          id,
        ),
      ])
    }
  }
  const id = uuid(state)
  const requests = (body.requests ?? []) as Body[]
  // Inline requests are written to an input file of the job, as the real API does (the capture lists one).
  if (requests.length)
    inputFiles.push(
      (
        await storeFile(
          state,
          requests.map((item) => JSON.stringify(item)),
          `${id}_input.jsonl`,
          'batch_request',
        )
      ).id,
    )
  const record: BatchJobRecord = {
    id,
    object: 'batch',
    input_files: inputFiles,
    metadata: (body.metadata as Record<string, string> | null | undefined) ?? null,
    endpoint: body.endpoint as string,
    model: (body.model as string | null | undefined) ?? null,
    agent_id: (body.agent_id as string | null | undefined) ?? null,
    output_file: null,
    error_file: null,
    errors: [],
    outputs: null,
    status: 'QUEUED',
    created_at: state.now(),
    total_requests: 0,
    completed_requests: 0,
    succeeded_requests: 0,
    failed_requests: 0,
    started_at: null,
    completed_at: null,
  }
  state.batchJobs.set(id, { record, inline: requests.length > 0, results: [] })
  return json(state, record)
}

/** The non-empty lines of the job's input files, with the `id` the API gives their results. */
function inputLines(state: MockState, record: BatchJobRecord): { id: string; text: string }[] {
  return record.input_files.flatMap((fileId) => {
    const content = new TextDecoder().decode(state.files.get(fileId)?.content ?? new Uint8Array())
    const lines: { id: string; text: string }[] = []
    let offset = 0
    for (const text of content.split('\n')) {
      // `batch-<job>-<file>-<n>`: the wire's suffixes (0, 146) read as byte offsets of the lines (inferred).
      if (text.trim()) lines.push({ id: `batch-${record.id.slice(0, 8)}-${fileId.slice(0, 8)}-${offset}`, text })
      offset += new TextEncoder().encode(text).byteLength + 1
    }
    return lines
  })
}

/** Answers one request of the batch with the mock's own route for the job's endpoint. */
async function answer(
  state: MockState,
  record: BatchJobRecord,
  body: Body,
): Promise<{ status_code: number; body: Body }> {
  // A batch answer is never streamed.
  const { stream: _stream, ...rest } = body
  let path = record.endpoint
  let payload: Body = rest
  if (record.agent_id && path === '/v1/chat/completions') {
    path = '/v1/agents/completions'
    payload = { agent_id: record.agent_id, ...rest }
  } else if (record.model && rest.model === undefined) payload = { model: record.model, ...rest }
  const route = [...completionRoutes, ...embeddingRoutes, ...classifierRoutes, ...ocrRoutes].find(
    ([method, pattern]) => method === 'POST' && pattern === path,
  )
  if (!route)
    return {
      status_code: 400,
      body: {
        object: 'error',
        message: `The mock does not run batches for ${record.endpoint}`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    }
  const request = new Request(`https://api.mistral.ai${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  })
  const response = await route[2]({ request, url: new URL(request.url), params: {}, state })
  return { status_code: response.status, body: (await response.json()) as Body }
}

/** Runs every request of a job: results, counts, output and error files, then SUCCESS (FAILED when none succeeded). */
async function run(state: MockState, stored: StoredBatchJob) {
  const { record } = stored
  const outputs: Body[] = []
  const failures: Body[] = []
  const results: Body[] = []
  const errors = new Map<string, number>()
  for (const line of inputLines(state, record)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(line.text)
    } catch {}
    const custom_id = isObject(parsed) && parsed.custom_id != null ? String(parsed.custom_id) : null
    let error: { message: string; code: string } | null = null
    let response: { status_code: number; body: Body } | null = null
    if (!isObject(parsed) || !isObject(parsed.body)) {
      error = {
        message: isObject(parsed)
          ? 'Invalid request line: `body` must be a JSON object'
          : 'Invalid request line: not a JSON object',
        code: 'invalid_request_line',
      }
    } else {
      response = await answer(state, record, parsed.body)
      const message = response.body.message ?? response.body.detail
      if (response.status_code >= 300)
        error = {
          message: typeof message === 'string' ? message : `Request failed with status ${response.status_code}`,
          code: String(response.status_code),
        }
    }
    const result = { id: line.id, custom_id, response, error }
    results.push(result)
    ;(error ? failures : outputs).push(result)
    if (error) errors.set(error.message, (errors.get(error.message) ?? 0) + 1)
  }
  const name = record.id
  if (outputs.length)
    record.output_file = (
      await storeFile(
        state,
        outputs.map((item) => JSON.stringify(item)),
        `${name}_output.jsonl`,
        'batch_result',
      )
    ).id
  if (failures.length)
    record.error_file = (
      await storeFile(
        state,
        failures.map((item) => JSON.stringify(item)),
        `${name}_error.jsonl`,
        'batch_error',
      )
    ).id
  stored.results = results
  record.errors = [...errors].map(([message, count]) => ({ message, count }))
  record.total_requests = outputs.length + failures.length
  record.completed_requests = record.total_requests
  record.succeeded_requests = outputs.length
  record.failed_requests = failures.length
  record.status = outputs.length === 0 && failures.length > 0 ? 'FAILED' : 'SUCCESS'
  record.completed_at = state.now()
}

/** The job as a route returns it: `outputs` filled for an inline job (or `inline=true`) once it is done. */
function view(stored: StoredBatchJob, inline: boolean): BatchJobRecord {
  const done = TERMINAL.includes(stored.record.status) && stored.results.length > 0
  return { ...stored.record, outputs: done && (inline || stored.inline) ? stored.results : null }
}

/** One step forward per retrieve (API.md 8): QUEUED -> RUNNING -> SUCCESS; CANCELLATION_REQUESTED -> CANCELLED. */
async function retrieve(context: RouteContext, stored: StoredBatchJob): Promise<Response> {
  const { state, url } = context
  const inline = booleanQuery(url.searchParams.get('inline'), ['query', 'inline'])
  if (typeof inline === 'object') return unprocessable(state, [inline])
  const { record } = stored
  if (record.status === 'QUEUED') {
    record.status = 'RUNNING'
    record.started_at = state.now()
    record.total_requests = inputLines(state, record).length
  } else if (record.status === 'RUNNING') await run(state, stored)
  else if (record.status === 'CANCELLATION_REQUESTED') {
    record.status = 'CANCELLED'
    record.completed_at = state.now()
  }
  return json(state, view(stored, inline === true))
}

function list({ state, url }: RouteContext): Response {
  const query = url.searchParams
  const byMe = booleanQuery(query.get('created_by_me'), ['query', 'created_by_me'])
  const after = query.get('created_after')
  const afterTime = after === null ? undefined : Date.parse(after) / 1000
  let metadata: unknown
  const rawMetadata = query.get('metadata')
  try {
    metadata = rawMetadata === null ? undefined : JSON.parse(rawMetadata)
  } catch {}
  const issues = [
    query.has('page') ? numberIssue(query.get('page'), ['query', 'page'], { integer: true }) : undefined,
    query.has('page_size') ? numberIssue(query.get('page_size'), ['query', 'page_size'], { integer: true }) : undefined,
    ...query.getAll('status').map((value, index) => enumIssue(value, STATUSES, ['query', 'status', index])),
    query.has('order_by')
      ? enumIssue(query.get('order_by'), ['created', '-created'], ['query', 'order_by'])
      : undefined,
    typeof byMe === 'object' ? byMe : undefined,
    afterTime !== undefined && Number.isNaN(afterTime)
      ? {
          type: 'datetime_from_date_parsing',
          loc: ['query', 'created_after'],
          msg: 'Input should be a valid datetime or date, invalid character in year',
          input: after,
        }
      : undefined,
    rawMetadata !== null && !isObject(metadata)
      ? { type: 'dict_type', loc: ['query', 'metadata'], msg: 'Input should be a valid dictionary', input: rawMetadata }
      : undefined,
  ].filter((issue) => issue !== undefined)
  if (issues.length) return unprocessable(state, issues)
  const page = Number(query.get('page') ?? 0)
  const size = Number(query.get('page_size') ?? 100)
  const statuses = query.getAll('status')
  const wanted = (name: string, value: unknown) => !query.has(name) || query.get(name) === value
  const matching = [...state.batchJobs.values()]
    .map((stored) => stored.record)
    .filter(
      (record) =>
        wanted('model', record.model) &&
        wanted('agent_id', record.agent_id) &&
        (statuses.length === 0 || statuses.includes(record.status)) &&
        (afterTime === undefined || record.created_at >= afterTime) &&
        Object.entries((metadata ?? {}) as Body).every(([key, value]) => record.metadata?.[key] === value),
    )
  if (query.get('order_by') !== 'created') matching.reverse()
  const data = matching.slice(page * size, page * size + size).map((record) => ({ ...record, outputs: null }))
  return json(state, { data, object: 'list', total: matching.length })
}

/** Runs `action` on the job named by the path, or answers 422 (not a UUID) / 404 (unknown id). */
const withJob =
  (action: (context: RouteContext, stored: StoredBatchJob) => Response | Promise<Response>) =>
  (context: RouteContext) => {
    const { state, params } = context
    const id = params.job_id as string
    const issue = uuidIssue(id, ['path', 'job_id'])
    if (issue) return unprocessable(state, [issue])
    const stored = state.batchJobs.get(id)
    return stored ? action(context, stored) : detailError(state, 404, `Batch job ${id} not found`)
  }

/** The batch routes: list, create, get (moves the job one status on), cancel, delete. */
export const batchRoutes: Route[] = [
  ['GET', '/v1/batch/jobs', list],
  ['POST', '/v1/batch/jobs', create],
  ['GET', '/v1/batch/jobs/{job_id}', withJob(retrieve)],
  [
    'POST',
    '/v1/batch/jobs/{job_id}/cancel',
    withJob(({ state }, stored) => {
      const { record } = stored
      if (record.status === 'QUEUED' || record.status === 'RUNNING') record.status = 'CANCELLATION_REQUESTED'
      else if (record.status !== 'CANCELLATION_REQUESTED' && record.status !== 'CANCELLED') {
        return detailError(state, 400, `Batch job ${record.id} is ${record.status} and cannot be cancelled`)
      }
      return json(state, view(stored, false))
    }),
  ],
  [
    'DELETE',
    '/v1/batch/jobs/{job_id}',
    withJob(({ state }, stored) => {
      state.batchJobs.delete(stored.record.id)
      return json(state, { id: stored.record.id, object: 'batch', deleted: true })
    }),
  ],
]
