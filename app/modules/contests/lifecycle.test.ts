import { describe, expect, it } from 'vitest'
import { contestPhase } from './lifecycle'

const opensAt = new Date('2027-03-01T17:00:00Z')
const closesAt = new Date('2027-04-15T17:00:00Z') // midnight 16 April in Kemerovo

describe('contestPhase', () => {
  it('takes entries only between opening and closing, by the clock', () => {
    const c = { status: 'accepting' as const, opensAt, closesAt }
    expect(contestPhase(c, new Date('2027-03-01T16:59:59Z')).open).toBe(false)
    expect(contestPhase(c, new Date('2027-03-01T16:59:59Z')).label).toBe('Скоро приём заявок')
    expect(contestPhase(c, opensAt).open).toBe(true)
    expect(contestPhase(c, new Date('2027-04-15T16:59:59Z')).open).toBe(true)
    expect(contestPhase(c, closesAt).open).toBe(false)
    expect(contestPhase(c, closesAt).label).toBe('Приём заявок завершён')
  })

  it('never takes entries outside the accepting status, whatever the dates', () => {
    for (const status of ['draft', 'announced', 'judging', 'published'] as const) {
      expect(contestPhase({ status, opensAt, closesAt }, new Date('2027-03-10T00:00:00Z')).open).toBe(false)
    }
  })
})
