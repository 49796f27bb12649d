import {
  array,
  boolean,
  custom,
  type InferInput,
  type InferOutput,
  looseObject,
  nullish,
  number,
  optional,
  string,
} from 'valibot'
import { IdSchema, openEnum, readonlyArray } from '../core/schemas.js'

/** What `filesUpload` accepts as the file: web-platform types only, so uploads work in browsers and Workers. */
export type FileInput = Blob | Uint8Array | ArrayBuffer | string

/**
 * `purpose` of a file, in `filesUpload`, `filesList` and every file response: `'fine-tune' | 'batch' | 'ocr' | 'audio'`
 * or a newer value (`audio` is not in the spec's enum but its own description lists it).
 *
 * @see https://docs.mistral.ai/api/#tag/files
 */
export const FilePurposeSchema = openEnum(['fine-tune', 'batch', 'ocr', 'audio'])

/** `visibility` of a file (upload request, file responses): `'workspace' | 'user'` or a newer value. */
export const FileVisibilitySchema = openEnum(['workspace', 'user'])

/** `sample_type` of a file (`filesList` filter, file responses); the wire also shows `ocr_input`. */
export const SampleTypeSchema = openEnum(['pretrain', 'instruct', 'batch_request', 'batch_result', 'batch_error'])

/** `source` of a file (`filesList` filter, file responses): `'upload' | 'repository' | 'mistral'` or a newer value. */
export const FileSourceSchema = openEnum(['upload', 'repository', 'mistral'])

/**
 * `POST /v1/files` request. The multipart body is built from these fields; unknown fields are sent as form fields too.
 */
export const FilesUploadRequestSchema = looseObject({
  /** The content: a `Blob` or `File` (its `name` is used when `filename` is omitted), bytes, or text. */
  file: custom<FileInput>(
    (input) =>
      input instanceof Blob || input instanceof Uint8Array || input instanceof ArrayBuffer || typeof input === 'string',
    'must be a Blob, File, Uint8Array, ArrayBuffer or string',
  ),
  /** The name the server records (`.jsonl` for fine-tuning data). */
  filename: optional(string()),
  purpose: optional(FilePurposeSchema),
  /** Lifetime of the file (the server computes `expires_at`). */
  expiry: nullish(number()),
  visibility: optional(FileVisibilitySchema),
})

/** `GET /v1/files` query. Array filters are sent as repeated keys. */
export const FilesListRequestSchema = looseObject({
  page: nullish(number()),
  page_size: nullish(number()),
  include_total: nullish(boolean()),
  sample_type: nullish(readonlyArray(SampleTypeSchema)),
  source: nullish(readonlyArray(FileSourceSchema)),
  search: nullish(string()),
  purpose: nullish(FilePurposeSchema),
  mimetypes: nullish(readonlyArray(string())),
})

/** A request naming one file by id (`filesRetrieve`, `filesDelete`, `filesDownload`). */
export const FileIdRequestSchema = looseObject({ file_id: IdSchema })

/** `GET /v1/files/{file_id}/url` request: `expiry` in hours (the API allows 1 to 168; default 24). */
export const FilesGetSignedUrlRequestSchema = looseObject({ file_id: IdSchema, expiry: nullish(number()) })

/** The fields of a file object, shared by every file response. */
const FileEntries = {
  id: string(),
  object: nullish(openEnum(['file'])),
  bytes: nullish(number()),
  created_at: number(),
  filename: nullish(string()),
  purpose: nullish(FilePurposeSchema),
  sample_type: nullish(SampleTypeSchema),
  num_lines: nullish(number()),
  mimetype: nullish(string()),
  source: nullish(FileSourceSchema),
  signature: nullish(string()),
  expires_at: nullish(number()),
  visibility: nullish(FileVisibilitySchema),
}

/**
 * A file as the API describes it (`POST /v1/files` response, `GET /v1/files` items). Enum-like fields are open (the
 * wire shows `sample_type: 'ocr_input'`), and `purpose`, `bytes` and `filename` may be `null`.
 */
export const FileOutSchema = looseObject(FileEntries)

/** `POST /v1/files` response. */
export const UploadFileOutSchema = FileOutSchema

/** `GET /v1/files/{file_id}` response: a file plus `deleted`. */
export const RetrieveFileOutSchema = looseObject({ ...FileEntries, deleted: nullish(boolean()) })

/** `GET /v1/files` response; `total` is `null` when `include_total` was false. */
export const ListFilesOutSchema = looseObject({
  data: array(FileOutSchema),
  object: nullish(openEnum(['list'])),
  total: nullish(number()),
})

/** `DELETE /v1/files/{file_id}` response. */
export const DeleteFileOutSchema = looseObject({
  id: string(),
  object: nullish(openEnum(['file'])),
  deleted: boolean(),
})

/** `GET /v1/files/{file_id}/url` response. */
export const FileSignedURLSchema = looseObject({ url: string() })

/** What a file is for (an open union). */
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
