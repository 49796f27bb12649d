import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../core/client.js'
import { ConnectionError } from '../errors/connection-error.js'
import { HTTPValidationError } from '../errors/http-validation-error.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { RequestAbortedError } from '../errors/request-aborted-error.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { SDKError } from '../errors/sdk-error.js'
import { withValidation } from '../validation.js'
import { filesDelete } from './files-delete.js'
import { filesDownload } from './files-download.js'
import { filesGetSignedUrl } from './files-get-signed-url.js'
import { filesList } from './files-list.js'
import { filesRetrieve } from './files-retrieve.js'
import { filesUpload } from './files-upload.js'

/** Reads a capture from fixtures/wire (a dynamic import: the library's tsconfig carries no Node types). */
async function fixture(name: string): Promise<string> {
  const { readFile } = (await import('node:fs/promises' as string)) as {
    readFile: (path: URL, encoding: 'utf8') => Promise<string>
  }
  return readFile(new URL(`../../../../fixtures/wire/${name}`, import.meta.url), 'utf8')
}

/** A fetch that records its calls and answers with `body`. */
function recording(body: BodyInit | (() => Response) = '{}') {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return typeof body === 'function' ? body() : new Response(body, { headers: { 'content-type': 'application/json' } })
  })
  return { fetch, calls, client: createClient({ apiKey: 'secret', fetch, retries: { strategy: 'none' } }) }
}

/** Parses what was sent as the multipart bytes a server receives (boundary and all). */
async function sentForm(call: { url: string; init: RequestInit } | undefined) {
  const request = new Request(call?.url ?? '', call?.init)
  return { contentType: request.headers.get('content-type') ?? '', form: await request.formData() }
}

const UPLOADED = {
  id: 'f1',
  object: 'file',
  bytes: 3,
  created_at: 1,
  filename: 'a.jsonl',
  purpose: 'fine-tune',
  sample_type: 'instruct',
  source: 'upload',
}
const JSONL =
  '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n{"messages":[{"role":"user","content":"Bye"},{"role":"assistant","content":"Ciao"}]}\n'
const text = (bytes: ArrayBuffer) => new TextDecoder().decode(bytes)
const mockClient = (mock = createMockMistral()) => ({
  mock,
  client: createClient({ apiKey: 'test-key', fetch: mock.fetch, retries: { strategy: 'none' } }),
})

