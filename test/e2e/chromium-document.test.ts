// Chromium drives the app's Document mode under `wrangler dev` (embedded mock): a PDF picked with the file input and a
// PNG dropped on the page are read through the Worker's POST /v1/ocr and their pages shown as markdown with a page
// picker; an unsupported type, a document over the Worker's cap and an HTTP error each say so. Screenshots go to
// test-results/screenshots/.
import { join } from 'node:path'
import type { Page, Request, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  chromiumPath,
  type LaunchedChromium,
  launchChromium,
  layoutProblems,
  screenshotsDirectory,
  VIEWPORTS,
} from '../support/chromium.js'
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js'

/** The Worker's cap on an OCR request body here: small, so a test document can exceed it. */
const MAX_DOCUMENT_BYTES = 65_536

let worker: WranglerDev
let browser: LaunchedChromium
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  worker = await startWranglerDev({ MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) })
  chromiumPath()
  browser = await launchChromium()
  page = await browser.context.newPage()
  page.setDefaultTimeout(20_000)
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(worker.url)
  await page.waitForSelector('#model:not([disabled])')
  await page.selectOption('#mode', 'document')
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await worker?.stop()
})

/**
 * A valid PDF (cross-reference table included) with one page per entry and each line a text object; `padding` bytes
 * of comment make it as large as a test needs.
 */
function buildPdf(pages: string[][], padding = 0): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, index) => `${4 + index * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  for (const [index, lines] of pages.entries()) {
    const text = lines
      .map((line, row) => `BT /F1 18 Tf 72 ${720 - row * 30} Td (${line.replace(/[\\()]/g, '\\$&')}) Tj ET`)
      .join('\n')
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + index * 2} 0 R >>`,
    )
    objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`)
  }
  let body = `%PDF-1.4\n${padding ? `%${'x'.repeat(padding)}\n` : ''}`
  const offsets = objects.map((object, index) => {
    const offset = body.length
    body += `${index + 1} 0 obj\n${object}\nendobj\n`
    return offset
  })
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`
  return Buffer.from(
    `${body}${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${body.length}\n%%EOF\n`,
    'latin1',
  )
}

const REPORT = buildPdf([
  ['Quarterly report', 'Revenue grew by 12 percent.'],
  ['Second page', 'Costs stayed flat.'],
  ['Third page', 'Outlook: steady.'],
])

const status = () => page.textContent('#status')
const pageText = () => page.textContent('#document-page')
const pickFile = (name: string, mimeType: string, buffer: Buffer) =>
  page.setInputFiles('#document-file', { name, mimeType, buffer })

