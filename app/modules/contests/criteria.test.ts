import { describe, expect, it } from 'vitest'
import { criteriaForNomination, judgedByContestCriteria } from './criteria'

describe('criteriaForNomination', () => {
  const criteria = [
    { id: 1, nominationId: null, position: 1, name: 'Идея' },
    { id: 2, nominationId: null, position: 0, name: 'Качество' },
    { id: 3, nominationId: 10, position: 1, name: 'Экологичность' },
    { id: 4, nominationId: 10, position: 0, name: 'Материалы' },
  ]

  it('judges a nomination with criteria of its own by them alone, in their order', () => {
    expect(criteriaForNomination(criteria, 10).map((c) => c.name)).toEqual(['Материалы', 'Экологичность'])
  })

  it('judges every other nomination, and an entry without one, by the contest’s criteria in their order', () => {
    expect(criteriaForNomination(criteria, 11).map((c) => c.name)).toEqual(['Качество', 'Идея'])
    expect(criteriaForNomination(criteria, null).map((c) => c.name)).toEqual(['Качество', 'Идея'])
  })

  it('says which nominations the contest’s criteria judge, as criteriaForNomination picks them', () => {
    for (const nominationId of [10, 11, null]) {
      const general = criteriaForNomination(criteria, nominationId).every((c) => c.nominationId === null)
      expect(judgedByContestCriteria(criteria, nominationId)).toBe(general)
    }
    expect(judgedByContestCriteria(criteria, 10)).toBe(false)
  })

  it('orders equal positions by id, so every caller lists them alike', () => {
    const tied = [
      { id: 9, nominationId: null, position: 0 },
      { id: 5, nominationId: null, position: 0 },
    ]
    expect(criteriaForNomination(tied, 1).map((c) => c.id)).toEqual([5, 9])
  })
})
