/**
 * Contests ready for results: entries with authors, jurors assigned and scores given, written straight
 * into a database (a test server's file: the server reads it live through WAL).
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { schema, type DB } from '../db/client.server'
import { assignJuror, makeContest, makeEntry, makeUser, score, inOrder } from './factories'

export type EntrySpec = {
  nomination: number
  /** One total per juror (in juror order), spread evenly over the criteria; null: that juror did not score. */
  totals: (number | null)[]
  title?: string
  authors?: { fullName: string; age?: number; userId?: string }[]
  ownerId?: string
  districtId?: number | null
  /** The committee or organisation the entry is submitted from. */
  organisationId?: number | null
  submittedAt?: Date
}

/**
 * A contest in review with one city stage, its judging closed: `jurors` jurors assigned to every nomination, and each entry
 * scored as its spec says. Criteria weigh 1, so a juror's total is the sum of their marks.
 */
export async function scoredContest(
  db: DB,
  spec: {
    entries: EntrySpec[]
    jurors?: number
    nominations?: string[]
    specialPrizes?: string[]
    settings?: Partial<typeof schema.contest.$inferInsert>
    ownerId?: string
  },
) {
  const criteria = [
    { name: 'Идея', maxPoints: 50 },
    { name: 'Исполнение', maxPoints: 50 },
  ]
  const made = await makeContest(db, { status: 'review', nominations: spec.nominations ?? ['Первая номинация', 'Вторая номинация'], specialPrizes: spec.specialPrizes, criteria, ...spec.settings })
  const stage = made.stages[made.stages.length - 1]
  // In review the jury has finished: its judging is closed, as the stepper requires before review.
  if (made.contest.status === 'review') await db.update(schema.stage).set({ status: 'closed' }).where(eq(schema.stage.id, stage.id))
  const jurors = await inOrder(
    Array.from({ length: spec.jurors ?? 3 }, (_, i) => i),
    async (i) => await makeUser(db, { fullName: `Судьин${'а'.repeat(i % 2)} Жюри ${['Первый', 'Второй', 'Третий', 'Четвёртый', 'Пятый'][i] ?? i}`, roles: ['resident', 'juror'] }),
  )
  for (const j of jurors) for (const n of made.nominations) await assignJuror(db, { stageId: stage.id, jurorId: j.id, nominationId: n.id })
  const owner = spec.ownerId ?? (await makeUser(db)).id
  const entries = await inOrder(spec.entries, async (e, i) => {
    const row = await makeEntry(db, {
      contestId: made.contest.id,
      ownerId: e.ownerId ?? owner,
      nominationId: made.nominations[e.nomination].id,
      title: e.title ?? `Работа ${i + 1}`,
      authors: e.authors,
      districtId: e.districtId ?? null,
      organisationId: e.organisationId ?? null,
      seq: i + 1,
      submittedAt: e.submittedAt ?? new Date(Date.UTC(2027, 2, 1) + i * 60_000),
    })
    for (const [j, total] of e.totals.entries()) {
      if (total === null) continue
      const first = Math.ceil(total / 2)
      await score(db, { stageId: stage.id, entryId: row.id, jurorId: jurors[j].id, points: { [made.criteria[0].id]: first, [made.criteria[1].id]: total - first } })
    }
    return row
  })
  return { ...made, stage, jurors, entries }
}

/** Changes one juror's marks of one entry after the fact, as a late correction would. */
export async function rescore(db: DB, input: { stageId: number; entryId: number; jurorId: string; points: number }) {
  const ev = (await db.select().from(schema.evaluation)).find((e) => e.stageId === input.stageId && e.entryId === input.entryId && e.jurorId === input.jurorId)!
  await db.update(schema.score).set({ points: input.points }).where(eq(schema.score.evaluationId, ev.id))
}

/** A photo of an entry, with its gallery and thumbnail variants written where the server's storage looks. */
export async function makePhoto(db: DB, input: { entryId: number; ownerId: string; uploadsDir: string }) {
  const id = randomUUID()
  const variants = []
  for (const [size, width] of [
    ['thumb', 400],
    ['gallery', 800],
  ] as const) {
    const key = `photos/${id.slice(0, 2)}/${id}-${size}.webp`
    const data = await sharp({ create: { width, height: width / 2, channels: 3, background: { r: 30, g: 120, b: 200 } } })
      .webp()
      .toBuffer()
    fs.mkdirSync(path.dirname(path.join(input.uploadsDir, key)), { recursive: true })
    fs.writeFileSync(path.join(input.uploadsDir, key), data)
    variants.push({ size, width, height: width / 2, key, bytes: data.length })
  }
  await db.insert(schema.photo).values({ id, entryId: input.entryId, ownerId: input.ownerId, sha256: id, width: 800, height: 400, variants })
  return id
}
