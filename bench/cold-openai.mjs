import OpenAI from 'openai'
export const clients = async (baseURL) =>
  (await new OpenAI({ apiKey: 'k', baseURL: `${baseURL}/v1` }).models.list()).data.length
