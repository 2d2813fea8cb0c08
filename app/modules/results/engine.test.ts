import { describe, expect, it } from 'vitest'
import {
  assignPlaces,
  computeNominationResults,
  computeStageResults,
  roundHalfUp,
  selectAdvancing,
  type Criterion,
  type EntryInput,
  type EntryResult,
  type Id,
  type StageInput,
} from './engine'

const A: Criterion = { id: 'a', weight: 1, maxPoints: 10 }
const B: Criterion = { id: 'b', weight: 2, maxPoints: 10 }

/** marks: juror id → points in the order of `criteria`. */
function entry(
  id: number,
  marks: Record<string, number[]>,
  { criteria = [A, B], submittedAt = id * 1000, districtId = null as Id | null } = {},
): EntryInput {
  return {
    id,
    submittedAt,
    districtId,
    marks: Object.entries(marks).map(([jurorId, points]) => ({
      jurorId,
      points: Object.fromEntries(points.map((p, i) => [criteria[i].id, p])),
    })),
  }
}

const byId = (results: EntryResult[]) => Object.fromEntries(results.map((r) => [r.entryId, r]))
const order = (results: EntryResult[]) => results.map((r) => [r.entryId, r.place])

/*
 * Weighted totals (a×1 + b×2):
 *   1: j1 8,7 → 22   j2 6,9 → 24   j3 10,5 → 20        mean 22      median 22  spread 4
 *   2: j1 5,5 → 15   j2 7,8 → 23                       mean 19      median 19  spread 8
 *   3: j1 9,9 → 27   j2 9,10 → 29  j3 3,4 → 11         mean 22.333  median 27  spread 18
 *   4: j1 10,10 → 30 (one score: too few with K = 2)
 *   5: nobody scored
 */
const panel = [
  entry(1, { j1: [8, 7], j2: [6, 9], j3: [10, 5] }),
  entry(2, { j1: [5, 5], j2: [7, 8] }),
  entry(3, { j1: [9, 9], j2: [9, 10], j3: [3, 4] }),
  entry(4, { j1: [10, 10] }),
  entry(5, {}),
]

describe('roundHalfUp', () => {
  it('rounds decimal halves up although their binary value lies just below', () => {
    expect(roundHalfUp(2.675, 2)).toBe(2.68)
    expect(roundHalfUp(1.005, 2)).toBe(1.01)
    expect(Math.round(1.005 * 100) / 100).toBe(1) // the naive way fails here
    expect(roundHalfUp(1.255, 2)).toBe(1.26)
    expect(roundHalfUp(0.285, 2)).toBe(0.29)
    expect(roundHalfUp(8.345, 2)).toBe(8.35)
    expect(roundHalfUp(4.45 * 1.5, 2)).toBe(6.68)
  })

  it('rounds below the half down and handles integers and negatives symmetrically', () => {
    expect(roundHalfUp(2.674999, 2)).toBe(2.67)
    expect(roundHalfUp(0.5, 0)).toBe(1)
    expect(roundHalfUp(2.5, 0)).toBe(3)
    expect(roundHalfUp(-2.675, 2)).toBe(-2.68)
    expect(roundHalfUp(-0.5, 0)).toBe(-1)
    expect(Object.is(roundHalfUp(-0.001, 2), 0)).toBe(true)
    expect(roundHalfUp(22 / 3, 2)).toBe(7.33)
    expect(roundHalfUp(2 / 3, 3)).toBe(0.667)
  })
})

