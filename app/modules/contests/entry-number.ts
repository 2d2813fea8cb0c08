/**
 * The entry number people see, type and read on paper: «ТТР-0412», the contest's prefix and the
 * entry's sequence. The one definition: every page, e-mail, document and form reads numbers here.
 * Shared by the server and the browser.
 */

/** What an entry that was never submitted (a draft has no sequence yet) shows in place of a number. */
export const NO_ENTRY_NUMBER = 'без номера'

export function formatEntryNumber(prefix: string, seq: number | null) {
  return seq === null ? NO_ENTRY_NUMBER : `${prefix}-${String(seq).padStart(4, '0')}`
}

/**
 * The sequence from what a person types or a link carries: «ТТР-0412», «ттр 412», «0412» or «412».
 * Null when it is not a number of this contest.
 */
export function parseEntryNumber(typed: string, prefix: string): number | null {
  const m = /^(?:(\p{L}+)\s*[-–—]?\s*)?0*(\d{1,9})$/u.exec(typed.trim())
  if (!m) return null
  if (m[1] && m[1].toLocaleUpperCase('ru') !== prefix.toLocaleUpperCase('ru')) return null
  const seq = Number(m[2])
  return seq > 0 ? seq : null
}
