import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { createClient, type FetchFunction } from '../core/client.js'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { accumulateChunks } from '../streaming/accumulate-chunks.js'
import { recordingFetch } from '../test-support.js'
import { withValidation } from '../validation.js'
import { agentsComplete } from './agents-complete.js'
import { agentsStream } from './agents-stream.js'
import type { AgentsCompletionRequest } from './schemas.js'

const request: AgentsCompletionRequest = {
  agent_id: 'ag_0123456789',
  messages: [{ role: 'user', content: 'Plan my day' }],
  max_tokens: 5,
}

describe('agentsStream and agentsComplete', () => {
  it('agentsStream POSTs /v1/agents/completions with stream: true and Accept text/event-stream', async () => {
    const sent: Request[] = []
    const mock = createMockMistral()
    const fetch: FetchFunction = async (input, init) => {
      const wire = new Request(input, init)
      sent.push(wire.clone())
      return mock.fetch(wire)
    }
    const final = await accumulateChunks(await agentsStream(createClient({ apiKey: 'k', fetch }), request))
    expect([sent[0]?.method, sent[0]?.url, sent[0]?.headers.get('accept')]).toEqual([
      'POST',
      'https://api.mistral.ai/v1/agents/completions',
      'text/event-stream',
    ])
    expect(await sent[0]?.text()).toBe(JSON.stringify({ ...request, stream: true }))
    expect(final.model).toBe('mistral-medium-latest')
    expect(final.choices[0]?.finish_reason).toBe('length')
    expect((final.choices[0]!.message.content as string).split(' ')).toHaveLength(5)
    const whole = await agentsComplete(createClient({ apiKey: 'k', fetch: createMockMistral().fetch }), request)
    expect(whole.choices[0]?.message.content).toBe(final.choices[0]?.message.content)
    expect(whole.usage).toEqual(final.usage)
  })

  for (const [name, input, field] of [
    ['no agent_id', { messages: request.messages }, 'agent_id'],
    ['agent_id not a string', { agent_id: 7, messages: request.messages }, 'agent_id'],
    ['messages not a list', { agent_id: 'ag_1', messages: 'hi' }, 'messages'],
    [
      'tool message content missing',
      { agent_id: 'ag_1', messages: [{ role: 'tool', tool_call_id: 'x' }] },
      'messages.0.content',
    ],
  ] as const) {
    it(`withValidation rejects ${name} naming ${field} and sends nothing; a plain client sends it`, async () => {
      const { fetch, bodies } = recordingFetch('{}')
      const client = withValidation(createClient({ apiKey: 'k', fetch }))
      for (const call of [agentsStream, agentsComplete]) {
        const error = await call(client, input as unknown as AgentsCompletionRequest).catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(InvalidRequestError)
        expect((error as InvalidRequestError).message).toMatch(
          new RegExp(`^Invalid request: ${field.replaceAll('.', '\\.')}: `),
        )
      }
      expect(bodies).toHaveLength(0)
      await agentsComplete(createClient({ apiKey: 'k', fetch }), input as unknown as AgentsCompletionRequest)
      expect(bodies).toEqual([JSON.stringify(input)])
    })
  }

  it('withValidation sends unknown roles and enum values unchanged', async () => {
    const { fetch, bodies } = recordingFetch()
    const input = {
      ...request,
      messages: [{ role: 'developer', content: 'x' }, ...request.messages],
      reasoning_effort: 'max',
      tool_choice: 'sometimes',
    }
    await agentsComplete(
      withValidation(createClient({ apiKey: 'k', fetch })),
      input as unknown as AgentsCompletionRequest,
    )
    expect(bodies).toEqual([JSON.stringify(input)])
  })
})
