import { createWorker } from './worker.js'

/** The daily token budgets (wrangler.jsonc: `durable_objects` and `migrations`). */
export { TokenBudget } from './token-budget.js'

/** The deployed Worker (see wrangler.jsonc): the app's assets, and the Mistral proxy under /v1/. */
export default createWorker()
