import { createClient, filesDownload, filesUpload, SDKError } from '@mistral-edge/client'
import { createMockMistral } from '@mistral-edge/mock'
import { describe, expect, it } from 'vitest'
import { batchJobsCancel } from '../../packages/client/src/batch/batch-jobs-cancel.js'
import { batchJobsCreate } from '../../packages/client/src/batch/batch-jobs-create.js'
import { batchJobsDelete } from '../../packages/client/src/batch/batch-jobs-delete.js'
import { batchJobsGet } from '../../packages/client/src/batch/batch-jobs-get.js'
import { batchJobsIterate } from '../../packages/client/src/batch/batch-jobs-iterate.js'
import { batchJobsList } from '../../packages/client/src/batch/batch-jobs-list.js'
import { batchJobsWait } from '../../packages/client/src/batch/batch-jobs-wait.js'
import type { BatchRequest, BatchResult } from '../../packages/client/src/batch/schemas.js'
import type { ChatCompletionResponse } from '../../packages/client/src/chat/schemas.js'

const questions = ['What is the capital of France?', 'What is 2 + 2?', 'Name the largest planet.']
const lines: BatchRequest[] = questions.map((content, index) => ({
  custom_id: `question-${index}`,
  body: { max_tokens: 64, messages: [{ role: 'user', content }] },
}))
const JSONL = `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`

const setup = () => {
  const mock = createMockMistral({ seed: 11 })
  return { mock, client: createClient({ apiKey: 'lifecycle-key', fetch: mock.fetch, retries: { strategy: 'none' } }) }
}

describe('batch lifecycle through the client against the mock', () => {
  it('upload -> create -> wait -> download one chat completion per request', async () => {
    const { client } = setup()
    const input = await filesUpload(client, {
      file: new Blob([JSONL], { type: 'application/jsonl' }),
      filename: 'questions.jsonl',
      purpose: 'batch',
    })
    expect([input.purpose, input.sample_type, input.num_lines]).toEqual(['batch', 'batch_request', 3])

    const job = await batchJobsCreate(client, {
      input_files: [input.id],
      endpoint: '/v1/chat/completions',
      model: 'mistral-small-latest',
      metadata: { run: 'lifecycle' },
    })
    expect(job).toMatchObject({
      object: 'batch',
      status: 'QUEUED',
      input_files: [input.id],
      metadata: { run: 'lifecycle' },
      output_file: null,
      total_requests: 0,
    })

    // The create answer is QUEUED; each poll moves the job one status on, as the real API was recorded doing.
    const statuses = [job.status]
    const done = await batchJobsWait(
      client,
      { job_id: job.id },
      { intervalMs: 0, onUpdate: (update) => statuses.push(update.status) },
    )
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'SUCCESS'])
    expect(done).toMatchObject({
      status: 'SUCCESS',
      total_requests: 3,
      completed_requests: 3,
      succeeded_requests: 3,
      failed_requests: 0,
      error_file: null,
      errors: [],
    })
    expect(done.completed_at).toBeGreaterThan(done.started_at as number)

    const text = await new Response(await filesDownload(client, { file_id: done.output_file as string })).text()
    const results = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as BatchResult)
    expect(results).toHaveLength(lines.length)
    expect(results.map((result) => result.custom_id)).toEqual(lines.map((line) => line.custom_id))
    for (const result of results) {
      expect(result.error).toBeNull()
      expect(result.id).toMatch(new RegExp(`^batch-${job.id.slice(0, 8)}-${input.id.slice(0, 8)}-\\d+$`))
      expect(result.response?.status_code).toBe(200)
      const completion = result.response?.body as ChatCompletionResponse
      expect(completion).toMatchObject({
        object: 'chat.completion',
        model: 'mistral-small-latest',
        choices: [{ index: 0, message: { role: 'assistant' } }],
      })
      expect(completion.choices[0]?.message.content).toEqual(expect.stringMatching(/\S/))
      expect(completion.usage?.prompt_tokens).toBeGreaterThan(0)
    }
    // The same job read with `inline: true` carries the same results.
    expect((await batchJobsGet(client, { job_id: job.id, inline: true })).outputs).toEqual(results)
  })

  it('iterates over several pages, filters by status, cancels and deletes', async () => {
    const { client } = setup()
    const created: string[] = []
    for (let index = 0; index < 5; index++) {
      created.push(
        (
          await batchJobsCreate(client, {
            endpoint: '/v1/chat/completions',
            model: 'mistral-small-latest',
            requests: [lines[index % 3] as BatchRequest],
          })
        ).id,
      )
    }
    const seen: string[] = []
    for await (const job of batchJobsIterate(client, { page_size: 2 })) seen.push(job.id)
    expect(seen).toEqual([...created].reverse())
    const oldestFirst: string[] = []
    for await (const job of batchJobsIterate(client, { page_size: 2, page: 1, order_by: 'created' }))
      oldestFirst.push(job.id)
    expect(oldestFirst).toEqual(created.slice(2))

    const [first, second] = created as [string, string]
    expect((await batchJobsCancel(client, { job_id: first })).status).toBe('CANCELLATION_REQUESTED')
    expect((await batchJobsWait(client, { job_id: first }, { intervalMs: 0 })).status).toBe('CANCELLED')
    await batchJobsGet(client, { job_id: second })
    const page = await batchJobsList(client, { status: ['CANCELLED', 'RUNNING'] })
    expect([page.total, page.data.map((job) => [job.id, job.status])]).toEqual([
      2,
      [
        [second, 'RUNNING'],
        [first, 'CANCELLED'],
      ],
    ])

    expect(await batchJobsDelete(client, { job_id: first })).toEqual({ id: first, object: 'batch', deleted: true })
    const gone = await batchJobsGet(client, { job_id: first }).catch((caught: unknown) => caught)
    expect(gone).toBeInstanceOf(SDKError)
    expect((gone as SDKError).status).toBe(404)
    const rest: string[] = []
    for await (const job of batchJobsIterate(client, { page_size: 3 })) rest.push(job.id)
    expect(rest).toEqual(created.slice(1).reverse())
  })
})
