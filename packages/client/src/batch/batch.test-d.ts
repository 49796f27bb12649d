import { expectTypeOf, test } from 'vitest'
import type { ChatCompletionRequest } from '../chat/schemas.js'
import type {
  BatchJobIn,
  BatchJobOut,
  BatchJobStatus,
  BatchJobsListRequest,
  BatchRequest,
  BatchResult,
} from './schemas.js'

test('statuses and endpoints are open', () => {
  expectTypeOf<'QUEUED' | 'CANCELLATION_REQUESTED' | 'PAUSED'>().toExtend<BatchJobStatus>()
  expectTypeOf<'/v1/chat/completions' | '/v2/next'>().toExtend<BatchJobOut['endpoint']>()
})

test('a chat request is a batch request body; requests and filters take readonly arrays', () => {
  const chat: Omit<ChatCompletionRequest, 'model'> = { messages: [{ role: 'user', content: 'Hi' }] }
  const requests = [{ custom_id: '0', body: chat }] as const
  expectTypeOf(requests[0]).toExtend<BatchRequest>()
  expectTypeOf({
    endpoint: '/v1/chat/completions',
    requests,
    input_files: ['f'] as readonly string[],
  }).toExtend<BatchJobIn>()
  expectTypeOf({ status: ['QUEUED', 'RUNNING'] as const, metadata: { team: 'a' } }).toExtend<BatchJobsListRequest>()
  expectTypeOf({ status: 'SUCCESS' as const }).toExtend<BatchJobsListRequest>()
})

test('outputs are batch results, whose response and error may be null', () => {
  expectTypeOf<NonNullable<BatchJobOut['outputs']>[number]>().toEqualTypeOf<BatchResult>()
  expectTypeOf<BatchResult['response']>().toExtend<
    { status_code?: number | null | undefined; body?: { [key: string]: unknown } | null | undefined } | null | undefined
  >()
})
