import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { fillPath } from './path.js'

const src = new URL('../', import.meta.url)

/** Every endpoint description in the package: `[file, the object literal's text]`. */
function endpointDescriptions(): [string, string][] {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file),
  )
  return files.flatMap((file) => {
    const match = /const endpoint: Endpoint = \{([\s\S]*?)\}\n/.exec(readFileSync(new URL(file, src), 'utf8'))
    return match ? [[file, match[1] as string] as [string, string]] : []
  })
}

describe('fillPath', () => {
  it('fills each placeholder from the field of that name, encoded, and removes the field', () => {
    const fields: Record<string, unknown> = { agent_id: 'ag/1', version: '2', alias: 'x' }
    expect(fillPath('/v1/agents/{agent_id}/versions/{version}', fields)).toBe('/v1/agents/ag%2F1/versions/2')
    expect(fields).toEqual({ alias: 'x' })
  })

  it('refuses an empty, dotted, non-string or malformed id with InvalidRequestError naming the field', () => {
    for (const value of ['', '.', '..', '\ud800', 7, undefined]) {
      const run = () => fillPath('/v1/files/{file_id}', { file_id: value })
      expect(run).toThrow(InvalidRequestError)
      expect(run).toThrow('Invalid request: file_id: must be a non-empty, well-formed string other than "." and ".."')
    }
  })

  it('is named by every endpoint whose path has a placeholder, and by no other', () => {
    const descriptions = endpointDescriptions()
    expect(descriptions.length).toBeGreaterThan(50)
    for (const [file, text] of descriptions) {
      expect([file, /path: '[^']*\{/.test(text)]).toEqual([file, /\bfillPath\b/.test(text)])
    }
  })
})