describe('filesUpload: the multipart request', () => {
  it('sends file, filename, purpose, expiry and visibility as form-data with fetch-set boundary', async () => {
    const { calls, client } = recording(JSON.stringify(UPLOADED))
    await filesUpload(client, {
      file: JSONL,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      expiry: 48,
      visibility: 'user',
    })
    const call = calls[0]
    expect(call?.url).toBe('https://api.mistral.ai/v1/files')
    expect(call?.init.method).toBe('POST')
    expect(call?.init.body).toBeInstanceOf(FormData)
    // No content-type from the library: fetch writes the one with the boundary.
    expect(new Headers(call?.init.headers).has('content-type')).toBe(false)
    expect(new Headers(call?.init.headers).get('authorization')).toBe('Bearer secret')
    const { contentType, form } = await sentForm(call)
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/)
    const file = form.get('file') as File
    expect(file.name).toBe('train.jsonl')
    expect(text(await file.arrayBuffer())).toBe(JSONL)
    expect([form.get('purpose'), form.get('expiry'), form.get('visibility')]).toEqual(['fine-tune', '48', 'user'])
    expect([...form.keys()]).toEqual(['file', 'purpose', 'expiry', 'visibility'])
  })

  it.each([
    ['a Blob', () => new Blob(['blob bytes'], { type: 'text/plain' }), 'blob bytes', 'file'],
    ['a File, keeping its name', () => new File(['file bytes'], 'own-name.jsonl'), 'file bytes', 'own-name.jsonl'],
    ['a Uint8Array', () => new TextEncoder().encode('u8 bytes'), 'u8 bytes', 'file'],
    ['an ArrayBuffer', () => new TextEncoder().encode('ab bytes').buffer, 'ab bytes', 'file'],
    ['a string', () => 'string bytes', 'string bytes', 'file'],
  ])('accepts %s', async (_, make, content, name) => {
    const { calls, client } = recording(JSON.stringify(UPLOADED))
    await filesUpload(client, { file: make() as Blob })
    const { form } = await sentForm(calls[0])
    const file = form.get('file') as File
    expect([file.name, text(await file.arrayBuffer()), [...form.keys()]]).toEqual([name, content, ['file']])
  })

  it('lets filename override a File name, and sends unknown fields as form fields', async () => {
    const { calls, client } = recording(JSON.stringify(UPLOADED))
    await filesUpload(client, { file: new File(['x'], 'old.txt'), filename: 'new.jsonl', future: 7 })
    const { form } = await sentForm(calls[0])
    expect([(form.get('file') as File).name, form.get('future')]).toEqual(['new.jsonl', '7'])
  })

  it.each([
    [{}, 'file'],
    [{ file: 42 }, 'file'],
    [{ file: { bytes: 'x' } }, 'file'],
    [{ file: 'x', filename: 5 }, 'filename'],
    [{ file: 'x', purpose: 5 }, 'purpose'],
    [{ file: 'x', expiry: '2' }, 'expiry'],
    [{ file: 'x', visibility: true }, 'visibility'],
  ])('withValidation rejects %j naming %s, without sending', async (request, field) => {
    const { fetch, client } = recording()
    const error = await filesUpload(withValidation(client), request as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as Error).message).toMatch(new RegExp(`^Invalid request: ${field}: `))
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a plain client sends what it is given: a number as the file content, unknown purpose, expiry and visibility', async () => {
    const { calls, client } = recording(JSON.stringify(UPLOADED))
    await filesUpload(client, { file: 42, purpose: 'train', expiry: 1.5, visibility: 'public' } as never)
    const { form } = await sentForm(calls[0])
    expect([
      text(await (form.get('file') as File).arrayBuffer()),
      form.get('purpose'),
      form.get('expiry'),
      form.get('visibility'),
    ]).toEqual(['42', 'train', '1.5', 'public'])
  })

  it.each([
    { file: 'x', purpose: 'train' },
    { file: 'x', purpose: 'audio' },
    { file: 'x', expiry: 1.5 },
    { file: 'x', expiry: -1 },
    { file: 'x', visibility: 'public' },
    { file: 'x', filename: '' },
  ])("withValidation sends %j: values and ranges are the API's to judge", async (request) => {
    const { calls, client } = recording(JSON.stringify(UPLOADED))
    await filesUpload(withValidation(client), request as never)
    expect(calls).toHaveLength(1)
    const { form } = await sentForm(calls[0])
    for (const [key, value] of Object.entries(request))
      if (key !== 'file' && key !== 'filename') expect(form.get(key)).toBe(String(value))
  })

  it.each(['json/files_upload_ocr_2026-08-19.json', 'json/sdk_reserialized/cookbook_file_upload_2024-07.json'])(
    'parses the capture %s',
    async (name) => {
      const body = await fixture(name)
      const { client } = recording(body)
      expect(await filesUpload(client, { file: 'x' })).toEqual(JSON.parse(body))
    },
  )
})

