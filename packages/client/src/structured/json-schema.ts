import type { JsonSchema, StandardJSONSchemaV1 } from './types.js'

// Internal: the JSON Schema of a Standard JSON Schema, made strict for the API, and the way back for values.

/**
 * The JSON Schema of what the model must write: the schema's *input* side, since that JSON is what
 * `~standard.validate` receives (a transform, a default or a coercion then applies as the schema says).
 * draft-07: every Standard JSON Schema library is asked to support it, and the API reads it.
 *
 * @internal
 */
export function jsonSchemaOf(
  schema: {
    readonly '~standard': { readonly version: 1; readonly jsonSchema?: StandardJSONSchemaV1['~standard']['jsonSchema'] }
  },
  where: string,
): JsonSchema {
  const converter = schema['~standard'].jsonSchema
  if (!converter) {
    throw new TypeError(
      `${where}: the schema has no ~standard.jsonSchema (wrap a valibot schema with toStandardJsonSchema)`,
    )
  }
  return converter.input({ target: 'draft-07' })
}

/** Keywords whose value is data, not a schema: never rewritten. */
const DATA = ['enum', 'const', 'default']
/** Keywords dropped from a strict schema: references are inlined, the rest is metadata the API does not need. */
const DROPPED = ['$schema', '$id', 'id', '$defs', 'definitions']

/** Whether a (resolved) JSON Schema accepts `null` (by its type, or one of its `anyOf`). */
const acceptsNull = (node: JsonSchema): boolean =>
  [node.type].flat().includes('null') || !!node.anyOf?.some(acceptsNull)

/** The `null` branch strict mode adds to an optional property: `dropNulls` knows such a property by it. */
const NULL = { type: 'null' }

/** Resolves a local `$ref` (`#`, `#/$defs/x`, `#/definitions/x`) against the root; undefined when it cannot. */
const resolve = (root: JsonSchema, ref: string): JsonSchema | undefined =>
  ref === '#' ? root : { ...root.definitions, ...root.$defs }[ref.replace(/^#\/(\$defs|definitions)\//, '')]

/**
 * Rewrites a JSON Schema to what strict structured outputs accept: `$ref`s inlined, every object closed
 * (`additionalProperties: false`) with every property required (an optional one becomes required and nullable),
 * `oneOf` read as `anyOf`, an `allOf` of one schema merged, metadata keywords dropped, an object at the root.
 *
 * @throws `TypeError` naming why, when the schema cannot be made strict: it is recursive, it has a `$ref` that does
 * not point into its `$defs`, an object with arbitrary keys (a record), or a root that is not an object.
 * @internal
 */
export function strictJsonSchema(root: JsonSchema, where: string): JsonSchema {
  const fail = (why: string): never => {
    throw new TypeError(`${where}: cannot make the schema strict: ${why}; pass { strict: false } to send it as is`)
  }
  const walk = (node: any, refs: string[]): any => {
    if (Array.isArray(node)) return node.map((item) => walk(item, refs))
    if (typeof node !== 'object' || node === null) return node
    const { $ref, ...rest } = node
    // `allOf` of one schema (how Zod wraps a `$ref` beside other keywords) is that schema.
    if (rest.allOf?.length === 1 && !$ref) return walk({ ...rest, allOf: undefined, ...rest.allOf[0] }, refs)
    if (typeof $ref === 'string') {
      if ($ref === '#' || refs.includes($ref)) fail(`it is recursive ($ref ${$ref})`)
      return walk({ ...(resolve(root, $ref) ?? fail(`$ref ${$ref} is not in $defs`)), ...rest }, [...refs, $ref])
    }
    const strict: JsonSchema = {}
    for (const key in rest) {
      const value = rest[key]
      if (DROPPED.includes(key) || value === undefined) continue
      strict[key === 'oneOf' ? 'anyOf' : key] = DATA.includes(key)
        ? value
        : key === 'properties'
          ? Object.fromEntries(Object.entries(value).map(([name, property]) => [name, walk(property, refs)]))
          : walk(value, refs)
    }
    if (strict.type === 'object' || strict.properties) {
      const { properties = {}, required = [], additionalProperties = false } = strict
      if (additionalProperties !== false && !strict.properties) fail('a record')
      for (const name in properties)
        if (!required.includes(name) && !acceptsNull(properties[name]))
          properties[name] = { anyOf: [properties[name], NULL] }
      Object.assign(strict, { properties, required: Object.keys(properties), additionalProperties: false })
    }
    return strict
  }
  const strict = walk(root, [])
  return strict.type === 'object' ? strict : fail(`the root is ${strict.type}, not an object`)
}

/**
 * The way back from strict: deletes the `null` the model wrote for a property that strict mode made nullable, so
 * `{ nickname: null }` validates as `{}` against `{ nickname?: string }`. Mutates `value`.
 *
 * @param value - the parsed JSON.
 * @param node - the strict schema it was written for (from {@link strictJsonSchema}).
 * @internal
 */
export function dropNulls(value: any, node: JsonSchema | undefined): void {
  if (!node || typeof value !== 'object' || value === null) return
  if (Array.isArray(value)) for (const item of value) dropNulls(item, node.items)
  for (const name in node.properties) {
    const property = node.properties[name]
    if (value[name] === null && property.anyOf?.[1] === NULL) delete value[name]
    else dropNulls(value[name], property)
  }
  for (const branch of node.anyOf ?? []) dropNulls(value, branch)
}
