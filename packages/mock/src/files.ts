import { baseHeaders, detailError, json, type Route, type RouteContext } from './http.js'
import type { FileRecord, StoredFile } from './state.js'
import { type Detail, enumIssue, missing, numberIssue, unprocessable, uuid, uuidIssue } from './validation.js'

const PURPOSES = ['fine-tune', 'batch', 'ocr', 'audio'] as const
const VISIBILITIES = ['workspace', 'user'] as const
const SAMPLE_TYPES = ['pretrain', 'instruct', 'batch_request', 'batch_result', 'batch_error'] as const
const SOURCES = ['upload', 'repository', 'mistral'] as const

const MIMETYPES: Record<string, string> = {
  jsonl: 'application/jsonl',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
}

const extension = (filename: string) => /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? ''

/** A stable 32-hex signature of the bytes (the wire shows an md5-like value; any stable digest serves a mock). */
function signature(content: Uint8Array): string {
  let out = ''
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]) {
    let hash = seed
    for (const byte of content) hash = Math.imul(hash ^ byte, 0x01000193)
    out += (hash >>> 0).toString(16).padStart(8, '0')
  }
  return out
}

/** Reads what the API infers from a file's content: line count and sample type (see the spec's SampleType). */
function inspect(
  content: Uint8Array,
  purpose: string,
  filename: string,
): { num_lines: number; sample_type: string } | Detail {
  if (purpose === 'ocr') return { num_lines: 0, sample_type: 'ocr_input' }
  if (purpose === 'audio') return { num_lines: 0, sample_type: 'audio_input' }
  if (extension(filename) !== 'jsonl' && purpose !== 'fine-tune' && purpose !== 'batch')
    return { num_lines: 0, sample_type: 'instruct' }
  const lines = new TextDecoder()
    .decode(content)
    .split('\n')
    .filter((line) => line.trim() !== '')
  let pretrain = 0
  for (const [index, line] of lines.entries()) {
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {}
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const msg = `Value error, Invalid file format: line ${index + 1} is not a JSON object`
      return { type: 'value_error', loc: ['body', 'file'], msg, input: filename, ctx: { error: msg.slice(13) } }
    }
    if ('text' in parsed && !('messages' in parsed)) pretrain++
  }
  const sample_type =
    purpose === 'batch' ? 'batch_request' : pretrain > 0 && pretrain === lines.length ? 'pretrain' : 'instruct'
  return { num_lines: lines.length, sample_type }
}

function find(context: RouteContext): StoredFile | Response {
  const id = context.params.file_id as string
  const issue = uuidIssue(id, ['path', 'file_id'])
  if (issue) return unprocessable(context.state, [issue])
  return context.state.files.get(id) ?? detailError(context.state, 404, 'File not found')
}

async function upload({ request, state }: RouteContext): Promise<Response> {
  let form: FormData | undefined
  try {
    form = await request.formData()
  } catch {}
  const file = form?.get('file')
  if (file === null || file === undefined) return unprocessable(state, [missing(['body', 'file'], null)])
  if (typeof file === 'string') {
    return unprocessable(state, [
      {
        type: 'value_error',
        loc: ['body', 'file'],
        msg: "Value error, Expected UploadFile, received: <class 'str'>",
        input: file,
        ctx: { error: "Expected UploadFile, received: <class 'str'>" },
      },
    ])
  }
  const purpose = (form?.get('purpose') as string | null) ?? 'fine-tune'
  const visibility = (form?.get('visibility') as string | null) ?? 'workspace'
  const expiry = form?.get('expiry') as string | null | undefined
  const issues = [
    enumIssue(purpose, PURPOSES, ['body', 'purpose']),
    enumIssue(visibility, VISIBILITIES, ['body', 'visibility']),
    expiry ? numberIssue(expiry, ['body', 'expiry'], { integer: true }) : undefined,
  ].filter((issue) => issue !== undefined)
  if (issues.length) return unprocessable(state, issues)
  const content = new Uint8Array(await file.arrayBuffer())
  const filename = file.name || 'file'
  const inspected = inspect(content, purpose, filename)
  if ('type' in inspected) return unprocessable(state, [inspected])
  const created_at = state.now()
  const record: FileRecord = {
    id: uuid(state),
    object: 'file',
    bytes: content.byteLength,
    created_at,
    filename,
    purpose,
    sample_type: inspected.sample_type,
    num_lines: inspected.num_lines,
    mimetype:
      file.type && file.type !== 'application/octet-stream'
        ? (file.type.split(';')[0] as string)
        : (MIMETYPES[extension(filename)] ?? 'application/octet-stream'),
    source: 'upload',
    signature: signature(content),
    // `expiry` is read as hours, like the signed-URL `expiry`.
    expires_at: expiry ? created_at + Number(expiry) * 3600 : null,
    visibility,
  }
  state.files.set(record.id, { record, content })
  return json(state, record)
}

