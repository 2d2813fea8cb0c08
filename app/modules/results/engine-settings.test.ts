/**
 * The results settings as the engine honours them: the tie rule, each nomination's own number of
 * winners (the report's birdhouses: 95 winners of 412 without a decision by hand), and age categories
 * ranked apart within a nomination.
 */
import { describe, expect, it } from 'vitest'
import { computeStageResults, type Criterion, type EntryInput, type Id, type StageInput } from './engine'
import { ageCategoryIndex, entryAgeCategoryIndex } from '../contests/age-categories'

const criteria: Criterion[] = [
  { id: 'idea', weight: 1, maxPoints: 50 },
  { id: 'craft', weight: 1, maxPoints: 50 },
]

/** An entry scored by three jurors with the given totals (split over the two criteria). */
function scored(id: number, totals: number[], submittedAt = id * 60_000): EntryInput {
  return {
    id,
    submittedAt,
    districtId: null,
    marks: totals.map((t, j) => ({ jurorId: `j${j}`, points: { idea: Math.ceil(t / 2), craft: t - Math.ceil(t / 2) } })),
  }
}

const placed = (entries: { award: string | null }[]) => entries.filter((e) => e.award === 'place').length

describe('each nomination’s own number of winners', () => {
  // The 2020 birdhouse contest: 412 birdhouses, 206 in «Весна в шахтерском крае», 205 in «Экодомик»,
  // one for the jury's special prize; the city stage named 95 winners.
  const spring = Array.from({ length: 206 }, (_, i) => ({ ...scored(i + 1, [90 - (i % 90), 80 - (i % 80), 70 - (i % 70)]), nominationId: 'spring' as Id }))
  const eco = Array.from({ length: 205 }, (_, i) => ({ ...scored(1000 + i, [95 - (i % 95), 60 - (i % 60), 85 - (i % 85)]), nominationId: 'eco' as Id }))
  const special = { ...scored(2000, []), nominationId: 'special' as Id }
  const birdhouses = (counts: { spring?: number; eco?: number }): StageInput => ({
    kind: 'city',
    nominations: [
      { id: 'spring', criteria, placesCount: counts.spring },
      { id: 'eco', criteria, placesCount: counts.eco },
      { id: 'special', criteria: [] },
    ],
    entries: [...spring, ...eco, special],
  })

  it('names 48 and 46 winners in the two scored nominations: with the special prize, 95 of 412', () => {
    const groups = computeStageResults(birdhouses({ spring: 48, eco: 46 }), { tieRule: 'earlier_first', placesCount: 3 })
    expect(groups.map((g) => [g.nominationId, g.entries.length, placed(g.entries)])).toEqual([
      ['spring', 206, 48],
      ['eco', 205, 46],
      ['special', 1, 0],
    ])
    // The winners are the best: places 1…48, and nobody below the 48th has a place award.
    const springRanking = groups[0].entries
    expect(springRanking.slice(0, 48).every((e) => e.award === 'place')).toBe(true)
    expect(springRanking.slice(48).every((e) => e.award !== 'place')).toBe(true)
    expect(springRanking.slice(0, 48).map((e) => e.place)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1))
    // One jury decision (the special prize) on top of these makes the report's 95.
    expect(groups.reduce((n, g) => n + placed(g.entries), 0) + 1).toBe(95)
  })

  it('leaves a nomination without a count of its own at the contest’s places', () => {
    const groups = computeStageResults(birdhouses({ eco: 10 }), { tieRule: 'earlier_first', placesCount: 3 })
    expect(groups.map((g) => placed(g.entries))).toEqual([3, 10, 0])
  })

  it('puts laureates right after each nomination’s own winners', () => {
    const groups = computeStageResults(birdhouses({ spring: 5 }), { tieRule: 'earlier_first', placesCount: 3, laureatesCount: 2 })
    expect(groups[0].entries.slice(0, 8).map((e) => e.award)).toEqual(['place', 'place', 'place', 'place', 'place', 'laureate', 'laureate', null])
    expect(groups[1].entries.slice(0, 6).map((e) => e.award)).toEqual(['place', 'place', 'place', 'laureate', 'laureate', null])
  })
})

