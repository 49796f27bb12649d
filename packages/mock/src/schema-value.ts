import { createRandom, type Random } from './random.js'
import type { Detail } from './validation.js'

// One generator for every JSON Schema the mock must answer: `response_format.json_schema.schema` of chat, agents and
// conversations, and the `parameters` of the function tools it calls. It writes one value that meets the schema,
// chosen by the caller's seeded `Random` (so the same request gets the same value) and by the prompt:
// - `const`, then `enum` (a value the prompt names, else the first; the n-th in the n-th array item);
// - `$ref` to `#`, `#/$defs/...` or `#/definitions/...`; `anyOf`/`oneOf` take their first branch, `allOf` is merged;
// - `type: [x, 'null']` takes x; objects hold every property (required first in schema order, then the optional ones,
//   these only in the first levels so recursive schemas end), arrays `minItems`..`maxItems` items (two when free);
// - strings: `format` date, date-time, time, email, uri, uuid; else the word after the property's name in the prompt
//   (`city: Lyon`, `named Bob`, when quoted, capitalised or a number); else a word list the property's name hints
//   (name, city, country, title, summary, colour, language, company, tag...), or a number for names like latitude or
//   year; else the prompt's longest word;
//   then cut or padded to `minLength`/`maxLength`;
// - numbers and integers within `minimum`/`maximum` (exclusive ones too) and on `multipleOf`.
// A schema no value meets (`false`, empty bounds, an unknown `$ref`...) throws a `SchemaError` naming where.

type Schema = Record<string, unknown>

const NAMES = ['Ada', 'Bob', 'Chloé', 'Dmitri', 'Emma', 'Farid', 'Grace', 'Hugo', 'Inès', 'Jonas']
const SURNAMES = ['Lovelace', 'Martin', 'Dubois', 'Novak', 'Rossi', 'Haddad', 'Hopper', 'Weber']
const CITIES = ['Paris', 'Berlin', 'Lyon', 'Madrid', 'Rome', 'Lisbon', 'Vienna', 'Oslo', 'Montréal', 'Kyoto']
const COUNTRIES = ['France', 'Germany', 'Spain', 'Italy', 'Portugal', 'Austria', 'Norway', 'Japan']
const TITLES = [
  'The Quiet Harbour',
  'A Short History of Rain',
  'Notes from the Alps',
  'The Last Train to Lyon',
  'Small Gardens',
  'Café at Midnight',
]
const SENTENCES = [
  'A short, clear answer that stays on topic.',
  'The main point, said plainly in one sentence.',
  'Everything asked for, and nothing more.',
  'A calm summary of the facts at hand.',
  'The details line up and the result is consistent.',
  'One sentence, deterministic, written by the mock.',
]
const COLOURS = ['red', 'blue', 'green', 'amber', 'violet', 'teal']
const LANGUAGES = ['French', 'English', 'German', 'Spanish', 'Italian', 'Japanese']
const COMPANIES = ['Mistral AI', 'Acme Corp', 'Globex', 'Initech', 'Umbrella Labs']
const TOPICS = ['science', 'travel', 'history', 'music', 'cooking', 'sport', 'art', 'nature']
const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'harbour', 'river', 'meadow', 'signal', 'lantern', 'orbit']
/** Property names (lower case) and the words they hint at, first match wins. */
const HINTS: [RegExp, readonly string[] | 'person' | 'sentence' | 'email' | 'uri' | 'phone'][] = [
  [/e-?mail/, 'email'],
  [/url|uri|link|website|homepage/, 'uri'],
  [/phone|mobile/, 'phone'],
  [/first_?name|given/, NAMES],
  [/last_?name|surname|family/, SURNAMES],
  [/file_?name|^id$|_id$/, WORDS],
  [/name|author|person|user|owner|speaker|character/, 'person'],
  [/city|cities|town|location|place|destination|capital/, CITIES],
  [/countr|nation/, COUNTRIES],
  [/title|headline|heading|subject/, TITLES],
  [
    /summary|description|text|content|body|comment|reason|answer|explanation|message|note|bio|review|sentence/,
    'sentence',
  ],
  [/colou?r/, COLOURS],
  [/language|lang$/, LANGUAGES],
  [/company|organi[sz]ation|employer|brand|publisher/, COMPANIES],
  [/tag|keyword|topic|genre|categor|hobb|interest/, TOPICS],
]
/** Default ranges for numbers whose property name hints one. */
const RANGES: [RegExp, number, number][] = [
  [/(^|_)age$/, 18, 80],
  [/year/, 1990, 2025],
  [/(^|_)lat(itude)?$/, -90, 90],
  [/(^|_)(lon|lng)(gitude)?$/, -180, 180],
  [/percent|score|rating/, 0, 100],
]
/** How deep optional properties and free array items are written; below, only what is required. */
const FULL_DEPTH = 4
const MAX_DEPTH = 24

