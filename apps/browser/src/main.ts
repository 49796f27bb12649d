import {
  betaConversationsAppendStream,
  betaConversationsStartStream,
  chatStream,
  createClient,
  type Message,
  modelsList,
  RequestAbortedError,
  type SDKError,
} from '@mistral-edge/client'
import { contentText, deltaText } from './delta-text.js'
import { describeError } from './describe-error.js'
import { setUpDocumentMode } from './document-mode.js'
import { renderMarkdown } from './markdown.js'
import { retryAfterRateLimit } from './rate-limit.js'
import { setUpThemeToggle } from './theme.js'
import './style.css'

// No key here, ever: the Worker adds it. The app talks to the Worker that serves it (or VITE_API_ORIGIN in dev).
const client = createClient({
  baseURL: import.meta.env.VITE_API_ORIGIN || location.origin,
  // One quick retry for a transient failure. A 429 that asks to wait longer is counted down on screen and retried
  // once by the app (rate-limit.ts).
  retries: { strategy: 'backoff', maxRetries: 1, backoff: { maxElapsedTime: 2_000 } },
})

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const modeSelect = element<HTMLSelectElement>('mode')
const modelSelect = element<HTMLSelectElement>('model')
const modelLabel = element<HTMLElement>('model-label')
const messagesBox = element<HTMLElement>('messages')
const documentSection = element<HTMLElement>('document')
const errorBox = element<HTMLElement>('error')
const errorText = element<HTMLElement>('error-text')
const retryButton = element<HTMLButtonElement>('retry')
const composer = element<HTMLFormElement>('composer')
const promptInput = element<HTMLTextAreaElement>('prompt')
const sendButton = element<HTMLButtonElement>('send')
const stopButton = element<HTMLButtonElement>('stop')
const newChatButton = element<HTMLButtonElement>('new-chat')
const statusText = element<HTMLElement>('status')
const usageText = element<HTMLElement>('usage')
const conversationBox = element<HTMLElement>('conversation')
const conversationIdText = element<HTMLElement>('conversation-id')

/** Chat mode: the history sent with every turn, the person's messages and the answers (stopped ones included). */
const history: Message[] = []
/** Conversation mode: the server keeps the history; the app keeps only its id. */
let conversationId: string | undefined
let controller: AbortController | undefined
let hasModels = false
/** What the status line says when nothing is going on: the models found, or that there are none. */
let idleStatus = 'Connecting…'

const mode = () => modeSelect.value as 'chat' | 'conversation' | 'document'

/** Shows one line in the error box (with a Retry button when `retry` is given), or hides it. */
function showError(text: string | undefined, retry?: () => void) {
  errorBox.hidden = !text
  errorText.textContent = text ?? ''
  retryButton.hidden = !retry
  retryButton.onclick = retry ? () => retry() : null
}

const showStatus = (text: string) => {
  statusText.textContent = text
}

function showConversation(id: string | undefined) {
  conversationId = id
  conversationBox.hidden = !id
  conversationIdText.textContent = id ?? ''
}

function setBusy(busy: boolean) {
  // Conversation mode needs no model list: the Worker's agent fixes the model.
  sendButton.disabled = busy || (!hasModels && mode() === 'chat')
  stopButton.disabled = !busy
  modelSelect.disabled = busy || !hasModels || mode() !== 'chat'
  modeSelect.disabled = busy
  messagesBox.setAttribute('aria-busy', String(busy))
}

/** Adds a message bubble: the person's text as typed, an answer as markdown. Returns its parts. */
function addBubble(role: 'user' | 'assistant', text: string) {
  const bubble = document.createElement('div')
  bubble.className = `message ${role}`
  bubble.dataset.role = role
  const label = document.createElement('span')
  label.className = 'role'
  label.textContent = role === 'user' ? 'You' : 'Mistral'
  const body = document.createElement('div')
  body.className = role === 'user' ? 'text' : 'text markdown'
  body.textContent = text
  const note = document.createElement('span')
  note.className = 'note'
  bubble.append(label, body, note)
  messagesBox.append(bubble)
  bubble.scrollIntoView({ block: 'end' })
  return { bubble, body, note }
}

