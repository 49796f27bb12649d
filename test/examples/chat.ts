import { type Client, chatStream, modelsList, textStream } from '@mistral-edge/client'

/** Lists the models, then streams an answer to `question`, handing each piece of text to `onText` as it arrives. */
export async function chat(client: Client, question: string, onText: (text: string) => void) {
  const { data } = await modelsList(client)
  const model = data.find((card) => card.id === 'mistral-small-latest')?.id ?? data[0]?.id ?? 'mistral-small-latest'
  const stream = await chatStream(client, { model, messages: [{ role: 'user', content: question }] })
  for await (const text of textStream(stream)) onText(text)
  return { models: data.map((card) => card.id), model }
}
