import { safeParse } from 'valibot'
import { describe, expect, it } from 'vitest'
import { ArchiveModelOutSchema, ModelCardSchema, ModelListSchema } from './schemas.js'

const card = {
  id: 'mistral-small-latest',
  object: 'model',
  created: 1,
  owned_by: 'mistralai',
  type: 'base',
  capabilities: { completion_chat: true },
}

describe('model responses', () => {
  it.each([
    ['without capabilities', { id: 'voxtral-mini-latest', object: 'model' }],
    ['with capabilities null', { ...card, capabilities: null }],
    [
      'with a new type, object and capability',
      { ...card, object: 'model.v2', type: 'distilled', capabilities: { completion_chat: true, telepathy: true } },
    ],
    [
      'fine-tuned, with job, root, archived',
      { ...card, type: 'fine-tuned', job: 'j1', root: 'open-mistral-7b', archived: false },
    ],
  ])('a card %s passes, unchanged', (_name, value) => {
    expect(safeParse(ModelCardSchema, value)).toMatchObject({ success: true, output: value })
    expect(safeParse(ModelListSchema, { object: 'list', data: [value] }).success).toBe(true)
  })

  it('a capability flag of the wrong type fails at its path', () => {
    const result = safeParse(ModelCardSchema, { ...card, capabilities: { vision: 'yes' } })
    expect(result.issues?.map((issue) => issue.path?.map((item) => item.key).join('.'))).toEqual([
      'capabilities.vision',
    ])
  })

  it('an archive answer without `archived` passes (the spec defaults it)', () => {
    expect(safeParse(ArchiveModelOutSchema, { id: 'ft:x', object: 'model' }).success).toBe(true)
  })
})
