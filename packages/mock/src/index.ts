import { audioRoutes } from './audio.js'
import { batchRoutes } from './batch.js'
import { betaAgentRoutes } from './beta-agents.js'
import { classifierRoutes } from './classifiers.js'
import { completionRoutes } from './completions.js'
import { conversationRoutes } from './conversations.js'
import { embeddingRoutes } from './embeddings.js'
import { faultApplies, parseFault, statusFault } from './faults.js'
import { fileRoutes } from './files.js'
import { fineTuningRoutes } from './fine-tuning.js'
import { detailError, matchPath, noRoute, type Route } from './http.js'
import { modelRoutes } from './models.js'
import { ocrRoutes } from './ocr.js'
import { createState, type MockOptions, type MockState } from './state.js'

export type { ModelCard } from './catalogue.js'
export type { Fault } from './faults.js'
export type { Handler, Route, RouteContext } from './http.js'
export type { FileRecord, JobRecord, MockOptions, MockState, StoredFile, StoredJob } from './state.js'

/** An in-memory Mistral API. */
export interface MockMistral {
  /** A standard fetch handler: `(request)` or `(url, init)`, callable unbound. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  /** The live state (models, files, fine-tuning jobs, counters), for assertions. */
  state: MockState
}

const routes: Route[] = [
  ...modelRoutes,
  ...embeddingRoutes,
  ...fileRoutes,
  ...fineTuningRoutes,
  ...completionRoutes,
  ...ocrRoutes,
  ...classifierRoutes,
  ...audioRoutes,
  ...batchRoutes,
  ...betaAgentRoutes,
  ...conversationRoutes,
]

/**
 * Creates a faithful in-memory Mistral API with its own state.
 *
 * @param options - `apiKey` to require, `seed`, `models` to replace the catalogue.
 * @returns `{ fetch, state }`; pass `fetch` to `createClient` or serve it with `mistral-mock`.
 * @example
 * ```ts
 * const mock = createMockMistral()
 * const client = createClient({ apiKey: 'test', fetch: mock.fetch })
 * ```
 */
export function createMockMistral(options: MockOptions = {}): MockMistral {
  const state = createState(options)
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && !init ? input : new Request(input, init)
    state.stats.requests++
    const url = new URL(request.url)
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders() })
    const auth = request.headers.get('authorization')
    const key = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : ''
    if (!key) return detailError(state, 401, 'Unauthorized')
    if (state.apiKey !== undefined && key !== state.apiKey) return detailError(state, 401, 'Invalid API Key')
    const header = request.headers.get('x-mock-fault')
    const fault = parseFault(header)
    if (fault?.status && header && faultApplies(state, header, fault))
      return statusFault(state, { ...fault, status: fault.status })
    for (const [method, pattern, handler] of routes) {
      const params = matchPath(pattern, url.pathname)
      if (params && method === request.method) return handler({ request, url, params, state })
    }
    return noRoute(state)
  }
  return { fetch, state }
}

function corsHeaders() {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, accept, x-mock-fault',
    'access-control-max-age': '600',
  }
}
