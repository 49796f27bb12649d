import { type Client, documentFromBlob, ocrProcess, RequestAbortedError, SDKError } from '@mistral-edge/client'
import { describeError } from './describe-error.js'
import { renderMarkdown } from './markdown.js'
import { retryAfterRateLimit } from './rate-limit.js'

/** The model Document mode reads with (the Worker allows it by default). */
const OCR_MODEL = 'mistral-ocr-latest'
/** The API's own limit on a document: a larger file is refused before it is read. */
const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
/** The media types Document mode sends, by file name extension (for a dropped file without a type). */
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
}

/**
 * A size as people read it: `900 bytes`, `12 KB`, `3.4 MB`.
 *
 * @param bytes - the size.
 * @returns the text.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * The media type to send a file as: its own type, or its extension's when it has none; `undefined` when Document
 * mode does not read that kind of file.
 *
 * @param file - the picked or dropped file.
 * @returns `application/pdf`, an `image/*` type, or `undefined`.
 */
export function documentType(file: File): string | undefined {
  const supported = new Set(Object.values(TYPES))
  const type = file.type || TYPES[/\.(\w+)$/.exec(file.name)?.[1]?.toLowerCase() ?? ''] || ''
  return supported.has(type) ? type : undefined
}

/** What Document mode needs from the page around it. */
export interface DocumentModeOptions {
  /** The client that talks to the Worker. */
  client: Client
  /** Shows one line in the error box, or hides it (`undefined`). */
  showError: (text: string | undefined) => void
  /** Shows one line in the status bar. */
  showStatus: (text: string) => void
  /** Shows the usage line. */
  showUsage: (text: string) => void
}

/** Document mode's controls. */
export interface DocumentMode {
  /** Reads a file: checks its type and size, sends it to `POST /v1/ocr`, shows its pages. */
  read: (file: File) => Promise<void>
  /** Stops a read in progress. */
  stop: () => void
  /** Stops a read and clears the pages. */
  reset: () => void
}

/**
 * Wires Document mode: the file input and drop zone, OCR through the Worker (`documentFromBlob` + `ocrProcess`), and
 * the pages' markdown with a page picker. The elements are the ones index.html declares under `#document`.
 *
 * @param options - the client and the page's status, error and usage lines.
 * @returns the mode's controls.
 */
export function setUpDocumentMode(options: DocumentModeOptions): DocumentMode {
  const { client, showError, showStatus, showUsage } = options
  const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
  const section = element<HTMLElement>('document')
  const fileInput = element<HTMLInputElement>('document-file')
  const pagesNav = element<HTMLElement>('pages')
  const pageSelect = element<HTMLSelectElement>('page')
  const previousButton = element<HTMLButtonElement>('page-previous')
  const nextButton = element<HTMLButtonElement>('page-next')
  const pageBox = element<HTMLElement>('document-page')
  let pages: string[] = []
  let controller: AbortController | undefined

  const showPage = (index: number) => {
    pageSelect.value = String(index)
    previousButton.disabled = index <= 0
    nextButton.disabled = index >= pages.length - 1
    pageBox.replaceChildren(renderMarkdown(pages[index] ?? ''))
  }

  const showPages = (markdown: string[]) => {
    pages = markdown
    pageSelect.replaceChildren(
      ...markdown.map((_, index) => new Option(`Page ${index + 1} of ${markdown.length}`, String(index))),
    )
    pagesNav.hidden = markdown.length < 2
    if (markdown.length) showPage(0)
    else pageBox.replaceChildren()
  }

  const stop = () => controller?.abort()

  async function read(file: File) {
    stop()
    showError(undefined)
    showPages([])
    showUsage('')
    const type = documentType(file)
    if (!type) {
      showStatus('Not read')
      return showError(
        `Unsupported file type: ${file.name} (${file.type || 'unknown type'}). Pick a PDF or an image (PNG, JPEG, WebP, GIF, AVIF).`,
      )
    }
    if (file.size > MAX_DOCUMENT_BYTES) {
      showStatus('Not read')
      return showError(
        `Too large: ${file.name} is ${formatBytes(file.size)}; documents up to ${formatBytes(MAX_DOCUMENT_BYTES)} can be read.`,
      )
    }
    const own = new AbortController()
    controller = own
    section.setAttribute('aria-busy', 'true')
    showStatus(`Reading ${file.name} (${formatBytes(file.size)})…`)
    try {
      const blobDocument = await documentFromBlob(file, { mimeType: type })
      // A PDF keeps its name (the API reports it); an image URL has no name field.
      const request = {
        model: OCR_MODEL,
        document: blobDocument.type === 'document_url' ? { ...blobDocument, document_name: file.name } : blobDocument,
      }
      const call = () => {
        showStatus(`Reading ${file.name} (${formatBytes(file.size)})…`)
        showError(undefined)
        return ocrProcess(client, request, { signal: own.signal })
      }
      const onWait = (error: SDKError, seconds: number) => {
        showError(describeError(error, seconds))
        showStatus(`Retrying in ${seconds} s…`)
      }
      const response = await retryAfterRateLimit(call, onWait, own.signal)
      showPages(response.pages.map((page) => page.markdown))
      const count = response.pages.length
      showStatus(`${file.name}: ${count} page${count === 1 ? '' : 's'}`)
      showUsage(`pages processed: ${response.usage_info?.pages_processed ?? count}`)
    } catch (error) {
      if (own.signal.aborted || error instanceof RequestAbortedError) {
        if (controller === own) showStatus('Stopped')
        return
      }
      showStatus('Error')
      if (error instanceof SDKError && error.status === 413) {
        showError(
          `Too large: ${file.name} (${formatBytes(file.size)}, a third more as sent) is over what the server accepts. ${describeError(error)}`,
        )
      } else showError(`Could not read ${file.name}: ${describeError(error)}`)
    } finally {
      if (controller === own) {
        controller = undefined
        section.removeAttribute('aria-busy')
      }
    }
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0]
    // Cleared, so picking the same file again reads it again.
    fileInput.value = ''
    if (file) void read(file)
  })
  section.addEventListener('dragover', (event) => {
    event.preventDefault()
    section.classList.add('dragging')
  })
  section.addEventListener('dragleave', () => section.classList.remove('dragging'))
  section.addEventListener('drop', (event) => {
    event.preventDefault()
    section.classList.remove('dragging')
    const file = event.dataTransfer?.files[0]
    if (file) void read(file)
  })
  pageSelect.addEventListener('change', () => showPage(Number(pageSelect.value)))
  previousButton.addEventListener('click', () => showPage(Number(pageSelect.value) - 1))
  nextButton.addEventListener('click', () => showPage(Number(pageSelect.value) + 1))

  return {
    read,
    stop,
    reset() {
      stop()
      showPages([])
    },
  }
}
