import {
  array,
  boolean,
  type InferInput,
  type InferOutput,
  type LiteralSchema,
  type LooseObjectSchema,
  literal,
  looseObject,
  nullable,
  nullish,
  number,
  optional,
  string,
  union,
} from 'valibot'
import { DocumentURLChunkSchema, FileChunkSchema, ImageURLChunkSchema, ResponseFormatSchema } from '../chat/schemas.js'
import { openEnum, openVariant, readonlyArray } from '../core/schemas.js'

// Open schemas (shared/API.md §1, §9). The request is OCRRequest of the current spec, types and required fields only;
// the response follows the wire (shared/wire/json/ocr_*): a 2025 page carries only `index`, `markdown`, `images` and
// `dimensions`, a 2026 page adds `tables`, `hyperlinks`, `header`, `footer`, `confidence_scores` and `blocks`, so those
// are nullish. `document_annotation` and `image_annotation` are JSON-encoded strings, not objects.

// ---------------------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------------------

/**
 * The document to read, discriminated on `type`: `{ type: 'document_url', document_url, document_name? }` (a URL or
 * a `data:` URL, see `documentFromBlob`), `{ type: 'image_url', image_url }` (a URL string or `{ url, detail? }`) or
 * `{ type: 'file', file_id }` (an uploaded file). The same part schemas as chat content.
 */
export const OCRDocumentSchema = openVariant('type', [DocumentURLChunkSchema, ImageURLChunkSchema, FileChunkSchema])

/**
 * `POST /v1/ocr` request (OCRRequest in the current spec): types and required fields only; unknown fields are kept
 * and sent as given.
 *
 * @see https://docs.mistral.ai/api/#tag/ocr/operation/ocr_v1_ocr_post
 */
export const OCRRequestSchema = looseObject({
  /** The OCR model, e.g. `mistral-ocr-latest` (the spec allows `null`). */
  model: nullable(string()),
  /** The document to read. */
  document: OCRDocumentSchema,
  /** A request id, accepted by deployments that follow the earlier spec. */
  id: optional(string()),
  /** Pages to read, from 0: a list (`[0, 2]`) or a string of numbers and ranges (`'0,2-4'`). */
  pages: nullish(union([string(), readonlyArray(number())])),
  /** Return each extracted image as a base64 `data:` URL in `images[].image_base64`. */
  include_image_base64: nullish(boolean()),
  /** The most images to extract. */
  image_limit: nullish(number()),
  /** The smallest height and width of an image to extract. */
  image_min_size: nullish(number()),
  /** `{ type: 'json_schema', json_schema }`: a structured annotation of each extracted image (`images[].image_annotation`). */
  bbox_annotation_format: nullish(ResponseFormatSchema),
  /** `{ type: 'json_schema', json_schema }`: a structured annotation of the whole document (`document_annotation`). */
  document_annotation_format: nullish(ResponseFormatSchema),
  /** A prompt guiding the document annotation (needs `document_annotation_format`). */
  document_annotation_prompt: nullish(string()),
  /** `markdown` or `html`: tables extracted into `pages[].tables` in that format instead of inline. */
  table_format: nullish(openEnum(['markdown', 'html'])),
  /** Move each page's header out of the markdown into `pages[].header`. */
  extract_header: optional(boolean()),
  /** Move each page's footer out of the markdown into `pages[].footer`. */
  extract_footer: optional(boolean()),
  /** Return paragraph-level boxes in `pages[].blocks` (the API's default is `true`). */
  include_blocks: optional(boolean()),
  /** `page`, `word` or `block`: the confidence scores to return. */
  confidence_scores_granularity: nullish(openEnum(['word', 'page', 'block'])),
})

// ---------------------------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------------------------

/** The confidence of one word, `{ text, confidence, start_index }` (`start_index` into the page's markdown). */
export const OCRConfidenceScoreSchema = looseObject({ text: string(), confidence: number(), start_index: number() })

/** `pages[].confidence_scores`: page average and minimum, and the words' scores with `word` granularity. */
export const OCRPageConfidenceScoresSchema = looseObject({
  average_page_confidence_score: number(),
  minimum_page_confidence_score: number(),
  word_confidence_scores: nullish(array(OCRConfidenceScoreSchema)),
})

/** `blocks[].confidence_scores` with `block` granularity; each score is `null` when the block has no such signal. */
export const OCRBlockConfidenceScoresSchema = looseObject({
  average_content_confidence_score: nullish(number()),
  minimum_content_confidence_score: nullish(number()),
  block_type_confidence_score: nullish(number()),
})

/** One extracted image of a page: its box, and with the options, its base64 `data:` URL and its JSON annotation string. */
export const OCRImageObjectSchema = looseObject({
  id: string(),
  top_left_x: nullish(number()),
  top_left_y: nullish(number()),
  bottom_right_x: nullish(number()),
  bottom_right_y: nullish(number()),
  image_base64: nullish(string()),
  /** The `bbox_annotation_format` answer, a JSON-encoded string: `JSON.parse` it. */
  image_annotation: nullish(string()),
})

