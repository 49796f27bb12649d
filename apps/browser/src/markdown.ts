// A small markdown renderer that is safe by construction: it builds DOM nodes with createElement and text nodes only,
// never innerHTML, so HTML in the model's text shows as text. Links keep http(s) URLs only. It renders any prefix of
// a document (a stream cut anywhere: an unclosed fence is a code block so far, an unclosed `**` is literal text).
//
// Blocks: paragraphs, ATX headings, fenced code (with a `language-*` class), bulleted and numbered lists (nested by
// indentation), pipe tables, blockquotes, thematic breaks. Inlines: code spans, emphasis, strong, strikethrough,
// links, autolinks and bare http(s) URLs, backslash escapes, hard line breaks; images become links, never loaded.

/** Deeper nesting (quotes in quotes, emphasis in emphasis) renders as text: hostile input cannot exhaust the stack. */
const MAX_DEPTH = 16

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/
const QUOTE = /^ {0,3}> ?(.*)$/
const TABLE_DELIMITER = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/
const PUNCTUATION = /^[!-/:-@[-`{-~]$/

type Tag = keyof HTMLElementTagNameMap

/** An element with text or child nodes. */
function make<K extends Tag>(doc: Document, tag: K, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag)
  element.append(...children)
  return element
}

/**
 * The URL as an `href` when it is absolute http or https, else `undefined` (`javascript:`, `data:`, relative paths).
 * The parsed form is returned, so the checked protocol is the one the browser follows.
 */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined
  } catch {
    return undefined
  }
}

/** A link that opens in a new tab and tells the target nothing about the page. */
function link(doc: Document, href: string, children: (Node | string)[]): HTMLAnchorElement {
  const anchor = make(doc, 'a', children)
  anchor.href = href
  anchor.target = '_blank'
  anchor.rel = 'noopener noreferrer'
  return anchor
}

const leadingSpaces = (line: string) => line.length - line.trimStart().length
const isTableStart = (line: string, next: string | undefined) =>
  line.includes('|') && next?.includes('|') === true && TABLE_DELIMITER.test(next)

/** Whether a line ends a paragraph: it starts another block. */
function startsBlock(line: string, next: string | undefined): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    LIST_ITEM.test(line) ||
    isTableStart(line, next)
  )
}

/** A table row's cells: the outer pipes dropped, split at pipes that are not escaped. */
function cells(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim())
}

/** Parses lines into block nodes. */
function blocks(doc: Document, lines: string[], depth: number): Node[] {
  const out: Node[] = []
  let index = 0
  while (index < lines.length) {
    const line = lines[index] as string
    const next = lines[index + 1]
    if (!line.trim()) {
      index++
      continue
    }
    const fence = FENCE.exec(line)
    if (fence) {
      const marker = fence[1] as string
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`)
      const code: string[] = []
      index++
      while (index < lines.length && !closing.test(lines[index] as string)) code.push(lines[index++] as string)
      index++ // the closing fence, when there is one
      const element = make(doc, 'code', [code.join('\n')])
      const language = (fence[2] as string).replace(/[^\w+#.-]/g, '')
      if (language) element.className = `language-${language}`
      out.push(make(doc, 'pre', [element]))
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      const tag = `h${(heading[1] as string).length}` as 'h1'
      out.push(make(doc, tag, inline(doc, heading[2] ?? '', depth)))
      index++
      continue
    }
    if (RULE.test(line)) {
      out.push(make(doc, 'hr'))
      index++
      continue
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = []
      while (index < lines.length && QUOTE.test(lines[index] as string))
        quoted.push((QUOTE.exec(lines[index++] as string) as RegExpExecArray)[1] as string)
      out.push(
        depth < MAX_DEPTH
          ? make(doc, 'blockquote', blocks(doc, quoted, depth + 1))
          : make(doc, 'p', [quoted.join('\n')]),
      )
      continue
    }
    const item = LIST_ITEM.exec(line)
    if (item && depth < MAX_DEPTH) {
      index = list(doc, lines, index, depth, out)
      continue
    }
    if (isTableStart(line, next)) {
      index = table(doc, lines, index, depth, out)
      continue
    }
    const paragraph = [line]
    index++
    while (
      index < lines.length &&
      (lines[index] as string).trim() &&
      !startsBlock(lines[index] as string, lines[index + 1])
    )
      paragraph.push(lines[index++] as string)
    out.push(make(doc, 'p', inline(doc, paragraph.map((text) => text.trimStart()).join('\n'), depth)))
  }
  return out
}

