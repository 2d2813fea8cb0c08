/** A juror's own order of the queue. Whether a stage takes scores now is the contest lifecycle's (judgingState). */

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** FNV-1a of `text`, continuing from `hash` (FNV reads the text left to right, so a shared prefix is hashed once). */
function fnv1a(text: string, hash = FNV_OFFSET) {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, FNV_PRIME)
  }
  return hash >>> 0
}

/** The juror's sort key of an entry: FNV-1a of «juror:entry», the juror's part hashed once for the whole queue. */
function jurorKey(jurorId: string) {
  const prefix = fnv1a(`${jurorId}:`)
  return (entryId: number) => fnv1a(String(entryId), prefix)
}

/**
 * Each juror sees the entries in an order of their own, the same on every visit: sorted by a hash of
 * the juror and the entry. Jurors then do not all start on the same entries, and the order says
 * nothing about who submitted first.
 */
export function jurorOrder<T extends { entryId: number }>(jurorId: string, items: T[]): T[] {
  const key = jurorKey(jurorId)
  return items
    .map((item) => ({ item, key: key(item.entryId) }))
    .sort((a, b) => a.key - b.key || a.item.entryId - b.item.entryId)
    .map(({ item }) => item)
}

/** Where an entry stands in the juror's queue, and what the scoring page links to from it. */
export type QueueStanding = {
  /** 1-based place in the juror's order; 0 when the entry is not in the queue. */
  position: number
  total: number
  scored: number
  previous: number | null
  next: number | null
  /** The entry after this one (wrapping round) that still needs the juror's score; null when all others are scored. */
  nextUnscored: number | null
}

/**
 * The entry's standing in the juror's queue (`rows`: entry ids and whether each is scored, in any
 * order), in one pass and without sorting the queue: what the scoring page shows of it. The same as
 * reading it off jurorOrder's list.
 */
export function queueStanding(jurorId: string, rows: readonly (readonly [entryId: number, scored: boolean | number])[], entryId: number): QueueStanding {
  const key = jurorKey(jurorId)
  const before = (ak: number, a: number, bk: number, b: number) => ak < bk || (ak === bk && a < b)
  const own = rows.some(([id]) => id === entryId) ? key(entryId) : null
  let position = 0
  let scored = 0
  let prev: [number, number] | null = null
  let next: [number, number] | null = null
  let firstUnscored: [number, number] | null = null
  let unscoredAfter: [number, number] | null = null
  for (const [id, isScored] of rows) {
    const k = key(id)
    if (isScored) scored++
    if (own !== null && id !== entryId) {
      if (before(k, id, own, entryId)) {
        position++
        if (!prev || before(prev[0], prev[1], k, id)) prev = [k, id]
      } else if (!next || before(k, id, next[0], next[1])) next = [k, id]
    }
    if (!isScored && id !== entryId) {
      if (!firstUnscored || before(k, id, firstUnscored[0], firstUnscored[1])) firstUnscored = [k, id]
      if (own !== null && !before(k, id, own, entryId) && (!unscoredAfter || before(k, id, unscoredAfter[0], unscoredAfter[1]))) unscoredAfter = [k, id]
    }
  }
  return {
    position: own === null ? 0 : position + 1,
    total: rows.length,
    scored,
    previous: prev?.[1] ?? null,
    next: next?.[1] ?? null,
    nextUnscored: (unscoredAfter ?? firstUnscored)?.[1] ?? null,
  }
}
