/**
 * Times the results engine on a large nomination: 5,000 entries, each scored by all 30 jurors on
 * 6 criteria (900,000 marks). Deterministic (seeded), so runs compare. Target: under 1 s per method.
 *
 *   npx tsx bench/results-engine.ts
 */
import { computeStageResults, type Criterion, type ResultMethod, type StageInput } from '../app/modules/results/engine'
import { prng } from '../db/prng'

const ENTRIES = 5_000
const JURORS = 30
const CRITERIA = 6
const RUNS = 5
const TARGET_MS = 1_000


function makeStage(): StageInput {
  const random = prng(20_20)
  const criteria: Criterion[] = Array.from({ length: CRITERIA }, (_, c) => ({
    id: c + 1,
    weight: [1, 1, 1.5, 2, 0.5, 1][c],
    maxPoints: 10,
  }))
  // Jurors differ in strictness, so the z-score method has something to correct.
  const bias = Array.from({ length: JURORS }, () => random() * 3 - 1.5)
  const entries = Array.from({ length: ENTRIES }, (_, e) => {
    const quality = random() * 8 + 1
    return {
      id: e + 1,
      nominationId: 1,
      submittedAt: Date.UTC(2020, 2, 1) + e * 60_000,
      districtId: (e % 6) + 1,
      marks: bias.map((b, j) => ({
        jurorId: `juror-${j + 1}`,
        points: Object.fromEntries(
          criteria.map((c) => [c.id, Math.min(10, Math.max(0, Math.round(quality + b + random() * 2 - 1)))]),
        ),
      })),
    }
  })
  return { kind: 'city', nominations: [{ id: 1, criteria }], entries }
}

const stage = makeStage()
const methods: ResultMethod[] = ['mean', 'trimmed_mean', 'median', 'zscore_mean']

console.log(
  `Results engine: ${ENTRIES.toLocaleString('en')} entries × ${JURORS} jurors × ${CRITERIA} criteria ` +
    `= ${(ENTRIES * JURORS * CRITERIA).toLocaleString(
      'en',
    )} marks, one nomination; median of ${RUNS} runs after a warm-up\n`,
)
const header = ['method', 'median ms', 'min ms', 'max ms', `< ${TARGET_MS} ms`]
const rows = methods.map((method) => {
  computeStageResults(stage, { method })
  const times = Array.from({ length: RUNS }, () => {
    const start = performance.now()
    computeStageResults(stage, { method })
    return performance.now() - start
  }).sort((a, b) => a - b)
  const median = times[RUNS >> 1]
  return [method, median, times[0], times[RUNS - 1]]
    .map((v) => (typeof v === 'number' ? v.toFixed(0) : v))
    .concat(median < TARGET_MS ? 'yes' : 'NO')
})
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) {
  console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '))
}
