import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { accumulateConversation } from './conversations/accumulate-conversation.js'
import { HTTPValidationError } from './errors/http-validation-error.js'
import { Mistral } from './sdk.js'
import { accumulateChunks } from './streaming/accumulate-chunks.js'

/** The mock, wrapped to record `METHOD path?query` of every request. */
function recordedMock() {
  const mock = createMockMistral()
  const seen: string[] = []
  // The client calls `fetch(url, init)`; the proxy prefix is dropped before the mock routes the path.
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input))
    seen.push(`${init?.method ?? 'GET'} ${url.origin}${url.pathname}${url.search}`)
    return mock.fetch(String(input).replace('/base/', '/'), init)
  }
  return { mock, seen, fetch }
}

const JSONL = '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n'

describe('Mistral facade', () => {
  it('takes serverURL and baseURL as synonyms, serverURL winning', () => {
    expect(new Mistral({ serverURL: 'https://proxy.example/a/' }).client.baseURL).toBe('https://proxy.example/a')
    expect(new Mistral({ baseURL: 'https://proxy.example/b' }).client.baseURL).toBe('https://proxy.example/b')
    expect(new Mistral({ baseURL: 'https://b.example', serverURL: 'https://s.example' }).client.baseURL).toBe(
      'https://s.example',
    )
    expect(new Mistral().client.baseURL).toBe('https://api.mistral.ai')
    expect(JSON.stringify(new Mistral({ apiKey: 'do-not-print' }))).not.toContain('do-not-print')
  })

  it('maps every grouped method onto its endpoint, one call each', async () => {
    const { seen, fetch } = recordedMock()
    const mistral = new Mistral({
      apiKey: 'test-key',
      serverURL: 'https://proxy.example/base',
      fetch,
      retries: { strategy: 'none' },
    })
    const { data } = await mistral.models.list({ provider: 'mistralai' })
    expect(data.length).toBeGreaterThan(5)
    const fineTuned = (await mistral.models.list()).data.find((model) => model.type === 'fine-tuned' && !model.archived)
      ?.id as string
    expect((await mistral.models.retrieve({ model_id: 'mistral-small-latest' })).id).toBe('mistral-small-latest')
    expect((await mistral.models.update({ model_id: fineTuned, name: 'renamed' })).name).toBe('renamed')
    expect((await mistral.models.archive({ model_id: fineTuned })).archived).toBe(true)
    expect((await mistral.models.unarchive({ model_id: fineTuned })).archived).toBe(false)
    expect((await mistral.models.delete({ model_id: fineTuned })).deleted).toBe(true)

    const messages = [{ role: 'user' as const, content: 'Hello' }]
    expect((await mistral.chat.complete({ model: 'mistral-small-latest', messages })).object).toBe('chat.completion')
    expect(
      (await accumulateChunks(await mistral.chat.stream({ model: 'mistral-small-latest', messages }))).choices.length,
    ).toBe(1)
    expect((await mistral.fim.complete({ model: 'codestral-latest', prompt: 'def add(a, b):' })).choices.length).toBe(1)
    expect(
      (await accumulateChunks(await mistral.fim.stream({ model: 'codestral-latest', prompt: 'def' }))).choices.length,
    ).toBe(1)
    expect((await mistral.agents.complete({ agent_id: 'ag_1', messages })).choices.length).toBe(1)
    expect((await accumulateChunks(await mistral.agents.stream({ agent_id: 'ag_1', messages }))).choices.length).toBe(1)
    expect((await mistral.embeddings.create({ model: 'mistral-embed', input: 'x' })).data[0]?.index).toBe(0)

    const file = await mistral.files.upload({ file: new File([JSONL], 'train.jsonl'), purpose: 'fine-tune' })
    expect((await mistral.files.list({ purpose: 'fine-tune' })).total).toBe(1)
    expect((await mistral.files.retrieve({ file_id: file.id })).filename).toBe('train.jsonl')
    expect(await new Response(await mistral.files.download({ file_id: file.id })).text()).toBe(JSONL)
    expect((await mistral.files.getSignedUrl({ file_id: file.id, expiry: 3 })).url).toMatch(/^https:\/\//)

    const job = await mistral.fineTuning.jobs.create({
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 1 },
      auto_start: false,
    })
    if (job.object === 'job.metadata') throw new Error('expected a job')
    expect((await mistral.fineTuning.jobs.list()).total).toBe(1)
    expect((await mistral.fineTuning.jobs.get({ job_id: job.id })).status).toBe('VALIDATING')
    expect((await mistral.fineTuning.jobs.start({ job_id: job.id })).status).toBe('VALIDATING')
    const ids: string[] = []
    for await (const each of mistral.fineTuning.jobs.iterate({ page_size: 10 })) ids.push(each.id)
    expect(ids).toEqual([job.id])
    expect((await mistral.fineTuning.jobs.wait({ job_id: job.id }, { intervalMs: 0 })).status).toBe('SUCCESS')
    const other = await mistral.fineTuning.jobs.create({
      model: 'open-mistral-nemo',
      training_files: [{ file_id: file.id }],
      hyperparameters: {},
    })
    if (other.object === 'job.metadata') throw new Error('expected a job')
    expect((await mistral.fineTuning.jobs.cancel({ job_id: other.id })).status).toBe('CANCELLED')
    expect((await mistral.files.delete({ file_id: file.id })).deleted).toBe(true)

    const base = 'https://proxy.example/base'
    expect(
      seen
        .map((line) => line.replace(base, ''))
        .map((line) => line.replace(/[0-9a-f-]{36}/g, '{id}').replace(/ft%3A[^/?]+/, '{model}')),
    ).toEqual([
      'GET /v1/models?provider=mistralai',
      'GET /v1/models',
      'GET /v1/models/mistral-small-latest',
      'PATCH /v1/fine_tuning/models/{model}',
      'POST /v1/fine_tuning/models/{model}/archive',
      'DELETE /v1/fine_tuning/models/{model}/archive',
      'DELETE /v1/models/{model}',
      'POST /v1/chat/completions',
      'POST /v1/chat/completions',
      'POST /v1/fim/completions',
      'POST /v1/fim/completions',
      'POST /v1/agents/completions',
      'POST /v1/agents/completions',
      'POST /v1/embeddings',
      'POST /v1/files',
      'GET /v1/files?purpose=fine-tune',
      'GET /v1/files/{id}',
      'GET /v1/files/{id}/content',
      'GET /v1/files/{id}/url?expiry=3',
      'POST /v1/fine_tuning/jobs',
      'GET /v1/fine_tuning/jobs',
      'GET /v1/fine_tuning/jobs/{id}',
      'POST /v1/fine_tuning/jobs/{id}/start',
      'GET /v1/fine_tuning/jobs?page=0&page_size=10',
      'GET /v1/fine_tuning/jobs/{id}',
      'GET /v1/fine_tuning/jobs/{id}',
      'GET /v1/fine_tuning/jobs/{id}',
      'POST /v1/fine_tuning/jobs',
      'POST /v1/fine_tuning/jobs/{id}/cancel',
      'DELETE /v1/files/{id}',
    ])
  })

  it('maps the beta agents and conversations groups onto their endpoints, one call each', async () => {
    const { seen, fetch } = recordedMock()
    const mistral = new Mistral({
      apiKey: 'test-key',
      serverURL: 'https://proxy.example/base',
      fetch,
      retries: { strategy: 'none' },
    })
    const { agents, conversations } = mistral.beta
    const agent = await agents.create({ model: 'mistral-medium-latest', name: 'Simple Agent' })
    expect([agent.version, (await agents.list()).map((each) => each.id)]).toEqual([0, [agent.id]])
    expect((await agents.get({ agent_id: agent.id })).name).toBe('Simple Agent')
    expect((await agents.update({ agent_id: agent.id, description: 'v1' })).version).toBe(1)
    expect((await agents.updateVersion({ agent_id: agent.id, version: 0 })).version).toBe(0)
    expect((await agents.listVersions({ agent_id: agent.id })).map((each) => each.version)).toEqual([0, 1])
    expect((await agents.getVersion({ agent_id: agent.id, version: '1' })).description).toBe('v1')
    expect((await agents.createVersionAlias({ agent_id: agent.id, alias: 'stable', version: 1 })).version).toBe(1)
    expect((await agents.listVersionAliases({ agent_id: agent.id })).map((each) => each.alias)).toEqual(['stable'])
    expect(await agents.deleteVersionAlias({ agent_id: agent.id, alias: 'stable' })).toBe(undefined)

    const started = await conversations.start({ agent_id: agent.id, inputs: 'Hello' })
    const id = started.conversation_id
    const streamed = await accumulateConversation(
      await conversations.startStream({ agent_id: agent.id, inputs: 'Hello' }),
    )
    expect(streamed.outputs.map((entry) => entry.type)).toEqual(['message.output'])
    expect((await conversations.append({ conversation_id: id, inputs: 'And then?' })).conversation_id).toBe(id)
    expect(
      (await accumulateConversation(await conversations.appendStream({ conversation_id: id, inputs: 'More' })))
        .conversation_id,
    ).toBe(id)
    const history = await conversations.getHistory({ conversation_id: id })
    const first = history.entries[0]?.id as string
    expect(
      (await conversations.restart({ conversation_id: id, from_entry_id: first, inputs: 'Again' })).conversation_id,
    ).not.toBe(id)
    expect(
      (
        await accumulateConversation(
          await conversations.restartStream({ conversation_id: id, from_entry_id: first, inputs: 'Again' }),
        )
      ).outputs,
    ).toHaveLength(1)
    expect((await conversations.list()).length).toBe(4)
    expect((await conversations.get({ conversation_id: id })).id).toBe(id)
    expect((await conversations.getMessages({ conversation_id: id })).messages.length).toBe(6)
    expect(await conversations.delete({ conversation_id: id })).toBe(undefined)
    expect(await agents.delete({ agent_id: agent.id })).toBe(undefined)

    const base = 'https://proxy.example/base'
    expect(
      seen.map((line) => line.replace(base, '').replace(agent.id, '{agent}').replace(id, '{conversation}')),
    ).toEqual([
      'POST /v1/agents',
      'GET /v1/agents',
      'GET /v1/agents/{agent}',
      'PATCH /v1/agents/{agent}',
      'PATCH /v1/agents/{agent}/version?version=0',
      'GET /v1/agents/{agent}/versions',
      'GET /v1/agents/{agent}/versions/1',
      'PUT /v1/agents/{agent}/aliases?alias=stable&version=1',
      'GET /v1/agents/{agent}/aliases',
      'DELETE /v1/agents/{agent}/aliases?alias=stable',
      'POST /v1/conversations',
      'POST /v1/conversations',
      'POST /v1/conversations/{conversation}',
      'POST /v1/conversations/{conversation}',
      'GET /v1/conversations/{conversation}/history',
      'POST /v1/conversations/{conversation}/restart',
      'POST /v1/conversations/{conversation}/restart',
      'GET /v1/conversations',
      'GET /v1/conversations/{conversation}',
      'GET /v1/conversations/{conversation}/messages',
      'DELETE /v1/conversations/{conversation}',
      'DELETE /v1/agents/{agent}',
    ])
  })

  it('validates like the functions (v2: nothing by default): the request goes out as given and the server judges it', async () => {
    const { seen, fetch } = recordedMock()
    const mistral = new Mistral({ apiKey: 'test-key', fetch, retries: { strategy: 'none' } })
    const error = await mistral.fineTuning.jobs
      .create({ model: 'open-mistral-nemo', hyperparameters: { learning_rate: 5 } })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HTTPValidationError)
    expect((error as HTTPValidationError).status).toBe(422)
    expect(seen).toEqual(['POST https://api.mistral.ai/v1/fine_tuning/jobs'])
  })

  it('checks its settings like createClient', () => {
    expect(() => new Mistral({ timeoutMs: -1 })).toThrow(
      new TypeError('createClient: timeoutMs must be a number >= 0, got -1'),
    )
  })
})