/** `{ dpi, height, width }` of the page as rendered (pixels). */
export const OCRPageDimensionsSchema = looseObject({ dpi: number(), height: number(), width: number() })

/** One extracted table (with `table_format`): `{ id, content, format }`, its markdown or HTML. */
export const OCRTableObjectSchema = looseObject({
  id: string(),
  content: string(),
  format: openEnum(['markdown', 'html']),
  word_confidence_scores: nullish(array(OCRConfidenceScoreSchema)),
})

/** The box and content every block has. */
const BlockEntries = {
  top_left_x: number(),
  top_left_y: number(),
  bottom_right_x: number(),
  bottom_right_y: number(),
  content: string(),
  confidence_scores: nullish(OCRBlockConfidenceScoresSchema),
}

type BlockSchema<TType extends string> = LooseObjectSchema<
  { type: LiteralSchema<TType, undefined> } & typeof BlockEntries,
  undefined
>

/* @__NO_SIDE_EFFECTS__ */
const block = <const TType extends string>(type: TType): BlockSchema<TType> =>
  looseObject({ type: literal(type), ...BlockEntries })

/** An image block; `image_id` names its entry in the page's `images`. */
export const OCRImageBlockSchema = looseObject({ type: literal('image'), ...BlockEntries, image_id: string() })

/** A table block; `table_id` names its entry in the page's `tables` when tables are extracted. */
export const OCRTableBlockSchema = looseObject({ type: literal('table'), ...BlockEntries, table_id: nullish(string()) })

/**
 * One paragraph-level block of a page, in reading order, discriminated on `type` (`text`, `title`, `list`, `image`,
 * `table`, `equation`, `caption`, `code`, `references`, `aside_text`, `header`, `footer`, `signature`); a block type
 * this library does not know passes as it is.
 */
export const OCRBlockSchema = openVariant('type', [
  block('text'),
  block('title'),
  block('list'),
  OCRImageBlockSchema,
  OCRTableBlockSchema,
  block('equation'),
  block('caption'),
  block('code'),
  block('references'),
  block('aside_text'),
  block('header'),
  block('footer'),
  block('signature'),
])

/** One page of the result: its markdown, images, dimensions and (2026) tables, links, header, footer, scores, blocks. */
export const OCRPageObjectSchema = looseObject({
  /** The page's index in the document, from 0. */
  index: number(),
  markdown: string(),
  images: array(OCRImageObjectSchema),
  tables: nullish(array(OCRTableObjectSchema)),
  hyperlinks: nullish(array(string())),
  header: nullish(string()),
  footer: nullish(string()),
  dimensions: nullish(OCRPageDimensionsSchema),
  confidence_scores: nullish(OCRPageConfidenceScoresSchema),
  blocks: nullish(array(OCRBlockSchema)),
})

/** `usage_info`: pages processed and the document's size. */
export const OCRUsageInfoSchema = looseObject({ pages_processed: number(), doc_size_bytes: nullish(number()) })

/** `POST /v1/ocr` response, shaped like the real wire (`shared/wire/json/ocr_*`). */
export const OCRResponseSchema = looseObject({
  pages: array(OCRPageObjectSchema),
  /** The model that answered, as the API names it (`mistral-ocr-latest`, `mistral-ocr-2505-completion`). */
  model: string(),
  /** The `document_annotation_format` answer, a JSON-encoded string: `JSON.parse` it. */
  document_annotation: nullish(string()),
  usage_info: OCRUsageInfoSchema,
})

/** The document of an {@link OCRRequest}. */
export type OCRDocument = InferInput<typeof OCRDocumentSchema>
/** Request of `ocrProcess`. */
export type OCRRequest = InferInput<typeof OCRRequestSchema>
/** One word's confidence. */
export type OCRConfidenceScore = InferOutput<typeof OCRConfidenceScoreSchema>
/** A page's confidence scores. */
export type OCRPageConfidenceScores = InferOutput<typeof OCRPageConfidenceScoresSchema>
/** A block's confidence scores. */
export type OCRBlockConfidenceScores = InferOutput<typeof OCRBlockConfidenceScoresSchema>
/** An extracted image. */
export type OCRImageObject = InferOutput<typeof OCRImageObjectSchema>
/** A page's rendered dimensions. */
export type OCRPageDimensions = InferOutput<typeof OCRPageDimensionsSchema>
/** An extracted table. */
export type OCRTableObject = InferOutput<typeof OCRTableObjectSchema>
/** A paragraph-level block of a page. */
export type OCRBlock = InferOutput<typeof OCRBlockSchema>
/** One page of an {@link OCRResponse}. */
export type OCRPageObject = InferOutput<typeof OCRPageObjectSchema>
/** Usage of an OCR call. */
export type OCRUsageInfo = InferOutput<typeof OCRUsageInfoSchema>
/** Response of `ocrProcess`. */
export type OCRResponse = InferOutput<typeof OCRResponseSchema>