describe('files: the other requests on the wire', () => {
  it('filesList sends every filter, arrays as repeated keys', async () => {
    const { calls, client } = recording('{"data":[],"object":"list","total":0}')
    await filesList(client, {
      page: 1,
      page_size: 2,
      include_total: false,
      sample_type: ['instruct', 'pretrain'],
      source: ['upload'],
      search: 'train',
      purpose: 'fine-tune',
      mimetypes: ['application/jsonl', 'text/plain'],
    })
    expect(calls[0]?.url).toBe(
      'https://api.mistral.ai/v1/files?page=1&page_size=2&include_total=false&sample_type=instruct&sample_type=pretrain&source=upload&search=train&purpose=fine-tune&mimetypes=application%2Fjsonl&mimetypes=text%2Fplain',
    )
    expect([calls[0]?.init.method, calls[0]?.init.body]).toEqual(['GET', undefined])
  })

  it('filesRetrieve, filesDelete and filesGetSignedUrl put the id in the path', async () => {
    const { calls, client } = recording(
      () => new Response(JSON.stringify({ ...UPLOADED, deleted: true, url: 'https://x' })),
    )
    await filesRetrieve(client, { file_id: 'a/b' })
    await filesDelete(client, { file_id: 'f1' })
    await filesGetSignedUrl(client, { file_id: 'f1', expiry: 2 })
    await filesGetSignedUrl(client, { file_id: 'f1' })
    expect(calls.map(({ url, init }) => `${init.method} ${url}`)).toEqual([
      'GET https://api.mistral.ai/v1/files/a%2Fb',
      'DELETE https://api.mistral.ai/v1/files/f1',
      'GET https://api.mistral.ai/v1/files/f1/url?expiry=2',
      'GET https://api.mistral.ai/v1/files/f1/url',
    ])
  })

  it.each([
    [() => filesList(withValidation(recording().client), { page: '1' } as never), 'page'],
    [() => filesList(withValidation(recording().client), { sample_type: 'instruct' } as never), 'sample_type'],
    [() => filesList(withValidation(recording().client), { sample_type: [5] } as never), 'sample_type.0'],
    [() => filesRetrieve(withValidation(recording().client), { file_id: 5 } as never), 'file_id'],
    [() => filesGetSignedUrl(withValidation(recording().client), { file_id: 'f', expiry: '2' } as never), 'expiry'],
    // The core's path guard, with or without validation.
    [() => filesRetrieve(recording().client, { file_id: '' }), 'file_id'],
    [() => filesDelete(recording().client, { file_id: '\ud800' }), 'file_id'],
    [() => filesDownload(recording().client, { file_id: '..' }), 'file_id'],
  ])('rejects a bad request naming the field (%#)', async (call, field) => {
    const error = await call().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidRequestError)
    expect((error as Error).message).toMatch(new RegExp(`^Invalid request: ${field.replace('.', '\\.')}: `))
  })

  it('withValidation sends unknown sample types, pages and expiries as given', async () => {
    const { calls, client } = recording(
      () => new Response(JSON.stringify({ data: [], object: 'list', total: 0, id: 'f', url: 'https://x' })),
    )
    await filesList(withValidation(client), {
      sample_type: ['ocr_input', 'brand_new'],
      page: -1,
      purpose: 'training',
    } as never)
    await filesGetSignedUrl(withValidation(client), { file_id: 'f', expiry: 169 })
    await filesGetSignedUrl(withValidation(client), { file_id: 'f', expiry: 0 })
    expect(calls.map(({ url }) => url)).toEqual([
      'https://api.mistral.ai/v1/files?page=-1&sample_type=ocr_input&sample_type=brand_new&purpose=training',
      'https://api.mistral.ai/v1/files/f/url?expiry=169',
      'https://api.mistral.ai/v1/files/f/url?expiry=0',
    ])
  })

  it('a list body that breaks its schema: returned as is by a plain client, ResponseValidationError with validation', async () => {
    const body = '{"object":"list","data":[{"id":1,"created_at":"yesterday"}],"total":1}'
    expect(await filesList(recording(body).client)).toEqual(JSON.parse(body))
    const error = await filesList(withValidation(recording(body).client)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect((error as Error).message).toMatch(/^Invalid response: data\.0\.id: .*; data\.0\.created_at: /)
  })
})