/** Parses the list that starts at `start` into `out`; returns the index of the first line after it. */
function list(doc: Document, lines: string[], start: number, depth: number, out: Node[]): number {
  const first = LIST_ITEM.exec(lines[start] as string) as RegExpExecArray
  const indent = (first[1] as string).length
  const ordered = /\d/.test(first[2] as string)
  const items: string[][] = []
  let loose = false
  let index = start
  while (index < lines.length) {
    const line = lines[index] as string
    const item = LIST_ITEM.exec(line)
    const spaces = leadingSpaces(line)
    if (item && spaces <= indent) {
      if (/\d/.test(item[2] as string) !== ordered) break
      items.push([item[3] ?? ''])
    } else if (!line.trim()) {
      // A blank line: the list goes on when what follows is another item or indented content.
      let ahead = index + 1
      while (ahead < lines.length && !(lines[ahead] as string).trim()) ahead++
      const following = lines[ahead]
      const nextItem = following === undefined ? null : LIST_ITEM.exec(following)
      const continues =
        following !== undefined &&
        (leadingSpaces(following) > indent || (nextItem && /\d/.test(nextItem[2] as string) === ordered))
      if (!continues) break
      loose = true
      items.at(-1)?.push('')
    } else if (spaces > indent) {
      items.at(-1)?.push(line.slice(Math.min(spaces, indent + (first[2] as string).length + 1)))
    } else if (!startsBlock(line, lines[index + 1]) && items.at(-1)?.at(-1)) {
      items.at(-1)?.push(line) // a lazy continuation of the item's paragraph
    } else break
    index++
  }
  const element = make(doc, ordered ? 'ol' : 'ul')
  const number = Number.parseInt(first[2] as string, 10)
  if (ordered && number !== 1) (element as HTMLOListElement).start = number
  for (const itemLines of items) {
    const content = blocks(doc, itemLines, depth + 1)
    const [head, ...rest] = content
    // A tight list keeps its items' text out of paragraphs.
    const unwrap = !loose && head?.nodeName === 'P'
    element.append(make(doc, 'li', unwrap ? [...Array.from((head as Node).childNodes), ...rest] : content))
  }
  out.push(element)
  return index
}

/** Parses the table that starts at `start` into `out`; returns the index of the first line after it. */
function table(doc: Document, lines: string[], start: number, depth: number, out: Node[]): number {
  const header = cells(lines[start] as string)
  const aligns = cells(lines[start + 1] as string).map((cell) =>
    cell.endsWith(':') ? (cell.startsWith(':') ? 'center' : 'right') : cell.startsWith(':') ? 'left' : '',
  )
  const row = (values: string[], tag: 'th' | 'td') =>
    make(
      doc,
      'tr',
      header.map((_, column) => {
        const cell = make(doc, tag, inline(doc, values[column] ?? '', depth))
        const align = aligns[column]
        if (align) cell.style.textAlign = align
        return cell
      }),
    )
  const body: HTMLTableRowElement[] = []
  let index = start + 2
  while (index < lines.length && (lines[index] as string).includes('|') && (lines[index] as string).trim())
    body.push(row(cells(lines[index++] as string), 'td'))
  const element = make(doc, 'table', [make(doc, 'thead', [row(header, 'th')])])
  if (body.length) element.append(make(doc, 'tbody', body))
  // Wide tables scroll inside their own box instead of widening the page.
  const wrapper = make(doc, 'div', [element])
  wrapper.className = 'table'
  out.push(wrapper)
  return index
}

