import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/client.server'
import { DEMO_ACCOUNTS, seed } from '../../db/seed'
import * as schema from '../../db/schema'

describe('seed', () => {
  it('loads the six contests of the 2020 report with their nominations, and is idempotent', async () => {
    const db = openDatabase(':memory:')
    const now = new Date('2026-11-24T12:00:00Z')
    const first = await seed(db, now)
    const second = await seed(db, now)
    expect(first.contestsAdded).toBe(6)
    expect(second.contestsAdded).toBe(0)
    expect(db.select({ n: count() }).from(schema.contest).get()!.n).toBe(6)
    expect(db.select({ n: count() }).from(schema.user).get()!.n).toBe(DEMO_ACCOUNTS.length)

    const nominations = (slugPrefix: string) => {
      const contest = db.select().from(schema.contest).all().find((c) => c.slug.startsWith(slugPrefix))!
      return db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contest.id)).all().map((n) => n.name)
    }
    expect(nominations('teplo-tvoih-ruk')).toEqual(['Весна в шахтерском крае', 'Экодомик', 'Специальный приз жюри'])
    expect(nominations('snezhnyj-kalejdoskop')).toHaveLength(5)
    expect(nominations('luchshij-komitet-tos')).toEqual([
      'Лучший окружной комитет',
      'Лучший уличный комитет (старший улицы)',
      'Лучший домовый комитет (старший дома)',
    ])

    const tos = db.select().from(schema.contest).all().find((c) => c.slug.startsWith('luchshij-komitet-tos'))!
    const stages = db.select().from(schema.stage).where(eq(schema.stage.contestId, tos.id)).all()
    expect(stages.map((s) => s.kind)).toEqual(['district', 'city'])

    const snowFields = db.select().from(schema.formField).all().filter((f) => f.summedInStats).map((f) => f.key)
    expect(snowFields).toEqual(expect.arrayContaining(['snow_towns', 'snow_figures', 'entrances', 'balconies']))

    const districts = db.select().from(schema.district).all().map((d) => d.name)
    expect(districts).toEqual(expect.arrayContaining(['Заводский район', 'ж.р. Лесная Поляна', 'ж.р. Кедровка']))

    // Every criterion can be scored: positive max points and weight.
    for (const c of db.select().from(schema.criterion).all()) {
      expect(c.maxPoints).toBeGreaterThan(0)
      expect(c.weight).toBeGreaterThan(0)
    }
    db.$client.close()
  })

  it('opens the database in WAL mode with foreign keys on', () => {
    const db = openDatabase(':memory:')
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000)
    db.$client.close()
  })
})
