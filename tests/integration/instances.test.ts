/**
 * Two app instances, separate processes, on one database and one object store (issue «Beyond one
 * machine», item 4): any instance may serve any request. Runs on SQLite (two processes on one file)
 * in `npm test` and on PostgreSQL in `npm run test:postgres`.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, schema, type DB } from '../../db/client.server'
import { judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { entryIdFrom, multipart, seededContest, settledPhoto } from '../factories-entries'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { startS3Server, type S3Server } from '../s3-server'
import { Client, pageAfterChange, startServer, type TestServer } from '../setup/server'

let s3: S3Server
let a: TestServer
let b: TestServer
let db: DB
let fixtures: GeneratedFixtures
let scene: Awaited<ReturnType<typeof judgingContest>>

/** What both instances share besides the store: counters in the database, and a cache to be invalidated. */
const shared = { RATE_LIMIT_STORE: 'database', RATE_LIMIT_AUTH: '20', PAGE_CACHE_SECONDS: '60' }

beforeAll(async () => {
  s3 = await startS3Server()
  a = await startServer({ ...s3.env, ...shared })
  // The second instance on the first one's database: its file, or its PostgreSQL URL.
  const sameDatabase = a.dbPath.startsWith('postgres') ? { DATABASE_URL: a.dbPath } : { DATABASE_PATH: a.dbPath }
  b = await startServer({ ...s3.env, ...shared, ...sameDatabase })
  db = openDatabase(a.dbPath)
  ;[scene, fixtures] = await Promise.all([judgingContest(db), generateFixtures()])
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await b?.stop()
  await a?.stop()
  await s3?.close()
})

describe('two instances on one database and one object store', () => {
  it('show a score saved on one at once on the other, to the same signed-in juror', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const onA = await loggedIn(a.url, juror.email!)
    // The same session, carried to the other instance: sessions live in the database.
    const onB = new Client(b.url)
    onB.cookies = new Map(onA.cookies)
    const entry = scene.entries.find((e) => e.nominationId === scene.yard.id)!
    const path = `/jury/stages/${scene.stage.id}/entries/${entry.id}`
    const [aesthetics, care] = scene.criteria
    const saved = await onA.post(path, { intent: 'score', [`c${aesthetics.id}`]: '7', [`c${care.id}`]: '4', comment: 'Сохранено на первом' })
    expect(saved.status).toBe(302)
    const page = await onB.get(path)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Сохранено на первом')
    expect(html).toMatch(new RegExp(`name="c${aesthetics.id}"[^>]*value="7"|value="7"[^>]*name="c${aesthetics.id}"`))
  })

  it('render anew on one a guest page cached there, once the other has written', async () => {
    await (await fetch(`${b.url}/`)).text()
    expect((await fetch(`${b.url}/`)).headers.get('x-page-cache')).toBe('hit')
    // A write through the first instance: a resident registers there.
    const resident = new Client(a.url)
    expect((await resident.post('/register', { fullName: 'Кэшева Анна Петровна', email: 'cache-two@example.ru', password: 'Skvorec2027', consent: 'on' })).status).toBe(302)
    const fresh = await pageAfterChange(`${b.url}/`)
    expect(fresh.headers.get('x-page-cache')).toBe('miss')
    // And caches again: at once on SQLite; on PostgreSQL the registration's later commits (its session)
    // may notify a moment after the first, emptying the cache once more, so it is asked a bounded number of times.
    await expect.poll(async () => (await fetch(`${b.url}/`)).headers.get('x-page-cache'), { timeout: 5_000, interval: 50 }).toBe('hit')
  })

  it('serve from one the photo uploaded through the other, from the shared store', async () => {
    const snow = await seededContest(db, 'snezhnyj-kalejdoskop')
    const owner = new Client(a.url)
    await owner.post('/register', { fullName: 'Двухсерверова Ольга Павловна', email: 'two-instances@example.ru', password: 'Skvorec2027', consent: 'on' })
    const res = await owner.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart(
        { save: 'submit', title: 'Двор на двух серверах', nominationId: String(snow.nominations[0].id), 'authors[0].fullName': 'Двухсерверова Ольга Павловна', 'authors[0].age': '41', consent: 'on' },
        [{ name: 'dvor.jpg', file: fixtures.large }],
      ),
    )
    const id = entryIdFrom(res)
    const [photo] = await db.select().from(schema.photo).where(eq(schema.photo.entryId, id))
    // Made into variants by whichever instance's worker took its job from the shared queue.
    expect((await settledPhoto(a, photo.id)).status).toBe('ready')
    const onB = new Client(b.url)
    onB.cookies = new Map(owner.cookies)
    const served = await onB.get(`/resources/photos/${photo.id}/thumb`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/webp')
    expect((await new Client(b.url).get(`/resources/photos/${photo.id}/thumb`)).status).toBe(404)
  })

  it('count one rate limit over requests to both', async () => {
    const attempt = (server: TestServer) => new Client(server.url).post('/login', { email: 'nobody@example.ru', password: 'Nepravilnyj-1' })
    const first = await attempt(a)
    expect(first.status).toBe(400)
    // What is left of the limit after the first try (IETF draft-8 header: r=remaining).
    const left = Number(/\br=(\d+)/.exec(first.headers.get('ratelimit') ?? '')![1])
    expect(left).toBeGreaterThan(1)
    for (let i = 0; i < left; i++) expect((await attempt(i % 2 ? a : b)).status).toBe(400)
    // Each instance saw about half of these; counted apart, neither would be over the limit.
    const over = await attempt(b)
    expect(over.status).toBe(429)
    expect(await over.text()).toContain('Слишком много попыток')
  })
})
