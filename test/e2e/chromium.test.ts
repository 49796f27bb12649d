// Chromium, driven by playwright-core, uses the real app served by the Worker under `wrangler dev` (embedded mock,
// no key, no network): models, streamed answers rendered as markdown, Stop and Escape, errors, a 429 counted down
// and retried, a models error with Retry, New chat, the keyboard, the themes, and the layout at 360, 768 and 1280 px.
// Fixed answers (markdown, hostile HTML, a long unbroken string) are served by intercepting the Worker's response.
// Screenshots go to test-results/screenshots/; UPDATE_SCREENSHOTS=1 also writes docs/app.png (README shows it): the
// mock's answer to a code question at 1280 px.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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

const root = fileURLToPath(new URL('../../', import.meta.url))
const MAX_BODY_BYTES = 4096

let worker: WranglerDev
let browser: LaunchedChromium
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  // A slow mock (one chunk per 100 ms) so tokens visibly arrive one by one and Stop lands mid-answer.
  worker = await startWranglerDev({ MOCK_CHUNK_DELAY_MS: '100', MAX_BODY_BYTES: String(MAX_BODY_BYTES) })
  chromiumPath() // fails at once, with the one-line install instruction, when there is no browser
  mkdirSync(screenshotsDirectory, { recursive: true })
  browser = await launchChromium()
  page = await browser.context.newPage()
  page.setDefaultTimeout(20_000)
  page.on('pageerror', (error) => pageErrors.push(error.message))
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await worker?.stop()
})

// ---------------------------------------------------------------------------------------------------------------
// Fixed answers, streamed as the Worker streams them
// ---------------------------------------------------------------------------------------------------------------

/** A markdown answer with every block the app renders: the one in docs/app.png. */
const SHOWCASE = [
  '## Reading a response as a stream',
  '',
  'Use **`response.body`**: it is a *web stream*, so the first bytes can be shown before the last arrive.',
  '',
  '1. Send the request with `fetch`',
  '2. Read the body chunk by chunk',
  '   - each chunk is a `Uint8Array`',
  '   - decode it with `TextDecoderStream`',
  '',
  '```ts',
  "const response = await fetch('/v1/chat/completions', { method: 'POST', body })",
  'for await (const text of response.body.pipeThrough(new TextDecoderStream())) {',
  '  console.log(text)',
  '}',
  '```',
  '',
  '| Method | Streams | Memory |',
  '| --- | :---: | ---: |',
  '| `response.text()` | no | whole body |',
  '| `response.body` | yes | one chunk |',
  '',
  '> See [Response.body on MDN](https://developer.mozilla.org/en-US/docs/Web/API/Response/body) for more.',
].join('\n')

/** HTML and script links a model could be tricked into writing: all of it must stay text. */
const HOSTILE = [
  'Here you go: <img src=x onerror="window.pwned = 1"> and <script>window.pwned = 2</script>',
  '',
  '[click me](javascript:window.pwned=3) <iframe src="javascript:window.pwned=4"></iframe>',
  '',
  '```html',
  '<img src=x onerror="window.pwned = 5">',
  '```',
].join('\n')

/** An unbroken string far wider than a phone. */
const LONG_WORD = `id-${'0123456789abcdef'.repeat(12)}`

/** The answer of each fixed prompt. */
const FIXED: Record<string, string> = {
  'Show me markdown': SHOWCASE,
  'Be hostile': HOSTILE,
  'Say something long': `The value is ${LONG_WORD} and https://example.com/${'path/'.repeat(20)}end`,
}