/** One question and its answer as it streams in. */
interface Turn {
  question: string
  answer: ReturnType<typeof addBubble>
  signal: AbortSignal
  /** The answer so far: kept when the person stops it. */
  reply: string
  /** The animation frame that will render the answer, when one is due. */
  frame: number
}

/** Renders the whole answer so far as markdown, and keeps it in view when the reader was at the bottom. */
function renderAnswer(turn: Turn) {
  const atBottom = messagesBox.scrollHeight - messagesBox.scrollTop - messagesBox.clientHeight < 40
  turn.answer.body.replaceChildren(renderMarkdown(turn.reply))
  if (atBottom) messagesBox.scrollTop = messagesBox.scrollHeight
}

/** Adds streamed text; the answer is rendered again once per animation frame, however many chunks arrive. */
function addText(turn: Turn, text: string) {
  if (!text) return
  turn.reply += text
  turn.frame ||= requestAnimationFrame(() => {
    turn.frame = 0
    renderAnswer(turn)
  })
}

/** Token counts, from a chat chunk's `usage` or a conversation's `conversation.response.done`. */
function showUsage(
  turn: Turn,
  usage: {
    prompt_tokens?: number | null | undefined
    completion_tokens?: number | null | undefined
    total_tokens?: number | null | undefined
  },
) {
  const text = `tokens: ${usage.prompt_tokens ?? 0} prompt · ${usage.completion_tokens ?? 0} completion · ${usage.total_tokens ?? 0} total`
  turn.answer.note.textContent = text
  usageText.textContent = text
}

/** Chat mode: the whole history goes with each question. */
async function chatTurn(turn: Turn) {
  const messages: Message[] = [...history, { role: 'user', content: turn.question }]
  const stream = await chatStream(client, { model: modelSelect.value, messages }, { signal: turn.signal })
  for await (const chunk of stream) {
    addText(turn, deltaText(chunk))
    if (chunk.usage) showUsage(turn, chunk.usage)
  }
}

/** Conversation mode: the first question starts a conversation with the Worker's agent, the next ones append to it. */
async function conversationTurn(turn: Turn) {
  const options = { signal: turn.signal }
  const stream = conversationId
    ? await betaConversationsAppendStream(client, { conversation_id: conversationId, inputs: turn.question }, options)
    : await betaConversationsStartStream(client, { inputs: turn.question }, options)
  for await (const event of stream) {
    if (event.type === 'conversation.response.started') showConversation(event.conversation_id)
    else if (event.type === 'message.output.delta') addText(turn, contentText(event.content))
    else if (event.type === 'conversation.response.done') showUsage(turn, event.usage)
  }
}

async function send(text: string) {
  showError(undefined)
  const question = addBubble('user', text)
  const answer = addBubble('assistant', '')
  answer.bubble.classList.add('streaming')
  controller = new AbortController()
  const turn: Turn = { question: text, answer, signal: controller.signal, reply: '', frame: 0 }
  const conversationMode = mode() === 'conversation'
  setBusy(true)
  // In chat mode the turn joins the history when it has an answer, even a stopped one.
  const keep = () => {
    if (!conversationMode && turn.reply)
      history.push({ role: 'user', content: text }, { role: 'assistant', content: turn.reply })
  }
  const call = () => {
    showError(undefined)
    answer.note.textContent = ''
    showStatus('Answering…')
    return conversationMode ? conversationTurn(turn) : chatTurn(turn)
  }
  const onWait = (error: SDKError, seconds: number) => {
    showError(describeError(error, seconds))
    showStatus(`Retrying in ${seconds} s…`)
    answer.note.textContent = 'Rate limited: retrying once.'
  }
  try {
    await retryAfterRateLimit(call, onWait, turn.signal)
    keep()
    showStatus('Done')
  } catch (error) {
    // New chat removed this turn: nothing of it is shown any more.
    if (!answer.bubble.isConnected) return
    if (turn.signal.aborted || error instanceof RequestAbortedError) {
      answer.note.textContent = 'Stopped.'
      showStatus('Stopped')
      keep()
    } else {
      // The text goes back to the input to edit or resend.
      answer.bubble.classList.add('failed')
      answer.note.textContent = 'Failed.'
      if (!conversationMode) question.note.textContent = 'Not in the conversation.'
      promptInput.value = text
      showStatus('Error')
      showError(describeError(error))
    }
  } finally {
    cancelAnimationFrame(turn.frame)
    renderAnswer(turn)
    answer.bubble.classList.remove('streaming')
    if (controller?.signal === turn.signal) {
      controller = undefined
      setBusy(false)
    }
  }
}

