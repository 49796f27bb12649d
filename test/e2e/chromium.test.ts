// Chromium, driven by playwright-core, uses the real app served by the Worker under `wrangler dev` (embedded mock,
// no key, no network): pick a model, stream an answer, stop one, see an error. Screenshots go to test-results/e2e/.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, type LaunchedChromium, launchChromium } from '../support/chromium.js'
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const screenshots = join(root, 'test-results', 'e2e')
const MAX_BODY_BYTES = 4096

let worker: WranglerDev
let browser: LaunchedChromium
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  // A slow mock (one chunk per 400 ms) so tokens visibly arrive one by one and Stop lands mid-answer.
  worker = await startWranglerDev({ MOCK_CHUNK_DELAY_MS: '400', MAX_BODY_BYTES: String(MAX_BODY_BYTES) })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await worker?.stop()
})

/** Records every text the last answer bubble shows, as the page renders it. */
async function recordAnswerTexts() {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { answerTexts: string[] }).answerTexts = seen
    const box = document.getElementById('messages') as HTMLElement
    new MutationObserver(() => {
      const answers = box.querySelectorAll('.message.assistant .text')
      const text = answers[answers.length - 1]?.textContent ?? ''
      if (text && text !== seen[seen.length - 1]) seen.push(text)
    }).observe(box, { childList: true, subtree: true, characterData: true })
  })
}

const answerTexts = () => page.evaluate(() => (window as unknown as { answerTexts: string[] }).answerTexts)

