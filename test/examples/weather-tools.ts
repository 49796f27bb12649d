import { type Client, runTools, tool } from '@mistral-edge/client'
import { toStandardJsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'

/** A made-up weather service: the tool's `execute` would call a real API with `signal`. */
const TEMPERATURES: Record<string, number> = { paris: 21, lyon: 18, marseille: 25 }

const weather = tool({
  name: 'weather',
  description: 'Current temperature of a city, in °C or °F',
  parameters: toStandardJsonSchema(v.object({ city: v.string(), unit: v.optional(v.picklist(['C', 'F'])) })),
  execute: async ({ city, unit = 'C' }, { signal }) => {
    signal.throwIfAborted()
    const celsius = TEMPERATURES[city.toLowerCase()]
    if (celsius === undefined) throw new Error(`no station in ${city}`)
    return { city, unit, temperature: unit === 'C' ? celsius : Math.round((celsius * 9) / 5 + 32) }
  },
})

/**
 * Asks `question` with the weather tool: the model calls it (several cities at once run concurrently), reads the
 * results, and answers. Returns the answer, the tools called at each step, and the whole exchange.
 */
export async function weatherTools(client: Client, question: string, signal?: AbortSignal) {
  const calls: string[][] = []
  const { response, messages } = await runTools(
    client,
    { model: 'mistral-small-latest', messages: [{ role: 'user', content: question }] },
    {
      tools: [weather],
      maxSteps: 4,
      signal,
      onStep: ({ toolResults }) =>
        void calls.push(toolResults.map(({ message }) => `${message.name}: ${message.content}`)),
    },
  )
  return { answer: response.choices[0]?.message.content, calls, messages }
}