describe('mean (sum of the members’ scores ÷ number of members who scored)', () => {
  const results = computeNominationResults(panel, [A, B])

  it('averages the weighted totals of the jurors who scored', () => {
    const r = byId(results)
    expect(r[1]).toMatchObject({ score: 22, rawMean: 22, scoreCount: 3, spread: 4, place: 2 })
    expect(r[2]).toMatchObject({ score: 19, rawMean: 19, scoreCount: 2, spread: 8, place: 3 })
    expect(r[3]).toMatchObject({ score: 22.33, rawMean: 22.33, scoreCount: 3, spread: 18, place: 1 })
    expect(r[3].jurorTotals).toEqual([
      { jurorId: 'j1', total: 27 },
      { jurorId: 'j2', total: 29 },
      { jurorId: 'j3', total: 11 },
    ])
    expect(r[1].criterionScores).toBeNull()
  })

  it('lists entries with too few scores after the ranked ones, without a place', () => {
    expect(order(results)).toEqual([
      [3, 1],
      [1, 2],
      [2, 3],
      [4, null],
      [5, null],
    ])
    const r = byId(results)
    expect(r[4]).toMatchObject({ score: 30, scoreCount: 1, tooFewScores: true, award: null, spread: 0 })
    expect(r[5]).toMatchObject({ score: null, rawMean: null, scoreCount: 0, spread: null, tooFewScores: true })
    expect(r[1].tooFewScores).toBe(false)
  })

  it('ranks a single score when K = 1, but never an entry nobody scored, even with K = 0', () => {
    expect(order(computeNominationResults(panel, [A, B], { minScores: 1 }))).toEqual([
      [4, 1],
      [3, 2],
      [1, 3],
      [2, 4],
      [5, null],
    ])
    expect(byId(computeNominationResults(panel, [A, B], { minScores: 0 }))[5].place).toBeNull()
  })

  it('raises K: with K = 3 only the entries scored by the whole panel are ranked', () => {
    expect(order(computeNominationResults(panel, [A, B], { minScores: 3 }))).toEqual([
      [3, 1],
      [1, 2],
      [4, null],
      [2, null],
      [5, null],
    ])
  })

  it('flags disagreement only above the threshold, and not at all without one', () => {
    const flagged = byId(computeNominationResults(panel, [A, B], { disagreementThreshold: 8 }))
    expect([1, 2, 3, 4].map((id) => flagged[id].disagreement)).toEqual([false, false, true, false])
    expect(computeNominationResults(panel, [A, B]).some((r) => r.disagreement)).toBe(false)
  })

  it('ignores a juror who has not marked every criterion', () => {
    const partial: EntryInput = {
      id: 9,
      submittedAt: 0,
      districtId: null,
      marks: [
        { jurorId: 'j1', points: { a: 4, b: 4 } },
        { jurorId: 'j2', points: { a: 10 } },
      ],
    }
    expect(computeNominationResults([partial], [A, B], { minScores: 1 })[0]).toMatchObject({
      score: 12,
      scoreCount: 1,
      jurorTotals: [{ jurorId: 'j1', total: 12 }],
    })
  })

  it('refuses marks outside 0..maxPoints', () => {
    expect(() => computeNominationResults([entry(1, { j1: [11, 0] })], [A, B])).toThrow(/outside 0\.\.10/)
    expect(() => computeNominationResults([entry(1, { j1: [-1, 0] })], [A, B])).toThrow(RangeError)
    expect(() => computeNominationResults([entry(1, { j1: [Number.NaN, 0] })], [A, B])).toThrow(RangeError)
  })
})

describe('median', () => {
  it('takes the middle total, or the mean of the two middle ones', () => {
    const results = computeNominationResults(panel, [A, B], { method: 'median' })
    const r = byId(results)
    expect([r[1].score, r[2].score, r[3].score]).toEqual([22, 19, 27])
    expect(r[3].rawMean).toBe(22.33)
    // 1, 2, 6, 10 → (2 + 6) / 2, where the mean would be 4.75
    const even = computeNominationResults([entry(1, { j1: [1, 0], j2: [2, 0], j3: [6, 0], j4: [10, 0] })], [A, B], {
      method: 'median',
    })
    expect(even[0]).toMatchObject({ score: 4, rawMean: 4.75 })
  })
})

