import { agentsComplete } from './agents/agents-complete.js'
import { agentsStream } from './agents/agents-stream.js'
import { audioSpeechComplete } from './audio/audio-speech-complete.js'
import { audioTranscriptionsComplete } from './audio/audio-transcriptions-complete.js'
import { audioTranscriptionsStream } from './audio/audio-transcriptions-stream.js'
import { batchJobsCancel } from './batch/batch-jobs-cancel.js'
import { batchJobsCreate } from './batch/batch-jobs-create.js'
import { batchJobsDelete } from './batch/batch-jobs-delete.js'
import { batchJobsGet } from './batch/batch-jobs-get.js'
import { batchJobsIterate } from './batch/batch-jobs-iterate.js'
import { batchJobsList } from './batch/batch-jobs-list.js'
import { batchJobsWait } from './batch/batch-jobs-wait.js'
import { betaAgentsCreate } from './beta-agents/beta-agents-create.js'
import { betaAgentsCreateVersionAlias } from './beta-agents/beta-agents-create-version-alias.js'
import { betaAgentsDelete } from './beta-agents/beta-agents-delete.js'
import { betaAgentsDeleteVersionAlias } from './beta-agents/beta-agents-delete-version-alias.js'
import { betaAgentsGet } from './beta-agents/beta-agents-get.js'
import { betaAgentsGetVersion } from './beta-agents/beta-agents-get-version.js'
import { betaAgentsList } from './beta-agents/beta-agents-list.js'
import { betaAgentsListVersionAliases } from './beta-agents/beta-agents-list-version-aliases.js'
import { betaAgentsListVersions } from './beta-agents/beta-agents-list-versions.js'
import { betaAgentsUpdate } from './beta-agents/beta-agents-update.js'
import { betaAgentsUpdateVersion } from './beta-agents/beta-agents-update-version.js'
import { chatComplete } from './chat/chat-complete.js'
import { chatStream } from './chat/chat-stream.js'
import { classifiersClassify } from './classifiers/classifiers-classify.js'
import { classifiersClassifyChat } from './classifiers/classifiers-classify-chat.js'
import { classifiersModerate } from './classifiers/classifiers-moderate.js'
import { classifiersModerateChat } from './classifiers/classifiers-moderate-chat.js'
import { betaConversationsAppend } from './conversations/beta-conversations-append.js'
import { betaConversationsAppendStream } from './conversations/beta-conversations-append-stream.js'
import { betaConversationsDelete } from './conversations/beta-conversations-delete.js'
import { betaConversationsGet } from './conversations/beta-conversations-get.js'
import { betaConversationsGetHistory } from './conversations/beta-conversations-get-history.js'
import { betaConversationsGetMessages } from './conversations/beta-conversations-get-messages.js'
import { betaConversationsList } from './conversations/beta-conversations-list.js'
import { betaConversationsRestart } from './conversations/beta-conversations-restart.js'
import { betaConversationsRestartStream } from './conversations/beta-conversations-restart-stream.js'
import { betaConversationsStart } from './conversations/beta-conversations-start.js'
import { betaConversationsStartStream } from './conversations/beta-conversations-start-stream.js'
import { type Client, type ClientOptions, createClient } from './core/client.js'
import { embeddingsCreate } from './embeddings/embeddings-create.js'
import { filesDelete } from './files/files-delete.js'
import { filesDownload } from './files/files-download.js'
import { filesGetSignedUrl } from './files/files-get-signed-url.js'
import { filesList } from './files/files-list.js'
import { filesRetrieve } from './files/files-retrieve.js'
import { filesUpload } from './files/files-upload.js'
import { fimComplete } from './fim/fim-complete.js'
import { fimStream } from './fim/fim-stream.js'
import { fineTuningJobsCancel } from './fine-tuning/fine-tuning-jobs-cancel.js'
import { fineTuningJobsCreate } from './fine-tuning/fine-tuning-jobs-create.js'
import { fineTuningJobsGet } from './fine-tuning/fine-tuning-jobs-get.js'
import { fineTuningJobsIterate } from './fine-tuning/fine-tuning-jobs-iterate.js'
import { fineTuningJobsList } from './fine-tuning/fine-tuning-jobs-list.js'
import { fineTuningJobsStart } from './fine-tuning/fine-tuning-jobs-start.js'
import { fineTuningJobsWait } from './fine-tuning/fine-tuning-jobs-wait.js'
import { modelsArchive } from './models/models-archive.js'
import { modelsDelete } from './models/models-delete.js'
import { modelsList } from './models/models-list.js'
import { modelsRetrieve } from './models/models-retrieve.js'
import { modelsUnarchive } from './models/models-unarchive.js'
import { modelsUpdate } from './models/models-update.js'
import { ocrProcess } from './ocr/ocr-process.js'

