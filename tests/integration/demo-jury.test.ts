/**
 * The demo juror on a fresh start: the seed leaves them a queue in the contest under judging, its
 * pages show the seeded entries blind (no author, owner, address or organisation), the seeded photos
 * reach them as WebP through the jury's route, and a score can be saved.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ENTRANTS, DEMO_JUROR_NOMINATIONS } from '../../db/seed-judging'
import { closeServerDb, seededContest, serverDb } from '../factories-entries'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { firstRow, schema } from '../../db/client.server'

let server: TestServer
let juror: Client
let scene: Awaited<ReturnType<typeof load>>

async function load() {
  const db = serverDb(server)
  const { contest, nominations } = await seededContest(db, 'krasivyj-dom-i-dvor')
  const stage = (await firstRow(
    db
      .select()
      .from(schema.stage)
      .where(and(eq(schema.stage.contestId, contest.id), eq(schema.stage.kind, 'city'))),
  ))!
  const entries = await db.select().from(schema.entry).where(eq(schema.entry.contestId, contest.id))
  const mine = nominations.filter((n) => DEMO_JUROR_NOMINATIONS.includes(n.name)).map((n) => n.id)
  const number = (seq: number | null) => `КДД-${String(seq).padStart(4, '0')}`
  return {
    db,
    contest,
    stage,
    entries,
    queued: entries.filter((e) => mine.includes(e.nominationId!)).map((e) => ({ ...e, number: number(e.seq) })),
    others: entries.filter((e) => !mine.includes(e.nominationId!)),
  }
}

beforeAll(async () => {
  server = await startServer()
  scene = await load()
  juror = new Client(server.url)
  await juror.login(DEMO.juror, DEMO.password)
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

const entryPath = (entryId: number) => `/jury/stages/${scene.stage.id}/entries/${entryId}`

describe('the demo juror after a fresh start', () => {
  it('finds the contest under judging with two nominations and a queue not yet scored', async () => {
    expect(scene.contest.status).toBe('judging')
    expect(scene.queued.length).toBeGreaterThanOrEqual(5)
    expect(scene.others.length).toBeGreaterThan(0)

    const cabinet = pageText(await (await juror.get('/jury')).text())
    expect(cabinet).not.toContain('Вас пока не назначили')
    expect(cabinet).toContain(scene.contest.title)
    for (const name of DEMO_JUROR_NOMINATIONS) expect(cabinet).toContain(`«${name}»`)
    expect(cabinet).toContain(`Оценено 0 из ${scene.queued.length}`)
    expect(cabinet).toContain('Начать оценку')

    const queue = pageText(await (await juror.get(`/jury/stages/${scene.stage.id}`)).text())
    const numbers = [...queue.matchAll(/class="jury-queue__title"[^>]*>([^<·]+) ·/g)].map((m) => m[1].trim())
    expect(numbers.sort()).toEqual(scene.queued.map((e) => e.number).sort())
  })

  it('shows every entry of the queue blind, with its photos served as WebP', async () => {
    const { db } = scene
    const ids = scene.entries.map((e) => e.id)
    const authors = await db.select().from(schema.author).where(inArray(schema.author.entryId, ids))
    const owners = await db
      .select()
      .from(schema.user)
      .where(
        inArray(
          schema.user.email,
          DEMO_ENTRANTS.map((r) => r.email),
        ),
      )
    const organisations = await db.select().from(schema.organisation)
    const photos = await db.select().from(schema.photo).where(inArray(schema.photo.entryId, ids))
    const secrets = [
      ...authors.map((a) => a.fullName),
      ...owners.flatMap((o) => [o.id, o.fullName, o.email!, o.phone!]),
      ...scene.entries.map((e) => e.address),
      ...organisations.map((o) => o.name),
      ...photos.flatMap((p) => [p.originalName, p.sha256]),
    ]
    expect(authors.length).toBeGreaterThan(scene.entries.length)

    for (const e of scene.queued) {
      const res = await juror.get(entryPath(e.id))
      expect(res.status, e.number).toBe(200)
      const html = pageText(await res.text())
      expect(html).toContain(e.number)
      expect(html).toContain(e.title)
      expect(html).toContain(e.description.slice(0, 40))
      const routeData = await juror.get(`${entryPath(e.id)}.data`)
      expect(routeData.status).toBe(200)
      for (const data of [html, await routeData.text()]) {
        for (const secret of secrets) expect(data.includes(secret), `${e.number} reveals «${secret}»`).toBe(false)
      }

      const own = photos.filter((p) => p.entryId === e.id)
      expect(own.length).toBeGreaterThanOrEqual(1)
      for (const p of own) {
        expect(html).toContain(`/resources/photos/${p.id}/gallery`)
        for (const v of p.variants) {
          const photo = await juror.get(`/resources/photos/${p.id}/${v.size}`)
          expect(photo.status).toBe(200)
          expect(photo.headers.get('content-type')).toBe('image/webp')
          const bytes = Buffer.from(await photo.arrayBuffer())
          expect(bytes.length).toBe(v.bytes)
          expect(bytes.toString('latin1', 8, 12)).toBe('WEBP')
        }
      }
    }
  })

  it('does not open the entries of a nomination the juror is not assigned to', async () => {
    for (const e of scene.others) expect((await juror.get(entryPath(e.id))).status).not.toBe(200)
  })

  it('saves a score and counts it', async () => {
    const [first] = scene.queued
    const criteria = await scene.db.select().from(schema.criterion).where(eq(schema.criterion.contestId, scene.contest.id))
    const form = Object.fromEntries([['intent', 'score'], ...criteria.map((c) => [`c${c.id}`, String(Math.min(7, c.maxPoints))])])
    const saved = await juror.post(entryPath(first.id), form)
    expect(saved.status).toBe(302)
    expect(pageText(await (await juror.get('/jury')).text())).toContain(`Оценено 1 из ${scene.queued.length}`)
  })
})