/** A JSON Schema no value can meet, with the JSON Pointer-like path of the part at fault. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError'
  /**
   * @param message - what cannot be met.
   * @param path - keys and indexes from the schema's root to the part at fault.
   */
  constructor(
    message: string,
    readonly path: readonly (string | number)[],
  ) {
    super(message)
  }
}

/** What a value is chosen from besides the schema. */
export interface SchemaValueOptions {
  /** The seeded generator of the request: the same request writes the same value. */
  random: Random
  /** The prompt (last user message): enum values and property values it names are used, its longest word is the fallback string. */
  text?: string
}

interface Walk {
  root: unknown
  random: Random
  text: string
  longest: string
}

/**
 * Writes a value that meets a JSON Schema, deterministic from the schema, the prompt and the seed.
 *
 * @param schema - a JSON Schema (draft 2020-12 or draft 7 spellings).
 * @param options - the seeded random and the prompt.
 * @returns a JSON value (object, array, string, number, boolean or null) that meets the schema.
 * @throws SchemaError when no value can meet the schema.
 * @example
 * schemaValue({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, { random, text: 'Weather in city "Lyon"' })
 * // { city: 'Lyon' }
 */
export function schemaValue(schema: unknown, options: SchemaValueOptions): unknown {
  const text = options.text ?? ''
  const longest = text.split(/[^\p{L}\p{N}]+/u).reduce((best, item) => (item.length > best.length ? item : best), '')
  return generate({ root: schema, random: options.random, text, longest }, schema, '', [], 0, 0)
}

/** Resolves `$ref`, merges `allOf`, picks the first `anyOf`/`oneOf` branch: the schema a value is written for. */
function resolve(walk: Walk, raw: unknown, path: (string | number)[], depth: number): Schema | boolean {
  if (depth > MAX_DEPTH) throw new SchemaError('the schema nests or refers to itself too deeply to end', path)
  if (typeof raw === 'boolean') return raw
  if (raw === undefined || raw === null) return {}
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new SchemaError('a schema must be an object or a boolean', path)
  const schema = raw as Schema
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref
    const match = /^#(?:\/(\$defs|definitions)\/(.+))?$/.exec(ref)
    const target = match?.[1]
      ? ((walk.root as Schema)[match[1]] as Schema | undefined)?.[decodeURIComponent(match[2] as string)]
      : match
        ? walk.root
        : undefined
    if (target === undefined) throw new SchemaError(`unresolvable reference ${ref}`, [...path, '$ref'])
    const { $ref: _, ...rest } = schema
    const resolved = resolve(walk, target, path, depth + 1)
    return typeof resolved === 'boolean' ? resolved : { ...resolved, ...rest }
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key]
    if (Array.isArray(branches)) {
      if (!branches.length) throw new SchemaError(`${key} needs at least one branch`, [...path, key])
      const { [key]: _, ...rest } = schema
      const first = resolve(walk, branches[0], [...path, key, 0], depth + 1)
      return typeof first === 'boolean' ? first && rest : { ...rest, ...first }
    }
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...merged } = schema
    for (const [index, part] of allOf.entries()) {
      const branch = resolve(walk, part, [...path, 'allOf', index], depth + 1)
      if (branch === false) throw new SchemaError('allOf holds a false schema', [...path, 'allOf', index])
      if (branch === true) continue
      const properties = { ...(merged.properties as Schema | undefined), ...(branch.properties as Schema | undefined) }
      const required = [
        ...((merged.required as string[] | undefined) ?? []),
        ...((branch.required as string[] | undefined) ?? []),
      ]
      Object.assign(merged, branch, { properties, required })
    }
    return merged
  }
  return schema
}

/** The type a value is written as: the first non-null of `type`, else guessed from the keywords. */
function typeOf(schema: Schema, path: (string | number)[]): string {
  const { type } = schema
  if (Array.isArray(type)) {
    if (!type.length) throw new SchemaError('type lists no type', [...path, 'type'])
    return String(type.find((item) => item !== 'null') ?? 'null')
  }
  if (typeof type === 'string') return type
  if (schema.properties || schema.required || schema.additionalProperties !== undefined) return 'object'
  if (schema.items || schema.prefixItems) return 'array'
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((key) => key in schema))
    return 'number'
  return 'string'
}