describe('Document mode in Chromium', () => {
  it('shows the document view instead of the chat', async () => {
    expect(await page.isVisible('#document')).toBe(true)
    expect(await page.isHidden('#messages')).toBe(true)
    expect(await page.isHidden('#composer')).toBe(true)
    expect(await page.textContent('#new-chat')).toBe('New document')
    expect(await page.isHidden('#model')).toBe(true)
    expect(await status()).toBe('Pick a PDF or an image')
  })

  it('OCRs a picked PDF and shows its pages with a page picker', async () => {
    const requests: { model: string; type: string; name: string; prefix: string }[] = []
    const onRequest = (request: Request) => {
      if (!request.url().endsWith('/v1/ocr')) return
      const { model, document } = request.postDataJSON() as { model: string; document: Record<string, string> }
      requests.push({
        model,
        type: document.type as string,
        name: document.document_name as string,
        prefix: (document.document_url as string).slice(0, 28),
      })
    }
    page.on('request', onRequest)
    try {
      await pickFile('report.pdf', 'application/pdf', REPORT)
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'report.pdf: 3 pages')
    } finally {
      page.off('request', onRequest)
    }
    expect(requests).toEqual([
      { model: 'mistral-ocr-latest', type: 'document_url', name: 'report.pdf', prefix: 'data:application/pdf;base64,' },
    ])
    expect(await page.isVisible('#pages')).toBe(true)
    expect(await page.$$eval('#page option', (options) => options.map((option) => option.textContent))).toEqual([
      'Page 1 of 3',
      'Page 2 of 3',
      'Page 3 of 3',
    ])
    expect(await pageText()).toContain('Quarterly report')
    expect(await pageText()).toContain('Revenue grew by 12 percent.')
    expect(await page.locator('#document-page p').count()).toBeGreaterThan(0)
    expect(await page.isDisabled('#page-previous')).toBe(true)
    expect(await page.textContent('#usage')).toBe('pages processed: 3')

    await page.click('#page-next')
    expect(await page.inputValue('#page')).toBe('1')
    expect(await pageText()).toContain('Costs stayed flat.')
    expect(await pageText()).not.toContain('Quarterly report')
    await page.selectOption('#page', '2')
    expect(await pageText()).toContain('Outlook: steady.')
    expect(await page.isDisabled('#page-next')).toBe(true)
    await page.click('#page-previous')
    expect(await pageText()).toContain('Second page')
    expect(await page.isHidden('#error')).toBe(true)
  })

  it('fits 360, 768 and 1280 px with a document open, in light and dark', async () => {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport)
      expect(await layoutProblems(page), `${viewport.width} px`).toEqual([])
      await page.screenshot({ path: join(screenshotsDirectory, `document-${viewport.width}.png`) })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.screenshot({ path: join(screenshotsDirectory, `document-${viewport.width}-dark.png`) })
      await page.emulateMedia({ colorScheme: 'light' })
    }
    await page.setViewportSize({ width: 900, height: 640 })
  })

  it('OCRs a PNG built in the page and dropped on it', async () => {
    await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(64, 48)
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
      context.fillStyle = '#e2580d'
      context.fillRect(0, 0, 64, 48)
      const blob = await canvas.convertToBlob({ type: 'image/png' })
      const transfer = new DataTransfer()
      transfer.items.add(new File([blob], 'photo.png', { type: 'image/png' }))
      const target = document.getElementById('document') as HTMLElement
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    })
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'photo.png: 1 page')
    // The mock describes an image by its header: a 64 x 48 PNG, read under the name "image" (image URLs have none).
    expect(await page.textContent('#document-page h1')).toBe('image')
    expect(await page.textContent('#document-page p')).toMatch(
      /^A 64 x 48 PNG image \(\d+ bytes\), read by the mock OCR\.$/,
    )
    expect(await page.isHidden('#pages')).toBe(true)
    expect(await page.evaluate(() => document.getElementById('document')?.classList.contains('dragging'))).toBe(false)
  })

  it('refuses an unsupported file type before sending anything', async () => {
    let sent = 0
    const count = (route: Route) => {
      sent++
      return route.fallback()
    }
    await page.route('**/v1/ocr', count)
    try {
      await pickFile('notes.txt', 'text/plain', Buffer.from('hello'))
      await page.waitForSelector('#error:not([hidden])')
      expect(await page.textContent('#error-text')).toBe(
        'Unsupported file type: notes.txt (text/plain). Pick a PDF or an image (PNG, JPEG, WebP, GIF, AVIF).',
      )
      expect(await status()).toBe('Not read')
      expect(await pageText()).toBe('')
      expect(sent).toBe(0)
    } finally {
      await page.unroute('**/v1/ocr', count)
    }
  })

  it('says when a document is over what the Worker accepts', async () => {
    const large = buildPdf([['Big']], MAX_DOCUMENT_BYTES)
    await pickFile('big.pdf', 'application/pdf', large)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Error')
    expect(await page.textContent('#error-text')).toBe(
      `Too large: big.pdf (${Math.round(large.length / 1024)} KB, a third more as sent) is over what the server accepts. HTTP 413: Request body too large: the limit is ${MAX_DOCUMENT_BYTES} bytes.`,
    )
    await page.screenshot({ path: join(screenshotsDirectory, 'document-too-large.png') })
  })

  it('says when the OCR call fails, and New document clears it', async () => {
    const fail = (route: Route) =>
      route.fulfill({
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          object: 'error',
          message: 'Service unavailable.',
          type: 'internal_server_error',
          param: null,
          code: '1000',
        }),
      })
    await page.route('**/v1/ocr', fail)
    try {
      await pickFile('report.pdf', 'application/pdf', REPORT)
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Error')
      expect(await page.textContent('#error-text')).toBe('Could not read report.pdf: HTTP 500: Service unavailable.')
      expect(await pageText()).toBe('')
    } finally {
      await page.unroute('**/v1/ocr', fail)
    }
    await page.click('#new-chat')
    expect(await page.isHidden('#error')).toBe(true)
    expect(await status()).toBe('Pick a PDF or an image')
    expect(pageErrors).toEqual([])
  })
})
