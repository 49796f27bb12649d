import { expectTypeOf, test } from 'vitest'
import type { ChatCompletionResponse, Message } from '../chat/schemas.js'
import type {
  ChatClassificationRequest,
  ChatModerationRequest,
  ClassificationRequest,
  ClassificationResponse,
  ModerationObject,
  ModerationResponse,
} from './schemas.js'

test('text input is one string, an array or a readonly array', () => {
  expectTypeOf({ model: 'mistral-moderation-latest', input: 'x' }).toExtend<ClassificationRequest>()
  expectTypeOf({ model: 'mistral-moderation-latest', input: ['a', 'b'] as const }).toExtend<ClassificationRequest>()
  expectTypeOf({ model: 'mistral-moderation-latest', input: 42 }).not.toExtend<ClassificationRequest>()
})

test('chat input takes the chat messages, and a completion message round-trips into it', () => {
  const messages: Message[] = [{ role: 'user', content: 'Hi' }]
  const completion = {} as ChatCompletionResponse
  const reply = completion.choices[0]?.message
  if (!reply) return
  expectTypeOf({ model: 'm', input: [...messages, reply] }).toExtend<ChatModerationRequest>()
  expectTypeOf({ model: 'm', input: [messages, [reply]] as const }).toExtend<ChatModerationRequest>()
  expectTypeOf({ model: 'm', input: { messages: [...messages, reply] } }).toExtend<ChatClassificationRequest>()
  expectTypeOf({ model: 'm', input: [{ messages }] }).toExtend<ChatClassificationRequest>()
  expectTypeOf({ model: 'm', input: messages }).not.toExtend<ChatClassificationRequest>()
})

test('categories: the known ones autocomplete, any other name has the same type', () => {
  expectTypeOf<ModerationObject['categories']['violence_and_threats']>().toEqualTypeOf<boolean | undefined>()
  expectTypeOf<ModerationObject['category_scores']['pii']>().toEqualTypeOf<number | undefined>()
  expectTypeOf<ModerationObject['categories']['jailbreaking']>().toEqualTypeOf<boolean>()
  expectTypeOf<ModerationResponse['results']>().toEqualTypeOf<ModerationObject[]>()
  expectTypeOf<ModerationResponse['id']>().toEqualTypeOf<string>()
})

test('classification results are keyed by target, then label', () => {
  expectTypeOf<ClassificationResponse['results'][number]['intent']>().toEqualTypeOf<
    { scores: { [label: string]: number } } & { [key: string]: unknown }
  >()
})
