// Finds and launches the machine's Chromium (Debian's package) for playwright-core: never a downloaded browser.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** The flags this machine needs: no sandbox as root, no GPU, and no background traffic to the closed network. */
export const CHROMIUM_ARGS = [
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
    throw new Error(`No Chromium at ${path}: run \`apt-get update && apt-get install -y --no-install-recommends chromium\` or set CHROMIUM_PATH`)
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
