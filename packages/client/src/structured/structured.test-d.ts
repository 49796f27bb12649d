import { toStandardJsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import type { Message } from '../chat/schemas.js'
import { createClient } from '../core/client.js'
import { agentsParse } from './agents-parse.js'
import { chatParse } from './chat-parse.js'
import { parseConversation } from './parse-conversation.js'
import { type JsonSchemaResponseFormat, responseFormat } from './response-format.js'
import type { StructuredSchema } from './types.js'

const client = createClient()
const messages: Message[] = [{ role: 'user', content: 'Extract the book.' }]
const Valibot = toStandardJsonSchema(
  v.object({ title: v.string(), year: v.optional(v.number()), tags: v.array(v.picklist(['novel', 'essay'])) }),
)
const Zod = z.object({ title: z.string(), year: z.number().optional(), pages: z.string().transform(Number) })

describe('chatParse types', () => {
  it('types message.parsed from a valibot schema', async () => {
    const response = await chatParse(client, { model: 'mistral-small-latest', messages, response_format: Valibot })
    expectTypeOf(response.choices[0]!.message.parsed).toEqualTypeOf<{
      title: string
      year?: number | undefined
      tags: ('novel' | 'essay')[]
    }>()
  })

  it('types message.parsed from a zod schema, output side (a transform applied)', async () => {
    const response = await chatParse(client, { model: 'mistral-small-latest', messages, response_format: Zod })
    expectTypeOf(response.choices[0]!.message.parsed).toEqualTypeOf<{
      title: string
      year?: number | undefined
      pages: number
    }>()
  })

  it('types message.parsed from a hand-written schema', async () => {
    const Name: StructuredSchema<{ name: string }> = {
      '~standard': {
        version: 1,
        vendor: 'me',
        validate: (value) => ({ value: value as { name: string } }),
        jsonSchema: { input: () => ({ type: 'object' }), output: () => ({ type: 'object' }) },
      },
    }
    const response = await agentsParse(client, { agent_id: 'ag_1', messages, response_format: Name })
    expectTypeOf(response.choices[0]!.message.parsed).toEqualTypeOf<{ name: string }>()
  })

  it('keeps the rest of the completion, and the message goes back onto messages', async () => {
    const response = await chatParse(client, {
      model: 'mistral-small-latest',
      messages,
      response_format: Zod,
      temperature: 0,
    })
    expectTypeOf(response.usage?.total_tokens).toEqualTypeOf<number | null | undefined>()
    expectTypeOf(response.choices[0]!.finish_reason).toExtend<string | null | undefined>()
    messages.push(response.choices[0]!.message)
  })

  it('wants a schema as response_format, and one with a JSON Schema', () => {
    // @ts-expect-error a plain response_format object is not a schema
    void chatParse(client, { model: 'm', messages, response_format: { type: 'json_object' } })
    // @ts-expect-error a bare valibot schema has no ~standard.jsonSchema
    void chatParse(client, { model: 'm', messages, response_format: v.object({ a: v.string() }) })
  })

  it('responseFormat fits response_format of a request; parseConversation types its output', async () => {
    expectTypeOf(responseFormat(Zod)).toEqualTypeOf<JsonSchemaResponseFormat>()
    expectTypeOf(parseConversation({ conversation_id: 'c', outputs: [], usage: {} }, Valibot)).resolves.toEqualTypeOf<{
      title: string
      year?: number | undefined
      tags: ('novel' | 'essay')[]
    }>()
  })
})