describe('filesDownload', () => {
  it('GETs the content with accept octet-stream and returns the body as a stream', async () => {
    const { calls, client } = recording(
      () => new Response(new Uint8Array([1, 2, 3, 250]), { headers: { 'content-type': 'application/octet-stream' } }),
    )
    const body = await filesDownload(client, { file_id: 'f1' })
    expect(body).toBeInstanceOf(ReadableStream)
    expect(calls[0]?.url).toBe('https://api.mistral.ai/v1/files/f1/content')
    expect(new Headers(calls[0]?.init.headers).get('accept')).toBe('application/octet-stream')
    expect(Array.from(new Uint8Array(await new Response(body).arrayBuffer()))).toEqual([1, 2, 3, 250])
  })

  it('bounds only the headers with timeoutMs: a body slower than the timeout still arrives', async () => {
    let push: (chunk: Uint8Array | null) => void = () => {}
    const source = new ReadableStream<Uint8Array>({
      start: (controller) => void (push = (chunk) => (chunk ? controller.enqueue(chunk) : controller.close())),
    })
    const { client } = recording(() => new Response(source))
    const body = await filesDownload(client, { file_id: 'f1' }, { timeoutMs: 5 })
    const reading = new Response(body).text()
    await new Promise((resolve) => setTimeout(resolve, 30))
    push(new TextEncoder().encode('late'))
    push(null)
    expect(await reading).toBe('late')
  })

  it('rejects the read with RequestAbortedError when the signal aborts mid-body', async () => {
    const controller = new AbortController()
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const stream = new ReadableStream<Uint8Array>({
        start(streamController) {
          streamController.enqueue(new Uint8Array([1]))
          init?.signal?.addEventListener('abort', () => streamController.error(init.signal?.reason))
        },
      })
      return new Response(stream)
    })
    const aborting = createClient({ apiKey: 'test-key', fetch })
    const reader = (await filesDownload(aborting, { file_id: 'f1' }, { signal: controller.signal })).getReader()
    expect((await reader.read()).value).toEqual(new Uint8Array([1]))
    controller.abort(new Error('stop'))
    const error = await reader.read().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect((error as RequestAbortedError).cause).toEqual(new Error('stop'))
  })

  it('turns a broken body into ConnectionError, and cancel() aborts the connection', async () => {
    let signal: AbortSignal | undefined
    const broken = createClient({
      fetch: async () =>
        new Response(new ReadableStream({ pull: (controller) => controller.error(new TypeError('socket hang up')) })),
    })
    const error = await new Response(await filesDownload(broken, { file_id: 'f' }))
      .arrayBuffer()
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as ConnectionError).message).toBe('Connection error: socket hang up')
    const open = createClient({
      fetch: async (_url, init) => {
        signal = init?.signal ?? undefined
        return new Response(new ReadableStream({ start: (controller) => controller.enqueue(new Uint8Array([9])) }))
      },
    })
    const body = await filesDownload(open, { file_id: 'f' })
    await body.cancel('done')
    expect(signal?.aborted).toBe(true)
  })

  it('throws SDKError on a non-2xx status before any body is handed out', async () => {
    const { client } = recording(() => new Response('{"detail":"File not found"}', { status: 404 }))
    const error = await filesDownload(client, { file_id: 'f1' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SDKError)
    expect([(error as SDKError).status, (error as SDKError).message]).toEqual([404, 'HTTP 404: File not found'])
  })
})

