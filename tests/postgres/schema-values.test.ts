/**
 * What a service reads back is the same on both engines: the same writes through db/schema on SQLite
 * and db/schema-pg on PostgreSQL (a database copied from the run's template) give equal rows — Dates
 * to the millisecond, booleans, JSON, numbers, generated ids, defaults, relations, and what deleting
 * a contest cascades to or sets to null.
 */
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as sqliteSchema from '../../db/schema'
import * as pgSchema from '../../db/schema-pg'
import { postgresAvailable, usePostgresDatabase, type PgDB } from '../setup/postgres'

const NOW = new Date('2026-12-03T08:30:00.456Z')
// Seconds after 2038, when a 32-bit integer overflows.
const SESSION_EXPIRES = 2_240_000_000

async function scenario(db: PgDB, s: typeof pgSchema) {
  await db.insert(s.user).values({ id: 'u1', email: 'org@example.ru', fullName: 'Организатор' })
  await db.insert(s.session).values({ id: 's1', userId: 'u1', expiresAt: SESSION_EXPIRES })
  const [contest] = await db
    .insert(s.contest)
    .values({ slug: 'dvory', title: 'Лучший двор', shortName: 'Дворы', year: 2026, numberPrefix: 'ЛД', opensAt: new Date('2026-03-01T04:15:30.123Z'), createdById: 'u1' })
    .returning()
  await db.insert(s.nomination).values([
    { contestId: contest.id, name: 'Двор' },
    { contestId: contest.id, name: 'Приз жюри', isSpecialPrize: true },
  ])
  await db.insert(s.formField).values({ contestId: contest.id, key: 'figures', label: 'Снежные фигуры', kind: 'number', summedInStats: true, unitForms: ['фигура', 'фигуры', 'фигур'] })
  await db.insert(s.outboxMessage).values({ contestId: contest.id, kind: 'results_published', to: 'a@example.ru', subject: 'Итоги', text: 'Итоги подведены' })
  await db.insert(s.auditLog).values({ action: 'contest.update', entityType: 'contest', entityId: String(contest.id), before: { status: 'draft' }, after: { status: 'announced', note: null } })

  const written = {
    contest,
    users: await db.select().from(s.user),
    sessions: await db.select().from(s.session),
    nominations: await db.select().from(s.nomination).orderBy(s.nomination.id),
    formFields: await db.select().from(s.formField),
    audit: await db.select().from(s.auditLog),
    withRelations: await db.query.contest.findFirst({ with: { nominations: { orderBy: (n, { asc }) => [asc(n.id)] } } }),
  }
  await db.delete(s.contest).where(eq(s.contest.id, contest.id))
  const afterDelete = {
    nominations: await db.select().from(s.nomination),
    outbox: await db.select({ contestId: s.outboxMessage.contestId }).from(s.outboxMessage),
  }
  return { written, afterDelete }
}

function onSqlite() {
  const sqlite = new Database(':memory:')
  // As db/client.server.ts opens it: SQLite enforces foreign keys only when asked.
  sqlite.pragma('foreign_keys = ON')
  const db = drizzleSqlite(sqlite, { schema: sqliteSchema })
  migrateSqlite(db, { migrationsFolder: 'db/migrations' })
  // drizzle's query builders take the same calls on both engines, and awaiting SQLite's gives its result.
  return scenario(db as unknown as PgDB, sqliteSchema as unknown as typeof pgSchema).finally(() => sqlite.close())
}

const available = await postgresAvailable()

describe.skipIf(!available)('rows written through either schema', () => {
  const postgres = usePostgresDatabase()
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('read back the same on SQLite and PostgreSQL', async () => {
    const fromSqlite = await onSqlite()
    const fromPostgres = await scenario(postgres.db, pgSchema)

    expect(fromPostgres).toEqual(fromSqlite)
    // And they are what services expect, not merely equal.
    const { contest, sessions, formFields, audit } = fromPostgres.written
    expect(contest).toMatchObject({ id: 1, teamsAllowed: true, authorsPublic: false, ageCategories: [], disagreementThreshold: 10, status: 'draft' })
    expect(contest.opensAt).toEqual(new Date('2026-03-01T04:15:30.123Z'))
    expect(contest.createdAt).toEqual(NOW)
    expect(sessions[0].expiresAt).toBe(SESSION_EXPIRES)
    expect(formFields[0]).toMatchObject({ summedInStats: true, isPublic: true, options: [], unitForms: ['фигура', 'фигуры', 'фигур'] })
    expect(audit[0]).toMatchObject({ before: { status: 'draft' }, after: { status: 'announced', note: null }, contestId: null })
    expect(fromPostgres.written.withRelations?.nominations.map((n) => n.isSpecialPrize)).toEqual([false, true])
    expect(fromPostgres.afterDelete).toEqual({ nominations: [], outbox: [{ contestId: null }] })
  })
})
