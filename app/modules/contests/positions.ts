/**
 * New positions for a list after moving one item a place up or down, numbered 0..n−1 so that gaps
 * and duplicates left by deletions disappear. Null when the item is already at that end or is not in the list.
 */
export function moveItem(ordered: readonly { id: number }[], id: number, direction: 'up' | 'down') {
  const from = ordered.findIndex((item) => item.id === id)
  const to = direction === 'up' ? from - 1 : from + 1
  if (from === -1 || to < 0 || to >= ordered.length) return null
  const ids = ordered.map((item) => item.id)
  ;[ids[from], ids[to]] = [ids[to], ids[from]]
  return ids.map((itemId, position) => ({ id: itemId, position }))
}
