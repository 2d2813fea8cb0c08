/**
 * Times the organiser's progress dashboard on a large contest: 3,000 accepted entries in 5 nominations,
 * 20 jurors (4 per nomination), each entry scored by 3 of its jurors on 4 criteria (36,000 marks).
 * Deterministic, in an in-memory database with the real migrations (the process-wide one, which the
 * jurors' queues read). Target: under 500 ms per page.
 *
 *   npx tsx bench/organiser-progress.ts
 */
import { eq } from 'drizzle-orm'
import { entriesByStatus, stageProgress } from '../app/modules/jury/progress.server'
import { assignJuror, makeContest, makeEntry, makeUser, inOrder } from '../tests/factories'
import { getDb, transaction, firstRow, schema } from '../db/client.server'

const ENTRIES = 3_000
const NOMINATIONS = 5
const JURORS_PER_NOMINATION = 4
const SCORES_PER_ENTRY = 3
const RUNS = 9
const TARGET_MS = 500

process.env.DATABASE_PATH = ':memory:'
const db = getDb()
const { contest, nominations, criteria, stages } = await makeContest(db, {
  nominations: Array.from({ length: NOMINATIONS }, (_, i) => `Номинация ${i + 1}`),
  criteria: Array.from({ length: 4 }, (_, i) => ({ name: `Критерий ${i + 1}`, maxPoints: 10 })),
})
const stage = stages[0]
const owner = await makeUser(db)
const jurors = await inOrder(nominations, (n) =>
  inOrder(Array.from({ length: JURORS_PER_NOMINATION }), async () => {
    const juror = await makeUser(db, { roles: ['juror'] })
    await assignJuror(db, { stageId: stage.id, jurorId: juror.id, nominationId: n.id })
    return juror
  }),
)
await transaction(db, async (tx) => {
  for (let e = 0; e < ENTRIES; e++) {
    const n = e % NOMINATIONS
    const entry = await makeEntry(tx, { contestId: contest.id, ownerId: owner.id, nominationId: nominations[n].id, seq: e + 1 })
    for (let j = 0; j < SCORES_PER_ENTRY; j++) {
      const juror = jurors[n][(e + j) % JURORS_PER_NOMINATION]
      const [evaluation] = await tx.insert(schema.evaluation).values({ stageId: stage.id, entryId: entry.id, jurorId: juror.id }).returning()
      // Jurors mostly agree within a point per criterion; every hundredth entry splits them.
      const points = (c: number) => Math.min(10, (e % 7) + 2 + ((j + c) % 2) + (e % 100 === 0 ? j * 3 : 0))
      for (const c of criteria) await tx.insert(schema.score).values({ evaluationId: evaluation.id, criterionId: c.id, points: points(c.id) })
    }
  }
})
const row = (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, contest.id))))!

const times: number[] = []
let result: Awaited<ReturnType<typeof stageProgress>> = null
for (let run = 0; run < RUNS; run++) {
  const start = performance.now()
  await entriesByStatus(contest.id, db)
  result = await stageProgress(row, stage.id, db)
  times.push(performance.now() - start)
}
times.sort((a, b) => a - b)
const median = times[Math.floor(RUNS / 2)]
console.log(`Progress dashboard, ${ENTRIES} entries, ${NOMINATIONS * JURORS_PER_NOMINATION} jurors, ${ENTRIES * SCORES_PER_ENTRY * criteria.length} marks`)
console.log(`  median ${median.toFixed(0)} ms, best ${times[0].toFixed(0)} ms, worst ${times[RUNS - 1].toFixed(0)} ms; under ${TARGET_MS} ms: ${median < TARGET_MS ? 'yes' : 'NO'}`)
console.log(`  ${result!.jurors.length} jurors, ${result!.tooFew.length} entries with too few scores, ${result!.disagreements.length} with strong disagreement`)
