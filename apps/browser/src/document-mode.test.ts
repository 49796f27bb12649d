import { describe, expect, it } from 'vitest'
import { documentType, formatBytes } from './document-mode.js'

describe('documentType', () => {
  it('takes a PDF or an image by its type, or by its extension when it has none', () => {
    expect(documentType(new File(['%PDF-'], 'a.pdf', { type: 'application/pdf' }))).toBe('application/pdf')
    expect(documentType(new File(['x'], 'photo.JPG'))).toBe('image/jpeg')
    expect(documentType(new File(['x'], 'scan.webp'))).toBe('image/webp')
    expect(documentType(new File(['x'], 'report.pdf'))).toBe('application/pdf')
  })

  it('refuses other kinds of files', () => {
    expect(documentType(new File(['x'], 'notes.txt', { type: 'text/plain' }))).toBeUndefined()
    expect(documentType(new File(['x'], 'slides.pptx'))).toBeUndefined()
    expect(documentType(new File(['x'], 'image.svg', { type: 'image/svg+xml' }))).toBeUndefined()
    expect(documentType(new File(['x'], 'noextension'))).toBeUndefined()
  })
})

describe('formatBytes', () => {
  it('writes sizes as people read them', () => {
    expect([formatBytes(900), formatBytes(12 * 1024 + 300), formatBytes(3.45 * 1024 * 1024)]).toEqual([
      '900 bytes',
      '12 KB',
      '3.5 MB',
    ])
  })
})
