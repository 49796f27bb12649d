import { apiError, json, type Route, type RouteContext, readJson, validationError } from './http.js'
import { createRandom, hashString } from './random.js'
import type { MockState } from './state.js'
import { type Detail, missing, stringIssue } from './validation.js'

type Body = Record<string, unknown>

/**
 * What raises each moderation category above 0.5 (and so flags it): words at a word start, any case. Anything else
 * gets the small scores of a harmless text, as `json/moderation_text_*_2025-10-12.json` shows (1e-6 .. 1e-3).
 */
const KEYWORDS: Record<string, RegExp> = {
  sexual: /\b(porn|nude|naked|sexual|erotic)/i,
  hate_and_discrimination: /\b(racist|bigot|subhuman|inferior race|i hate (all|every)|go back to your country)/i,
  violence_and_threats:
    /\b(kill (you|him|her|them)|i will kill|murder|shoot (you|him|her|them)|stab(bed|bing)? |beat you|burn your house|threaten|violen)/i,
  dangerous_and_criminal_content:
    /\b(bomb|explosive|make meth|launder|pick a lock|steal a car|hack into|poison (him|her|them|someone))/i,
  selfharm: /\b(kill myself|suicid|self-harm|cut myself|end my life)/i,
  health: /\b(diagnos|symptom|medication|dosage|prescription|chemotherapy)/i,
  financial: /\b(invest|stock tip|crypto|bitcoin|mortgage|financial advice|all my savings)/i,
  law: /\b(lawsuit|legal advice|sue (my|them|him|her)|lawyer|court case)/i,
  pii: /[\w.+-]+@[\w-]+\.\w|\b\d{3}-\d{2}-\d{4}\b|\b(?:\d[ -]?){13,16}\b|social security number|passport number/i,
}

/** Moderation models of the catalogue, plus the newer one the docs show (`json/moderation_*_mistral-moderation-2603_docs.json`). */
const EXTRA_MODERATION_MODELS = ['mistral-moderation-2603']

/**
 * Label sets of the classifiers the cookbook shows (`sdk_reserialized/cookbook_classification_*`). A classifier the
 * mock has no card for answers with one of them, chosen by its id (the cookbook's own ids get their own targets).
 */
const SCHEMES: Record<string, readonly string[]>[] = [
  {
    intent: [
      'social_post',
      'email_sendemail',
      'datetime_query',
      'play_music',
      'email_query',
      'news_query',
      'weather_query',
      'calendar_query',
      'general_quirky',
      'qa_factoid',
      'play_radio',
      'calendar_set',
      'qa_definition',
      'calendar_remove',
      'transport_query',
      'cooking_recipe',
    ],
  },
  { moderation: ['toxicity', 'safe', 'identity_attack', 'sexual_explicit', 'obscene', 'insult', 'threat'] },
  {
    food: [
      'plant-based-foods-and-beverages',
      'meats-and-their-products',
      'sweet-snacks',
      'snacks',
      'dairies',
      'plant-based-foods',
      'cereals-and-potatoes',
      'beverages',
    ],
    country_label: ['united-states', 'italy', 'germany', 'france', 'switzerland', 'united-kingdom', 'spain', 'belgium'],
  },
  { sentiment: ['positive', 'negative', 'neutral'] },
]
const COOKBOOK_CLASSIFIERS: Record<string, number> = { db22ea7e: 0, cbe076ac: 1, '1905e7d8': 2 }
const CLASSIFIER_ID = /^ft:classifier:[\w.-]+:[0-9a-f]{8}:\d{8}:([0-9a-f]{8})$/

/** A rough token count (about four characters a token), enough for usage figures. */
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4))

/** The text a message carries: string content, text parts, tool call names and arguments. */
function textOf(message: Body): string {
  const { content } = message
  const parts =
    typeof content === 'string'
      ? [content]
      : Array.isArray(content)
        ? content.map((part: Body) => (typeof part?.text === 'string' ? part.text : ''))
        : []
  for (const call of Array.isArray(message.tool_calls) ? (message.tool_calls as Body[]) : []) {
    const fn = (call?.function ?? {}) as Body
    parts.push(
      String(fn.name ?? ''),
      typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? ''),
    )
  }
  return parts.filter(Boolean).join('\n')
}

/** Scores of one text: keyword hits land in 0.85..0.99 (flagged), the rest between 1e-6 and 1e-3, as float32 values. */
function moderate(model: string, text: string) {
  const category_scores: Record<string, number> = {}
  const categories: Record<string, boolean> = {}
  for (const [category, keywords] of Object.entries(KEYWORDS)) {
    const random = createRandom(hashString(`${model}|${category}|${text}`))
    const hit = keywords.test(text)
    category_scores[category] = Math.fround(hit ? 0.85 + random.next() * 0.14 : 10 ** (-6 + random.next() * 3))
  }
  for (const [category, score] of Object.entries(category_scores)) categories[category] = score >= 0.5
  return { category_scores, categories }
}