/** A chat completion stream of `text`, cut in 7-character pieces (mid-markup), with usage on the last chunk. */
function completionStream(text: string): string {
  const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id: 'fixed', object: 'chat.completion.chunk', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`
  const pieces = text.match(/[\s\S]{1,7}/g) ?? []
  const usage = { prompt_tokens: 12, completion_tokens: pieces.length, total_tokens: 12 + pieces.length }
  const last = `data: ${JSON.stringify({ id: 'fixed', object: 'chat.completion.chunk', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage })}\n\n`
  return [
    chunk({ role: 'assistant', content: '' }),
    ...pieces.map((piece) => chunk({ content: piece })),
    last,
    'data: [DONE]\n\n',
  ].join('')
}

/** Answers the fixed prompts with their fixed streams; everything else goes on to the Worker. */
async function answerFixedPrompts(route: Route) {
  const body = route.request().postDataJSON() as { messages: { content: string }[] }
  const answer = FIXED[body.messages.at(-1)?.content ?? '']
  if (answer === undefined) return route.fallback()
  await route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    body: completionStream(answer),
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const status = () => page.textContent('#status')
// A streamed answer takes (chunks x MOCK_CHUNK_DELAY_MS): room for the mock's longer answers.
const waitForStatus = (text: string) =>
  page.waitForFunction((expected) => document.getElementById('status')?.textContent === expected, text, {
    timeout: 45_000,
  })

/** Opens the app and waits for its models. */
async function openApp() {
  await page.goto(worker.url)
  await page.waitForSelector('#model:not([disabled])')
}

/** Sends a prompt with the Send button and waits for the answer to finish. */
async function ask(prompt: string) {
  await page.fill('#prompt', prompt)
  await page.click('#send')
  await waitForStatus('Done')
}

/** Records every text an element shows, in order, as the page renders it (`window.seen[id]`). */
async function recordTexts(id: string) {
  await page.evaluate((target) => {
    const host = window as unknown as { seen: Record<string, string[]> }
    host.seen ??= {}
    const seen: string[] = []
    host.seen[target] = seen
    const element = document.getElementById(target) as HTMLElement
    const record = () => {
      const text = element.textContent ?? ''
      if (text !== seen.at(-1)) seen.push(text)
    }
    record()
    new MutationObserver(record).observe(element, { childList: true, subtree: true, characterData: true })
  }, id)
}
const recordedTexts = (id: string) =>
  page.evaluate((target) => (window as unknown as { seen: Record<string, string[]> }).seen[target] ?? [], id)

/** Records every text the last answer bubble shows (`window.answerTexts`). */
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

// ---------------------------------------------------------------------------------------------------------------

describe('the chat app in Chromium', () => {
  it('lists the models and lets a person pick one', async () => {
    await openApp()
    const options = await page.$$eval('#model option', (elements) =>
      elements.map((element) => (element as HTMLOptionElement).value),
    )
    expect(options).toContain('mistral-small-latest')
    expect(options).toContain('mistral-large-latest')
    expect(options).not.toContain('mistral-embed')
    expect(await page.inputValue('#model')).toBe('mistral-small-latest')
    await page.selectOption('#model', 'mistral-large-latest')
    expect(await page.inputValue('#model')).toBe('mistral-large-latest')
    expect(await status()).toMatch(/^\d+ chat models$/)
  })

  it('streams an answer in several renderings and shows the token usage', async () => {
    await recordAnswerTexts()
    await page.fill('#prompt', 'Write a short poem about the sea')
    await page.click('#send')
    await page.waitForSelector('.message.assistant.streaming')
    expect(await page.isEnabled('#stop')).toBe(true)
    expect(await page.getAttribute('#messages', 'aria-busy')).toBe('true')
    await waitForStatus('Done')
    const texts = await answerTexts()
    const final = texts.at(-1) ?? ''
    expect(texts.length).toBeGreaterThanOrEqual(3)
    expect(final.length).toBeGreaterThan(10)
    expect(await page.textContent('.message.assistant .text')).toBe(final)
    expect(await page.textContent('#usage')).toMatch(/^tokens: \d+ prompt · \d+ completion · \d+ total$/)
    expect(await page.isEnabled('#stop')).toBe(false)
    expect(await page.getAttribute('#messages', 'aria-busy')).toBe('false')
    expect(await page.getAttribute('#messages', 'aria-live')).toBe('polite')
  })

  it('stops an answer mid-stream, keeps what came, and the Worker aborts upstream', async () => {
    await recordAnswerTexts()
    await page.fill('#prompt', 'Tell me more about the waves')
    await page.click('#send')
    await page.waitForFunction(() => (window as unknown as { answerTexts: string[] }).answerTexts.length >= 1)
    await page.click('#stop')
    await waitForStatus('Stopped')
    const bubbles = page.locator('.message.assistant')
    expect(await bubbles.count()).toBe(2)
    expect(await bubbles.nth(1).locator('.note').textContent()).toBe('Stopped.')
    expect(((await bubbles.nth(1).locator('.text').textContent()) ?? '').length).toBeGreaterThan(0)
    expect(await page.isEnabled('#send')).toBe(true)
    expect(await page.isEnabled('#stop')).toBe(false)
    await expect
      .poll(() => worker.output(), { timeout: 10_000 })
      .toContain('the client went away; upstream request aborted')
  })

  it('shows an error clearly and gives the text back', async () => {
    const tooLong = 'word '.repeat(MAX_BODY_BYTES / 4)
    await page.fill('#prompt', tooLong)
    await page.click('#send')
    await page.waitForSelector('#error:not([hidden])')
    expect(await page.textContent('#error-text')).toBe(
      `HTTP 413: Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`,
    )
    expect(await page.isHidden('#retry')).toBe(true)
    expect(await status()).toBe('Error')
    expect(await page.locator('.message.assistant.failed .note').textContent()).toBe('Failed.')
    expect(await page.inputValue('#prompt')).toBe(tooLong.trim())
    await page.screenshot({ path: join(screenshotsDirectory, 'error.png') })
  })

  it('New chat clears the messages, the error, the usage and resets the status line', async () => {
    expect(await status()).toBe('Error')
    await page.click('#new-chat')
    expect(await page.locator('.message').count()).toBe(0)
    expect(await page.isHidden('#error')).toBe(true)
    expect(await page.textContent('#usage')).toBe('')
    expect(await status()).toMatch(/^\d+ chat models$/)
    await ask('Hello')
    expect(await status()).toBe('Done')
    await page.click('#new-chat')
    expect(await status()).toMatch(/^\d+ chat models$/)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('prompt')
    expect(pageErrors).toEqual([])
  })
})

describe("the mock's markdown answer in Chromium", () => {
  it('renders a streamed answer to a code question: bold, a list, a TypeScript code block, no markdown left raw', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    try {
      await openApp()
      await ask('Write a TypeScript function that reverses a string')
      const answer = page.locator('.message.assistant .text').last()
      expect(await answer.locator('ul > li, ol > li').count()).toBeGreaterThanOrEqual(2)
      expect(await answer.locator('strong').count()).toBeGreaterThanOrEqual(1)
      expect(await answer.locator('pre > code.language-ts').textContent()).toMatch(/function \w+\(/)
      // Outside the code block (whose doc comment may hold `/**`), no markdown syntax is left as text.
      const prose = await answer.evaluate((element) =>
        [...element.children]
          .filter((child) => child.tagName !== 'PRE')
          .map((child) => child.textContent)
          .join('\n'),
      )
      expect(prose).toContain('TypeScript')
      expect(prose).not.toContain('```')
      expect(prose).not.toContain('**')
      // The README's picture: what `pnpm start` shows, at 1280 px.
      await page.evaluate(() => document.getElementById('messages')?.scrollTo(0, 0))
      const appScreenshot = join(screenshotsDirectory, 'app.png')
      await page.screenshot({ path: appScreenshot })
      if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(appScreenshot, join(root, 'docs/app.png'))
    } finally {
      await page.setViewportSize({ width: 900, height: 640 })
    }
  })
})

describe('markdown answers in Chromium', () => {
  beforeAll(() => page.route('**/v1/chat/completions', answerFixedPrompts))
  afterAll(() => page.unroute('**/v1/chat/completions', answerFixedPrompts))

  it('renders lists, a code block with its language, a table, a quote and a safe link', async () => {
    await openApp()
    await ask('Show me markdown')
    const answer = page.locator('.message.assistant .text').last()
    expect(await answer.locator('h2').textContent()).toBe('Reading a response as a stream')
    expect(await answer.locator('ol > li').count()).toBe(2)
    expect(await answer.locator('ol > li ul > li').allTextContents()).toEqual([
      'each chunk is a Uint8Array',
      'decode it with TextDecoderStream',
    ])
    expect(await answer.locator('pre > code.language-ts').textContent()).toBe(
      "const response = await fetch('/v1/chat/completions', { method: 'POST', body })\nfor await (const text of response.body.pipeThrough(new TextDecoderStream())) {\n  console.log(text)\n}",
    )
    expect(await answer.locator('table th').allTextContents()).toEqual(['Method', 'Streams', 'Memory'])
    expect(await answer.locator('table tbody tr').count()).toBe(2)
    expect(await answer.locator('strong > code').textContent()).toBe('response.body')
    const link = answer.locator('blockquote a')
    expect([
      await link.getAttribute('href'),
      await link.getAttribute('target'),
      await link.getAttribute('rel'),
    ]).toEqual(['https://developer.mozilla.org/en-US/docs/Web/API/Response/body', '_blank', 'noopener noreferrer'])
    expect(await page.textContent('#usage')).toMatch(/^tokens: 12 prompt · \d+ completion · \d+ total$/)
  })

  it('shows HTML from the model as text: no element, no script run, no javascript: link', async () => {
    await ask('Be hostile')
    const answer = page.locator('.message.assistant .text').last()
    expect(await answer.locator('script, img, iframe').count()).toBe(0)
    expect(await page.locator('#messages img, #messages script, #messages iframe').count()).toBe(0)
    expect(await answer.locator('a').count()).toBe(0)
    const text = (await answer.textContent()) ?? ''
    expect(text).toContain('<img src=x onerror="window.pwned = 1">')
    expect(text).toContain('<script>window.pwned = 2</script>')
    expect(text).toContain('[click me](javascript:window.pwned=3)')
    expect(await answer.locator('pre > code.language-html').textContent()).toBe(
      '<img src=x onerror="window.pwned = 5">',
    )
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  })

  it('fits 360, 768 and 1280 px: no horizontal overflow, controls inside the viewport, a one-line title, long strings wrapped', async () => {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport)
      await openApp()
      expect(await layoutProblems(page), `${viewport.width} px, empty`).toEqual([])
      await ask('Show me markdown')
      await page.evaluate(() => document.getElementById('messages')?.scrollTo(0, 0))
      await page.screenshot({ path: join(screenshotsDirectory, `chat-${viewport.width}.png`) })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.screenshot({ path: join(screenshotsDirectory, `chat-${viewport.width}-dark.png`) })
      await page.emulateMedia({ colorScheme: 'light' })

      await ask('Say something long')
      await page.fill('#prompt', LONG_WORD)
      expect(await layoutProblems(page), `${viewport.width} px, with answers`).toEqual([])
      for (const visible of ['#new-chat', '#send', '#stop', '#mode', '#model', '#theme'])
        expect(await page.isVisible(visible), visible).toBe(true)
      // Every bubble's text fits its bubble: the long word and URL wrap instead of being clipped.
      const overflowing = await page.$$eval(
        '.message',
        (bubbles) => bubbles.filter((bubble) => bubble.scrollWidth > bubble.clientWidth).length,
      )
      expect(overflowing, `${viewport.width} px`).toBe(0)
      const answer = page.locator('.message.assistant .text').last()
      expect(await answer.textContent()).toContain(LONG_WORD)
      await page.screenshot({ path: join(screenshotsDirectory, `chat-${viewport.width}-long.png`) })
    }
    await page.setViewportSize({ width: 900, height: 640 })
  })
})

