import { baseModels, fineTunedCard, type ModelCard } from './catalogue.js'
import { createRandom, type Random } from './random.js'

/** The mock's whole state: one object, so every handler is a plain function of it. */
export interface MockState {
  random: Random
  /** The key required, or `undefined` to accept any non-empty key. */
  apiKey: string | undefined
  /** Workspace id used as `owned_by` of fine-tuned models. */
  workspace: string
  models: Map<string, ModelCard>
  /** How many requests have carried each `x-mock-fault` value (for `times=`). */
  faultCounts: Map<string, number>
  /** Counters tests and load scripts read. */
  stats: { requests: number; cancelled: number }
  correlationId(): string
  /** Seconds since the epoch, advancing one per call from a fixed start (deterministic). */
  now(): number
}

/** Options of the mock. */
export interface MockOptions {
  /** Require exactly this key. Default: any non-empty key. */
  apiKey?: string
  /** Seed of every id, padding and vector. Default 1. */
  seed?: number
  /** Replace the model catalogue. */
  models?: ModelCard[]
}

/** Builds a fresh state with the catalogue and three fine-tuned models. */
export function createState(options: MockOptions = {}): MockState {
  const random = createRandom(options.seed ?? 1)
  let clock = 1_787_150_000
  const workspace = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`
  const state: MockState = {
    random,
    apiKey: options.apiKey,
    workspace,
    models: new Map(),
    faultCounts: new Map(),
    stats: { requests: 0, cancelled: 0 },
    correlationId: () => `019${random.hex(5)}-${random.hex(4)}-7${random.hex(3)}-${random.hex(4)}-${random.hex(12)}`,
    now: () => clock++,
  }
  const models = options.models ?? [
    ...baseModels(),
    ...['open-mistral-nemo', 'mistral-small-latest', 'ministral-8b-latest'].map((root, index) => {
      const short = root.replace(/-latest$/, '')
      const job = `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.hex(4)}-${random.hex(12)}`
      return fineTunedCard({
        id: `ft:${short}:${workspace.slice(0, 8)}:2025111${index}:${random.hex(8)}`,
        root: short, job, owned_by: workspace, created: 1_763_000_000 + index * 86_400,
        name: index === 0 ? 'support-triage' : null, description: index === 0 ? 'Routes support tickets' : null,
        archived: index === 2,
      })
    }),
  ]
  for (const model of models) state.models.set(model.id, structuredClone(model))
  return state
}