describe('files against the mock', () => {
  it('uploads, lists, retrieves, downloads, signs and deletes with real state', async () => {
    const { mock, client } = mockClient()
    const uploaded = await filesUpload(client, { file: new File([JSONL], 'train.jsonl'), purpose: 'fine-tune' })
    expect(uploaded).toMatchObject({
      object: 'file',
      bytes: new TextEncoder().encode(JSONL).byteLength,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      sample_type: 'instruct',
      num_lines: 2,
      mimetype: 'application/jsonl',
      source: 'upload',
      expires_at: null,
      visibility: 'workspace',
    })
    expect(uploaded.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(uploaded.signature).toMatch(/^[0-9a-f]{32}$/)
    expect(mock.state.files.size).toBe(1)

    const pdf = await filesUpload(client, {
      file: new Uint8Array([37, 80, 68, 70]),
      filename: 'scan.pdf',
      purpose: 'ocr',
      expiry: 2,
    })
    expect(pdf).toMatchObject({
      sample_type: 'ocr_input',
      num_lines: 0,
      mimetype: 'application/pdf',
      expires_at: pdf.created_at + 7200,
    })

    const all = await filesList(client)
    expect([all.total, all.data.map((file) => file.filename)]).toEqual([2, ['scan.pdf', 'train.jsonl']])
    const filtered = await filesList(client, {
      purpose: 'fine-tune',
      sample_type: ['instruct'],
      search: 'TRAIN',
      mimetypes: ['application/jsonl'],
    })
    expect(filtered.data.map((file) => file.id)).toEqual([uploaded.id])
    const paged = await filesList(client, { page: 1, page_size: 1, include_total: false })
    expect([paged.total, paged.data.map((file) => file.filename)]).toEqual([null, ['train.jsonl']])

    expect(await filesRetrieve(client, { file_id: uploaded.id })).toEqual({ ...uploaded, deleted: false })
    expect(await new Response(await filesDownload(client, { file_id: uploaded.id })).text()).toBe(JSONL)
    const { url } = await filesGetSignedUrl(client, { file_id: uploaded.id, expiry: 1 })
    expect(url).toMatch(
      new RegExp(
        `^https://[a-z]+\\.blob\\.core\\.windows\\.net/fine-tune/[0-9a-f]{32}/[0-9a-f]{32}/${uploaded.id.replace(/-/g, '')}\\.jsonl\\?se=2026-08-19T`,
      ),
    )

    expect(await filesDelete(client, { file_id: uploaded.id })).toEqual({
      id: uploaded.id,
      object: 'file',
      deleted: true,
    })
    const gone = await filesRetrieve(client, { file_id: uploaded.id }).catch((caught: unknown) => caught)
    expect([(gone as SDKError).status, (gone as SDKError).message]).toEqual([404, 'HTTP 404: File not found'])
    expect((await filesList(client)).data.map((file) => file.id)).toEqual([pdf.id])
  })

  it('answers bad input with FastAPI 422 bodies', async () => {
    const { client } = mockClient()
    const notUuid = await filesRetrieve(client, { file_id: 'nope' }).catch((caught: unknown) => caught)
    expect(notUuid).toBeInstanceOf(HTTPValidationError)
    expect((notUuid as HTTPValidationError).detail[0]).toMatchObject({
      type: 'uuid_parsing',
      loc: ['path', 'file_id'],
      input: 'nope',
    })
    const badLines = await filesUpload(client, {
      file: '{"messages":[]}\nnot json\n',
      filename: 'bad.jsonl',
      purpose: 'fine-tune',
    }).catch((caught: unknown) => caught)
    expect((badLines as HTTPValidationError).detail).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'file'],
        msg: 'Value error, Invalid file format: line 2 is not a JSON object',
        input: 'bad.jsonl',
        ctx: { error: 'Invalid file format: line 2 is not a JSON object' },
      },
    ])
    // A plain client sends what the server refuses; the server's 422 is what the caller sees.
    const unchecked = createClient({ apiKey: 'test-key', fetch: createMockMistral().fetch })
    const badPurpose = await filesUpload(unchecked, { file: 'x', purpose: 'train' } as never).catch(
      (caught: unknown) => caught,
    )
    expect((badPurpose as HTTPValidationError).detail).toEqual([
      {
        type: 'enum',
        loc: ['body', 'purpose'],
        msg: "Input should be 'fine-tune', 'batch', 'ocr' or 'audio'",
        input: 'train',
        ctx: { expected: "'fine-tune', 'batch', 'ocr' or 'audio'" },
      },
    ])
    const uploaded = await filesUpload(unchecked, {
      file: '{"custom_id":"1","body":{}}',
      filename: 'requests.jsonl',
      purpose: 'batch',
    })
    expect([uploaded.sample_type, uploaded.num_lines]).toEqual(['batch_request', 1])
    const badExpiry = await filesGetSignedUrl(unchecked, { file_id: uploaded.id, expiry: 500 }).catch(
      (caught: unknown) => caught,
    )
    expect((badExpiry as HTTPValidationError).detail).toEqual([
      {
        type: 'less_than_equal',
        loc: ['query', 'expiry'],
        msg: 'Input should be less than or equal to 168',
        input: '500',
        ctx: { le: 168 },
      },
    ])
  })
})
