import { chatStream, createClient, SDKError, toReadableStream } from '@mistral-edge/client'

export default {
  async fetch(request: Request, env: { MISTRAL_API_KEY: string }): Promise<Response> {
    const client = createClient({ apiKey: env.MISTRAL_API_KEY })
    const { messages } = (await request.json()) as { messages: { role: 'user'; content: string }[] }
    try {
      // request.signal: when the browser goes away, the call to Mistral is aborted too.
      const stream = await chatStream(client, { model: 'mistral-small-latest', messages }, { signal: request.signal })
      return new Response(toReadableStream(stream), { headers: { 'content-type': 'text/event-stream' } })
    } catch (error) {
      if (error instanceof SDKError) return new Response(error.body, { status: error.status })
      throw error
    }
  },
}
