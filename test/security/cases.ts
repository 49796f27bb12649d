// Requests that try to make the Worker call another host, climb out of a path parameter, or inject a header, with
// what the configured upstream must receive for each (nothing, or one request with the parameter percent-encoded).
// Run through `wrangler dev` (key.test.ts) and through miniflare with every outbound request intercepted
// (outbound.test.ts).

/** One attempt. */
export interface SmugglingCase {
  /** The request target, sent byte for byte. */
  target: string
  /** What it tries. */
  attempt: string
  /** The request targets the upstream must receive: none, or the parameter encoded. */
  forwarded: string[]
  /** The status the caller gets; `refused` is any 4xx or 5xx without an upstream call (workerd's own refusal). */
  status: number | 'refused'
}

/** The attempts. */
export const smugglingCases: readonly SmugglingCase[] = [
  {
    target: '/v1/models/a%2F..%2Fb',
    attempt: 'an encoded ../ inside the id',
    forwarded: ['/v1/models/a%2F..%2Fb'],
    status: 404,
  },
  {
    target: '/v1/models/..%2Fchat%2Fcompletions',
    attempt: 'an id that climbs to another route',
    forwarded: ['/v1/models/..%2Fchat%2Fcompletions'],
    status: 404,
  },
  { target: '/v1/models/%2E%2E', attempt: 'an encoded .. as the id', forwarded: [], status: 404 },
  { target: '/v1/models/%2e.', attempt: 'a half-encoded .. as the id', forwarded: [], status: 404 },
  { target: '/v1/models/..', attempt: 'a bare .. as the id', forwarded: [], status: 404 },
  { target: '/v1/models/a\\..\\..\\files', attempt: 'backslashes that climb to /v1/files', forwarded: [], status: 404 },
  { target: '//evil.example/v1/models', attempt: 'a network-path reference', forwarded: [], status: 404 },
  {
    target: 'http://evil.example/v1/models',
    attempt: 'an absolute-form request target',
    forwarded: [],
    status: 'refused',
  },
  {
    target: '/v1/models/%2F%2Fevil.example%2Fx',
    attempt: 'an id that is a network-path reference',
    forwarded: ['/v1/models/%2F%2Fevil.example%2Fx'],
    status: 404,
  },
  {
    target: '/v1/models/http:%2F%2Fevil.example',
    attempt: 'an id that is an absolute URL',
    forwarded: ['/v1/models/http%3A%2F%2Fevil.example'],
    status: 404,
  },
  {
    target: '/v1/models/@evil.example',
    attempt: 'an id that looks like userinfo',
    forwarded: ['/v1/models/%40evil.example'],
    status: 404,
  },
  {
    target: '/v1/models/%252F%252Fevil',
    attempt: 'a double-encoded id, decoded once only',
    forwarded: ['/v1/models/%252F%252Fevil'],
    status: 404,
  },
  {
    target: '/v1/models/x%0D%0AX-Injected:%20yes',
    attempt: 'encoded CR/LF to inject a header',
    forwarded: ['/v1/models/x%0D%0AX-Injected%3A%20yes'],
    status: 404,
  },
  {
    target: '/v1/models/a%3Fb%3Dc%23d',
    attempt: 'an encoded ? and # inside the id',
    forwarded: ['/v1/models/a%3Fb%3Dc%23d'],
    status: 404,
  },
  {
    target: '/v1/models/a?b#c',
    attempt: 'a raw ? and #: query and fragment are not the id',
    forwarded: ['/v1/models/a'],
    status: 404,
  },
  { target: '/v1/models/%00', attempt: 'a NUL byte as the id', forwarded: ['/v1/models/%00'], status: 404 },
  {
    target: '/v1/models?provider=x%26model%3Dy',
    attempt: 'a query value that adds a parameter',
    forwarded: ['/v1/models?provider=x%26model%3Dy'],
    status: 200,
  },
]

/** Requests the guards refuse before any upstream call: outside the allowlist. */
export const unroutedTargets: readonly (readonly [method: string, target: string])[] = [
  ['GET', '/v1//models'],
  ['GET', '/v1/models/'],
  ['GET', '/v1/models/mistral-small-latest/extra'],
  ['POST', '/v1/chat/completions/'],
  ['PATCH', '/v1/fine_tuning/models/ft:x'],
  ['POST', '/v1/fine_tuning/models/ft:x/archive'],
  ['GET', '/v1/files/file-1/content'],
  ['DELETE', '/v1/models/mistral-small-latest'],
  ['PUT', '/v1/embeddings'],
]
