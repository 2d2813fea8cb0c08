import { describe, expect, it } from 'vitest'
import { jurorOrder } from './judging'

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
