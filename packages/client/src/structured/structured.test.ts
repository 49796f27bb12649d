import { Buffer } from 'node:buffer'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toStandardJsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ConversationResponse } from '../conversations/schemas.js'
import { createClient } from '../core/client.js'
import { ResponseValidationError } from '../errors/response-validation-error.js'
import { agentsParse } from './agents-parse.js'
import { chatParse } from './chat-parse.js'
import { parseConversation } from './parse-conversation.js'
import { responseFormat } from './response-format.js'
import type { StructuredSchema } from './types.js'

// ---------------------------------------------------------------------------------------------------------------
// A loopback server: records each request's path and JSON body, answers the next scripted body.
// ---------------------------------------------------------------------------------------------------------------

let server: Server
let baseURL = ''
const recorded: { path: string; body: any }[] = []
let answers: unknown[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      recorded.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answers.shift() ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  recorded.length = 0
  answers = []
})

const loopback = () => createClient({ apiKey: 'k', baseURL, retries: { strategy: 'none' } })
/** A completion whose choices hold these contents. */
const completion = (...contents: unknown[]) => ({
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'mistral-small-latest',
  usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
  choices: contents.map((content, index) => ({
    index,
    finish_reason: 'stop',
    message: { role: 'assistant', content, tool_calls: null },
  })),
})

// ---------------------------------------------------------------------------------------------------------------
// Schemas from three sources
// ---------------------------------------------------------------------------------------------------------------

const ValibotBook = toStandardJsonSchema(
  v.object({
    title: v.string(),
    year: v.optional(v.number()),
    tags: v.array(v.picklist(['novel', 'essay'])),
    author: v.object({ name: v.string(), born: v.nullable(v.number()) }),
  }),
)
const ZodBook = z.object({
  title: z.string(),
  year: z.number().optional(),
  tags: z.array(z.enum(['novel', 'essay'])),
  author: z.object({ name: z.string(), born: z.number().nullable() }),
})

/** The strict schema both libraries give for the book. */
const STRICT_BOOK = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    year: { anyOf: [{ type: 'number' }, { type: 'null' }] },
    tags: { type: 'array', items: { type: 'string', enum: ['novel', 'essay'] } },
    author: {
      type: 'object',
      properties: { name: { type: 'string' }, born: expect.anything() },
      required: ['name', 'born'],
      additionalProperties: false,
    },
  },
  required: ['title', 'year', 'tags', 'author'],
  additionalProperties: false,
}

/** A hand-written Standard Schema (and Standard JSON Schema) of `{ name: string, nickname?: string }`. */
const handWritten = (
  validate: StructuredSchema<{ name: string; nickname?: string }>['~standard']['validate'],
): StructuredSchema<{ name: string; nickname?: string }> => {
  const json = () => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Person',
    type: 'object',
    properties: { name: { type: 'string' }, nickname: { type: 'string' } },
    required: ['name'],
  })
  return { '~standard': { version: 1, vendor: 'hand', validate, jsonSchema: { input: json, output: json } } }
}
const Person = handWritten((value: any) =>
  typeof value?.name === 'string' && (value.nickname === undefined || typeof value.nickname === 'string')
    ? { value }
    : { issues: [{ message: 'expected { name: string, nickname?: string }', path: [{ key: 'name' }] }] },
)

