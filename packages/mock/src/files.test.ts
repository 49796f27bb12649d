import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMockMistral } from './index.js'

const capture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/wire/json/${name}`, import.meta.url), 'utf8'))
const auth = { authorization: 'Bearer k' }
const call = (path: string, init: RequestInit = {}) =>
  new Request(`https://api.mistral.ai${path}`, {
    ...init,
    headers: { ...auth, ...(init.headers as Record<string, string>) },
  })

function upload(content: BlobPart, filename: string, fields: Record<string, string> = {}) {
  const form = new FormData()
  form.append('file', new File([content], filename))
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  return call('/v1/files', { method: 'POST', body: form })
}

describe('files routes', () => {
  it('answers an upload with the keys of the 2026 capture, in order', async () => {
    const mock = createMockMistral()
    const response = await mock.fetch(upload('%PDF-1.4 bytes', 'sample.pdf', { purpose: 'ocr' }))
    const body = await response.json()
    expect(Object.keys(body)).toEqual(Object.keys(capture('files_upload_ocr_2026-08-19.json')))
    expect(body).toMatchObject({
      object: 'file',
      bytes: 14,
      filename: 'sample.pdf',
      purpose: 'ocr',
      sample_type: 'ocr_input',
      num_lines: 0,
      mimetype: 'application/pdf',
      source: 'upload',
      expires_at: null,
      visibility: 'workspace',
    })
    expect(mock.state.files.get(body.id)?.content).toEqual(new TextEncoder().encode('%PDF-1.4 bytes'))
  })

  it('gives the same ids and signatures for the same seed and content', async () => {
    const first = await (await createMockMistral({ seed: 3 }).fetch(upload('{"text":"a"}', 'p.jsonl'))).json()
    const second = await (await createMockMistral({ seed: 3 }).fetch(upload('{"text":"a"}', 'p.jsonl'))).json()
    expect(second).toEqual(first)
    expect([first.sample_type, first.num_lines, first.mimetype]).toEqual(['pretrain', 1, 'application/jsonl'])
  })

  it('answers a missing file and bad fields with FastAPI 422 bodies', async () => {
    const mock = createMockMistral()
    const form = new FormData()
    form.append('purpose', 'fine-tune')
    const missing = await mock.fetch(call('/v1/files', { method: 'POST', body: form }))
    expect([missing.status, await missing.json()]).toEqual([
      422,
      { detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] },
    ])
    const bad = await mock.fetch(upload('x', 'x.pdf', { purpose: 'ocr', visibility: 'public', expiry: 'soon' }))
    expect(
      (await bad.json()).detail.map((issue: { type: string; loc: string[] }) => [issue.type, issue.loc.join('.')]),
    ).toEqual([
      ['enum', 'body.visibility'],
      ['int_parsing', 'body.expiry'],
    ])
    const textField = new FormData()
    textField.append('file', 'not a file')
    const text = await mock.fetch(call('/v1/files', { method: 'POST', body: textField }))
    expect((await text.json()).detail[0]).toMatchObject({
      type: 'value_error',
      msg: "Value error, Expected UploadFile, received: <class 'str'>",
    })
  })

  it('downloads the bytes with octet-stream headers and answers 404 / 422 for unknown and malformed ids', async () => {
    const mock = createMockMistral()
    const binaryBatch = await mock.fetch(upload(new Uint8Array([0, 255, 7]), 'raw.jsonl', { purpose: 'batch' }))
    expect([binaryBatch.status, (await binaryBatch.json()).detail[0].msg]).toEqual([
      422,
      'Value error, Invalid file format: line 1 is not a JSON object',
    ])
    const stored = await (
      await mock.fetch(upload('{"custom_id":"0","body":{}}', 'raw.jsonl', { purpose: 'batch' }))
    ).json()
    const content = await mock.fetch(call(`/v1/files/${stored.id}/content`))
    expect([
      content.status,
      content.headers.get('content-type'),
      content.headers.get('content-disposition'),
      await content.text(),
    ]).toEqual([200, 'application/octet-stream', 'attachment; filename="raw.jsonl"', '{"custom_id":"0","body":{}}'])
    const unknown = await mock.fetch(call('/v1/files/00000000-0000-4000-8000-000000000000'))
    expect([unknown.status, await unknown.json()]).toEqual([404, { detail: 'File not found' }])
    const malformed = await mock.fetch(call('/v1/files/abc/url'))
    expect([malformed.status, (await malformed.json()).detail]).toEqual([
      422,
      [
        {
          type: 'uuid_parsing',
          loc: ['path', 'file_id'],
          msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
          input: 'abc',
          ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
        },
      ],
    ])
    const invalidCharacter = await mock.fetch(call('/v1/files/not-a-uuid', { method: 'DELETE' }))
    expect((await invalidCharacter.json()).detail[0].msg).toBe(
      'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
    )
  })
})
