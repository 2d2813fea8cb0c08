/**
 * The trimmed mean against real judging: the ISU Grand Prix Final 2017 protocol (16 segments, 96
 * performances, nine judges). The engine must reproduce every published program-component panel score,
 * every total and every rank.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  assignPlaces,
  computeNominationResults,
  roundHalfUp,
  type Criterion,
  type EntryInput,
} from '~/modules/results/engine'
import { fixturePath, fixturesAvailable } from '../setup/fixtures'

const PROTOCOL = 'scores/isu_gpf2017_protocol.json'
const JUDGES = ['J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7', 'J8', 'J9'] as const

type Judge = (typeof JUDGES)[number]
type Component = Record<Judge, number> & { component_desc: string; factor: number; scores_of_panel: number }
interface Performance {
  components: Component[]
  metadata: {
    name: string
    program: string
    rank: string
    total_component_score: string
    total_deductions: string
    total_element_score: string
    total_segment_score: string
  }
}

/** The file has bare NaN tokens (strict JSON has none); a NaN inside a string must stay as it is. */
function parseWithNaN(text: string): unknown {
  return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|\bNaN\b/g, (token) => (token === 'NaN' ? 'null' : token)))
}

const available = fixturesAvailable(PROTOCOL)

describe('parseWithNaN', () => {
  it('replaces bare NaN tokens only', () => {
    expect(parseWithNaN('{"a": NaN, "b": [1, NaN], "c": "NaN \\" NaN", "NaN": 2}')).toEqual({
      a: null,
      b: [1, null],
      c: 'NaN " NaN',
      NaN: 2,
    })
  })
})

describe.skipIf(!available)('ISU Grand Prix Final 2017 through the trimmed mean', () => {
  const performances = available
    ? (parseWithNaN(fs.readFileSync(fixturePath(PROTOCOL), 'utf8')) as { performances: Performance[] }).performances
    : []

  const segments = new Map<string, Performance[]>()
  for (const p of performances) segments.set(p.metadata.program, [...(segments.get(p.metadata.program) ?? []), p])

  const isuSettings = { method: 'trimmed_mean', decimals: 2, stepDecimals: 2, minScores: 1 } as const

  it('reproduces every component panel score, component total, segment total and rank', () => {
    let performancesChecked = 0
    let componentsChecked = 0

    for (const [program, list] of segments) {
      // A segment is one nomination: the components are its criteria, their factors the weights.
      const criteria: Criterion[] = list[0].components.map((c) => ({
        id: c.component_desc,
        weight: c.factor,
        maxPoints: 10,
      }))
      const entries: EntryInput[] = list.map((p, i) => {
        expect(p.components.map((c) => [c.component_desc, c.factor])).toEqual(criteria.map((c) => [c.id, c.weight]))
        return {
          id: i,
          submittedAt: 0,
          districtId: null,
          marks: JUDGES.map((judge) => ({
            jurorId: judge,
            points: Object.fromEntries(p.components.map((c) => [c.component_desc, c[judge]])),
          })),
        }
      })
      const results = computeNominationResults(entries, criteria, isuSettings)

      const totals = results.map((r) => {
        const p = list[r.entryId as number]
        expect(r.scoreCount, p.metadata.name).toBe(9)
        expect(
          r.criterionScores!.map((c) => c.score),
          `${program}, ${p.metadata.name}`,
        ).toEqual(p.components.map((c) => c.scores_of_panel))
        componentsChecked += p.components.length
        expect(r.score, `${program}, ${p.metadata.name}: components`).toBe(Number(p.metadata.total_component_score))

        const total = roundHalfUp(
          r.score! + Number(p.metadata.total_element_score) - Number(p.metadata.total_deductions),
          2,
        )
        expect(total, `${program}, ${p.metadata.name}: total`).toBe(Number(p.metadata.total_segment_score))
        return { id: r.entryId, score: total, submittedAt: 0 }
      })

      for (const { id, place } of assignPlaces(totals, 'shared')) {
        const p = list[id as number]
        expect(place, `${program}, ${p.metadata.name}: rank`).toBe(Number(p.metadata.rank))
        performancesChecked++
      }
    }

    expect(segments.size).toBe(16)
    expect(componentsChecked).toBe(480)
    expect(performancesChecked).toBe(96)
  })
})