/** Usage as the wire shows it: the API counts about 91 tokens of its own prompt on top of the input's. */
function usage(texts: string[]) {
  const prompt_tokens = texts.reduce((sum, text) => sum + tokens(text), 0)
  return {
    prompt_audio_seconds: null,
    prompt_tokens,
    total_tokens: prompt_tokens + 91,
    completion_tokens: 0,
    request_count: 1,
    prompt_token_details: null,
  }
}

/** `extra_forbidden` for fields outside the spec's request (`additionalProperties: false`), `missing`/`string_type` for `model`. */
function common(body: Body, allowed: readonly string[]): Detail[] {
  const details: (Detail | undefined)[] = []
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field))
      details.push({
        type: 'extra_forbidden',
        loc: ['body', field],
        msg: 'Extra inputs are not permitted',
        input: body[field],
      })
  }
  for (const field of ['model', 'input']) if (body[field] === undefined) details.push(missing(['body', field], body))
  if (body.model !== undefined) details.push(stringIssue(body.model, ['body', 'model']))
  return details.filter((detail): detail is Detail => detail !== undefined)
}

/** `input: str | list[str]`, with pydantic's union wording (one issue per member). */
function textInput(input: unknown): Detail[] {
  if (input === undefined || typeof input === 'string') return []
  if (Array.isArray(input)) {
    const bad = input.flatMap((item, index) =>
      typeof item === 'string'
        ? []
        : [
            {
              type: 'string_type',
              loc: ['body', 'input', 'list[str]', index],
              msg: 'Input should be a valid string',
              input: item,
            },
          ],
    )
    return bad.length
      ? [{ type: 'string_type', loc: ['body', 'input', 'str'], msg: 'Input should be a valid string', input }, ...bad]
      : []
  }
  return [
    { type: 'string_type', loc: ['body', 'input', 'str'], msg: 'Input should be a valid string', input },
    { type: 'list_type', loc: ['body', 'input', 'list[str]'], msg: 'Input should be a valid list', input },
  ]
}

const ROLES = ['system', 'user', 'assistant', 'tool']

/** The checks the API runs on a list of chat messages (the same as chat completions': role tag, content). */
function messageIssues(messages: unknown, loc: (string | number)[]): Detail[] {
  if (!Array.isArray(messages))
    return [{ type: 'list_type', loc, msg: 'Input should be a valid list', input: messages }]
  return messages.flatMap((message: unknown, index): Detail[] => {
    const at = [...loc, index]
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return [
        {
          type: 'model_attributes_type',
          loc: at,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: message,
        },
      ]
    }
    const role = (message as Body).role
    if (!ROLES.includes(role as string)) {
      const tags = "'system', 'user', 'assistant', 'tool'"
      const msg = `Input tag '${String(role)}' found using 'role' does not match any of the expected tags: ${tags}`
      return [
        {
          type: 'union_tag_invalid',
          loc: at,
          msg,
          input: message,
          ctx: { discriminator: "'role'", tag: String(role), expected_tags: tags },
        },
      ]
    }
    return role !== 'assistant' && !('content' in message) ? [missing([...at, role as string, 'content'], message)] : []
  })
}

/** Reads the body and runs the shared checks; a Response is the error to send. */
async function read(
  context: RouteContext,
  allowed: readonly string[],
  inputIssues: (input: unknown) => Detail[],
): Promise<Body | Response> {
  const body = await readJson(context)
  if (body instanceof Response) return body
  const details = [...common(body, allowed), ...inputIssues(body.input)]
  return details.length ? validationError(context.state, details) : body
}

function isModerationModel(state: MockState, model: string): boolean {
  if (EXTRA_MODERATION_MODELS.includes(model)) return true
  return [...state.models.values()].some(
    (card) => card.capabilities.moderation === true && (card.id === model || card.aliases.includes(model)),
  )
}

/** The targets of a classifier: its card's `classifier_targets` when the mock has one, else a cookbook label set. */
function targetsOf(state: MockState, model: string): Record<string, readonly string[]> | undefined {
  const card = state.models.get(model)
  const declared = card?.classifier_targets
  if (Array.isArray(declared))
    return Object.fromEntries(
      (declared as Body[]).map((target) => [String(target.name), (target.labels ?? []) as string[]]),
    )
  const match = CLASSIFIER_ID.exec(model)
  if (!match) return undefined
  return SCHEMES[COOKBOOK_CLASSIFIERS[match[1] as string] ?? hashString(model) % SCHEMES.length]
}