/** The value of one (sub)schema; `name` is the property it is written for, `index` its place in an array. */
function generate(
  walk: Walk,
  raw: unknown,
  name: string,
  path: (string | number)[],
  depth: number,
  index: number,
): unknown {
  const schema = resolve(walk, raw, path, depth)
  if (schema === false) throw new SchemaError('a false schema admits no value', path)
  if (schema === true) return pick(walk, name, index)
  if ('const' in schema) return schema.const
  if (Array.isArray(schema.enum)) {
    if (!schema.enum.length) throw new SchemaError('enum lists no value', [...path, 'enum'])
    const lower = walk.text.toLowerCase()
    const named =
      index > 0
        ? undefined
        : schema.enum.find(
            (item) =>
              typeof item === 'string' &&
              item.length > 1 &&
              new RegExp(`\\b${escapeRegExp(item.toLowerCase())}\\b`, 'u').test(lower),
          )
    return named ?? schema.enum[index % schema.enum.length]
  }
  const type = typeOf(schema, path)
  if (type === 'null') return null
  if (type === 'boolean') return walk.random.int(2) === 0
  if (type === 'integer' || type === 'number') return number(walk, schema, name, path, type === 'integer')
  if (type === 'string') return string(walk, schema, name, path, index)
  if (type === 'array') return array(walk, schema, name, path, depth)
  if (type === 'object') return object(walk, schema, path, depth)
  throw new SchemaError(`unknown type ${type}`, [...path, 'type'])
}

/** An object: required and listed properties (optional ones only above `FULL_DEPTH`), then any `minProperties` asks for. */
function object(walk: Walk, schema: Schema, path: (string | number)[], depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Schema
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  const extra = schema.additionalProperties
  const names = [...required.filter((key) => !(key in properties)), ...Object.keys(properties)]
  const value: Record<string, unknown> = {}
  for (const key of names) {
    if (!required.includes(key) && depth >= FULL_DEPTH) continue
    if (key in properties) value[key] = generate(walk, properties[key], key, [...path, 'properties', key], depth + 1, 0)
    else if (extra === false)
      throw new SchemaError(`required property ${key} is not in properties and additionalProperties is false`, [
        ...path,
        'required',
      ])
    else
      value[key] = generate(
        walk,
        extra === undefined ? true : extra,
        key,
        [...path, 'additionalProperties'],
        depth + 1,
        0,
      )
  }
  const minimum = typeof schema.minProperties === 'number' ? schema.minProperties : 0
  for (let count = Object.keys(value).length; count < minimum; count++) {
    if (extra === false)
      throw new SchemaError(`minProperties ${minimum} needs more properties than the schema allows`, [
        ...path,
        'minProperties',
      ])
    const key = `${WORDS[count % WORDS.length]}_${count}`
    value[key] = generate(
      walk,
      extra === undefined ? true : extra,
      key,
      [...path, 'additionalProperties'],
      depth + 1,
      0,
    )
  }
  if (typeof schema.maxProperties === 'number' && Object.keys(value).length > schema.maxProperties) {
    throw new SchemaError(`maxProperties ${schema.maxProperties} is fewer than the required properties`, [
      ...path,
      'maxProperties',
    ])
  }
  return value
}

/** An array: tuple items first, then `items`, between `minItems` and `maxItems`, distinct under `uniqueItems`. */
function array(walk: Walk, schema: Schema, name: string, path: (string | number)[], depth: number): unknown[] {
  const tuple = (
    Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : []
  ) as unknown[]
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items
  const min = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 0, 0)
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY
  if (min > max) throw new SchemaError(`minItems ${min} is above maxItems ${max}`, [...path, 'minItems'])
  const free = rest === false ? tuple.length : depth >= FULL_DEPTH ? 0 : Math.max(tuple.length, 2)
  const count = Math.max(min, Math.min(free, max))
  if (rest === false && count > tuple.length)
    throw new SchemaError(`minItems ${min} is above the ${tuple.length} items allowed`, [...path, 'minItems'])
  const items: unknown[] = []
  const seen = new Set<string>()
  for (let attempt = 0; items.length < count && attempt < count * 4 + 4; attempt++) {
    const position = items.length
    const at = position < tuple.length ? [...path, 'prefixItems', position] : [...path, 'items']
    const item = generate(walk, position < tuple.length ? tuple[position] : rest, name, at, depth + 1, attempt)
    const key = JSON.stringify(item)
    if (schema.uniqueItems === true && seen.has(key)) continue
    seen.add(key)
    items.push(item)
  }
  if (items.length < count)
    throw new SchemaError(`uniqueItems cannot give ${count} different items`, [...path, 'uniqueItems'])
  return items
}

