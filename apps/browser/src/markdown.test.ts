// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { renderMarkdown, safeHref } from './markdown.js'

/** The rendered markup of a text, as the DOM serializes it. */
function html(text: string): string {
  const box = document.createElement('div')
  box.append(renderMarkdown(text))
  return box.innerHTML
}

/** The rendered elements of a text, in a detached box. */
function rendered(text: string): HTMLElement {
  const box = document.createElement('div')
  box.append(renderMarkdown(text))
  return box
}

/** Every tag and attribute the renderer may produce: anything else means model text became markup. */
const TAGS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'PRE',
  'CODE',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'HR',
  'DIV',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
  'EM',
  'STRONG',
  'DEL',
  'A',
  'BR',
])
const ATTRIBUTES = new Set(['href', 'target', 'rel', 'class', 'style', 'start'])

/** Asserts the rendering holds only the renderer's own tags and attributes, and http(s) links. */
function expectOnlySafeMarkup(box: HTMLElement) {
  for (const element of box.querySelectorAll('*')) {
    expect(TAGS.has(element.tagName), element.tagName).toBe(true)
    for (const attribute of element.getAttributeNames()) expect(ATTRIBUTES.has(attribute), attribute).toBe(true)
    if (element.tagName === 'A') {
      expect((element as HTMLAnchorElement).getAttribute('href')).toMatch(/^https?:\/\//)
      expect(element.getAttribute('rel')).toBe('noopener noreferrer')
      expect(element.getAttribute('target')).toBe('_blank')
    }
    if (element.hasAttribute('style'))
      expect(element.getAttribute('style')).toMatch(/^text-align: (left|right|center);$/)
  }
}

describe('renderMarkdown: blocks', () => {
  it('renders paragraphs and headings', () => {
    expect(html('# Title\n\nFirst line\nsame paragraph.\n\n### Small ###')).toBe(
      '<h1>Title</h1><p>First line\nsame paragraph.</p><h3>Small</h3>',
    )
  })

  it('renders a fenced code block with its language class, the code kept verbatim', () => {
    expect(html('Code:\n```ts\nconst a = 1 < 2 && "x"\n  indented\n```\nAfter')).toBe(
      '<p>Code:</p><pre><code class="language-ts">const a = 1 &lt; 2 &amp;&amp; "x"\n  indented</code></pre><p>After</p>',
    )
    expect(html('~~~\nplain\n~~~')).toBe('<pre><code>plain</code></pre>')
  })

  it('renders an unclosed fence (a stream cut mid-block) as the code so far', () => {
    expect(html('Here:\n```python\ndef f():\n    return')).toBe(
      '<p>Here:</p><pre><code class="language-python">def f():\n    return</code></pre>',
    )
    expect(html('```')).toBe('<pre><code></code></pre>')
  })

  it('renders bulleted and numbered lists, nested by indentation, numbered from their first number', () => {
    expect(html('- one\n- two **b**\n  - nested\n- three')).toBe(
      '<ul><li>one</li><li>two <strong>b</strong><ul><li>nested</li></ul></li><li>three</li></ul>',
    )
    expect(html('3. c\n4. d')).toBe('<ol start="3"><li>c</li><li>d</li></ol>')
    expect(html('Steps:\n1. a\n2. b\n\nDone.')).toBe('<p>Steps:</p><ol><li>a</li><li>b</li></ol><p>Done.</p>')
    expect(html('- a\n\n- b')).toBe('<ul><li><p>a</p></li><li><p>b</p></li></ul>')
    expect(html('- a\n1. b')).toBe('<ul><li>a</li></ul><ol><li>b</li></ol>')
  })

  it('renders a table with alignment, header and body', () => {
    const box = rendered('| Name | Size |\n| :--- | ---: |\n| a.pdf | 12 |\n| `b` | 3 |')
    expect(box.innerHTML).toBe(
      '<div class="table"><table><thead><tr><th style="text-align: left;">Name</th><th style="text-align: right;">Size</th></tr></thead>' +
        '<tbody><tr><td style="text-align: left;">a.pdf</td><td style="text-align: right;">12</td></tr>' +
        '<tr><td style="text-align: left;"><code>b</code></td><td style="text-align: right;">3</td></tr></tbody></table></div>',
    )
  })

  it('renders blockquotes (nested), thematic breaks', () => {
    expect(html('> quoted *text*\n> > deeper\n\n---\n\nend')).toBe(
      '<blockquote><p>quoted <em>text</em></p><blockquote><p>deeper</p></blockquote></blockquote><hr><p>end</p>',
    )
  })
})

describe('renderMarkdown: inlines', () => {
  it('renders emphasis, strong, both, strikethrough and inline code', () => {
    expect(html('*a* **b** ***c*** _d_ __e__ ~~f~~ `g <h>`')).toBe(
      '<p><em>a</em> <strong>b</strong> <strong><em>c</em></strong> <em>d</em> <strong>e</strong> <del>f</del> <code>g &lt;h&gt;</code></p>',
    )
  })

  it('leaves half-finished and non-emphasis markers as text', () => {
    expect(html('**bold so far')).toBe('<p>**bold so far</p>')
    expect(html('2 * 3 * 4 and snake_case_name and `open')).toBe('<p>2 * 3 * 4 and snake_case_name and `open</p>')
    expect(html('\\*not em\\* and \\`x\\`')).toBe('<p>*not em* and `x`</p>')
  })

  it('renders http(s) links that open in a new tab and tell the target nothing', () => {
    const anchor = rendered('See [the *docs*](https://docs.mistral.ai/api "API").').querySelector(
      'a',
    ) as HTMLAnchorElement
    expect(anchor.getAttribute('href')).toBe('https://docs.mistral.ai/api')
    expect(anchor.innerHTML).toBe('the <em>docs</em>')
    expect([anchor.target, anchor.rel]).toEqual(['_blank', 'noopener noreferrer'])
  })

  it('links autolinks and bare URLs, leaving sentence punctuation out', () => {
    const box = rendered('Go to https://example.com/a_(b). Or <http://example.org/x>, fine.')
    expect([...box.querySelectorAll('a')].map((anchor) => [anchor.getAttribute('href'), anchor.textContent])).toEqual([
      ['https://example.com/a_(b)', 'https://example.com/a_(b)'],
      ['http://example.org/x', 'http://example.org/x'],
    ])
    expect(box.textContent).toBe('Go to https://example.com/a_(b). Or http://example.org/x, fine.')
  })

  it('never loads an image: a safe one becomes a link to it, another stays text', () => {
    const box = rendered('![chart](https://example.com/c.png) ![img-0.jpeg](img-0.jpeg)')
    expect(box.querySelector('img')).toBeNull()
    expect(box.innerHTML).toBe(
      '<p><a href="https://example.com/c.png" target="_blank" rel="noopener noreferrer">chart</a> ![img-0.jpeg](img-0.jpeg)</p>',
    )
  })

  it('breaks a line on two trailing spaces or a backslash', () => {
    expect(html('a  \nb\\\nc')).toBe('<p>a<br>b<br>c</p>')
  })
})

describe('renderMarkdown: hostile input stays text', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    'Hello <img src="x" onerror=alert(document.cookie)> there',
    '<a href="javascript:alert(1)">click</a>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](java\tscript:alert(1))',
    '[click]( javascript:alert(1) )',
    '[click](<javascript:alert(1)>)',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox)',
    '[click](//evil.example/x)',
    '<javascript:alert(1)>',
    '![x](javascript:alert(1))',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
    '```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```',
    '`<img src=x onerror=alert(1)>`',
    '| <b>x</b> | y |\n|---|---|\n| <script>z</script> | [a](javascript:b) |',
    '> <img src=x onerror=alert(1)>\n- <script>x</script>',
    '# <script>alert(1)</script>',
    '**<img src=x onerror=alert(1)>**',
    '[<img src=x onerror=alert(1)>](https://example.com)',
    '```"><img src=x onerror=alert(1)>\ncode\n```',
    `${'> '.repeat(500)}deep`,
    `${'*'.repeat(300)}x${'*'.repeat(300)}`,
    `${'['.repeat(2000)}x${']'.repeat(2000)}`,
  ]

  it.each(HOSTILE)("renders %j with the renderer's own tags and attributes only", (text) => {
    const box = rendered(text)
    expectOnlySafeMarkup(box)
    expect(box.querySelector('script, img, iframe, svg, style, b')).toBeNull()
  })

  it('shows the HTML as the text it is', () => {
    expect(rendered('<script>alert(1)</script>').textContent).toBe('<script>alert(1)</script>')
    expect(html('<img src=x onerror="alert(1)">')).toBe('<p>&lt;img src=x onerror="alert(1)"&gt;</p>')
  })

  it('renders other schemes as the text that was written, not as links', () => {
    for (const text of ['[click](javascript:alert(1))', '[click](data:text/html,hi)', '<javascript:alert(1)>']) {
      const box = rendered(text)
      expect(box.querySelector('a')).toBeNull()
      expect(box.textContent).toBe(text)
    }
  })

  it('keeps HTML inside code blocks verbatim, as text', () => {
    const code = rendered('```html\n<script>alert(1)</script>\n```').querySelector('pre > code') as HTMLElement
    expect(code.className).toBe('language-html')
    expect(code.textContent).toBe('<script>alert(1)</script>')
    expect(code.children.length).toBe(0)
  })

  it("keeps a fence's info string to a safe class name", () => {
    const code = rendered('```js" onclick="x\nx\n```').querySelector('code') as HTMLElement
    expect(code.getAttributeNames()).toEqual(['class'])
    expect(code.className).toBe('language-js')
  })

  it('renders every prefix of a document (a stream cut anywhere) safely', () => {
    const document =
      '# T\n\n- a [l](https://x.example) <img src=x onerror=y>\n\n```js\nlet a = "<b>"\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n> q **s**'
    for (let end = 0; end <= document.length; end++) expectOnlySafeMarkup(rendered(document.slice(0, end)))
  })
})

describe('safeHref', () => {
  it('keeps absolute http and https URLs only', () => {
    expect(safeHref('https://example.com/a b')).toBe('https://example.com/a%20b')
    expect(safeHref('HTTP://EXAMPLE.com')).toBe('http://example.com/')
    for (const url of [
      'javascript:alert(1)',
      ' javascript:x',
      'java\nscript:x',
      'data:text/html,x',
      'mailto:a@b.c',
      '/relative',
      '//host/x',
      'file:///etc/passwd',
      '',
    ]) {
      expect(safeHref(url), url).toBeUndefined()
    }
  })
})
