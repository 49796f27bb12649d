import { expectTypeOf, test } from 'vitest'
import type { ModelCard } from './schemas.js'

declare const card: ModelCard

test('a model card may lack capabilities; type is open', () => {
  expectTypeOf(card.capabilities?.vision).toEqualTypeOf<boolean | null | undefined>()
  expectTypeOf<'base' | 'fine-tuned' | 'distilled'>().toExtend<NonNullable<ModelCard['type']>>()
  expectTypeOf(card.id).toEqualTypeOf<string>()
})
