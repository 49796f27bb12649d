/** A model card as `GET /v1/models` returns it. */
export interface ModelCard {
  id: string
  object: 'model'
  created: number
  owned_by: string
  capabilities: Record<string, boolean>
  name: string | null
  description: string | null
  max_context_length: number
  aliases: string[]
  deprecation: string | null
  deprecation_replacement_model: string | null
  default_model_temperature: number | null
  type: 'base' | 'fine-tuned'
  job?: string
  root?: string
  archived?: boolean
  [key: string]: unknown
}

const CREATED = 1766520693
const CAPABILITIES = [
  'completion_chat',
  'function_calling',
  'reasoning',
  'completion_fim',
  'fine_tuning',
  'vision',
  'ocr',
  'classification',
  'moderation',
  'audio',
] as const

type Capability = (typeof CAPABILITIES)[number]

function base(
  id: string,
  name: string,
  description: string,
  context: number,
  temperature: number | null,
  aliases: string[],
  can: Capability[],
): ModelCard {
  const capabilities: Record<string, boolean> = {}
  for (const capability of CAPABILITIES)
    if (capability !== 'reasoning' || can.includes('reasoning')) capabilities[capability] = can.includes(capability)
  return {
    id,
    object: 'model',
    created: CREATED,
    owned_by: 'mistralai',
    capabilities,
    name,
    description,
    max_context_length: context,
    aliases,
    deprecation: null,
    deprecation_replacement_model: null,
    default_model_temperature: temperature,
    type: 'base',
  }
}

/**
 * Base models, in the shape of `shared/wire/json/models_list_trimmed_2025-12.json` (the first six entries are that
 * capture's models as sent; the rest follow the same shape for the models the docs name).
 */
export function baseModels(): ModelCard[] {
  return [
    base(
      'mistral-medium-latest',
      'mistral-medium-2508',
      'Update on Mistral Medium 3 with improved capabilities.',
      131072,
      0.3,
      ['mistral-medium-2508', 'mistral-medium'],
      ['completion_chat', 'function_calling', 'fine_tuning', 'vision'],
    ),
    base(
      'open-mistral-nemo',
      'open-mistral-nemo',
      'Our best multilingual open source model released July 2024.',
      131072,
      0.3,
      ['open-mistral-nemo-2407', 'mistral-tiny-2407', 'mistral-tiny-latest'],
      ['completion_chat', 'function_calling', 'fine_tuning'],
    ),
    base(
      'devstral-small-2507',
      'devstral-small-2507',
      'Our small open-source code-agentic model.',
      131072,
      0,
      [],
      ['completion_chat', 'function_calling'],
    ),
    base(
      'voxtral-mini-2507',
      'voxtral-mini-2507',
      'A mini audio understanding model released in July 2025',
      32768,
      0.2,
      ['voxtral-mini-latest'],
      ['completion_chat', 'audio'],
    ),
    base(
      'mistral-ocr-2512',
      'mistral-ocr-2512',
      'Official mistral-ocr-2512 Mistral AI model',
      16384,
      0,
      ['mistral-ocr-latest'],
      ['function_calling', 'vision', 'ocr'],
    ),
    base(
      'mistral-moderation-latest',
      'mistral-moderation-2411',
      'Official mistral-moderation-2411 Mistral AI model',
      8192,
      null,
      ['mistral-moderation-2411'],
      ['classification', 'moderation'],
    ),
    base(
      'mistral-small-latest',
      'mistral-small-2506',
      'Our latest enterprise-grade small model with the latest version released June 2025.',
      131072,
      0.3,
      ['mistral-small-2506'],
      ['completion_chat', 'function_calling', 'reasoning', 'fine_tuning', 'vision'],
    ),
    base(
      'mistral-large-latest',
      'mistral-large-2512',
      'Official mistral-large-2512 Mistral AI model',
      262144,
      0.3,
      ['mistral-large-2512'],
      ['completion_chat', 'function_calling', 'fine_tuning', 'vision'],
    ),
    base(
      'codestral-latest',
      'codestral-2508',
      'Our cutting-edge language model for coding released August 2025.',
      256000,
      0.3,
      ['codestral-2508'],
      ['completion_chat', 'function_calling', 'completion_fim', 'fine_tuning'],
    ),
    base(
      'magistral-medium-latest',
      'magistral-medium-2509',
      'Our frontier-class reasoning model release candidate September 2025.',
      131072,
      0.7,
      ['magistral-medium-2509'],
      ['completion_chat', 'function_calling', 'reasoning', 'vision'],
    ),
    base(
      'ministral-8b-latest',
      'ministral-8b-2410',
      'Powerful edge model with extremely high performance/price ratio.',
      131072,
      0.3,
      ['ministral-8b-2410'],
      ['completion_chat', 'function_calling', 'fine_tuning'],
    ),
    base(
      'mistral-embed',
      'mistral-embed',
      'Official mistral-embed Mistral AI model',
      8192,
      null,
      ['mistral-embed-2312'],
      [],
    ),
    base(
      'codestral-embed',
      'codestral-embed-2505',
      'Official codestral-embed Mistral AI model',
      8192,
      null,
      ['codestral-embed-2505'],
      [],
    ),
  ]
}

/** A fine-tuned card (FTModelCard) as the listing shows it. */
export function fineTunedCard(fields: {
  id: string
  root: string
  job: string
  owned_by: string
  created: number
  name?: string | null
  description?: string | null
  archived?: boolean
}): ModelCard {
  return {
    id: fields.id,
    object: 'model',
    created: fields.created,
    owned_by: fields.owned_by,
    capabilities: {
      completion_chat: true,
      function_calling: false,
      completion_fim: false,
      fine_tuning: true,
      vision: false,
      ocr: false,
      classification: false,
      moderation: false,
      audio: false,
    },
    name: fields.name ?? null,
    description: fields.description ?? null,
    max_context_length: 32768,
    aliases: [],
    deprecation: null,
    deprecation_replacement_model: null,
    default_model_temperature: 0.3,
    type: 'fine-tuned',
    job: fields.job,
    root: fields.root,
    archived: fields.archived ?? false,
  }
}