describe('responseFormat', () => {
  it('from valibot (toStandardJsonSchema): strict, optional as nullable-required, nested objects closed', () => {
    const format = responseFormat(ValibotBook, { name: 'book' })
    expect(format).toEqual({ type: 'json_schema', json_schema: { name: 'book', strict: true, schema: STRICT_BOOK } })
    expect(format.json_schema.schema.properties.author.properties.born).toEqual({
      anyOf: [{ type: 'number' }, { type: 'null' }],
    })
    expect(format.json_schema.schema).not.toHaveProperty('$schema')
  })

  it('from zod 4 (its own ~standard.jsonSchema)', () => {
    expect(typeof ZodBook['~standard'].jsonSchema.input).toBe('function')
    const format = responseFormat(ZodBook)
    expect(format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', strict: true, schema: STRICT_BOOK },
    })
    expect(format.json_schema.schema.properties.author.properties.born).toEqual({ type: ['number', 'null'] })
  })

  it('from a hand-written schema; the name defaults to response', () => {
    expect(responseFormat(Person)).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        strict: true,
        schema: {
          title: 'Person',
          type: 'object',
          properties: { name: { type: 'string' }, nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
          required: ['name', 'nickname'],
          additionalProperties: false,
        },
      },
    })
  })

  it('strict: false sends the JSON Schema as the library wrote it', () => {
    const json = Person['~standard'].jsonSchema.input({ target: 'draft-07' })
    expect(responseFormat(Person, { strict: false, name: 'p' })).toEqual({
      type: 'json_schema',
      json_schema: { name: 'p', strict: false, schema: json },
    })
  })

  it('the schema of the input side: what the model writes is what validate receives (a transform applies after)', () => {
    const Pages = z.object({ pages: z.string().transform(Number) })
    expect(responseFormat(Pages).json_schema.schema).toEqual({
      type: 'object',
      properties: { pages: { type: 'string' } },
      required: ['pages'],
      additionalProperties: false,
    })
  })

  it('arrays of objects, enums, unions and literals', () => {
    const Order = z.object({
      lines: z.array(z.object({ sku: z.string(), quantity: z.int().optional() })),
      status: z.enum(['open', 'closed']),
      payment: z.union([z.object({ card: z.string() }), z.object({ iban: z.string() })]),
      kind: z.literal('order'),
    })
    const schema = responseFormat(Order).json_schema.schema
    expect(schema.properties.lines.items).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string' },
        quantity: {
          anyOf: [{ type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }, { type: 'null' }],
        },
      },
      required: ['sku', 'quantity'],
      additionalProperties: false,
    })
    expect(schema.properties.status).toEqual({ type: 'string', enum: ['open', 'closed'] })
    expect(schema.properties.payment.anyOf).toEqual([
      { type: 'object', properties: { card: { type: 'string' } }, required: ['card'], additionalProperties: false },
      { type: 'object', properties: { iban: { type: 'string' } }, required: ['iban'], additionalProperties: false },
    ])
    expect(schema.properties.kind).toEqual({ type: 'string', const: 'order' })
  })

  it('inlines $defs and definitions that are not recursive; oneOf is read as anyOf', () => {
    const Address = z.object({ street: z.string() }).meta({ id: 'Address' })
    const zodSchema = responseFormat(z.object({ home: Address, work: Address.optional() })).json_schema.schema
    const ADDRESS = {
      type: 'object',
      properties: { street: { type: 'string' } },
      required: ['street'],
      additionalProperties: false,
    }
    expect(zodSchema).toEqual({
      type: 'object',
      properties: { home: ADDRESS, work: { anyOf: [ADDRESS, { type: 'null' }] } },
      required: ['home', 'work'],
      additionalProperties: false,
    })
    const json = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/A' }, b: { oneOf: [{ $ref: '#/$defs/A' }, { type: 'null' }] } },
      required: ['a', 'b'],
      $defs: { A: { type: 'object', properties: { x: { type: 'string' } } } },
    }
    const schema: StructuredSchema = {
      '~standard': {
        version: 1,
        vendor: 'hand',
        validate: (value) => ({ value }),
        jsonSchema: { input: () => json, output: () => json },
      },
    }
    const A = {
      type: 'object',
      properties: { x: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      required: ['x'],
      additionalProperties: false,
    }
    expect(responseFormat(schema).json_schema.schema).toEqual({
      type: 'object',
      properties: { a: A, b: { anyOf: [A, { type: 'null' }] } },
      required: ['a', 'b'],
      additionalProperties: false,
    })
  })

  it('refuses a recursive schema (zod and valibot), naming why', () => {
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({
      name: z.string(),
      get children() {
        return z.array(Node)
      },
    })
    expect(() => responseFormat(Node as never)).toThrow(
      new TypeError(
        'responseFormat: cannot make the schema strict: it is recursive ($ref #); pass { strict: false } to send it as is',
      ),
    )
    const ValibotNode: v.GenericSchema<{ name: string; children: unknown[] }> = v.object({
      name: v.string(),
      children: v.array(v.lazy(() => ValibotNode)),
    })
    expect(() => responseFormat(toStandardJsonSchema(ValibotNode))).toThrow(
      /cannot make the schema strict: it is recursive \(\$ref #\/\$defs\/0\)/,
    )
    expect(responseFormat(toStandardJsonSchema(ValibotNode), { strict: false }).json_schema.strict).toBe(false)
  })

  it('refuses a record, a non-object root and a $ref outside $defs', () => {
    expect(() => responseFormat(z.object({ scores: z.record(z.string(), z.number()) }))).toThrow(
      /cannot make the schema strict: a record;/,
    )
    expect(() => responseFormat(z.array(z.string()))).toThrow(
      /cannot make the schema strict: the root is array, not an object;/,
    )
    const json = { type: 'object', properties: { a: { $ref: 'https://example.com/a.json' } } }
    expect(() =>
      responseFormat({
        '~standard': { version: 1, vendor: 'hand', jsonSchema: { input: () => json, output: () => json } },
      }),
    ).toThrow(/\$ref https:\/\/example.com\/a.json is not in \$defs/)
  })

  it('a schema without ~standard.jsonSchema: a TypeError saying what is needed', () => {
    expect(() => responseFormat(v.object({ a: v.string() }) as never)).toThrow(
      new TypeError(
        'responseFormat: the schema has no ~standard.jsonSchema (wrap a valibot schema with toStandardJsonSchema)',
      ),
    )
  })
})

