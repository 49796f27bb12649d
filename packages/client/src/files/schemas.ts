import {
  array,
  boolean,
  custom,
  integer,
  looseObject,
  maxValue,
  minValue,
  nullish,
  number,
  optional,
  picklist,
  pipe,
  string,
  type InferInput,
  type InferOutput,
} from 'valibot'
import { IdSchema } from '../core/schemas.js'

/** What `filesUpload` accepts as the file: web-platform types only, so uploads work in browsers and Workers. */
export type FileInput = Blob | Uint8Array | ArrayBuffer | string

/**
 * What a file is for. `audio` is not in the spec's enum but its own description lists it as supported.
 *
 * @see https://docs.mistral.ai/api/#tag/files
 */
export const FilePurposeSchema = picklist(['fine-tune', 'batch', 'ocr', 'audio'])

/** Who can see an uploaded file. */
export const FileVisibilitySchema = picklist(['workspace', 'user'])

/** The kinds of sample a file holds (filter of `filesList`). */
export const SampleTypeSchema = picklist(['pretrain', 'instruct', 'batch_request', 'batch_result', 'batch_error'])

/** Where a file comes from (filter of `filesList`). */
export const FileSourceSchema = picklist(['upload', 'repository', 'mistral'])

/**
 * `POST /v1/files` request. The multipart body is built from these fields; unknown fields are sent as form fields too.
 * `custom` checks stand in for `pipe`s here to keep a one-call `filesUpload` program within its 4 KB budget.
 */
export const FilesUploadRequestSchema = looseObject({
  /** The content: a `Blob` or `File` (its `name` is used when `filename` is omitted), bytes, or text. */
  file: custom<FileInput>(
    (input) => input instanceof Blob || input instanceof Uint8Array || input instanceof ArrayBuffer || typeof input === 'string',
    'must be a Blob, File, Uint8Array, ArrayBuffer or string',
  ),
  /** The name the server records (`.jsonl` for fine-tuning data). */
  filename: optional(custom<string>((input) => typeof input === 'string' && input !== '', 'must be a non-empty string')),
  purpose: optional(FilePurposeSchema),
  /** Lifetime of the file (an integer; the server computes `expires_at`). */
  expiry: nullish(custom<number>(Number.isInteger, 'must be an integer')),
  visibility: optional(FileVisibilitySchema),
})

/** `GET /v1/files` query. Array filters are sent as repeated keys. */
export const FilesListRequestSchema = looseObject({
  page: nullish(pipe(number(), integer(), minValue(0))),
  page_size: nullish(pipe(number(), integer(), minValue(1))),
  include_total: nullish(boolean()),
  sample_type: nullish(array(SampleTypeSchema)),
  source: nullish(array(FileSourceSchema)),
  search: nullish(string()),
  purpose: nullish(FilePurposeSchema),
  mimetypes: nullish(array(string())),
})

/** A request naming one file by id. */
export const FileIdRequestSchema = looseObject({ file_id: IdSchema })

/** `GET /v1/files/{file_id}/url` request: `expiry` in hours, 1 to 168 (server default 24). */
export const FilesGetSignedUrlRequestSchema = looseObject({
  file_id: IdSchema,
  expiry: nullish(pipe(number(), integer(), minValue(1), maxValue(168))),
})

/** The fields of a file object, shared by every file response. */
const FileEntries = {
  id: string(),
  object: nullish(string()),
  bytes: nullish(number()),
  created_at: number(),
  filename: string(),
  purpose: nullish(string()),
  sample_type: nullish(string()),
  num_lines: nullish(number()),
  mimetype: nullish(string()),
  source: nullish(string()),
  signature: nullish(string()),
  expires_at: nullish(number()),
  visibility: nullish(string()),
}

/**
 * A file as the API describes it (upload, list items). Lenient: enum-like fields accept any string
 * (the wire shows `sample_type: 'ocr_input'`), and `purpose` and `bytes` may be `null`.
 */
export const FileOutSchema = looseObject(FileEntries)

/** `POST /v1/files` response. */
export const UploadFileOutSchema = FileOutSchema

/** `GET /v1/files/{file_id}` response: a file plus `deleted`. */
export const RetrieveFileOutSchema = looseObject({ ...FileEntries, deleted: nullish(boolean()) })

/** `GET /v1/files` response; `total` is `null` when `include_total` was false. */
export const ListFilesOutSchema = looseObject({
  data: array(FileOutSchema),
  object: nullish(string()),
  total: nullish(number()),
})

/** `DELETE /v1/files/{file_id}` response. */
export const DeleteFileOutSchema = looseObject({ id: string(), object: nullish(string()), deleted: boolean() })

/** `GET /v1/files/{file_id}/url` response. */
export const FileSignedURLSchema = looseObject({ url: string() })

/** What a file is for. */
export type FilePurpose = InferOutput<typeof FilePurposeSchema>
/** Request of {@link filesUpload}. */
export type FilesUploadRequest = InferInput<typeof FilesUploadRequestSchema>
/** Query of {@link filesList}. */
export type FilesListRequest = InferInput<typeof FilesListRequestSchema>
/** A request naming one file. */
export type FileIdRequest = InferInput<typeof FileIdRequestSchema>
/** Request of {@link filesGetSignedUrl}. */
export type FilesGetSignedUrlRequest = InferInput<typeof FilesGetSignedUrlRequestSchema>
/** A file's description. */
export type FileOut = InferOutput<typeof FileOutSchema>
/** Response of {@link filesUpload}. */
export type UploadFileOut = InferOutput<typeof UploadFileOutSchema>
/** Response of {@link filesRetrieve}. */
export type RetrieveFileOut = InferOutput<typeof RetrieveFileOutSchema>
/** Response of {@link filesList}. */
export type ListFilesOut = InferOutput<typeof ListFilesOutSchema>
/** Response of {@link filesDelete}. */
export type DeleteFileOut = InferOutput<typeof DeleteFileOutSchema>
/** Response of {@link filesGetSignedUrl}. */
export type FileSignedURL = InferOutput<typeof FileSignedURLSchema>
