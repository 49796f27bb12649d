import { jsonSchemaOf, strictJsonSchema } from './json-schema.js'
import type { JsonSchema, StructuredSchema } from './types.js'

/**
 * What a tool's `execute` receives besides its arguments.
 *
 * @example
 * ```ts
 * const execute = async (args: { url: string }, { signal, toolCallId }: ToolContext) => (await fetch(args.url, { signal })).text()
 * ```
 */
export interface ToolContext {
  /** The `signal` given to `runTools` (a signal that never aborts when none was): pass it on to `fetch` and the like. */
  signal: AbortSignal
  /** The `id` of the model's tool call ('' when the API sent none). */
  toolCallId: string
}

/**
 * The definition {@link tool} takes.
 *
 * @example
 * ```ts
 * const definition: ToolOptions<{ city: string }, number> = { name: 'weather', parameters: z.object({ city: z.string() }), execute: () => 21 }
 * ```
 */
export interface ToolOptions<Args, Result> {
  /** The function name the model calls (`^[a-zA-Z0-9_-]{1,64}$`). */
  name: string
  /** What the tool does and when to use it: the model reads this. */
  description?: string | undefined
  /** A Standard JSON Schema of the arguments (Zod 4, ArkType, valibot wrapped with `toStandardJsonSchema`). */
  parameters: StructuredSchema<Args>
  /** Runs the tool with the validated arguments; the result (a string, or any value sent as JSON) goes to the model. */
  execute: (args: Args, context: ToolContext) => Result | Promise<Result>
  /** Default true: the parameters' JSON Schema is made strict and sent with `strict: true` (see `responseFormat`). */
  strict?: boolean | undefined
}

/**
 * A tool `runTools` can run: the API's `{ type: 'function', function }` definition, plus the schema that validates
 * the model's arguments and the function that runs it. `runTools` sends only `type` and `function`.
 *
 * @example
 * ```ts
 * const tools: RunnableTool[] = [weather, clock]
 * ```
 */
export interface RunnableTool<Args = any, Result = unknown> {
  type: 'function'
  function: { name: string; description: string; parameters: JsonSchema; strict: boolean }
  /** Validates the arguments the model wrote. */
  schema: StructuredSchema<Args>
  /** Runs the tool. */
  execute: (args: Args, context: ToolContext) => Result | Promise<Result>
}

/**
 * Defines a tool for `runTools` / `runToolsStream` from a schema of its arguments.
 *
 * @param definition - `name`, `description`, `parameters` (a Standard JSON Schema), `execute(args, { signal,
 * toolCallId })`, `strict` (default true).
 * @returns the tool: `{ type: 'function', function: { name, description, parameters, strict }, schema, execute }`,
 * `execute`'s `args` typed from the schema's output.
 * @throws `TypeError` when the schema has no JSON Schema or (strict) cannot be made strict, naming why.
 * @example
 * ```ts
 * const weather = tool({
 *   name: 'weather',
 *   description: 'Current temperature in a city',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => (await fetch(`https://wttr.in/${city}?format=j1`, { signal })).json(),
 * })
 * ```
 * @see https://docs.mistral.ai/capabilities/function_calling/
 */
export function tool<Args, Result>(definition: ToolOptions<Args, Result>): RunnableTool<Args, Result> {
  const { name, description = '', parameters, execute, strict = true } = definition
  const json = jsonSchemaOf(parameters, `tool ${name}`)
  return {
    type: 'function',
    function: { name, description, parameters: strict ? strictJsonSchema(json, `tool ${name}`) : json, strict },
    schema: parameters,
    execute,
  }
}
