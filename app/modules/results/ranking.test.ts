import { describe, expect, it } from 'vitest'
import {
  diplomaAwardLabel,
  diplomaKindOf,
  diplomaNumber,
  diplomaTitle,
  diplomaKey,
  diplomaNumberParts,
  latinDiplomaNumber,
  orderByOutcome,
  outcomeLabel,
  outcomeOf,
  peoplesChoiceWinners,
  rankByVotes,
} from './ranking'

describe('the people’s choice ranking', () => {
  const entries = [
    { id: 1, votes: 5, submittedAt: 300 },
    { id: 2, votes: 7, submittedAt: 200 },
    { id: 3, votes: 7, submittedAt: 100 },
    { id: 4, votes: 0, submittedAt: 50 },
  ]
  it('ranks by votes, equal counts by the contest’s tie rule, entries without votes left out', () => {
    expect(rankByVotes(entries, 'shared').map((e) => [e.id, e.place])).toEqual([[3, 1], [2, 1], [1, 3]])
    expect(rankByVotes(entries, 'earlier_first').map((e) => [e.id, e.place])).toEqual([[3, 1], [2, 2], [1, 3]])
  })
  it('has every first place as a winner, and its diploma names the prize', () => {
    const ranked = rankByVotes(entries, 'shared').map((e) => ({ ...e, entryId: e.id, number: '', title: '', authors: [], photos: [] }))
    expect(peoplesChoiceWinners({ entries: ranked }).map((e) => e.entryId)).toEqual([3, 2])
    expect(diplomaTitle('peoples_choice', null, 'Приз зрительских симпатий')).toBe('Диплом обладателя приза «Приз зрительских симпатий»')
    expect(diplomaAwardLabel('peoples_choice', null, 'Приз горожан')).toBe('приз «Приз горожан»')
  })
})

describe('outcomeOf', () => {
  const computed = { place: 4, award: 'laureate' as const }
  it('keeps the computed result without a decision', () => {
    expect(outcomeOf(computed, null)).toEqual({ place: 4, award: 'laureate', overridden: false })
  })
  it('sets a place by hand', () => {
    expect(outcomeOf(computed, { award: 'place', place: 2, reason: 'x' })).toEqual({ place: 2, award: 'place', overridden: true })
  })
  it('keeps the computed position for a special prize or a laureate', () => {
    expect(outcomeOf({ place: null, award: null }, { award: 'special_prize', place: null, reason: 'x' })).toEqual({ place: null, award: 'special_prize', overridden: true })
    expect(outcomeOf({ place: 1, award: 'place' }, { award: 'laureate', place: null, reason: 'x' })).toEqual({ place: 1, award: 'laureate', overridden: true })
  })
  it('takes the entry out of the awards when the decision has none', () => {
    expect(outcomeOf({ place: 1, award: 'place' }, { award: null, place: null, reason: 'x' })).toEqual({ place: null, award: null, overridden: true })
  })
})

describe('orderByOutcome', () => {
  it('orders by final place, unplaced last, keeping the computed order within a place', () => {
    const rows = [
      { id: 'a', outcome: { place: 1, award: null, overridden: false } },
      { id: 'b', outcome: { place: null, award: null, overridden: true } },
      { id: 'c', outcome: { place: 3, award: null, overridden: false } },
      { id: 'd', outcome: { place: 1, award: null, overridden: true } },
      { id: 'e', outcome: { place: null, award: null, overridden: false } },
    ]
    expect(orderByOutcome(rows).map((r) => r.id)).toEqual(['a', 'd', 'c', 'b', 'e'])
  })
})

describe('labels and numbers', () => {
  it('names awards and diplomas in Russian', () => {
    expect(outcomeLabel({ place: 2, award: 'place' })).toBe('II место')
    expect(outcomeLabel({ place: 5, award: 'laureate' })).toBe('Лауреат')
    expect(outcomeLabel({ place: 9, award: null })).toBeNull()
    expect(diplomaTitle('winner', 3)).toBe('Диплом III степени')
    // A nomination with many winners (the birdhouses named 48 in one): three degrees, then a winner's diploma.
    expect(diplomaTitle('winner', 4)).toBe('Диплом победителя')
    expect(diplomaTitle('winner', 48)).toBe('Диплом победителя')
    expect(diplomaTitle('participant', null)).toBe('Диплом участника')
    expect(diplomaAwardLabel('winner', 12)).toBe('XII место')
    expect(outcomeLabel({ place: 48, award: 'place' })).toBe('XLVIII место')
    expect(diplomaAwardLabel('special_prize', null)).toBe('специальный приз жюри')
    expect(diplomaAwardLabel('participant', null)).toBe('участник')
  })

  it('maps awards to diploma kinds', () => {
    expect(diplomaKindOf('place', 1)).toEqual({ kind: 'winner', place: 1 })
    expect(diplomaKindOf('laureate', 4)).toEqual({ kind: 'laureate', place: null })
    expect(diplomaKindOf('special_prize', null)).toEqual({ kind: 'special_prize', place: null })
    expect(diplomaKindOf(null, null)).toEqual({ kind: 'participant', place: null })
  })

  it('makes diploma numbers that carry a random check part without look-alike letters', () => {
    expect(diplomaNumber('КДД', 2027, 123, () => new Uint8Array([0, 9, 10, 31, 255]))).toBe('КДД-2027-000123-09AZZ')
    const seen = new Set(Array.from({ length: 200 }, (_, i) => diplomaNumber('КДД', 2027, i, (n) => crypto.getRandomValues(new Uint8Array(n)))))
    expect(seen.size).toBe(200)
    for (const n of seen) expect(n).toMatch(/^КДД-2027-\d{6}-[0-9A-HJKMNP-TV-Z]{5}$/)
  })

  it('reads a diploma number however it was typed from paper', () => {
    const key = diplomaKey('ТТР-2027-000123-09AZK')
    for (const typed of ['  ттр-2027-000123-09azk ', 'TTP-2027-000123-09AZK', 'ttp 2027 000123 09azк', 'ТТР2027000123O9AZК', 'ТТР – 2027 – 000123 – 09AZK']) {
      expect(diplomaKey(typed)).toBe(key)
    }
    expect(diplomaKey('КДД-2027-000123-09AZZ')).not.toBe(diplomaKey('КТД-2027-000123-09AZZ'))
    expect(latinDiplomaNumber('КДД-2027-000123-09AZZ')).toBe('KDD-2027-000123-09AZZ')
    expect(diplomaNumberParts('ттр 2027-000123-09azk')).toEqual({ year: '2027', seq: '000123' })
    expect(diplomaNumberParts('ТТР-0001')).toBeNull()
  })
})