/** A number or integer within the bounds: the prompt's, else one of the hinted (or 0..100) range, on `multipleOf`. */
function number(walk: Walk, schema: Schema, name: string, path: (string | number)[], integer: boolean): number {
  const bound = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined)
  // Draft 4 spells exclusive bounds as booleans beside minimum/maximum.
  const lowOpen = bound('exclusiveMinimum') ?? (schema.exclusiveMinimum === true ? bound('minimum') : undefined)
  const highOpen = bound('exclusiveMaximum') ?? (schema.exclusiveMaximum === true ? bound('maximum') : undefined)
  const low = Math.max(bound('minimum') ?? Number.NEGATIVE_INFINITY, lowOpen ?? Number.NEGATIVE_INFINITY)
  const high = Math.min(bound('maximum') ?? Number.POSITIVE_INFINITY, highOpen ?? Number.POSITIVE_INFINITY)
  const step = bound('multipleOf') ?? (integer ? 1 : undefined)
  const fits = (value: number) =>
    value >= low &&
    value <= high &&
    value !== lowOpen &&
    value !== highOpen &&
    (!integer || Number.isInteger(value)) &&
    (step === undefined || isMultiple(value, step))
  const said = valueInPrompt(walk.text, name)
  if (said !== undefined && fits(Number(said))) return Number(said)
  const hint = RANGES.find(([pattern]) => pattern.test(name.toLowerCase()))
  const [softLow, softHigh] = hint ? [hint[1], hint[2]] : [0, 100]
  // The hinted (or 0..100) range within the bounds; when they do not meet, the bounds (or a stretch beside the one bound).
  let from = Math.max(low, softLow)
  let to = Math.min(high, softHigh)
  if (from > to) {
    from = Number.isFinite(low) ? low : high - (softHigh - softLow)
    to = Number.isFinite(high) ? high : low + (softHigh - softLow)
  }
  if (step !== undefined) {
    const first = Math.ceil(from / step)
    const last = Math.floor(to / step)
    const candidates = Array.from({ length: Math.min(Math.max(last - first + 1, 0), 1000) }, (_, offset) =>
      clean((first + offset) * step),
    ).filter(fits)
    if (!candidates.length)
      throw new SchemaError(
        `no ${integer ? 'integer' : 'number'} lies within the bounds${schema.multipleOf ? ' on multipleOf' : ''}`,
        path,
      )
    return candidates[walk.random.int(candidates.length)] as number
  }
  const value = round(from + walk.random.next() * (to - from))
  if (fits(value)) return value
  const middle = (from + to) / 2
  if (fits(middle)) return middle
  throw new SchemaError('no number lies within the bounds', path)
}

/** A string: its `format`, else the prompt's value, else a hinted word; fitted to `minLength`/`maxLength`. */
function string(walk: Walk, schema: Schema, name: string, path: (string | number)[], index: number): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY
  if (min > max) throw new SchemaError(`minLength ${min} is above maxLength ${max}`, [...path, 'minLength'])
  const { random } = walk
  const two = (value: number) => String(value).padStart(2, '0')
  const date = () => {
    const day = new Date(Date.UTC(2024, 0, 1) + random.int(730) * 86_400_000)
    return day.toISOString().slice(0, 10)
  }
  const time = () => `${two(random.int(24))}:${two(random.int(60))}:00`
  let value: string
  switch (schema.format) {
    case 'date':
      value = date()
      break
    case 'date-time':
      value = `${date()}T${time()}Z`
      break
    case 'time':
      value = time()
      break
    case 'email':
      value = hinted(walk, 'email', index)
      break
    case 'uri':
    case 'url':
      value = hinted(walk, 'uri', index)
      break
    case 'uuid':
      value = `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`
      break
    default:
      value = (index ? undefined : valueInPrompt(walk.text, name)) ?? pick(walk, name, index)
  }
  // Lengths count code points, as JSON Schema does.
  const length = (text: string) => [...text].length
  while (length(value) < min) value += (value ? ' ' : '') + (WORDS[random.int(WORDS.length)] as string)
  return length(value) > max ? [...value].slice(0, max).join('') : value
}

