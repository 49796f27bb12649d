import { expectTypeOf, test } from 'vitest'
import type { FIMCompletionRequest } from './schemas.js'

test('a FIM request takes readonly stop strings; numbers carry no range in their type', () => {
  const stop: readonly string[] = ['\n\n']
  expectTypeOf({ model: 'codestral-latest', prompt: 'def', stop, temperature: 0.2 }).toExtend<FIMCompletionRequest>()
  expectTypeOf<FIMCompletionRequest['max_tokens']>().toEqualTypeOf<number | null | undefined>()
})
