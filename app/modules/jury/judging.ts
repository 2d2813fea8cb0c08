/**
 * The rules of judging that need no database: whether a stage takes scores now, which criteria an
 * entry is scored on, a juror's own order of the queue, entry numbers and photo addresses.
 * Shared by the server and the browser.
 */

export type JudgingState = 'pending' | 'open' | 'closed'

/**
 * The organiser's status decides; within «judging» the clock closes the stage at judgingClosesAt
 * (and keeps it shut before judgingOpensAt), so scores stop being accepted on time without anyone
 * having to press a button.
 */
export function judgingState(
  stage: { status: 'pending' | 'judging' | 'closed'; judgingOpensAt: Date | null; judgingClosesAt: Date | null },
  now: Date = new Date(),
): JudgingState {
  if (stage.status === 'closed') return 'closed'
  if (stage.status === 'pending') return 'pending'
  if (stage.judgingClosesAt && now >= stage.judgingClosesAt) return 'closed'
  if (stage.judgingOpensAt && now < stage.judgingOpensAt) return 'pending'
  return 'open'
}

type CriterionLike = { id: number; nominationId: number | null; position: number }

/**
 * The criteria an entry of a nomination is scored on. A nomination with criteria of its own is scored
 * on those alone (they replace the contest's general criteria); any other nomination is scored on the
 * general ones. Replacing rather than extending keeps one fixed list per nomination, which the jury's
 * totals and the results need.
 */
export function criteriaForNomination<C extends CriterionLike>(all: C[], nominationId: number | null): C[] {
  const own = nominationId === null ? [] : all.filter((c) => c.nominationId === nominationId)
  const chosen = own.length ? own : all.filter((c) => c.nominationId === null)
  return [...chosen].sort((a, b) => a.position - b.position || a.id - b.id)
}

/** FNV-1a: small, fast and well spread, which is all a shuffle key needs. */
function fnv1a(text: string) {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * Each juror sees the entries in an order of their own, the same on every visit: sorted by a hash of
 * the juror and the entry. Jurors then do not all start on the same entries, and the order says
 * nothing about who submitted first.
 */
export function jurorOrder<T extends { entryId: number }>(jurorId: string, items: T[]): T[] {
  return items
    .map((item) => ({ item, key: fnv1a(`${jurorId}:${item.entryId}`) }))
    .sort((a, b) => a.key - b.key || a.item.entryId - b.item.entryId)
    .map(({ item }) => item)
}

/** «ТТР-0412»: the contest's prefix and the entry's sequence number. */
export function entryNumber(prefix: string, seq: number | null) {
  return seq === null ? `${prefix}-б/н` : `${prefix}-${String(seq).padStart(4, '0')}`
}

/** The sequence number from what a person types: «ТТР-0412», «ттр 412», «0412» or «412»; null if it is not one. */
export function parseEntryNumber(input: string, prefix: string): number | null {
  const m = /^\s*(?:([\p{L}]+)\s*[-–—]?\s*)?0*(\d{1,7})\s*$/u.exec(input)
  if (!m) return null
  if (m[1] && m[1].toLocaleUpperCase('ru') !== prefix.toLocaleUpperCase('ru')) return null
  const seq = Number(m[2])
  return seq > 0 ? seq : null
}
