import {
  type ArrayIssue,
  array,
  type BaseSchema,
  custom,
  type GenericSchema,
  type InferInput,
  type InferIssue,
  type InferOutput,
  type LiteralSchema,
  type LooseObjectSchema,
  looseObject,
  type ObjectEntries,
  type StringIssue,
  string,
  type VariantSchema,
  variant,
} from 'valibot'

// The three builders below are what makes every schema of this library open (shared/API.md §1, §9): an enum-like
// value the API adds tomorrow, or a new kind of part, tool or message, passes; only a known field of the wrong type
// (or a missing required one) fails. They are tiny, pure (`@__NO_SIDE_EFFECTS__`) and only typed differently from
// the valibot schema they return, so validators built on valibot (to-json-schema, Standard Schema) see plain schemas.

/**
 * A path id (`model_id`, `file_id`, `job_id`). The core refuses empty ids and `.`/`..` for every path parameter,
 * with or without schema validation, so the schema only checks the type.
 */
export const IdSchema = string()

/**
 * An enum-like string: one of the values known today (listed for autocompletion) or any other string.
 *
 * @example
 * ```ts
 * const effort: OpenEnum<'low' | 'high'> = 'max'   // allowed; 'low' and 'high' are suggested
 * ```
 */
export type OpenEnum<TValue extends string> = TValue | (string & {})

/** The schema {@link openEnum} returns: a string schema typed as {@link OpenEnum}, listing the known values. */
export interface OpenEnumSchema<TOptions extends readonly string[]>
  extends BaseSchema<OpenEnum<TOptions[number]>, OpenEnum<TOptions[number]>, StringIssue> {
  /** The schema type: a plain string at runtime. */
  readonly type: 'string'
  /** The schema reference. */
  readonly reference: typeof string
  /** The expected property. */
  readonly expects: 'string'
  /** The values known when this library was written (documentation and autocompletion only). */
  readonly options: TOptions
}

/**
 * Creates an open enum schema: any string passes at runtime, and the type `'a' | 'b' | (string & {})` still suggests
 * the known values. Used for every enum-like field, in requests (the API judges the value) and responses.
 *
 * @param options - the values known today.
 * @returns a string schema typed as {@link OpenEnum}, with the known values as `options`.
 * @example
 * ```ts
 * const ReasoningEffortSchema = openEnum(['none', 'low', 'medium', 'high'])
 * v.parse(ReasoningEffortSchema, 'max')   // 'max'
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function openEnum<const TOptions extends readonly string[]>(options: TOptions): OpenEnumSchema<TOptions> {
  return Object.assign(string(), { options }) as OpenEnumSchema<TOptions>
}

/** The schema {@link readonlyArray} returns: an array schema whose input type is a readonly array. */
export interface ReadonlyArraySchema<TItem extends GenericSchema>
  extends BaseSchema<readonly InferInput<TItem>[], InferOutput<TItem>[], ArrayIssue | InferIssue<TItem>> {
  /** The schema type: a plain array at runtime. */
  readonly type: 'array'
  /** The schema reference. */
  readonly reference: typeof array
  /** The expected property. */
  readonly expects: 'Array'
  /** The schema of the items. */
  readonly item: TItem
}

/**
 * Creates an array schema that accepts a readonly array as input (`as const` data, `readonly string[]` parameters);
 * the output stays a mutable array, as valibot builds it. Used for every array a caller passes in a request.
 *
 * @param item - the schema of the items.
 * @returns valibot's `array(item)`, typed with a readonly input.
 * @example
 * ```ts
 * const input: readonly string[] = ['a', 'b']
 * v.parse(readonlyArray(v.string()), input)
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function readonlyArray<const TItem extends GenericSchema>(item: TItem): ReadonlyArraySchema<TItem> {
  return array(item)
}

/** A known kind of a discriminated union: a loose object whose discriminant is a literal. */
export type KnownKind<TKey extends string> = LooseObjectSchema<
  Record<TKey, LiteralSchema<string, undefined>> & ObjectEntries,
  undefined
>

/**
 * Creates a discriminated union (valibot's `variant`) that is open at runtime and closed in its type. An object
 * whose discriminant is a known value is checked against that member, so a wrong field fails with its full path
 * (`messages.0.content`); an object whose discriminant is a string no member knows (a new part, tool or role) passes
 * as it is. The type lists only the known members, so `switch (part.type)` narrows; a value of an unknown kind needs
 * a cast to be written.
 *
 * @param key - the discriminant (`'type'`, `'role'`).
 * @param options - the known members, loose objects with a literal discriminant.
 * @returns a `variant` over the known members plus one that takes any other discriminant string.
 * @example
 * ```ts
 * const PartSchema = openVariant('type', [TextChunkSchema, ImageURLChunkSchema])
 * v.parse(PartSchema, { type: 'video', url: 'x' })   // passes
 * v.parse(PartSchema, { type: 'text', text: 1 })     // fails at `text`
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function openVariant<const TKey extends string, const TOptions extends readonly KnownKind<TKey>[]>(
  key: TKey,
  options: TOptions,
): VariantSchema<TKey, TOptions, undefined> {
  const unknownKind = custom<never>(
    (input) => typeof input === 'string' && !options.some((option) => option.entries[key].literal === input),
  )
  // Reads "Expected "text" | ... | string" in the issue of a missing or non-string discriminant.
  const fallback = looseObject({ [key]: Object.assign(unknownKind, { expects: 'string' }) })
  // The cast is the point: the fallback member is runtime-only, so the type stays the union of the known members.
  return variant(key, [...options, fallback] as unknown as TOptions)
}