/** A plausible string for a property's name: a hinted word, the prompt's longest word, or a word of the mock's. */
function pick(walk: Walk, name: string, index: number): string {
  const lower = name.toLowerCase()
  const hint = lower ? HINTS.find(([pattern]) => pattern.test(lower))?.[1] : undefined
  if (hint) return hinted(walk, hint, index)
  // A string named like a number (`latitude`, `year`) reads as one: "52.5200", "2014".
  const range = lower ? RANGES.find(([pattern]) => pattern.test(lower)) : undefined
  if (range) {
    const value = range[1] + walk.random.next() * (range[2] - range[1])
    return range[1] < 0 ? value.toFixed(4) : String(Math.round(value))
  }
  if (walk.longest) return index ? `${walk.longest} ${index + 1}` : walk.longest
  return WORDS[walk.random.int(WORDS.length)] as string
}

/** A word of a hint's list (shifted by `index`, so array items differ), or a person, sentence, email, URI, phone. */
function hinted(walk: Walk, hint: NonNullable<(typeof HINTS)[number][1]>, index: number): string {
  const one = (list: readonly string[]) => list[(walk.random.int(list.length) + index) % list.length] as string
  if (hint === 'person') return `${one(NAMES)} ${one(SURNAMES)}`
  if (hint === 'sentence') return one(SENTENCES)
  if (hint === 'email')
    return `${one(NAMES)
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${one(SURNAMES).toLowerCase()}@example.com`
  if (hint === 'uri') return `https://example.com/${one(TOPICS)}/${one(WORDS)}`
  if (hint === 'phone')
    return `+33 1 ${walk.random.hex(2, '0123456789')} ${walk.random.hex(2, '0123456789')} ${walk.random.hex(2, '0123456789')} ${walk.random.hex(2, '0123456789')}`
  return one(hint)
}

/** The value written after a property's name in the prompt (`city: Lyon`, `named "Bob"`), if quoted, capitalised or a number. */
function valueInPrompt(text: string, name: string): string | undefined {
  if (!name || !text) return undefined
  const spelled = escapeRegExp(name.replaceAll('_', ' '))
  const label = /name$/i.test(name) ? `(?:${spelled}d?|called)` : spelled
  const match = new RegExp(
    `\\b${label}\\b\\s*(?:is|of|=|:)?\\s*(?:"([^"]+)"|'([^']+)'|(-?\\d+(?:\\.\\d+)?(?![\\d.]))|(\\p{Lu}[\\p{L}\\p{N}-]*))`,
    'iu',
  ).exec(text)
  if (!match) return undefined
  const [, double, single, digits, word] = match
  // The label matched any case, so the "capitalised" rule is checked here on the original text.
  if (word !== undefined && !/^\p{Lu}/u.test(word)) return undefined
  return double ?? single ?? digits ?? word
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const round = (value: number) => Math.round(value * 100) / 100
const clean = (value: number) => Number(value.toPrecision(12))
const isMultiple = (value: number, step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-9

/**
 * Checks that some value meets a schema, reporting it as the pydantic `value_error` the API's 422 carries.
 *
 * @param schema - the JSON Schema of a `response_format` or of a function's `parameters`.
 * @param loc - where the schema sits in the request body; the part at fault is appended.
 * @returns the issue, or `undefined` when the generator can write a value.
 */
export function schemaIssue(schema: unknown, loc: (string | number)[]): Detail | undefined {
  try {
    // A random of its own: checking must not move the answer's.
    schemaValue(schema, { random: createRandom(0) })
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error
    return {
      type: 'value_error',
      loc: [...loc, ...error.path],
      msg: `Value error, Invalid JSON schema: ${error.message}`,
      input: schema,
      ctx: { error: error.message },
    }
  }
  return undefined
}

/**
 * JSON written as Python's `json.dumps` writes it (`{"a": 1, "b": [2, 3]}`), the way the API's tool arguments and
 * structured answers look; non-ASCII characters are kept as they are.
 *
 * @param value - any JSON value.
 * @returns its JSON text with `", "` and `": "` separators.
 * @example
 * pythonJson({ name: 'Bob', age: 30 }) // '{"name": "Bob", "age": 30}'
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`)
      .join(', ')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
