/**
 * Test data straight into the real database (the same migrations as the app), for tests that need
 * contests, entries, jurors and scores without clicking through the UI. Each returns what it made.
 */
import { randomUUID } from 'node:crypto'
import { openDatabase, type DB, schema } from '../db/client.server'
import type { Role } from '../db/schema'

export function testDb(file = ':memory:') {
  return openDatabase(file)
}

let counter = 0
const next = () => ++counter

export async function makeUser(db: DB, input: Partial<typeof schema.user.$inferInsert> & { roles?: Role[] } = {}) {
  const n = next()
  const { roles = ['resident'], ...rest } = input
  const [row] = await db
    .insert(schema.user)
    .values({ id: randomUUID(), email: `user${n}-${randomUUID().slice(0, 8)}@example.ru`, fullName: `Тестов Тест ${n}`, ...rest })
    .returning()
  for (const role of roles) await db.insert(schema.userRole).values({ userId: row.id, role })
  return row
}

/** Runs `fn` on each item in turn, never two at once, and gives back the results in the items' order. */
export async function inOrder<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (const [i, item] of items.entries()) results.push(await fn(item, i))
  return results
}

export async function makeContest(
  db: DB,
  input: Partial<typeof schema.contest.$inferInsert> & {
    nominations?: string[]
    /** Nominations awarded by the jury's decision alone, after the others. */
    specialPrizes?: string[]
    criteria?: { name: string; maxPoints: number; weight?: number }[]
    stages?: ('district' | 'city')[]
  } = {},
) {
  const n = next()
  const {
    nominations = ['Номинация 1', 'Номинация 2'],
    specialPrizes = [],
    criteria = [
      { name: 'Качество', maxPoints: 10 },
      { name: 'Идея', maxPoints: 10 },
    ],
    stages = ['city'],
    ...rest
  } = input
  const [contest] = await db
    .insert(schema.contest)
    .values({
      slug: `contest-${n}-${randomUUID().slice(0, 6)}`,
      title: `Тестовый конкурс ${n}`,
      shortName: `Тест ${n}`,
      year: 2027,
      numberPrefix: 'ТК',
      status: 'accepting',
      opensAt: new Date(Date.now() - 86_400_000),
      closesAt: new Date(Date.now() + 30 * 86_400_000),
      ...rest,
    })
    .returning()
  const nominationRows = await inOrder(
    [...nominations.map((name) => ({ name, isSpecialPrize: false })), ...specialPrizes.map((name) => ({ name, isSpecialPrize: true }))],
    async (nomination, i) => (await db.insert(schema.nomination).values({ contestId: contest.id, ...nomination, position: i }).returning())[0],
  )
  const criterionRows = await inOrder(
    criteria,
    async (c, i) =>
      (
        await db
          .insert(schema.criterion)
          .values({ contestId: contest.id, name: c.name, maxPoints: c.maxPoints, weight: c.weight ?? 1, position: i })
          .returning()
      )[0],
  )
  const stageRows = await inOrder(
    stages,
    async (kind, i) =>
      (
        await db
          .insert(schema.stage)
          .values({ contestId: contest.id, kind, name: kind === 'district' ? 'Районный этап' : 'Городской этап', position: i, advanceCount: kind === 'district' ? 2 : null })
          .returning()
      )[0],
  )
  return { contest, nominations: nominationRows, criteria: criterionRows, stages: stageRows }
}

export async function makeEntry(
  db: DB,
  input: Partial<typeof schema.entry.$inferInsert> & { contestId: number; ownerId: string; authors?: { fullName: string; age?: number; userId?: string }[] },
) {
  const { authors, ...rest } = input
  const n = next()
  const [entry] = await db
    .insert(schema.entry)
    .values({ title: `Заявка ${n}`, status: 'accepted', submittedAt: new Date(Date.now() - n * 1000), seq: n, ...rest })
    .returning()
  for (const [i, a] of (authors ?? [{ fullName: `Автор ${n}` }]).entries()) {
    await db.insert(schema.author).values({ entryId: entry.id, fullName: a.fullName, age: a.age ?? 30, userId: a.userId ?? null, position: i })
  }
  return entry
}

export async function assignJuror(db: DB, input: { stageId: number; jurorId: string; nominationId: number; districtId?: number | null }) {
  return (
    await db
      .insert(schema.juryAssignment)
      .values({ ...input, districtId: input.districtId ?? null })
      .returning()
  )[0]
}

/** One juror's marks for one entry: points per criterion id. */
export async function score(db: DB, input: { stageId: number; entryId: number; jurorId: string; points: Record<number, number>; comment?: string }) {
  const [evaluation] = await db
    .insert(schema.evaluation)
    .values({ stageId: input.stageId, entryId: input.entryId, jurorId: input.jurorId, comment: input.comment ?? '' })
    .returning()
  for (const [criterionId, points] of Object.entries(input.points)) {
    await db.insert(schema.score).values({ evaluationId: evaluation.id, criterionId: Number(criterionId), points })
  }
  return evaluation
}
