/** The number people see on an entry: the contest's prefix and the sequence, «ТТР-0412». */
export function formatEntryNumber(prefix: string, seq: number | null) {
  return seq === null ? 'без номера' : `${prefix}-${String(seq).padStart(4, '0')}`
}

/**
 * The sequence from what an organiser types: «ТТР-0412», «ттр 412», «0412» or «412».
 * Null when it is not a number of this contest.
 */
export function parseEntryNumber(text: string, prefix: string) {
  const m = /^(?:([\p{L}]+)\s*[-–—]?\s*)?0*(\d{1,9})$/u.exec(text.trim())
  if (!m) return null
  if (m[1] && m[1].toUpperCase() !== prefix.toUpperCase()) return null
  return Number(m[2])
}
