import { describe, expect, it } from 'vitest'
import { judgingState, jurorOrder } from './judging'

const at = (iso: string) => new Date(iso)

describe('judgingState', () => {
  const stage = (status: 'pending' | 'judging' | 'closed', opens: string | null = null, closes: string | null = null) => ({
    status,
    judgingOpensAt: opens ? at(opens) : null,
    judgingClosesAt: closes ? at(closes) : null,
  })
  const now = at('2027-03-10T05:00:00Z')

  it('follows the organiser’s status', () => {
    expect(judgingState(stage('pending'), now)).toBe('pending')
    expect(judgingState(stage('judging'), now)).toBe('open')
    expect(judgingState(stage('closed'), now)).toBe('closed')
  })

  it('closes a judging stage at its closing instant, and keeps it shut before its opening one', () => {
    expect(judgingState(stage('judging', null, '2027-03-10T05:00:00Z'), now)).toBe('closed')
    expect(judgingState(stage('judging', null, '2027-03-10T05:00:01Z'), now)).toBe('open')
    expect(judgingState(stage('judging', '2027-03-10T05:00:01Z', null), now)).toBe('pending')
    expect(judgingState(stage('judging', '2027-03-10T05:00:00Z', '2027-03-11T00:00:00Z'), now)).toBe('open')
  })

  it('never reopens a closed stage by the clock, nor opens a pending one', () => {
    expect(judgingState(stage('closed', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'), now)).toBe('closed')
    expect(judgingState(stage('pending', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'), now)).toBe('pending')
  })
})

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