/** An endpoint function with its client argument already applied: `(request?, options?) => ...`. */
export type Bound<F> = F extends (client: Client, ...rest: infer A) => infer R ? (...rest: A) => R : never

/** Options of {@link Mistral}: every {@link ClientOptions} field, plus `serverURL` (the official SDK's name for `baseURL`). */
export interface MistralOptions extends ClientOptions {
  /** Synonym of `baseURL`; wins when both are given. */
  serverURL?: string
}

/**
 * The grouped form of the API, shaped like the official SDKs (`mistral.models.list()`,
 * `mistral.fineTuning.jobs.create(...)`). Each method is a one-line call of the standalone function of the same
 * name, so requests, results and errors are exactly those of the functions. Imported from
 * `@mistral-edge/client/sdk`; the root entry never pulls it in, so a bundle that uses one function stays small.
 *
 * @example
 * ```ts
 * import { Mistral } from '@mistral-edge/client/sdk'
 * const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY })
 * const { data } = await mistral.models.list()
 * const card = await mistral.models.retrieve({ model_id: 'mistral-small-latest' })
 * ```
 * @see https://docs.mistral.ai/api/
 */
export class Mistral {
  /** The underlying client, for the standalone functions. */
  readonly client: Client
  /** `GET /v1/models` and the fine-tuned model routes. */
  readonly models: {
    list: Bound<typeof modelsList>
    retrieve: Bound<typeof modelsRetrieve>
    delete: Bound<typeof modelsDelete>
    update: Bound<typeof modelsUpdate>
    archive: Bound<typeof modelsArchive>
    unarchive: Bound<typeof modelsUnarchive>
  }
  /** `POST /v1/chat/completions`. */
  readonly chat: { complete: Bound<typeof chatComplete>; stream: Bound<typeof chatStream> }
  /** `POST /v1/fim/completions`. */
  readonly fim: { complete: Bound<typeof fimComplete>; stream: Bound<typeof fimStream> }
  /** `POST /v1/agents/completions`. */
  readonly agents: { complete: Bound<typeof agentsComplete>; stream: Bound<typeof agentsStream> }
  /** `POST /v1/embeddings`. */
  readonly embeddings: { create: Bound<typeof embeddingsCreate> }
  /** `/v1/files`. */
  readonly files: {
    upload: Bound<typeof filesUpload>
    list: Bound<typeof filesList>
    retrieve: Bound<typeof filesRetrieve>
    delete: Bound<typeof filesDelete>
    download: Bound<typeof filesDownload>
    getSignedUrl: Bound<typeof filesGetSignedUrl>
  }
  /** `/v1/fine_tuning/jobs`, with the `iterate` and `wait` helpers. */
  readonly fineTuning: {
    jobs: {
      list: Bound<typeof fineTuningJobsList>
      create: Bound<typeof fineTuningJobsCreate>
      get: Bound<typeof fineTuningJobsGet>
      cancel: Bound<typeof fineTuningJobsCancel>
      start: Bound<typeof fineTuningJobsStart>
      iterate: Bound<typeof fineTuningJobsIterate>
      wait: Bound<typeof fineTuningJobsWait>
    }
  }
  /** `POST /v1/ocr`. */
  readonly ocr: { process: Bound<typeof ocrProcess> }
  /** `/v1/moderations`, `/v1/chat/moderations`, `/v1/classifications`, `/v1/chat/classifications`. */
  readonly classifiers: {
    moderate: Bound<typeof classifiersModerate>
    moderateChat: Bound<typeof classifiersModerateChat>
    classify: Bound<typeof classifiersClassify>
    classifyChat: Bound<typeof classifiersClassifyChat>
  }
  /** `/v1/audio/transcriptions` and `/v1/audio/speech`. */
  readonly audio: {
    transcriptions: {
      complete: Bound<typeof audioTranscriptionsComplete>
      stream: Bound<typeof audioTranscriptionsStream>
    }
    speech: { complete: Bound<typeof audioSpeechComplete> }
  }
  /** `/v1/batch/jobs`, with the `iterate` and `wait` helpers. */
  readonly batch: {
    jobs: {
      list: Bound<typeof batchJobsList>
      create: Bound<typeof batchJobsCreate>
      get: Bound<typeof batchJobsGet>
      cancel: Bound<typeof batchJobsCancel>
      delete: Bound<typeof batchJobsDelete>
      iterate: Bound<typeof batchJobsIterate>
      wait: Bound<typeof batchJobsWait>
    }
  }

