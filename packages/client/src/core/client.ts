import type { RetryConfig } from './retry.js'

/** A `fetch`-compatible function: `(input, init) => Promise<Response>`. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Options of {@link createClient}. Every field is optional. */
export interface ClientOptions {
  /** Sent as `Authorization: Bearer <key>`; a function is called once per request (rotating keys). Omit behind a proxy. */
  apiKey?: string | (() => string | Promise<string>) | undefined
  /** Default `https://api.mistral.ai`. A path prefix is kept; a trailing slash is tolerated. */
  baseURL?: string | undefined
  /** Default `globalThis.fetch`, read at call time and called unbound. */
  fetch?: FetchFunction | undefined
  /** Extra headers for every request. */
  headers?: HeadersInit | undefined
  /** Default retry behaviour (see {@link RetryConfig}). */
  retries?: RetryConfig | undefined
  /** Per-attempt limit until the full body (or a stream's headers). Default 600000. */
  timeoutMs?: number | undefined
  /** Longest gap between two stream chunks. Default 60000. */
  idleTimeoutMs?: number | undefined
  /** Local validation of requests and responses; both default `true`. */
  validate?: { request?: boolean; response?: boolean } | undefined
}

/** A configured client: a plain frozen object passed as the first argument of every endpoint function. */
export interface Client extends Readonly<Omit<ClientOptions, 'baseURL'>> {
  /** The base URL without trailing slashes. */
  readonly baseURL: string
}

/** Options every endpoint function takes as its last argument. */
export interface RequestOptions {
  /** Aborts the request (and a stream's body); rejects with `RequestAbortedError`. */
  signal?: AbortSignal | undefined
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number | undefined
  /** Overrides the client's stream idle timeout. */
  idleTimeoutMs?: number | undefined
  /** Overrides the client's retry behaviour. */
  retries?: RetryConfig | undefined
  /** Extra headers for this request; they win over the client's. */
  headers?: HeadersInit | undefined
}

/**
 * Creates a client. It does no I/O; the result is a frozen plain object.
 *
 * @param options - key, base URL, fetch, headers, retries, timeouts, validation.
 * @returns the client to pass to endpoint functions.
 * @example
 * ```ts
 * const client = createClient({ apiKey: process.env.MISTRAL_API_KEY })
 * const { data } = await modelsList(client)
 * ```
 */
export function createClient(options: ClientOptions = {}): Client {
  const { apiKey, ...rest } = options
  const client = { ...rest, baseURL: (options.baseURL ?? 'https://api.mistral.ai').replace(/\/+$/, '') }
  // Not enumerable, so logging or serialising the client never shows the key.
  Object.defineProperty(client, 'apiKey', { value: apiKey, enumerable: false })
  return Object.freeze(client)
}