describe('trimmed mean (ISU)', () => {
  it('keeps the plain mean below 3 marks and drops one highest and one lowest from 3 marks on', () => {
    const r = byId(computeNominationResults(panel, [A, B], { method: 'trimmed_mean' }))
    // 1: a 8,6,10 → 8; b 7,9,5 → 7 → 8 + 14
    expect(r[1]).toMatchObject({ score: 22, rawMean: 22 })
    // 2 (two marks): a (5+7)/2 = 6; b (5+8)/2 = 6.5 → 6 + 13
    expect(r[2].score).toBe(19)
    expect(r[2].criterionScores).toEqual([
      { criterionId: 'a', score: 6 },
      { criterionId: 'b', score: 6.5 },
    ])
    // 3: a 9,9,3 → 9; b 9,10,4 → 9 → 9 + 18: the low outlier j3 is gone
    expect(r[3].score).toBe(27)
  })

  it('drops exactly one mark at each end even when several jurors share the extreme', () => {
    // a: 2, 2, 5, 9, 9 → (2 + 5 + 9) / 3 = 5.333 → 5.33
    const result = computeNominationResults(
      [entry(1, { j1: [2, 0], j2: [2, 0], j3: [5, 0], j4: [9, 0], j5: [9, 0] })],
      [A, B],
      {
        method: 'trimmed_mean',
      },
    )
    expect(result[0].criterionScores![0].score).toBe(5.33)
  })

  it('rounds each panel score and each product when stepDecimals is set, and only at the end when null', () => {
    const isuLike: Criterion = { id: 'pc', weight: 0.8, maxPoints: 10 }
    // marks 6, 7, 7, 8, 9 → (7 + 7 + 8) / 3 = 7.3333
    const input = [entry(1, { j1: [6], j2: [7], j3: [7], j4: [8], j5: [9] }, { criteria: [isuLike] })]
    const stepped = computeNominationResults(input, [isuLike], { method: 'trimmed_mean', minScores: 1 })
    expect(stepped[0].criterionScores).toEqual([{ criterionId: 'pc', score: 7.33 }])
    expect(stepped[0].score).toBe(5.86) // 7.33 × 0.8 = 5.864
    const exact = computeNominationResults(input, [isuLike], {
      method: 'trimmed_mean',
      minScores: 1,
      stepDecimals: null,
    })
    expect(exact[0].score).toBe(5.87) // 7.3333 × 0.8 = 5.8667
  })
})

describe('z-score mean', () => {
  // One criterion out of 100. j1 is strict, j2 generous; each sees three of the four entries.
  const C: Criterion = { id: 'c', weight: 1, maxPoints: 100 }
  const opts = { criteria: [C] }
  const entries = [
    entry(1, { j1: [40] }, opts),
    entry(2, { j1: [20], j2: [90] }, opts),
    entry(3, { j1: [30], j2: [100] }, opts),
    entry(4, { j2: [80] }, opts),
  ]

  it('normalises each juror against their own totals, so a strict juror weighs like a generous one', () => {
    // j1: μ 30, σ = √(200/3) = 8.165 → 40: +1.2247, 20: −1.2247, 30: 0
    // j2: μ 90, σ = 8.165            → 90: 0, 100: +1.2247, 80: −1.2247
    const results = computeNominationResults(entries, [C], { method: 'zscore_mean', minScores: 1 })
    expect(results.map((r) => [r.entryId, r.score, r.rawMean, r.place])).toEqual([
      [1, 1.22, 40, 1],
      [3, 0.61, 65, 2],
      [2, -0.61, 55, 3],
      [4, -1.22, 80, 4],
    ])
    // The raw mean would have ranked them the other way round.
    expect(order(computeNominationResults(entries, [C], { minScores: 1 }))).toEqual([
      [4, 1],
      [3, 2],
      [2, 3],
      [1, 4],
    ])
  })

  it('gives z = 0 for a juror whose totals are all equal, even when float noise makes σ tiny', () => {
    const tenth: Criterion = { id: 'c', weight: 0.1, maxPoints: 10 }
    const flat = [1, 2, 3].map((id) => entry(id, { j1: [1] }, { criteria: [tenth] }))
    const results = computeNominationResults(flat, [tenth], { method: 'zscore_mean', minScores: 1 })
    expect(results.map((r) => r.score)).toEqual([0, 0, 0])
    expect(results.map((r) => r.place)).toEqual([1, 1, 1])
  })
})