describe('chatParse', () => {
  const messages = [{ role: 'user' as const, content: 'I read Dune by Frank Herbert, a 1965 novel.' }]
  const book = { title: 'Dune', year: 1965, tags: ['novel'], author: { name: 'Frank Herbert', born: 1920 } }

  it('sends response_format: responseFormat(schema) and sets message.parsed from valibot', async () => {
    answers = [completion(JSON.stringify(book))]
    const response = await chatParse(loopback(), {
      model: 'mistral-small-latest',
      messages,
      response_format: ValibotBook,
      temperature: 0,
    })
    expect(recorded).toEqual([
      {
        path: '/v1/chat/completions',
        body: { model: 'mistral-small-latest', messages, temperature: 0, response_format: responseFormat(ValibotBook) },
      },
    ])
    expect(recorded[0]?.body.response_format.json_schema.strict).toBe(true)
    expect(response.choices[0]?.message.parsed).toEqual(book)
    expect(response.choices[0]?.message.content).toBe(JSON.stringify(book))
    expect(response.usage?.total_tokens).toBe(10)
  })

  it('parsed is not enumerable: the message goes back on the wire without it', async () => {
    answers = [completion(JSON.stringify(book))]
    const { choices } = await chatParse(loopback(), {
      model: 'mistral-small-latest',
      messages,
      response_format: ZodBook,
    })
    const message = choices[0]!.message
    expect(message.parsed).toEqual(book)
    expect(Object.keys(message)).toEqual(['role', 'content', 'tool_calls'])
    expect(JSON.parse(JSON.stringify(message))).toEqual({
      role: 'assistant',
      content: JSON.stringify(book),
      tool_calls: null,
    })
  })

  it('a null for an optional field (strict) is removed before validating; every choice is parsed; text parts are read', async () => {
    answers = [
      completion('{"name":"Ada","nickname":null}', [
        { type: 'text', text: '{"name":"Grace",' },
        { type: 'text', text: '"nickname":"Amazing"}' },
      ]),
    ]
    const { choices } = await chatParse(loopback(), {
      model: 'mistral-small-latest',
      messages,
      response_format: Person,
      n: 2,
    })
    expect(choices.map((choice) => choice.message.parsed)).toEqual([
      { name: 'Ada' },
      { name: 'Grace', nickname: 'Amazing' },
    ])
    const zod = await ((answers = [
      completion('{"title":"Dune","year":null,"tags":[],"author":{"name":"F","born":null}}'),
    ]),
    chatParse(loopback(), { model: 'm', messages, response_format: ZodBook }))
    expect(zod.choices[0]?.message.parsed).toEqual({ title: 'Dune', tags: [], author: { name: 'F', born: null } })
  })

  it('awaits an async validate, and its output (a transform) is what parsed holds', async () => {
    answers = [completion('{"pages":"412"}')]
    const Pages = z.object({ pages: z.string().transform(async (text) => Number(text)) })
    const { choices } = await chatParse(loopback(), { model: 'm', messages, response_format: Pages })
    expect(choices[0]?.message.parsed).toEqual({ pages: 412 })
  })

  it('content that is not JSON: ResponseValidationError with the issue and the raw text', async () => {
    answers = [completion('{"title": "Du')]
    const error = await chatParse(loopback(), { model: 'm', messages, response_format: ValibotBook }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ResponseValidationError)
    const { message, issues, data } = error as ResponseValidationError
    expect(message).toMatch(/^chatParse: choices\[0\]\.message\.content is not JSON: /)
    expect(issues).toHaveLength(1)
    expect(issues[0]?.message).toMatch(/JSON/)
    expect(data).toBe('{"title": "Du')
  })

  it('a value the schema rejects: ResponseValidationError with the schema issues and the raw text', async () => {
    const text = '{"title":7,"tags":["poem"],"author":{"name":"F","born":null},"year":null}'
    answers = [completion(text)]
    const error = (await chatParse(loopback(), { model: 'm', messages, response_format: ZodBook }).catch(
      (caught: unknown) => caught,
    )) as ResponseValidationError
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error.data).toBe(text)
    expect(error.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ['title'], message: 'Invalid input: expected string, received number' },
      { path: ['tags', 0], message: 'Invalid option: expected one of "novel"|"essay"' },
    ])
    expect(error.message).toBe(
      'chatParse: choices[0].message.content does not match the schema: title: Invalid input: expected string, received number; tags.0: Invalid option: expected one of "novel"|"essay"',
    )
    answers = [completion('{"nickname":"x"}')]
    const handError = (await chatParse(loopback(), { model: 'm', messages, response_format: Person }).catch(
      (caught: unknown) => caught,
    )) as ResponseValidationError
    expect(handError.message).toBe(
      'chatParse: choices[0].message.content does not match the schema: name: expected { name: string, nickname?: string }',
    )
  })

  it('a schema that cannot be made strict throws before anything is sent', async () => {
    await expect(chatParse(loopback(), { model: 'm', messages, response_format: z.array(z.string()) })).rejects.toThrow(
      TypeError,
    )
    expect(recorded).toEqual([])
  })
})