/** Probabilities over each target's labels: a softmax of hash-derived logits, raised for labels the text names. */
function classify(model: string, targets: Record<string, readonly string[]>, text: string) {
  const lower = text.toLowerCase()
  const result: Record<string, { scores: Record<string, number> }> = {}
  for (const [target, labels] of Object.entries(targets)) {
    const logits = labels.map((label) => {
      const named = label
        .toLowerCase()
        .split(/[-_ ]+/)
        .some((word) => word.length > 3 && lower.includes(word))
      return createRandom(hashString(`${model}|${target}|${label}|${text}`)).next() * 4 + (named ? 6 : 0)
    })
    const top = Math.max(...logits)
    const exps = logits.map((logit) => Math.exp(logit - top))
    const sum = exps.reduce((total, value) => total + value, 0)
    result[target] = {
      scores: Object.fromEntries(labels.map((label, index) => [label, Math.fround((exps[index] as number) / sum)])),
    }
  }
  return result
}

/** The conversations of a chat request: `[messages]` for one, or the list as given. */
const conversations = (input: unknown[]): unknown[][] =>
  input.length && Array.isArray(input[0]) ? (input as unknown[][]) : input.length ? [input] : []

/** `POST /v1/moderations`: one result per text, shaped like `json/moderation_text_*`. */
async function moderations(context: RouteContext): Promise<Response> {
  const { state } = context
  const body = await read(context, ['model', 'input', 'metadata'], textInput)
  if (body instanceof Response) return body
  const model = body.model as string
  if (!isModerationModel(state, model)) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  const texts = typeof body.input === 'string' ? [body.input] : (body.input as string[])
  return json(state, {
    id: state.random.hex(32),
    usage: usage(texts),
    model,
    results: texts.map((text) => moderate(model, text)),
  })
}

/** `POST /v1/chat/moderations`: one result per conversation, shaped like `json/moderation_chat_*`. */
async function chatModerations(context: RouteContext): Promise<Response> {
  const { state } = context
  const body = await read(context, ['model', 'input'], (input) => {
    if (input === undefined) return []
    if (!Array.isArray(input))
      return [{ type: 'list_type', loc: ['body', 'input'], msg: 'Input should be a valid list', input }]
    return Array.isArray(input[0])
      ? input.flatMap((conversation, index) => messageIssues(conversation, ['body', 'input', index]))
      : messageIssues(input, ['body', 'input'])
  })
  if (body instanceof Response) return body
  const model = body.model as string
  if (!isModerationModel(state, model)) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  const texts = conversations(body.input as unknown[]).map((messages) =>
    messages.map((message) => textOf(message as Body)).join('\n'),
  )
  return json(state, {
    id: state.random.hex(32),
    usage: usage(texts),
    model,
    results: texts.map((text) => moderate(model, text)),
  })
}

/** The shared body of both classification routes, once the texts are known. */
function classification(state: MockState, model: string, texts: string[]): Response {
  const targets = targetsOf(state, model)
  if (!targets) return apiError(state, 400, `Invalid model: ${model}`, 'invalid_model', '1500')
  return json(state, {
    id: state.random.hex(32),
    usage: usage(texts),
    model,
    results: texts.map((text) => classify(model, targets, text)),
  })
}

/** `{ messages }` or a list of them (InstructRequest). */
function instructIssues(input: unknown): Detail[] {
  if (input === undefined) return []
  const one = (item: unknown, loc: (string | number)[]): Detail[] => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return [
        {
          type: 'model_attributes_type',
          loc,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: item,
        },
      ]
    }
    const { messages } = item as Body
    return messages === undefined
      ? [missing([...loc, 'messages'], item)]
      : messageIssues(messages, [...loc, 'messages'])
  }
  return Array.isArray(input)
    ? input.flatMap((item, index) => one(item, ['body', 'input', 'list[InstructRequest]', index]))
    : one(input, ['body', 'input', 'InstructRequest'])
}

/** The moderation and classification routes (no state is created). */
export const classifierRoutes: Route[] = [
  ['POST', '/v1/moderations', moderations],
  ['POST', '/v1/chat/moderations', chatModerations],
  [
    'POST',
    '/v1/classifications',
    async (context) => {
      const body = await read(context, ['model', 'input', 'metadata'], textInput)
      if (body instanceof Response) return body
      return classification(
        context.state,
        body.model as string,
        typeof body.input === 'string' ? [body.input] : (body.input as string[]),
      )
    },
  ],
  [
    'POST',
    '/v1/chat/classifications',
    async (context) => {
      const body = await read(context, ['model', 'input'], instructIssues)
      if (body instanceof Response) return body
      const inputs = (Array.isArray(body.input) ? body.input : [body.input]) as Body[]
      return classification(
        context.state,
        body.model as string,
        inputs.map((item) => (item.messages as Body[]).map(textOf).join('\n')),
      )
    },
  ],
]