  /** The beta Agents and Conversations API: `/v1/conversations` (server-side history, event streams) and `/v1/agents`. */
  readonly beta: {
    conversations: {
      start: Bound<typeof betaConversationsStart>
      startStream: Bound<typeof betaConversationsStartStream>
      append: Bound<typeof betaConversationsAppend>
      appendStream: Bound<typeof betaConversationsAppendStream>
      restart: Bound<typeof betaConversationsRestart>
      restartStream: Bound<typeof betaConversationsRestartStream>
      list: Bound<typeof betaConversationsList>
      get: Bound<typeof betaConversationsGet>
      getHistory: Bound<typeof betaConversationsGetHistory>
      getMessages: Bound<typeof betaConversationsGetMessages>
      delete: Bound<typeof betaConversationsDelete>
    }
    agents: {
      create: Bound<typeof betaAgentsCreate>
      list: Bound<typeof betaAgentsList>
      get: Bound<typeof betaAgentsGet>
      update: Bound<typeof betaAgentsUpdate>
      delete: Bound<typeof betaAgentsDelete>
      updateVersion: Bound<typeof betaAgentsUpdateVersion>
      listVersions: Bound<typeof betaAgentsListVersions>
      getVersion: Bound<typeof betaAgentsGetVersion>
      createVersionAlias: Bound<typeof betaAgentsCreateVersionAlias>
      listVersionAliases: Bound<typeof betaAgentsListVersionAliases>
      deleteVersionAlias: Bound<typeof betaAgentsDeleteVersionAlias>
    }
  }

