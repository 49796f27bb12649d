// Finds and launches the machine's Chromium (Debian's package) for playwright-core: never a downloaded browser.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

/** The flags this machine needs: no sandbox as root, no GPU, and no background traffic to the closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The Chromium executable: `CHROMIUM_PATH`, else `/usr/bin/chromium`.
 *
 * @returns its path.
 * @throws a one-line instruction when there is none.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: run \`apt-get update && apt-get install -y --no-install-recommends chromium\` or set CHROMIUM_PATH`,
    )
  }
  return path
}

/** A headless Chromium with a fresh profile. */
export interface LaunchedChromium {
  context: BrowserContext
  close: () => Promise<void>
}

/**
 * Launches headless Chromium with a fresh `--user-data-dir`, deleted on close.
 *
 * @param timeoutMs - launch timeout.
 * @returns the browser context and its close function.
 */
export async function launchChromium(timeoutMs = 30_000): Promise<LaunchedChromium> {
  const executablePath = chromiumPath()
  const profile = mkdtempSync(join(tmpdir(), 'mistral-edge-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: timeoutMs,
    viewport: { width: 900, height: 640 },
  })
  return {
    context,
    async close() {
      await context.close().catch(() => {})
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Where the Chromium suites keep their screenshots (test-results/ is not committed). */
export const screenshotsDirectory = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url))

/** The viewports the app is checked at: a small phone, a tablet, a laptop. */
export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
] as const

/**
 * What is wrong with the page's layout at its current size: a page wider than the viewport, a visible control
 * (button, select, input, textarea) reaching out of the viewport, a title on more than one line.
 *
 * @param page - the app's page.
 * @returns one line per problem; empty when the layout fits.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const { scrollWidth } = document.documentElement
    if (scrollWidth > innerWidth) problems.push(`the page is ${scrollWidth} px wide in a ${innerWidth} px viewport`)
    for (const control of document.querySelectorAll('button, select, input, textarea')) {
      const box = control.getBoundingClientRect()
      if (!box.width || !box.height) continue // not shown
      if (box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight) {
        problems.push(
          `${control.id || control.tagName} is at ${Math.round(box.left)},${Math.round(box.top)}-${Math.round(box.right)},${Math.round(box.bottom)}`,
        )
      }
    }
    const title = document.createRange()
    title.selectNodeContents(document.querySelector('h1') as HTMLElement)
    if (title.getClientRects().length !== 1) problems.push(`the title takes ${title.getClientRects().length} lines`)
    return problems
  })
}
