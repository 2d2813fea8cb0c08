import { describe, expect, it } from 'vitest'
import { formatEntryNumber, NO_ENTRY_NUMBER, parseEntryNumber } from './entry-number'

describe('formatEntryNumber', () => {
  it('is the contest prefix and the sequence padded to four digits', () => {
    expect(formatEntryNumber('ТТР', 412)).toBe('ТТР-0412')
    expect(formatEntryNumber('ТТР', 7)).toBe('ТТР-0007')
    expect(formatEntryNumber('СК', 12345)).toBe('СК-12345')
  })

  it('says «без номера» for an entry never submitted', () => {
    expect(formatEntryNumber('ТТР', null)).toBe('без номера')
    expect(NO_ENTRY_NUMBER).toBe('без номера')
  })
})

describe('parseEntryNumber', () => {
  it.each([
    ['ТТР-0412', 412],
    ['ттр-0412', 412],
    ['ттр 412', 412],
    ['ТТР–0412', 412],
    [' ТТР—412 ', 412],
    [' 0412 ', 412],
    ['412', 412],
    ['7', 7],
    ['СК-12345', null],
  ])('reads «%s» as %s for the contest ТТР', (typed, seq) => {
    expect(parseEntryNumber(typed, 'ТТР')).toBe(seq)
  })

  it.each(['СК-0412', '0', 'ТТР-0000', 'ТТР-', 'ТТР-12a', 'abc', 'четыреста', '12-34', ''])('refuses «%s»', (typed) => {
    expect(parseEntryNumber(typed, 'ТТР')).toBeNull()
  })

  it('reads back every number it writes', () => {
    for (const seq of [1, 9, 412, 9999, 10000, 123456]) expect(parseEntryNumber(formatEntryNumber('ГДГИ', seq), 'ГДГИ')).toBe(seq)
  })
})
