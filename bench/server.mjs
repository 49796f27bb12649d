// A loopback server for the benchmarks, run in its own process so its CPU does not count against a client:
// GET /v1/models (the mock's catalogue), POST /v1/chat/completions (JSON, or SSE when the body says stream: true;
// the model name `bench-<bytes>` sets the stream size). Prints its URL on stdout. Only binds 127.0.0.1.
import { createServer } from 'node:http'
import { createMockMistral } from '@mistral-edge/mock'
import { chatCompletion, sseBody } from './fixtures.mjs'

const models = await (
  await createMockMistral().fetch(new Request('http://mock/v1/models', { headers: { authorization: 'Bearer k' } }))
).text()
const streams = new Map()
const stream = (bytes) => {
  if (!streams.has(bytes)) streams.set(bytes, Buffer.from(sseBody(bytes).body))
  return streams.get(bytes)
}
// Built before listening, so no client pays for generating a body.
for (const bytes of [4096, 100_000, 20_000_000]) stream(bytes)
const headers = { 'mistral-correlation-id': '01a01a72-93c2-70b4-ac2f-3fc9c387049d' }

const server = createServer((request, response) => {
  let body = ''
  request.on('data', (data) => (body += data))
  request.on('end', () => {
    if (request.method === 'GET' && request.url?.startsWith('/v1/models')) {
      response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(models)
    } else if (request.method === 'POST' && request.url === '/v1/chat/completions') {
      const parsed = JSON.parse(body || '{}')
      if (parsed.stream) {
        const bytes = stream(Number(/^bench-(\d+)$/.exec(parsed.model)?.[1] ?? 4096))
        response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8' })
        // 64 KiB writes, as a TCP stream from the API arrives: many events per read, events split across reads.
        let offset = 0
        const pump = () => {
          while (offset < bytes.length) {
            const piece = bytes.subarray(offset, offset + 65536)
            offset += piece.length
            if (!response.write(piece)) return void response.once('drain', pump)
          }
          response.end()
        }
        pump()
      } else response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(chatCompletion)
    } else
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"message":"no Route matched with those values"}')
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`))
setTimeout(() => process.exit(0), 30 * 60_000).unref() // never outlives a bench run