describe('keyboard use', () => {
  it('Enter sends, Shift+Enter adds a line, Escape stops a stream', async () => {
    await openApp()
    await page.focus('#prompt')
    await page.keyboard.type('First line')
    await page.keyboard.press('Shift+Enter')
    await page.keyboard.type('second line')
    expect(await page.inputValue('#prompt')).toBe('First line\nsecond line')
    expect(await page.locator('.message').count()).toBe(0)
    await recordAnswerTexts()
    await page.keyboard.press('Enter')
    expect(await page.locator('.message.user .text').textContent()).toBe('First line\nsecond line')
    expect(await page.inputValue('#prompt')).toBe('')
    await page.waitForFunction(() => (window as unknown as { answerTexts: string[] }).answerTexts.length >= 1)
    await page.keyboard.press('Escape')
    await waitForStatus('Stopped')
    expect(await page.textContent('.message.assistant .note')).toBe('Stopped.')
  })

  it('shows where the focus is when moving with Tab', async () => {
    await page.focus('#prompt')
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement
      const style = getComputedStyle(element)
      return {
        id: element.id,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        focusVisible: element.matches(':focus-visible'),
      }
    })
    expect(focused).toEqual({ id: 'send', outline: 'solid 2px', focusVisible: true })
  })
})

describe('rate limits and errors', () => {
  it('counts a 429 down ("Try again in 3 s", 2 s, 1 s) and retries once by itself', async () => {
    await openApp()
    const requests: string[] = []
    const limitOnce = async (route: Route) => {
      requests.push(route.request().method())
      if (requests.length > 1) return route.fallback()
      const body = { object: 'error', message: 'Rate limit exceeded', type: 'rate_limited', param: null, code: '1300' }
      await route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '3' },
        body: JSON.stringify(body),
      })
    }
    await page.route('**/v1/chat/completions', limitOnce)
    try {
      const idle = await status()
      await recordTexts('error-text')
      await recordTexts('status')
      await page.fill('#prompt', 'Are you there?')
      await page.click('#send')
      await waitForStatus('Done')
      const errors = (await recordedTexts('error-text')).filter(Boolean)
      expect(errors).toEqual([3, 2, 1].map((seconds) => `HTTP 429: Rate limit exceeded. Try again in ${seconds} s.`))
      expect(await recordedTexts('status')).toEqual([
        idle,
        'Answering…',
        'Retrying in 3 s…',
        'Retrying in 2 s…',
        'Retrying in 1 s…',
        'Answering…',
        'Done',
      ])
      expect(requests).toEqual(['POST', 'POST'])
      expect(await page.isHidden('#error')).toBe(true)
      expect(((await page.textContent('.message.assistant .text')) ?? '').length).toBeGreaterThan(0)
    } finally {
      await page.unroute('**/v1/chat/completions', limitOnce)
    }
  })

  it('on a reload after a 429, counts down and lists again; when that fails, offers Retry, and Retry lists them', async () => {
    const error = (status: number, message: string, headers: Record<string, string> = {}) => ({
      status,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ object: 'error', message, type: 'error', param: null, code: null }),
    })
    // A 429 asking for 3 s, then a 503 for the app's retry and another for the client's own retry of it.
    const failures = [
      error(429, 'Rate limit exceeded', { 'retry-after': '3' }),
      error(503, 'Service unavailable.'),
      error(503, 'Service unavailable.'),
    ]
    let requests = 0
    const failModels = (route: Route) => {
      requests++
      const failure = failures.shift()
      return failure ? route.fulfill(failure) : route.fallback()
    }
    await page.route('**/v1/models', failModels)
    try {
      await page.goto(worker.url)
      await waitForStatus('Retrying in 3 s…')
      expect(await page.textContent('#error-text')).toBe('HTTP 429: Rate limit exceeded. Try again in 3 s.')
      expect(await page.isDisabled('#send')).toBe(true)
      await waitForStatus('Retrying in 1 s…')
      await waitForStatus('Models unavailable')
      expect(requests).toBe(3)
      expect(await page.textContent('#error-text')).toBe('Could not list the models: HTTP 503: Service unavailable.')
      expect(await page.isVisible('#retry')).toBe(true)
      expect(await page.textContent('#model')).toBe('no models')
      expect(await page.isDisabled('#send')).toBe(true)
      await page.screenshot({ path: join(screenshotsDirectory, 'models-error.png') })
      await page.click('#retry')
      await page.waitForSelector('#model:not([disabled])')
      expect(requests).toBe(4)
      expect(await status()).toMatch(/^\d+ chat models$/)
      expect(await page.isHidden('#error')).toBe(true)
      expect(await page.inputValue('#model')).toBe('mistral-small-latest')
      await ask('Now it works')
      expect(await page.locator('.message.assistant').count()).toBe(1)
    } finally {
      await page.unroute('**/v1/models', failModels)
    }
  })
})

