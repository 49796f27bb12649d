import { chatStream, createClient, type Message, modelsList, RequestAbortedError, type UsageInfo } from '@mistral-edge/client'
import { deltaText } from './delta-text.js'
import { describeError } from './describe-error.js'
import './style.css'

// No key here, ever: the Worker adds it. The app talks to the Worker that serves it (or VITE_API_ORIGIN in dev).
const client = createClient({
  baseURL: import.meta.env.VITE_API_ORIGIN || location.origin,
  // One quick retry for a transient failure; a long Retry-After is shown to the person instead of waited out.
  retries: { strategy: 'backoff', maxRetries: 1, backoff: { maxElapsedTime: 5_000 } },
})

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
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

/** The conversation sent with every turn: the person's messages and the answers (stopped ones included). */
const conversation: Message[] = []
let controller: AbortController | undefined
let hasModels = false

function showError(text: string | undefined) {
  errorBox.hidden = !text
  errorBox.textContent = text ?? ''
}

function setBusy(busy: boolean) {
  sendButton.disabled = busy || !hasModels
  stopButton.disabled = !busy
  modelSelect.disabled = busy || !hasModels
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

function formatUsage(usage: UsageInfo) {
  return `tokens: ${usage.prompt_tokens} prompt · ${usage.completion_tokens} completion · ${usage.total_tokens} total`
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
    setBusy(false)
  } catch (error) {
    modelSelect.replaceChildren(new Option('no models', ''))
    statusText.textContent = 'Models unavailable'
    showError(describeError(error))
  }
}

async function send(text: string) {
  showError(undefined)
  conversation.push({ role: 'user', content: text })
  const question = addBubble('user', text)
  const answer = addBubble('assistant', '')
  answer.bubble.classList.add('streaming')
  controller = new AbortController()
  setBusy(true)
  statusText.textContent = 'Answering…'
  let reply = ''
  try {
    const stream = await chatStream(client, { model: modelSelect.value, messages: conversation }, { signal: controller.signal })
    for await (const chunk of stream) {
      reply += deltaText(chunk)
      answer.body.textContent = reply
      if (chunk.usage) {
        answer.note.textContent = formatUsage(chunk.usage)
        usageText.textContent = formatUsage(chunk.usage)
      }
    }
    conversation.push({ role: 'assistant', content: reply })
    statusText.textContent = 'Done'
  } catch (error) {
    if (error instanceof RequestAbortedError) {
      answer.note.textContent = 'Stopped.'
      statusText.textContent = 'Stopped'
      if (reply) conversation.push({ role: 'assistant', content: reply })
      else conversation.pop()
    } else {
      // The turn failed: it leaves the conversation, and the text goes back to the input to edit or resend.
      conversation.pop()
      answer.bubble.classList.add('failed')
      answer.note.textContent = 'Failed.'
      question.note.textContent = 'Not in the conversation.'
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
newChatButton.addEventListener('click', () => {
  controller?.abort()
  conversation.length = 0
  messagesBox.replaceChildren()
  usageText.textContent = ''
  showError(undefined)
})

void loadModels()
