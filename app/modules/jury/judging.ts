/** A juror's own order of the queue. Whether a stage takes scores now is the contest lifecycle's (judgingState). */

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
