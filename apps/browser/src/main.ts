import {
  betaConversationsAppendStream,
  betaConversationsStartStream,
  chatStream,
  createClient,
  type Message,
  modelsList,
  RequestAbortedError,
} from '@mistral-edge/client'
import { contentText, deltaText } from './delta-text.js'
import { describeError } from './describe-error.js'
import './style.css'

// No key here, ever: the Worker adds it. The app talks to the Worker that serves it (or VITE_API_ORIGIN in dev).
const client = createClient({
  baseURL: import.meta.env.VITE_API_ORIGIN || location.origin,
  // One quick retry for a transient failure; a long Retry-After is shown to the person instead of waited out.
  retries: { strategy: 'backoff', maxRetries: 1, backoff: { maxElapsedTime: 5_000 } },
})

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const modeSelect = element<HTMLSelectElement>('mode')
const modelSelect = element<HTMLSelectElement>('model')
const messagesBox = element<HTMLElement>('messages')
const errorBox = element<HTMLElement>('error')
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

const inConversationMode = () => modeSelect.value === 'conversation'

function showError(text: string | undefined) {
  errorBox.hidden = !text
  errorBox.textContent = text ?? ''
}

function showConversation(id: string | undefined) {
  conversationId = id
  conversationBox.hidden = !id
  conversationIdText.textContent = id ?? ''
}

function setBusy(busy: boolean) {
  // Conversation mode needs no model list: the Worker's agent fixes the model.
  sendButton.disabled = busy || (!hasModels && !inConversationMode())
  stopButton.disabled = !busy
  modelSelect.disabled = busy || !hasModels || inConversationMode()
  modeSelect.disabled = busy
}

/** Adds a message bubble; returns its text element and a place for a note. */
function addBubble(role: 'user' | 'assistant', text: string) {
  const bubble = document.createElement('div')
  bubble.className = `message ${role}`
  bubble.dataset.role = role
  const label = document.createElement('span')
  label.className = 'role'
  label.textContent = role === 'user' ? 'You' : 'Mistral'
  const body = document.createElement('span')
  body.className = 'text'
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
}

function addText(turn: Turn, text: string) {
  turn.reply += text
  turn.answer.body.textContent = turn.reply
}

/** Token counts, from a chat chunk's `usage` or a conversation's `conversation.response.done`. */
function showUsage(turn: Turn, usage: { prompt_tokens?: number | null | undefined; completion_tokens?: number | null | undefined; total_tokens?: number | null | undefined }) {
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
  const turn: Turn = { question: text, answer, signal: controller.signal, reply: '' }
  const conversationMode = inConversationMode()
  setBusy(true)
  statusText.textContent = 'Answering…'
  // In chat mode the turn joins the history when it has an answer, even a stopped one.
  const keep = () => {
    if (!conversationMode && turn.reply) history.push({ role: 'user', content: text }, { role: 'assistant', content: turn.reply })
  }
  try {
    await (conversationMode ? conversationTurn(turn) : chatTurn(turn))
    keep()
    statusText.textContent = 'Done'
  } catch (error) {
    if (error instanceof RequestAbortedError) {
      answer.note.textContent = 'Stopped.'
      statusText.textContent = 'Stopped'
      keep()
    } else {
      // The text goes back to the input to edit or resend.
      answer.bubble.classList.add('failed')
      answer.note.textContent = 'Failed.'
      if (!conversationMode) question.note.textContent = 'Not in the conversation.'
      promptInput.value = text
      statusText.textContent = 'Error'
      showError(describeError(error))
    }
  } finally {
    answer.bubble.classList.remove('streaming')
    controller = undefined
    setBusy(false)
  }
}

/** Clears the screen, the chat history and the conversation id. */
function startOver() {
  controller?.abort()
  history.length = 0
  showConversation(undefined)
  messagesBox.replaceChildren()
  usageText.textContent = ''
  showError(undefined)
}

async function loadModels() {
  try {
    const { data } = await modelsList(client)
    const chatModels = data.filter((model) => model.capabilities?.completion_chat !== false && !model.archived)
    modelSelect.replaceChildren(...chatModels.map((model) => new Option(model.id, model.id)))
    const preferred = chatModels.find((model) => model.id === 'mistral-small-latest') ?? chatModels[0]
    if (preferred) modelSelect.value = preferred.id
    hasModels = chatModels.length > 0
    statusText.textContent = `${chatModels.length} chat models`
  } catch (error) {
    modelSelect.replaceChildren(new Option('no models', ''))
    statusText.textContent = 'Models unavailable'
    showError(describeError(error))
  }
  setBusy(false)
}

composer.addEventListener('submit', (event) => {
  event.preventDefault()
  const text = promptInput.value.trim()
  if (!text || controller) return
  promptInput.value = ''
  void send(text)
})
promptInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault()
    composer.requestSubmit()
  }
})
stopButton.addEventListener('click', () => controller?.abort())
newChatButton.addEventListener('click', startOver)
modeSelect.addEventListener('change', () => {
  // A chat's history and a conversation live in different places: switching starts over.
  startOver()
  newChatButton.textContent = inConversationMode() ? 'New conversation' : 'New chat'
  setBusy(false)
})

void loadModels()
