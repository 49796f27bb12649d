// `pnpm start`'s banner tells the truth (issue 14: with the key in .dev.vars it said "the embedded mock (no key, no
// network)", and MISTRAL_BASE_URL existed only in the code).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { describeUpstream, readDotenv } from '../../scripts/start.mjs'

type Described = { keySource: string | undefined; upstream: string; mock: boolean; lines: string[] }
const describe_ = describeUpstream as (
  environment: Record<string, string | undefined>,
  devVars: Record<string, string>,
) => Described
const read = readDotenv as (path: string) => Record<string, string>

describe('the pnpm start banner', () => {
  it('names .dev.vars as the key source and the real API as the upstream when the key is only there', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mistral-edge-banner-'))
    try {
      writeFileSync(join(folder, '.dev.vars'), '# local\nMISTRAL_API_KEY="sk-in-dev-vars-123456"\n')
      const described = describe_({}, read(join(folder, '.dev.vars')))
      expect(described.mock).toBe(false)
      expect(described.keySource).toBe('apps/worker/.dev.vars')
      expect(described.lines.join('\n')).toContain('/v1/ answers from https://api.mistral.ai (the real Mistral API).')
      expect(described.lines.join('\n')).not.toContain('mock')
      expect(described.lines.join('\n')).not.toContain('sk-in-dev-vars-123456')
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('names MISTRAL_BASE_URL, the environment key, and the mock when there is no key', () => {
    const withBase = describe_({ MISTRAL_API_KEY: 'sk-env-key-123456', MISTRAL_BASE_URL: 'http://127.0.0.1:4010' }, {})
    expect(withBase.lines[0]).toBe('/v1/ answers from http://127.0.0.1:4010 (MISTRAL_BASE_URL).')
    expect(withBase.keySource).toBe('the MISTRAL_API_KEY environment variable')
    const none = describe_({}, {})
    expect(none.lines).toEqual(['/v1/ answers from the embedded mock API (no key, no network).'])
  })
})