/** A bare URL's end: trailing punctuation, and a `)` without its `(`, belong to the sentence. */
function trimUrl(url: string): string {
  let end = url.length
  while (end > 0) {
    const last = url[end - 1] as string
    if (/[.,;:!?'"*_~]/.test(last)) end--
    else if (
      last === ')' &&
      (url.slice(0, end).match(/\(/g)?.length ?? 0) < (url.slice(0, end).match(/\)/g)?.length ?? 0)
    )
      end--
    else break
  }
  return url.slice(0, end)
}

/** `[label](destination "title")` at `start`: the label, the destination and the end, or `undefined`. */
function linkAt(text: string, start: number): { label: string; destination: string; end: number } | undefined {
  let level = 0
  let close = -1
  // Labels longer than this are not links: bounded work for a text full of `[`.
  for (let at = start; at < Math.min(text.length, start + 1000); at++) {
    const character = text[at]
    if (character === '\\') at++
    else if (character === '[') level++
    else if (character === ']' && --level === 0) {
      close = at
      break
    }
  }
  if (close < 0 || text[close + 1] !== '(') return undefined
  const match = /^\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+"[^"\n]*")?\s*\)/.exec(
    text.slice(close + 1, close + 1 + 2000),
  )
  if (!match) return undefined
  const destination = (match[1] as string).replace(/^<(.*)>$/, '$1')
  return { label: text.slice(start + 1, close), destination, end: close + 1 + match[0].length }
}