describe('the tie rule at the winners’ cut-off', () => {
  // Totals 150, 140, 130, 130, 120: the third and fourth tie; the fourth was submitted first.
  const stage: StageInput = {
    kind: 'city',
    nominations: [{ id: 1, criteria, placesCount: 3 }],
    entries: [
      { ...scored(1, [50, 50, 50], 5_000), nominationId: 1 },
      { ...scored(2, [50, 50, 40], 6_000), nominationId: 1 },
      { ...scored(3, [40, 50, 40], 9_000), nominationId: 1 },
      { ...scored(4, [40, 40, 50], 1_000), nominationId: 1 },
      { ...scored(5, [40, 40, 40], 2_000), nominationId: 1 },
    ],
  }
  const ranking = (tieRule: 'shared' | 'earlier_first') =>
    computeStageResults(stage, { tieRule })[0].entries.map((e) => [e.entryId, e.place, e.award])

  it('«shared»: tied entries share the third place, both win, the next place is V', () => {
    expect(ranking('shared')).toEqual([
      [1, 1, 'place'],
      [2, 2, 'place'],
      [4, 3, 'place'],
      [3, 3, 'place'],
      [5, 5, null],
    ])
  })

  it('«earlier submission first»: the earlier of the tied entries takes III, the later IV and no award', () => {
    expect(ranking('earlier_first')).toEqual([
      [1, 1, 'place'],
      [2, 2, 'place'],
      [4, 3, 'place'],
      [3, 4, null],
      [5, 5, null],
    ])
  })
})

describe('age categories', () => {
  const AGES = [
    { name: 'Дети до 14 лет', minAge: 0, maxAge: 13 },
    { name: 'Молодёжь 14–17 лет', minAge: 14, maxAge: 17 },
    { name: 'Взрослые', minAge: 18, maxAge: null },
  ]

  it('an author is in the first category that holds their age; none without an age or outside them all', () => {
    expect(ageCategoryIndex(AGES, 7)).toBe(0)
    expect(ageCategoryIndex(AGES, 13)).toBe(0)
    expect(ageCategoryIndex(AGES, 14)).toBe(1)
    expect(ageCategoryIndex(AGES, 70)).toBe(2)
    expect(ageCategoryIndex(AGES, null)).toBeNull()
    expect(ageCategoryIndex([{ name: 'Школьники', minAge: 7, maxAge: 17 }], 5)).toBeNull()
  })

  it('an entry competes in its eldest author’s category, authors without an age left out', () => {
    expect(entryAgeCategoryIndex(AGES, [10, 12])).toBe(0)
    expect(entryAgeCategoryIndex(AGES, [10, 38])).toBe(2)
    expect(entryAgeCategoryIndex(AGES, [15, null])).toBe(1)
    expect(entryAgeCategoryIndex(AGES, [null])).toBeNull()
    expect(entryAgeCategoryIndex(AGES, [])).toBeNull()
  })

  // Two nominations; children, adults and youth mixed in the input, with an uncategorised entry.
  const stage: StageInput = {
    kind: 'city',
    categories: [0, 1, 2, 'none'],
    nominations: [
      { id: 'spring', criteria },
      { id: 'eco', criteria, placesCount: 1 },
    ],
    entries: [
      { ...scored(1, [90, 90, 90]), nominationId: 'spring', category: 2 },
      { ...scored(2, [40, 40, 40]), nominationId: 'spring', category: 0 },
      { ...scored(3, [80, 80, 80]), nominationId: 'spring', category: 2 },
      { ...scored(4, [30, 30, 30]), nominationId: 'spring', category: 0 },
      { ...scored(5, [70, 70, 70]), nominationId: 'spring', category: 2 },
      { ...scored(6, [60, 60, 60]), nominationId: 'spring', category: 2 },
      { ...scored(7, [50, 50, 50]), nominationId: 'spring', category: 'none' },
      { ...scored(8, [20, 20, 20]), nominationId: 'spring', category: 1 },
      { ...scored(9, [66, 66, 66]), nominationId: 'eco', category: 0 },
      { ...scored(10, [77, 77, 77]), nominationId: 'eco', category: 0 },
      { ...scored(11, [11, 11, 11]), nominationId: 'eco', category: 2 },
    ],
  }

  it('ranks each category apart within a nomination, each with its own places, in the categories’ order', () => {
    const groups = computeStageResults(stage, { placesCount: 3 })
    expect(groups.map((g) => [g.nominationId, g.category, g.entries.map((e) => [e.entryId, e.place, e.award])])).toEqual([
      ['spring', 0, [[2, 1, 'place'], [4, 2, 'place']]],
      ['spring', 1, [[8, 1, 'place']]],
      ['spring', 2, [[1, 1, 'place'], [3, 2, 'place'], [5, 3, 'place'], [6, 4, null]]],
      ['spring', 'none', [[7, 1, 'place']]],
      // The nomination's own count holds in each of its categories.
      ['eco', 0, [[10, 1, 'place'], [9, 2, null]]],
      ['eco', 2, [[11, 1, 'place']]],
    ])
  })

  it('without categories, the same entries form one ranking per nomination', () => {
    const plain = { ...stage, entries: stage.entries.map(({ category: _category, ...e }) => e) }
    const groups = computeStageResults(plain, { placesCount: 3 })
    expect(groups.map((g) => [g.nominationId, g.category, g.entries.slice(0, 4).map((e) => e.entryId)])).toEqual([
      ['spring', null, [1, 3, 5, 6]],
      ['eco', null, [10, 9, 11]],
    ])
  })
})
