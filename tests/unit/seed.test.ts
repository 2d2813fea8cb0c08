import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { storePhoto } from '../../app/modules/photos/pipeline.server'
import { createLocalStorage } from '../../app/utils/storage.server'
import { openDatabase, firstRow, schema } from '../../db/client.server'
import { DEMO_ACCOUNTS, judgingContestSlug, seed } from '../../db/seed'
import { DEMO_ENTRANTS, DEMO_ENTRIES, DEMO_JUROR_NOMINATIONS } from '../../db/seed-judging'
import { inOrder } from '../factories'

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-seed-'))
const storage = createLocalStorage(uploads)
afterAll(() => fs.rmSync(uploads, { recursive: true, force: true }))

describe('seed', () => {
  it('loads the six contests of the 2020 report with their nominations, and is idempotent', async () => {
    const db = openDatabase(':memory:')
    const now = new Date('2026-11-24T12:00:00Z')
    const first = await seed(db, now, { storage, storePhoto })
    const second = await seed(db, now, { storage, storePhoto })
    expect(first.contestsAdded).toBe(6)
    expect(second.contestsAdded).toBe(0)
    expect(second.judging).toEqual({ entriesAdded: 0, photosStored: 0, assignmentsAdded: 0 })
    expect((await firstRow(db.select({ n: count() }).from(schema.contest)))!.n).toBe(6)
    expect((await firstRow(db.select({ n: count() }).from(schema.user)))!.n).toBe(DEMO_ACCOUNTS.length + DEMO_ENTRANTS.length)

    const nominations = async (slugPrefix: string) => {
      const contest = (await db.select().from(schema.contest)).find((c) => c.slug.startsWith(slugPrefix))!
      return (await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contest.id))).map((n) => n.name)
    }
    expect(await nominations('teplo-tvoih-ruk')).toEqual(['Весна в шахтерском крае', 'Экодомик', 'Специальный приз жюри'])
    expect(await nominations('snezhnyj-kalejdoskop')).toHaveLength(5)
    expect(await nominations('luchshij-komitet-tos')).toEqual([
      'Лучший окружной комитет',
      'Лучший уличный комитет (старший улицы)',
      'Лучший домовый комитет (старший дома)',
    ])

    const tos = (await db.select().from(schema.contest)).find((c) => c.slug.startsWith('luchshij-komitet-tos'))!
    const stages = await db.select().from(schema.stage).where(eq(schema.stage.contestId, tos.id))
    expect(stages.map((s) => s.kind)).toEqual(['district', 'city'])

    const snowFields = (await db.select().from(schema.formField)).filter((f) => f.summedInStats).map((f) => f.key)
    expect(snowFields).toEqual(expect.arrayContaining(['snow_towns', 'snow_figures', 'entrances', 'balconies']))

    // Each contest speaks of its entries as the report does: the words its settings page shows.
    const words = async (slugPrefix: string) => (await db.select().from(schema.contest)).find((c) => c.slug.startsWith(slugPrefix))!.statisticsWords
    expect(await words('teplo-tvoih-ruk')).toMatchObject({ entryForms: ['скворечник', 'скворечника', 'скворечников'], entryGender: 'masculine', winnersOf: 'городского этапа' })
    expect((await words('teplo-tvoih-ruk'))!.entryVerb[3]).toBe('изготовили')
    expect(await words('vnovyjgodvmeste')).toMatchObject({ entryAccusative: 'фотографию', entryVerb: ['прислал', 'прислала', 'прислало', 'прислали'] })
    expect(await words('gorod-druzej')).toMatchObject({ entryForms: ['проект', 'проекта', 'проектов'] })
    expect(await words('snezhnyj-kalejdoskop')).toMatchObject({ entryForms: ['заявка', 'заявки', 'заявок'], contestIn: 'традиционном городском смотре-конкурсе' })
    expect(await words('luchshij-komitet-tos')).toMatchObject({ winnersOf: 'городского этапа', participantForms: ['комитет', 'комитета', 'комитетов'] })
    const participles = Object.fromEntries((await db.select().from(schema.formField)).filter((f) => f.participle).map((f) => [f.key, f.participle]))
    expect(participles).toMatchObject({ snow_towns: ['построен', 'построено'], entrances: ['украшен', 'украшено'], balconies: ['оформлен', 'оформлено'] })

    const districts = (await db.select().from(schema.district)).map((d) => d.name)
    expect(districts).toEqual(expect.arrayContaining(['Заводский район', 'ж.р. Лесная Поляна', 'ж.р. Кедровка']))

    // Every criterion can be scored: positive max points and weight.
    for (const c of await db.select().from(schema.criterion)) {
      expect(c.maxPoints).toBeGreaterThan(0)
      expect(c.weight).toBeGreaterThan(0)
    }
    db.$client.close()
  })

  it('gives the judging contest accepted entries with stored photos, and the demo juror two of its nominations', async () => {
    const db = openDatabase(':memory:')
    const now = new Date('2026-11-24T12:00:00Z')
    const first = await seed(db, now, { storage, storePhoto })
    const filesAfterFirst = fs.readdirSync(uploads, { recursive: true }).length
    const second = await seed(db, now, { storage, storePhoto })
    const photoCount = DEMO_ENTRIES.reduce((n, e) => n + e.photos, 0)
    expect(first.judging).toEqual({ entriesAdded: DEMO_ENTRIES.length, photosStored: photoCount, assignmentsAdded: 2 })
    expect(second.judging).toEqual({ entriesAdded: 0, photosStored: 0, assignmentsAdded: 0 })
    expect(fs.readdirSync(uploads, { recursive: true }).length).toBe(filesAfterFirst)

    const contest = (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.slug, judgingContestSlug(2026)))))!
    expect(contest.status).toBe('judging')
    const entries = await db.select().from(schema.entry).where(eq(schema.entry.contestId, contest.id))
    expect(entries).toHaveLength(DEMO_ENTRIES.length)
    expect(entries.every((e) => e.status === 'accepted' && e.consentAt && e.submittedAt! >= contest.opensAt! && e.submittedAt! < contest.closesAt!)).toBe(true)
    expect(entries.map((e) => e.seq).sort((a, b) => a! - b!)).toEqual(DEMO_ENTRIES.map((_, i) => i + 1))
    // Numbers follow the order of sending.
    expect([...entries].sort((a, b) => a.seq! - b.seq!).map((e) => e.submittedAt!.getTime())).toEqual(entries.map((e) => e.submittedAt!.getTime()).sort((a, b) => a - b))
    expect(new Set(entries.map((e) => e.nominationId)).size).toBe(3)
    expect(new Set(entries.map((e) => e.districtId)).size).toBeGreaterThanOrEqual(4)

    // Owned by the seeded residents, not by any demo account.
    const demoIds = await inOrder(DEMO_ACCOUNTS, async (a) => (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, a.email))))!.id)
    expect(entries.some((e) => demoIds.includes(e.ownerId))).toBe(false)

    const city = (await firstRow(db.select().from(schema.stage).where(and(eq(schema.stage.contestId, contest.id), eq(schema.stage.kind, 'city')))))!
    expect((await firstRow(db.select({ n: count() }).from(schema.stageEntry).where(eq(schema.stageEntry.stageId, city.id))))!.n).toBe(entries.length)

    // Every photo went through the pipeline: distinct bytes, three WebP variants on disk.
    const photos = await db.select().from(schema.photo)
    expect(photos).toHaveLength(photoCount)
    expect(new Set(photos.map((p) => p.sha256)).size).toBe(photoCount)
    for (const e of entries) expect(photos.filter((p) => p.entryId === e.id).length).toBeGreaterThanOrEqual(1)
    for (const p of photos) {
      expect(p.variants.map((v) => v.size)).toEqual(['thumb', 'gallery', 'full'])
      for (const v of p.variants) {
        const bytes = fs.readFileSync(path.join(uploads, v.key))
        expect(bytes.length).toBe(v.bytes)
        expect(bytes.toString('latin1', 8, 12)).toBe('WEBP')
      }
    }

    const juror = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, 'juror@demo.konkurs'))))!
    const assigned = await db
      .select({ name: schema.nomination.name, stageId: schema.juryAssignment.stageId })
      .from(schema.juryAssignment)
      .innerJoin(schema.nomination, eq(schema.nomination.id, schema.juryAssignment.nominationId))
      .where(eq(schema.juryAssignment.jurorId, juror.id))
    expect(assigned).toEqual(DEMO_JUROR_NOMINATIONS.map((name) => ({ name, stageId: city.id })))
    db.$client.close()
  })

  it('opens the database in WAL mode with foreign keys on', () => {
    // On a file: an in-memory database has no write-ahead log and reports "memory" whatever was asked.
    const file = path.join(uploads, 'wal.db')
    const db = openDatabase(file)
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(fs.existsSync(`${file}-wal`)).toBe(true)
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000)
    db.$client.close()
  })
})