describe('agentsParse and parseConversation', () => {
  it('agentsParse posts to /v1/agents/completions with the response_format and parses', async () => {
    answers = [completion('{"name":"Ada"}')]
    const request = { agent_id: 'ag_1', messages: [{ role: 'user' as const, content: 'Who?' }] }
    const { choices } = await agentsParse(loopback(), { ...request, response_format: Person })
    expect(recorded).toEqual([
      { path: '/v1/agents/completions', body: { ...request, response_format: responseFormat(Person) } },
    ])
    expect(choices[0]?.message.parsed).toEqual({ name: 'Ada' })
  })

  const conversation = (outputs: unknown[]) =>
    ({
      object: 'conversation.response',
      conversation_id: 'conv_1',
      outputs,
      usage: { total_tokens: 3 },
    }) as ConversationResponse

  it('parseConversation reads the last message.output entry (string or text parts)', async () => {
    const response = conversation([
      { type: 'message.output', role: 'assistant', content: '{"name":"Old"}' },
      { type: 'tool.execution', name: 'web_search' },
      {
        type: 'message.output',
        role: 'assistant',
        content: [
          { type: 'text', text: '{"name":"Ada",' },
          { type: 'tool_reference', tool: 'web_search', title: 't' },
          { type: 'text', text: '"nickname":null}' },
        ],
      },
    ])
    expect(await parseConversation(response, Person)).toEqual({ name: 'Ada' })
    expect(
      await parseConversation(
        conversation([
          { type: 'message.output', content: '{"title":"Dune","tags":["novel"],"author":{"name":"F","born":1920}}' },
        ]),
        ValibotBook,
      ),
    ).toEqual({
      title: 'Dune',
      tags: ['novel'],
      author: { name: 'F', born: 1920 },
    })
  })

  it('parseConversation: no message.output, or rejected text, is a ResponseValidationError', async () => {
    const empty = conversation([{ type: 'function.call', tool_call_id: 't', name: 'f', arguments: '{}' }])
    await expect(parseConversation(empty, Person)).rejects.toThrow(
      new ResponseValidationError('parseConversation: the response has no message.output entry', [], empty),
    )
    const error = (await parseConversation(conversation([{ type: 'message.output', content: '{}' }]), Person).catch(
      (caught: unknown) => caught,
    )) as ResponseValidationError
    expect([error.name, error.message, error.data]).toEqual([
      'ResponseValidationError',
      'parseConversation: outputs[0].content does not match the schema: name: expected { name: string, nickname?: string }',
      '{}',
    ])
  })
})
