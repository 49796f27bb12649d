import { Mistral } from '@mistralai/mistralai'
export const clients = async (baseURL) =>
  (await new Mistral({ apiKey: 'k', serverURL: baseURL }).models.list()).data.length