function list({ state, url }: RouteContext): Response {
  const query = url.searchParams
  const issues = [
    query.has('page') ? numberIssue(query.get('page'), ['query', 'page'], { integer: true }) : undefined,
    query.has('page_size') ? numberIssue(query.get('page_size'), ['query', 'page_size'], { integer: true }) : undefined,
    ...query
      .getAll('sample_type')
      .map((value, index) => enumIssue(value, SAMPLE_TYPES, ['query', 'sample_type', index])),
    ...query.getAll('source').map((value, index) => enumIssue(value, SOURCES, ['query', 'source', index])),
    query.has('purpose') ? enumIssue(query.get('purpose'), PURPOSES, ['query', 'purpose']) : undefined,
  ].filter((issue) => issue !== undefined)
  if (issues.length) return unprocessable(state, issues)
  const page = Number(query.get('page') ?? 0)
  const size = Number(query.get('page_size') ?? 100)
  const search = query.get('search')?.toLowerCase()
  const filters: [string, string[]][] = [
    ['sample_type', query.getAll('sample_type')],
    ['source', query.getAll('source')],
    ['purpose', query.getAll('purpose')],
    ['mimetype', query.getAll('mimetypes')],
  ]
  const matching = [...state.files.values()]
    .map((file) => file.record)
    .filter((record) =>
      filters.every(
        ([field, wanted]) => wanted.length === 0 || wanted.includes(String(record[field as keyof FileRecord])),
      ),
    )
    .filter((record) => !search || record.filename.toLowerCase().includes(search) || record.id.includes(search))
    .reverse()
  const total = query.get('include_total') === 'false' ? null : matching.length
  return json(state, { data: matching.slice(page * size, page * size + size), object: 'list', total })
}

function signedUrl(context: RouteContext, file: StoredFile): Response {
  const { state, url } = context
  const raw = url.searchParams.get('expiry')
  const issue = raw === null ? undefined : numberIssue(raw, ['query', 'expiry'], { integer: true, ge: 1, le: 168 })
  if (issue) return unprocessable(state, [issue])
  const hours = raw === null ? 24 : Number(raw)
  const { record } = file
  const expires = new Date((state.now() + hours * 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const workspace = state.workspace.replace(/-/g, '')
  const name = `${record.id.replace(/-/g, '')}${extension(record.filename) ? `.${extension(record.filename)}` : ''}`
  const signatureParam = encodeURIComponent(
    `${state.random.hex(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}=`,
  )
  return json(state, {
    url: `https://mistralaifilesapiprodswe.blob.core.windows.net/${record.purpose}/${workspace}/${workspace}/${name}?se=${encodeURIComponent(expires)}&sp=r&sv=2025-01-05&sr=b&sig=${signatureParam}`,
  })
}

/** Runs `action` on the file named by the path, or answers 422 (not a UUID) / 404 (unknown id). */
const withFile = (action: (context: RouteContext, file: StoredFile) => Response) => (context: RouteContext) => {
  const file = find(context)
  return file instanceof Response ? file : action(context, file)
}

/** The files routes: upload (multipart), list, retrieve, delete, download, signed URL. */
export const fileRoutes: Route[] = [
  ['POST', '/v1/files', upload],
  ['GET', '/v1/files', list],
  ['GET', '/v1/files/{file_id}', withFile(({ state }, file) => json(state, { ...file.record, deleted: false }))],
  [
    'DELETE',
    '/v1/files/{file_id}',
    withFile(({ state }, file) => {
      state.files.delete(file.record.id)
      return json(state, { id: file.record.id, object: 'file', deleted: true })
    }),
  ],
  [
    'GET',
    '/v1/files/{file_id}/content',
    withFile(({ state }, file) => {
      const headers = baseHeaders(state, 'application/octet-stream')
      headers.set('content-length', String(file.content.byteLength))
      headers.set('content-disposition', `attachment; filename="${file.record.filename.replace(/"/g, '')}"`)
      return new Response(file.content.slice(), { status: 200, headers })
    }),
  ],
  ['GET', '/v1/files/{file_id}/url', withFile(signedUrl)],
]
