import { createClient, modelsList } from '@mistral-edge/client'
export const clients = async (baseURL) => (await modelsList(createClient({ apiKey: 'k', baseURL }))).data.length
