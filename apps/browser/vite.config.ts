import { defineConfig } from 'vite'

// The app is served by the Worker (apps/worker/wrangler.jsonc points its assets at dist/), so it talks to /v1/ on
// its own origin. `pnpm dev` here serves it on 127.0.0.1:5173; set VITE_API_ORIGIN to the Worker's origin.
export default defineConfig({
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
})