describe('the chat app in Chromium', () => {
  beforeAll(async () => {
    chromiumPath() // fails at once, with the one-line install instruction, when there is no browser
    mkdirSync(screenshots, { recursive: true })
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.setDefaultTimeout(20_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
  }, 60_000)

  it('lists the models and lets a person pick one', async () => {
    await page.goto(worker.url)
    await page.waitForSelector('#model:not([disabled])')
    const options = await page.$$eval('#model option', (elements) => elements.map((element) => (element as HTMLOptionElement).value))
    expect(options).toContain('mistral-small-latest')
    expect(options).toContain('mistral-large-latest')
    expect(options).not.toContain('mistral-embed')
    expect(await page.inputValue('#model')).toBe('mistral-small-latest')
    await page.selectOption('#model', 'mistral-large-latest')
    expect(await page.inputValue('#model')).toBe('mistral-large-latest')
    expect(await page.textContent('#status')).toMatch(/^\d+ chat models$/)
  })

  it('streams an answer token by token and shows the token usage', async () => {
    await recordAnswerTexts()
    await page.fill('#prompt', 'Write a short poem about the sea')
    await page.click('#send')
    await page.waitForSelector('.message.assistant.streaming')
    expect(await page.isEnabled('#stop')).toBe(true)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Done')
    const texts = await answerTexts()
    const final = texts.at(-1) ?? ''
    // Progressive: several growing states, each the start of the next, before the whole answer.
    expect(texts.length).toBeGreaterThanOrEqual(3)
    for (const [index, text] of texts.entries()) if (index > 0) expect(text.startsWith(texts[index - 1] as string)).toBe(true)
    expect(final.split(' ').length).toBe(16)
    expect(await page.textContent('.message.assistant .text')).toBe(final)
    expect(await page.textContent('#usage')).toMatch(/^tokens: \d+ prompt · 16 completion · \d+ total$/)
    expect(await page.isEnabled('#stop')).toBe(false)
    await page.screenshot({ path: join(screenshots, 'answer.png') })
  })

  it('stops an answer mid-stream, keeps what came, and the Worker aborts upstream', async () => {
    await recordAnswerTexts()
    await page.fill('#prompt', 'Tell me more about the waves')
    await page.click('#send')
    await page.waitForFunction(() => (window as unknown as { answerTexts: string[] }).answerTexts.length >= 1)
    await page.click('#stop')
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Stopped')
    const bubbles = page.locator('.message.assistant')
    expect(await bubbles.count()).toBe(2)
    expect(await bubbles.nth(1).locator('.note').textContent()).toBe('Stopped.')
    const partial = (await bubbles.nth(1).locator('.text').textContent()) ?? ''
    expect(partial.length).toBeGreaterThan(0)
    expect(await page.isEnabled('#send')).toBe(true)
    expect(await page.isEnabled('#stop')).toBe(false)
    await expect.poll(() => worker.output(), { timeout: 10_000 }).toContain('the client went away; upstream request aborted')
    await page.screenshot({ path: join(screenshots, 'stopped.png') })
  })

  it('shows an error clearly and gives the text back', async () => {
    const tooLong = 'word '.repeat(MAX_BODY_BYTES / 4)
    await page.fill('#prompt', tooLong)
    await page.click('#send')
    await page.waitForSelector('#error:not([hidden])')
    expect(await page.textContent('#error')).toBe(`HTTP 413: Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`)
    expect(await page.textContent('#status')).toBe('Error')
    expect(await page.locator('.message.assistant.failed .note').textContent()).toBe('Failed.')
    expect(await page.inputValue('#prompt')).toBe(tooLong.trim())
    await page.screenshot({ path: join(screenshots, 'error.png') })
    expect(pageErrors).toEqual([])
  })
})

describe('the app in Conversation mode', () => {
  it('keeps the history on the server: two questions, one conversation id, the second one appended to it', async () => {
    const requests: { line: string; body: unknown }[] = []
    const onRequest = (request: Request) => {
      const { pathname } = new URL(request.url())
      if (pathname.startsWith('/v1/conversations')) requests.push({ line: `${request.method()} ${pathname}`, body: request.postDataJSON() })
    }
    page.on('request', onRequest)
    const settled = (answers: number) =>
      page.waitForFunction(
        (count) => document.querySelectorAll('.message.assistant').length === count && !document.querySelector('.message.streaming'),
        answers,
      )
    try {
      await page.selectOption('#mode', 'conversation')
      expect(await page.locator('.message').count()).toBe(0)
      expect(await page.textContent('#new-chat')).toBe('New conversation')
      expect(await page.isDisabled('#model')).toBe(true)
      expect(await page.isHidden('#conversation')).toBe(true)

      await page.fill('#prompt', 'My name is Ada. Remember it.')
      await page.click('#send')
      await settled(1)
      expect(await page.textContent('#status')).toBe('Done')
      const id = (await page.textContent('#conversation-id')) ?? ''
      expect(id).toMatch(/^conv_/)
      expect(await page.isVisible('#conversation')).toBe(true)

      await page.fill('#prompt', 'What is my name?')
      await page.click('#send')
      await settled(2)
      expect(await page.textContent('#status')).toBe('Done')
      const answers = await page.locator('.message.assistant .text').allTextContents()
      expect(answers).toHaveLength(2)
      for (const answer of answers) expect(answer.length).toBeGreaterThan(0)
      expect(await page.textContent('#conversation-id')).toBe(id)
      expect(await page.textContent('#usage')).toMatch(/^tokens: \d+ prompt · \d+ completion · \d+ total$/)
      // The second turn sends only its own question, to the conversation's own path.
      expect(requests).toEqual([
        { line: 'POST /v1/conversations', body: { inputs: 'My name is Ada. Remember it.', stream: true } },
        { line: `POST /v1/conversations/${id}`, body: { inputs: 'What is my name?', stream: true } },
      ])
      await page.screenshot({ path: join(screenshots, 'conversation.png') })

      await page.click('#new-chat')
      expect(await page.locator('.message').count()).toBe(0)
      expect(await page.isHidden('#conversation')).toBe(true)
      expect(pageErrors).toEqual([])
    } finally {
      page.off('request', onRequest)
    }
  })
})

describe('the built browser bundle', () => {
  /** Every file under a folder, recursively. */
  const filesUnder = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => (statSync(join(folder, name)).isDirectory() ? filesUnder(join(folder, name)) : [join(folder, name)]))

  it('does not contain the API key, even when the key is in the build environment', () => {
    const canary = `sk-canary-${Math.random().toString(36).slice(2)}`
    const outDir = mkdtempSync(join(tmpdir(), 'mistral-edge-browser-build-'))
    try {
      const vite = join(root, 'apps/browser/node_modules/vite/bin/vite.js')
      const build = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: join(root, 'apps/browser'),
        env: { ...process.env, MISTRAL_API_KEY: canary, VITE_MISTRAL_API_KEY: canary },
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(build.status, build.stderr).toBe(0)
      const files = filesUnder(outDir)
      const script = files.filter((file) => file.endsWith('.js')).map((file) => readFileSync(file, 'utf8')).join('\n')
      // The scan looks at the real bundle: the client and its chat call are in it.
      expect(script).toContain('/v1/chat/completions')
      for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(canary)
      expect(script).not.toContain('MISTRAL_API_KEY')
    } finally {
      rmSync(outDir, { recursive: true, force: true })
    }
  })

  it('served by the Worker, holds no key either', async () => {
    const html = await (await fetch(worker.url)).text()
    const sources = [...html.matchAll(/src="([^"]+\.js)"/g)].map((match) => match[1] as string)
    expect(sources.length).toBeGreaterThan(0)
    for (const source of sources) {
      const script = await (await fetch(new URL(source, worker.url))).text()
      expect(script).toContain('/v1/models')
      expect(script).not.toContain('MISTRAL_API_KEY')
      expect(script).not.toContain('embedded-mock-key')
    }
  })
})
