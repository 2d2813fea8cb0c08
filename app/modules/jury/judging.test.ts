import { describe, expect, it } from 'vitest'
import { jurorOrder, queueStanding } from './judging'

describe('jurorOrder', () => {
  const items = Array.from({ length: 40 }, (_, i) => ({ entryId: i + 1 }))

  it('is a permutation, the same every time for the same juror', () => {
    const first = jurorOrder('juror-a', items)
    expect([...first].map((i) => i.entryId).sort((a, b) => a - b)).toEqual(items.map((i) => i.entryId))
    expect(jurorOrder('juror-a', [...items].reverse())).toEqual(first)
  })

  it('differs between jurors and is not the order of submission', () => {
    const a = jurorOrder('juror-a', items).map((i) => i.entryId)
    const b = jurorOrder('juror-b', items).map((i) => i.entryId)
    expect(a).not.toEqual(b)
    expect(a).not.toEqual(items.map((i) => i.entryId))
  })

  it('keeps the relative order of the remaining entries when one leaves the queue', () => {
    const full = jurorOrder('juror-a', items).map((i) => i.entryId)
    const without = jurorOrder('juror-a', items.filter((i) => i.entryId !== 13)).map((i) => i.entryId)
    expect(without).toEqual(full.filter((id) => id !== 13))
  })
})

describe('queueStanding', () => {
  // What the scoring page read off the whole sorted queue before: the same answers, for every entry.
  const rows = Array.from({ length: 60 }, (_, i) => [i + 1, i % 3 === 0] as const)
  const sorted = jurorOrder('juror-a', rows.map(([entryId, scored]) => ({ entryId, scored })))

  it('gives the place, the neighbours and the next entry to score as the sorted queue does', () => {
    for (const [at, item] of sorted.entries()) {
      const rotated = [...sorted.slice(at + 1), ...sorted.slice(0, at)]
      expect(queueStanding('juror-a', rows, item.entryId)).toEqual({
        position: at + 1,
        total: 60,
        scored: 20,
        previous: sorted[at - 1]?.entryId ?? null,
        next: sorted[at + 1]?.entryId ?? null,
        nextUnscored: rotated.find((q) => !q.scored)?.entryId ?? null,
      })
    }
  })

  it('for an entry not in the queue, points at the first entry to score', () => {
    expect(queueStanding('juror-a', rows, 999)).toMatchObject({ position: 0, previous: null, next: null, nextUnscored: sorted.find((q) => !q.scored)!.entryId })
    expect(queueStanding('juror-a', [[5, true], [6, true]], 5)).toMatchObject({ nextUnscored: null, scored: 2, total: 2 })
  })
})