const documentMode = setUpDocumentMode({
  client,
  showError: (text) => showError(text),
  showStatus,
  showUsage: (text) => (usageText.textContent = text),
})

/** Clears the screen, the chat history, the conversation id, the document, and the status line. */
function startOver() {
  controller?.abort()
  controller = undefined
  documentMode.reset()
  history.length = 0
  showConversation(undefined)
  messagesBox.replaceChildren()
  usageText.textContent = ''
  showError(undefined)
  showStatus(mode() === 'document' ? 'Pick a PDF or an image' : idleStatus)
  setBusy(false)
}

/** Lists the chat models; on failure (after a counted-down retry for a 429) offers a Retry button. */
async function loadModels() {
  showError(undefined)
  showStatus('Loading models…')
  modelSelect.replaceChildren(new Option('loading models…', ''))
  const onWait = (error: SDKError, seconds: number) => {
    showError(describeError(error, seconds))
    showStatus(`Retrying in ${seconds} s…`)
  }
  try {
    const { data } = await retryAfterRateLimit(() => modelsList(client), onWait, new AbortController().signal)
    const chatModels = data.filter((model) => model.capabilities?.completion_chat !== false && !model.archived)
    modelSelect.replaceChildren(...chatModels.map((model) => new Option(model.id, model.id)))
    const preferred = chatModels.find((model) => model.id === 'mistral-small-latest') ?? chatModels[0]
    if (preferred) modelSelect.value = preferred.id
    hasModels = chatModels.length > 0
    idleStatus = `${chatModels.length} chat models`
    showError(undefined)
  } catch (error) {
    hasModels = false
    modelSelect.replaceChildren(new Option('no models', ''))
    idleStatus = 'Models unavailable'
    showError(`Could not list the models: ${describeError(error)}`, () => void loadModels())
  }
  if (!controller && mode() !== 'document') showStatus(idleStatus)
  setBusy(Boolean(controller))
}

/** Shows the controls of the mode picked: the conversation and composer, or the document reader. */
function showMode() {
  const documentView = mode() === 'document'
  messagesBox.hidden = documentView
  composer.hidden = documentView
  documentSection.hidden = !documentView
  // Documents are read by the OCR model: the chat model picker has nothing to say there.
  modelLabel.hidden = documentView
  newChatButton.textContent = { chat: 'New chat', conversation: 'New conversation', document: 'New document' }[mode()]
}

composer.addEventListener('submit', (event) => {
  event.preventDefault()
  const text = promptInput.value.trim()
  if (!text || controller || sendButton.disabled) return
  promptInput.value = ''
  void send(text)
})
promptInput.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter is a new line; an IME composing text keeps its Enter.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault()
    composer.requestSubmit()
  }
})
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return
  controller?.abort()
  documentMode.stop()
})
stopButton.addEventListener('click', () => controller?.abort())
newChatButton.addEventListener('click', () => {
  startOver()
  if (mode() !== 'document') promptInput.focus()
})
modeSelect.addEventListener('change', () => {
  // A chat's history, a conversation and a document live in different places: switching starts over.
  startOver()
  showMode()
})

setUpThemeToggle(element<HTMLButtonElement>('theme'))
showMode()
void loadModels()
