import type { Settings } from './settings.js'

/** Host names of this machine: only a local dev server (`wrangler dev`, `pnpm start`) is reached under them. */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/**
 * The first 64 bits of an IPv6 address (`2001:db8:0:1::/64`): one subscriber usually holds a whole /64, so counting
 * its addresses apart would give it 2^64 budgets.
 *
 * @param address - an IPv6 address, `::` and an IPv4 tail allowed.
 * @returns the prefix, or the address as given when it does not parse.
 */
function ipv6Prefix(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::')
  const parts = (text: string | undefined) => (text ? text.split(':') : [])
  const left = parts(head)
  const right = parts(tail)
  // An IPv4 tail (::ffff:1.2.3.4) is two groups; only the first four groups count here.
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  const prefix = groups.slice(0, 4)
  if (prefix.length < 4 || !prefix.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return address
  return `${prefix.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`
}

/**
 * The caller's identity for the rate limit and the budget:
 * - on Cloudflare, `CF-Connecting-IP` (the edge sets it; a caller's own is replaced), IPv6 by its /64;
 * - on a local dev server (a loopback host name), one identity for everyone: `wrangler dev` passes a caller's own
 *   `CF-Connecting-IP` on, so it would let each request choose its bucket;
 * - in tests and load runs without a key only, the `TEST_CLIENT_HEADER` header, so one machine plays many clients.
 *
 * @param request - the incoming request.
 * @param settings - `testClientHeader`.
 * @param hasKey - whether a real key is set (the test header is then ignored).
 * @returns e.g. `ip:203.0.113.7`, `ip:2001:db8:0:1::/64`, `local`.
 */
export function clientIdentity(request: Request, settings: Settings, hasKey: boolean): string {
  if (settings.testClientHeader && !hasKey) {
    const value = request.headers.get(settings.testClientHeader)
    if (value) return `test:${value}`
  }
  if (LOOPBACK.test(new URL(request.url).hostname)) return 'local'
  const address = request.headers.get('cf-connecting-ip')?.trim()
  if (!address) return 'unknown'
  // An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is its IPv4 address.
  if (address.includes('.')) return `ip:${address.slice(address.lastIndexOf(':') + 1)}`
  return `ip:${address.includes(':') ? ipv6Prefix(address) : address}`
}