describe('themes', () => {
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
  const LIGHT = 'rgb(246, 246, 244)'
  const DARK = 'rgb(21, 21, 23)'

  it('follows the system colour scheme, and the toggle overrides it across reloads', async () => {
    await page.emulateMedia({ colorScheme: 'light' })
    await openApp()
    expect(await background()).toBe(LIGHT)
    expect(await page.getAttribute('#theme', 'aria-pressed')).toBe('false')
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await background()).toBe(DARK)
    // The toggle hears of the system's change through a media query event.
    await expect.poll(() => page.getAttribute('#theme', 'aria-pressed')).toBe('true')

    await page.click('#theme')
    expect(await background()).toBe(LIGHT)
    expect(await page.getAttribute('#theme', 'aria-pressed')).toBe('false')
    await page.reload()
    expect(await background()).toBe(LIGHT)
    await page.click('#theme')
    expect(await background()).toBe(DARK)
    await page.emulateMedia({ colorScheme: 'light' })
    expect(await background()).toBe(DARK)
    await page.evaluate(() => localStorage.clear())
    await page.reload()
    expect(await background()).toBe(LIGHT)
    expect(pageErrors).toEqual([])
  })
})

describe('the app in Conversation mode', () => {
  it('keeps the history on the server: two questions, one conversation id, the second one appended to it', async () => {
    await openApp()
    const requests: { line: string; body: unknown }[] = []
    const onRequest = (request: Request) => {
      const { pathname } = new URL(request.url())
      if (pathname.startsWith('/v1/conversations'))
        requests.push({ line: `${request.method()} ${pathname}`, body: request.postDataJSON() })
    }
    page.on('request', onRequest)
    const settled = (answers: number) =>
      page.waitForFunction(
        (count) =>
          document.querySelectorAll('.message.assistant').length === count &&
          !document.querySelector('.message.streaming'),
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
      expect(await status()).toBe('Done')
      const id = (await page.textContent('#conversation-id')) ?? ''
      expect(id).toMatch(/^conv_/)
      expect(await page.isVisible('#conversation')).toBe(true)

      await page.fill('#prompt', 'What is my name?')
      await page.click('#send')
      await settled(2)
      expect(await status()).toBe('Done')
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
      await page.screenshot({ path: join(screenshotsDirectory, 'conversation.png') })

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
    readdirSync(folder).flatMap((name) =>
      statSync(join(folder, name)).isDirectory() ? filesUnder(join(folder, name)) : [join(folder, name)],
    )

  it('does not contain the API key, even when the key is in the build environment', () => {
    const canary = `sk-canary-${Math.random().toString(36).slice(2)}`
    const outDir = mkdtempSync(join(tmpdir(), 'mistral-edge-browser-build-'))
    try {
      const vite = join(root, 'apps/browser/node_modules/vite/bin/vite.js')
      const build = spawnSync(
        process.execPath,
        [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
        {
          cwd: join(root, 'apps/browser'),
          env: { ...process.env, MISTRAL_API_KEY: canary, VITE_MISTRAL_API_KEY: canary },
          encoding: 'utf8',
          timeout: 120_000,
        },
      )
      expect(build.status, build.stderr).toBe(0)
      const files = filesUnder(outDir)
      const script = files
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n')
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