/** Parses inline markdown into nodes. */
function inline(doc: Document, text: string, depth: number, inLink = false): (Node | string)[] {
  const out: (Node | string)[] = []
  let plain = ''
  const flush = () => {
    if (plain) out.push(plain)
    plain = ''
  }
  const push = (node: Node) => {
    flush()
    out.push(node)
  }
  const inner = (value: string) => (depth < MAX_DEPTH ? inline(doc, value, depth + 1, inLink) : [value])
  // Delimiters with no closer after some position have none after any later one: each is searched for once.
  const unclosed = new Set<string>()
  let index = 0
  while (index < text.length) {
    const character = text[index] as string
    if (character === '\\' && PUNCTUATION.test(text[index + 1] ?? '')) {
      plain += text[index + 1]
      index += 2
      continue
    }
    if (character === '\\' && text[index + 1] === '\n') {
      push(make(doc, 'br'))
      index += 2
      continue
    }
    if (character === '\n') {
      if (plain.endsWith('  ')) {
        plain = plain.trimEnd()
        push(make(doc, 'br'))
      } else plain += '\n'
      index++
      continue
    }
    if (character === '`') {
      const run = (/^`+/.exec(text.slice(index, index + 1000)) as RegExpExecArray)[0]
      const close = unclosed.has(run) ? -1 : findRun(text, run, index + run.length)
      if (close < 0) {
        unclosed.add(run)
        plain += run
        index += run.length
        continue
      }
      let code = text.slice(index + run.length, close).replace(/\n/g, ' ')
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1)
      push(make(doc, 'code', [code]))
      index = close + run.length
      continue
    }
    if (character === '*' || character === '_' || character === '~') {
      const whole = (new RegExp(`^\\${character}+`).exec(text.slice(index, index + 1000)) as RegExpExecArray)[0]
      const run = whole.slice(0, 3)
      const close = whole.length === run.length && !unclosed.has(run) ? findDelimiter(text, run, index) : -1
      if (close < 0 || (character === '~' && run.length !== 2)) {
        if (whole.length === run.length && close < 0) unclosed.add(run)
        plain += whole
        index += whole.length
        continue
      }
      const content = inner(text.slice(index + run.length, close))
      const element =
        character === '~'
          ? make(doc, 'del', content)
          : run.length === 1
            ? make(doc, 'em', content)
            : run.length === 2
              ? make(doc, 'strong', content)
              : make(doc, 'strong', [make(doc, 'em', content)])
      push(element)
      index = close + run.length
      continue
    }
    const image = character === '!' && text[index + 1] === '['
    if ((character === '[' || image) && !inLink) {
      const found = linkAt(text, image ? index + 1 : index)
      if (found) {
        const href = safeHref(found.destination)
        const source = text.slice(index, found.end)
        // Images are never loaded (a model's image URL can carry data out): a safe one becomes a link to it.
        if (href)
          push(
            link(
              doc,
              href,
              image
                ? [found.label || href]
                : depth < MAX_DEPTH
                  ? inline(doc, found.label, depth + 1, true)
                  : [found.label],
            ),
          )
        else plain += source
        index = found.end
        continue
      }
    }
    if (character === '<' && !inLink) {
      const autolink = /^<(https?:\/\/[^\s<>]+)>/i.exec(text.slice(index, index + 2000))
      const href = autolink ? safeHref(autolink[1] as string) : undefined
      if (autolink && href) {
        push(link(doc, href, [autolink[1] as string]))
        index += autolink[0].length
        continue
      }
    }
    if ((character === 'h' || character === 'H') && !inLink && !/[\p{L}\p{N}]/u.test(text[index - 1] ?? '')) {
      const bare = /^https?:\/\/[^\s<>]+/i.exec(text.slice(index, index + 2000))
      const url = bare ? trimUrl(bare[0]) : ''
      const href = url ? safeHref(url) : undefined
      if (href && url.length > 'https://'.length) {
        push(link(doc, href, [url]))
        index += url.length
        continue
      }
    }
    plain += character
    index++
  }
  flush()
  return out
}

/** The next run of exactly `run` (not part of a longer run) from `from`, or -1. */
function findRun(text: string, run: string, from: number): number {
  for (let at = text.indexOf(run, from); at >= 0; at = text.indexOf(run, at + 1)) {
    if (text[at - 1] !== run[0] && text[at + run.length] !== run[0]) return at
    while (text[at + 1] === run[0]) at++
  }
  return -1
}

/**
 * The closing delimiter of the emphasis opened by `run` at `start`, or -1. An opener is followed by a non-space, a
 * closer preceded by one; `_` works at word edges only, so snake_case names stay text.
 */
function findDelimiter(text: string, run: string, start: number): number {
  const mark = run[0] as string
  const after = text[start + run.length] ?? ''
  if (!after || /\s/.test(after)) return -1
  const word = /[\p{L}\p{N}]/u
  if (mark === '_' && word.test(text[start - 1] ?? '')) return -1
  for (let at = findRun(text, run, start + run.length); at >= 0; at = findRun(text, run, at + run.length)) {
    const before = text[at - 1] ?? ''
    if (at === start + run.length || /\s/.test(before)) continue
    if (mark === '_' && word.test(text[at + run.length] ?? '')) continue
    return at
  }
  return -1
}

/**
 * Renders markdown as DOM nodes, safely: every piece of the text becomes a text node, so HTML in it shows as text;
 * links are made for http(s) URLs only, open in a new tab with `rel="noopener noreferrer"`; images are never loaded.
 * Any prefix of a document renders (an unclosed code fence is a code block so far), so a stream can be rendered
 * again as it grows.
 *
 * @param text - the markdown.
 * @param doc - the document to create nodes in (default: the page's).
 * @returns a fragment holding the rendered blocks.
 * @example
 * ```ts
 * answer.replaceChildren(renderMarkdown('**Hello** <script>alert(1)</script>'))
 * // <p><strong>Hello</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>
 * ```
 */
export function renderMarkdown(text: string, doc: Document = document): DocumentFragment {
  const fragment = doc.createDocumentFragment()
  fragment.append(...blocks(doc, text.replace(/\r\n?/g, '\n').split('\n'), 0))
  return fragment
}