describe('ties', () => {
  // 1 and 2 tie at 20 (1 submitted later), 3 has 18
  const tied = [
    entry(1, { j1: [10, 5], j2: [10, 5] }, { submittedAt: 5000 }),
    entry(2, { j1: [8, 6], j2: [6, 7] }, { submittedAt: 1000 }),
    entry(3, { j1: [8, 5], j2: [8, 5] }, { submittedAt: 500 }),
  ]

  it('shares the place and skips the next one (1, 1, 3)', () => {
    expect(order(computeNominationResults(tied, [A, B], { tieRule: 'shared' }))).toEqual([
      [2, 1],
      [1, 1],
      [3, 3],
    ])
  })

  it('puts the earlier submission first with distinct places', () => {
    expect(order(computeNominationResults(tied, [A, B], { tieRule: 'earlier_first' }))).toEqual([
      [2, 1],
      [1, 2],
      [3, 3],
    ])
  })

  it('compares rounded scores, so float noise does not break a tie', () => {
    const x: Criterion = { id: 'x', weight: 0.1, maxPoints: 10 }
    const y: Criterion = { id: 'y', weight: 0.3, maxPoints: 10 }
    // 3 × 0.1 = 0.30000000000000004 > 1 × 0.3 = 0.3 in binary, equal in decimal
    const noisy = [
      entry(1, { j1: [3, 0], j2: [3, 0] }, { criteria: [x, y], submittedAt: 2000 }),
      entry(2, { j1: [0, 1], j2: [0, 1] }, { criteria: [x, y], submittedAt: 1000 }),
    ]
    expect(order(computeNominationResults(noisy, [x, y], { tieRule: 'shared' }))).toEqual([
      [2, 1],
      [1, 1],
    ])
    expect(order(computeNominationResults(noisy, [x, y], { tieRule: 'earlier_first' }))).toEqual([
      [2, 1],
      [1, 2],
    ])
  })

  it('assignPlaces breaks an exact tie of score and time by id', () => {
    const items = [
      { id: 7, score: 5, submittedAt: 0 },
      { id: 3, score: 5, submittedAt: 0 },
    ]
    expect(assignPlaces(items, 'earlier_first').map((i) => [i.id, i.place])).toEqual([
      [3, 1],
      [7, 2],
    ])
  })
})

describe('awards', () => {
  /** Seven entries scored by two jurors with the given totals on criterion A (b = 0). */
  const scored = (scores: number[]) => scores.map((s, i) => entry(i + 1, { j1: [s, 0], j2: [s, 0] }))
  const awards = (results: EntryResult[]) => results.map((r) => [r.entryId, r.place, r.award])

  it('gives places 1..placesCount, then laureates, then nothing', () => {
    const results = computeNominationResults(scored([10, 9, 8, 7, 6, 5, 4]), [A, B], { laureatesCount: 2 })
    expect(awards(results)).toEqual([
      [1, 1, 'place'],
      [2, 2, 'place'],
      [3, 3, 'place'],
      [4, 4, 'laureate'],
      [5, 5, 'laureate'],
      [6, 6, null],
      [7, 7, null],
    ])
  })

  it('gives every entry tied at the last place the place, and counts laureates by place number', () => {
    const results = computeNominationResults(scored([9, 8, 7, 7, 6, 5]), [A, B], { laureatesCount: 2 })
    expect(awards(results)).toEqual([
      [1, 1, 'place'],
      [2, 2, 'place'],
      [3, 3, 'place'],
      [4, 3, 'place'],
      [5, 5, 'laureate'],
      [6, 6, null],
    ])
  })

  it('follows placesCount and gives no laureates by default', () => {
    const results = computeNominationResults(scored([9, 8, 7]), [A, B], { placesCount: 1 })
    expect(results.map((r) => r.award)).toEqual(['place', null, null])
  })

  it('gives nothing to an unranked entry, however high its provisional score', () => {
    const results = computeNominationResults([...scored([5, 4]), entry(3, { j1: [10, 10] })], [A, B])
    expect(awards(results)).toEqual([
      [1, 1, 'place'],
      [2, 2, 'place'],
      [3, null, null],
    ])
  })
})

