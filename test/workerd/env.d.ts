// Types the Worker's main module for `exports` from "cloudflare:workers" (what `wrangler types` would generate).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../apps/worker/src/index.js')
  }
}
