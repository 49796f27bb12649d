import type { RetryConfig } from './retry.js'

/** A `fetch`-compatible function: `(input, init) => Promise<Response>`. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/**
 * Checks data against the schema an endpoint registered, and throws `InvalidRequestError` (kind `request`) or
 * `ResponseValidationError` (kind `response`: a 2xx body, or one event of a stream). Installed by `withValidation`.
 */
export type Validator = (endpoint: string, kind: 'request' | 'response', data: unknown) => void

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
  /** Per-attempt limit in ms until the full body (or a stream's headers). Default 600000; `0` or `Infinity`: none. */
  timeoutMs?: number | undefined
  /** Longest gap in ms between two stream chunks. Default 60000; `0` or `Infinity`: none. */
  idleTimeoutMs?: number | undefined
}

/** A configured client: a plain frozen object passed as the first argument of every endpoint function. */
export interface Client extends Readonly<Omit<ClientOptions, 'baseURL'>> {
  /** The base URL without trailing slashes. */
  readonly baseURL: string
  /** Set by `withValidation`; absent on a plain client, which validates nothing. */
  readonly validator?: Validator | undefined
}

/** Options every endpoint function takes as its last argument. */
export interface RequestOptions {
  /** Aborts the request (and a stream's body); rejects with `RequestAbortedError`. */
  signal?: AbortSignal | undefined
  /** Overrides the client's per-attempt timeout (`0` or `Infinity`: none). */
  timeoutMs?: number | undefined
  /** Overrides the client's stream idle timeout (`0` or `Infinity`: none). */
  idleTimeoutMs?: number | undefined
  /** Overrides the client's retry behaviour. */
  retries?: RetryConfig | undefined
  /** Extra headers for this request; they win over the client's. */
  headers?: HeadersInit | undefined
}

/**
 * Throws a `TypeError` naming the setting when a timeout or retry setting is unusable, so a typo never silently turns
 * a timeout off or retries in a tight loop. Timeouts are numbers >= 0 (`0` and `Infinity`: none); retry numbers are
 * finite and >= 0; the strategy is `'none'` or `'backoff'`.
 *
 * @param where - `createClient` or the endpoint's name, for the message.
 * @param options - the client's or the call's options.
 */
export function checkSettings(where: string, options: RequestOptions): void {
  const { timeoutMs, idleTimeoutMs, retries } = options
  const { strategy, maxRetries, backoff } = (retries ?? {}) as Record<string, any>
  // An unknown strategy is shown quoted, and as a string it fails the number check below.
  const settings: Record<string, unknown> = {
    timeoutMs,
    idleTimeoutMs,
    'retries.maxRetries': maxRetries,
    'retries.strategy': retries && strategy !== 'none' && strategy !== 'backoff' ? `'${strategy}'` : undefined,
  }
  for (const name in backoff) settings[`retries.backoff.${name}`] = backoff[name]
  for (const name in settings) {
    const value = settings[name]
    // Timeouts may be Infinity (none); a retry count or interval must be finite.
    const time = name.endsWith('Ms')
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && (time || value < Infinity))) {
      throw new TypeError(
        `${where}: ${name} must be ${name === 'retries.strategy' ? "'none' or 'backoff'" : `a ${time ? '' : 'finite '}number >= 0`}, got ${value}`,
      )
    }
  }
}

/**
 * Creates a client. It does no I/O; the result is a frozen plain object.
 *
 * @param options - key, base URL, fetch, headers, retries, timeouts.
 * @returns the client to pass to endpoint functions.
 * @throws `TypeError` when a setting is unusable (a negative or non-numeric timeout, an unknown retry strategy, a
 * retry number that is not finite and >= 0), naming the setting.
 * @example
 * ```ts
 * const client = createClient({ apiKey: process.env.MISTRAL_API_KEY })
 * const { data } = await modelsList(client)
 * ```
 */
export function createClient(options: ClientOptions = {}): Client {
  checkSettings('createClient', options)
  const client = { ...options, baseURL: (options.baseURL ?? 'https://api.mistral.ai').replace(/\/+$/, '') }
  // Not enumerable, so logging or serialising the client never shows the key.
  return Object.freeze(Object.defineProperty(client, 'apiKey', { value: options.apiKey, enumerable: false }))
}