  /**
   * Creates the client (no I/O) and the groups.
   *
   * @param options - `apiKey`, `serverURL` or `baseURL`, and any other {@link ClientOptions}.
   */
  constructor(options: MistralOptions = {}) {
    const { serverURL, ...rest } = options
    const client = createClient(serverURL === undefined ? rest : { ...rest, baseURL: serverURL })
    this.client = client
    this.models = {
      list: (...rest) => modelsList(client, ...rest),
      retrieve: (...rest) => modelsRetrieve(client, ...rest),
      delete: (...rest) => modelsDelete(client, ...rest),
      update: (...rest) => modelsUpdate(client, ...rest),
      archive: (...rest) => modelsArchive(client, ...rest),
      unarchive: (...rest) => modelsUnarchive(client, ...rest),
    }
    this.chat = {
      complete: (...rest) => chatComplete(client, ...rest),
      stream: (...rest) => chatStream(client, ...rest),
    }
    this.fim = { complete: (...rest) => fimComplete(client, ...rest), stream: (...rest) => fimStream(client, ...rest) }
    this.agents = {
      complete: (...rest) => agentsComplete(client, ...rest),
      stream: (...rest) => agentsStream(client, ...rest),
    }
    this.embeddings = { create: (...rest) => embeddingsCreate(client, ...rest) }
    this.files = {
      upload: (...rest) => filesUpload(client, ...rest),
      list: (...rest) => filesList(client, ...rest),
      retrieve: (...rest) => filesRetrieve(client, ...rest),
      delete: (...rest) => filesDelete(client, ...rest),
      download: (...rest) => filesDownload(client, ...rest),
      getSignedUrl: (...rest) => filesGetSignedUrl(client, ...rest),
    }
    this.fineTuning = {
      jobs: {
        list: (...rest) => fineTuningJobsList(client, ...rest),
        create: (...rest) => fineTuningJobsCreate(client, ...rest),
        get: (...rest) => fineTuningJobsGet(client, ...rest),
        cancel: (...rest) => fineTuningJobsCancel(client, ...rest),
        start: (...rest) => fineTuningJobsStart(client, ...rest),
        iterate: (...rest) => fineTuningJobsIterate(client, ...rest),
        wait: (...rest) => fineTuningJobsWait(client, ...rest),
      },
    }
    this.ocr = { process: (...rest) => ocrProcess(client, ...rest) }
    this.classifiers = {
      moderate: (...rest) => classifiersModerate(client, ...rest),
      moderateChat: (...rest) => classifiersModerateChat(client, ...rest),
      classify: (...rest) => classifiersClassify(client, ...rest),
      classifyChat: (...rest) => classifiersClassifyChat(client, ...rest),
    }
    this.audio = {
      transcriptions: {
        complete: (...rest) => audioTranscriptionsComplete(client, ...rest),
        stream: (...rest) => audioTranscriptionsStream(client, ...rest),
      },
      speech: { complete: (...rest) => audioSpeechComplete(client, ...rest) },
    }
    this.batch = {
      jobs: {
        list: (...rest) => batchJobsList(client, ...rest),
        create: (...rest) => batchJobsCreate(client, ...rest),
        get: (...rest) => batchJobsGet(client, ...rest),
        cancel: (...rest) => batchJobsCancel(client, ...rest),
        delete: (...rest) => batchJobsDelete(client, ...rest),
        iterate: (...rest) => batchJobsIterate(client, ...rest),
        wait: (...rest) => batchJobsWait(client, ...rest),
      },
    }
    this.beta = {
      conversations: {
        start: (...rest) => betaConversationsStart(client, ...rest),
        startStream: (...rest) => betaConversationsStartStream(client, ...rest),
        append: (...rest) => betaConversationsAppend(client, ...rest),
        appendStream: (...rest) => betaConversationsAppendStream(client, ...rest),
        restart: (...rest) => betaConversationsRestart(client, ...rest),
        restartStream: (...rest) => betaConversationsRestartStream(client, ...rest),
        list: (...rest) => betaConversationsList(client, ...rest),
        get: (...rest) => betaConversationsGet(client, ...rest),
        getHistory: (...rest) => betaConversationsGetHistory(client, ...rest),
        getMessages: (...rest) => betaConversationsGetMessages(client, ...rest),
        delete: (...rest) => betaConversationsDelete(client, ...rest),
      },
      agents: {
        create: (...rest) => betaAgentsCreate(client, ...rest),
        list: (...rest) => betaAgentsList(client, ...rest),
        get: (...rest) => betaAgentsGet(client, ...rest),
        update: (...rest) => betaAgentsUpdate(client, ...rest),
        delete: (...rest) => betaAgentsDelete(client, ...rest),
        updateVersion: (...rest) => betaAgentsUpdateVersion(client, ...rest),
        listVersions: (...rest) => betaAgentsListVersions(client, ...rest),
        getVersion: (...rest) => betaAgentsGetVersion(client, ...rest),
        createVersionAlias: (...rest) => betaAgentsCreateVersionAlias(client, ...rest),
        listVersionAliases: (...rest) => betaAgentsListVersionAliases(client, ...rest),
        deleteVersionAlias: (...rest) => betaAgentsDeleteVersionAlias(client, ...rest),
      },
    }
  }
}