describe('stages', () => {
  const nominationCriteria = [A, B]
  /** Entry with two identical jurors' marks giving the total `total` (= a, b = 0). */
  const e = (id: number, nominationId: Id, districtId: Id | null, total: number, jurors = 2) => ({
    ...entry(id, Object.fromEntries(Array.from({ length: jurors }, (_, j) => [`j${j}`, [total, 0]])), { districtId }),
    nominationId,
  })

  const districtStage: StageInput = {
    kind: 'district',
    nominations: [
      { id: 10, criteria: nominationCriteria },
      { id: 20, criteria: nominationCriteria },
    ],
    entries: [
      // nomination 10, district 1: 9, 7, 7 (tie at the cut-off of N = 2), 5
      e(1, 10, 1, 9),
      e(2, 10, 1, 7),
      e(3, 10, 1, 7),
      e(4, 10, 1, 5),
      // nomination 10, district 2: 10 with one score only, then 6, 4, 3
      e(5, 10, 2, 10, 1),
      e(6, 10, 2, 6),
      e(7, 10, 2, 4),
      e(8, 10, 2, 3),
      // nomination 20, district 1: 8 alone
      e(9, 20, 1, 8),
    ],
  }

  it('groups a district stage by nomination and district, in the nominations’ order', () => {
    const groups = computeStageResults(districtStage)
    expect(groups.map((g) => [g.nominationId, g.districtId, g.entries.map((r) => [r.entryId, r.place])])).toEqual([
      [
        10,
        1,
        [
          [1, 1],
          [2, 2],
          [3, 2],
          [4, 4],
        ],
      ],
      [
        10,
        2,
        [
          [6, 1],
          [7, 2],
          [8, 3],
          [5, null],
        ],
      ],
      [20, 1, [[9, 1]]],
    ])
  })

  it('advances the top N per district and nomination, all tied at the cut-off, never an unranked entry', () => {
    expect(selectAdvancing(computeStageResults(districtStage), 2)).toEqual([1, 2, 3, 6, 7, 9])
    expect(selectAdvancing(computeStageResults(districtStage, { tieRule: 'earlier_first' }), 2)).toEqual([
      1, 2, 6, 7, 9,
    ])
    expect(selectAdvancing(computeStageResults(districtStage), 1)).toEqual([1, 6, 9])
  })

  it('ranks a city stage by nomination only, whatever the districts', () => {
    const groups = computeStageResults({ ...districtStage, kind: 'city' })
    expect(groups.map((g) => [g.nominationId, g.districtId, g.entries.map((r) => r.entryId)])).toEqual([
      [10, null, [1, 2, 3, 6, 4, 7, 8, 5]],
      [20, null, [9]],
    ])
  })

  it('applies the settings to every group', () => {
    const groups = computeStageResults(districtStage, { minScores: 1, placesCount: 1 })
    expect(groups[1].entries.map((r) => [r.entryId, r.place, r.award])).toEqual([
      [5, 1, 'place'],
      [6, 2, null],
      [7, 3, null],
      [8, 4, null],
    ])
  })

  it('refuses an entry of a nomination that is not in the stage', () => {
    expect(() => computeStageResults({ ...districtStage, entries: [e(1, 99, 1, 5)] })).toThrow(/nomination 99/)
  })
})
