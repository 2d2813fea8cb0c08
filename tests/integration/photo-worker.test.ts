/**
 * Photo processing in a worker process of its own (docs/decisions/020-…), as a deployment with
 * separate workers runs it: the built server with PHOTO_WORKER=off, and `node build/worker.js` beside
 * it on the same database and uploads folder. A worker killed with SIGKILL midway through a job (made
 * deterministic by the test-only PHOTO_JOB_TEST_PAUSE: the job stops for good after writing its
 * variants and says so) leaves the photo «Фото обрабатывается» on every page that shows it; a new
 * worker takes the job again once the lease has run out, completes it, and the photo is served. A
 * file refused by its job leaves its message on the entry, and nothing of it in storage.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema } from '../../db/client.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, seededContest, serverDb, uploadsDir } from '../factories-entries'
import { Client, DEMO, shownText, startPhotoWorker, startServer, type TestServer, type TestWorker } from '../setup/server'

/** Short enough that the test does not wait long for a dead worker's lease; the job itself takes well under a second. */
const WORKER_ENV = { PHOTO_WORKER: 'off', PHOTO_JOB_LEASE_SECONDS: '2', PHOTO_WORKER_POLL_SECONDS: '0.1' }
const TRIES = 600
const PROCESSING = 'Фото обрабатывается'

let server: TestServer
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>
const workers: TestWorker[] = []
/** A worker left running by a test, for the next. */
let running: TestWorker | undefined

beforeAll(async () => {
  ;[server, fixtures] = await Promise.all([startServer(WORKER_ENV), generateFixtures()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
})
afterAll(async () => {
  for (const w of workers) await w.kill('SIGKILL')
  if (server) await closeServerDb(server)
  await server?.stop()
})

const db = () => serverDb(server)
const applyForm = (title: string) => ({
  save: 'submit',
  nominationId: String(snow.nominations[0].id),
  title,
  'authors[0].fullName': 'Воркерова Нина Павловна',
  'authors[0].age': '52',
  consent: 'on',
})

let residents = 0
async function newResident() {
  const client = new Client(server.url)
  await client.post('/register', { fullName: 'Воркерова Нина Павловна', email: `worker${++residents}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  return client
}

/** Looks at a page until it passes `check` (a bounded number of times, 50 ms apart): what a person reloading the page sees. */
async function pageUntil(client: Client, url: string, check: (text: string) => boolean) {
  let text = ''
  for (let i = 0; i < TRIES; i++) {
    text = shownText(await (await client.get(url)).text())
    if (check(text)) return text
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${url} never passed the check; last seen:\n${text.slice(0, 3000)}\n${server.output().slice(-2000)}`)
}

async function until(condition: () => boolean) {
  for (let i = 0; i < TRIES && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  if (!condition()) throw new Error('The condition never held')
}

const storedOf = async (photoId: string) => (await filesUnder(uploadsDir(server))).filter((f) => f.includes(photoId)).sort()

describe('a worker in a process of its own', () => {
  it('killed midway through a job: the photo shows as processing everywhere, a new worker takes the job again, completes it, and the photo is served', async () => {
    const marker = path.join(server.dir, 'paused.json')
    const first = await startPhotoWorker(server, { PHOTO_JOB_TEST_PAUSE: marker })
    workers.push(first)

    const owner = await newResident()
    const res = await owner.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart(applyForm('Двор, который обрабатывается'), [
        { name: 'dvor.jpg', file: fixtures.large },
        { name: 'gorka.jpg', file: fixtures.orientation[6] },
      ]),
    )
    const entryId = entryIdFrom(res)
    const [dvor, gorka] = await db().select().from(schema.photo).where(eq(schema.photo.entryId, entryId)).orderBy(schema.photo.position)
    // The answer came with both photos recorded, processing, their uploads kept as received.
    expect([dvor.status, gorka.status]).toEqual(['processing', 'processing'])
    expect(await storedOf(gorka.id)).toEqual([`originals/${gorka.id.slice(0, 2)}/${gorka.id}`])

    // The first worker has written the first photo's variants and stops there, for good.
    await until(() => existsSync(marker))
    const paused = JSON.parse(readFileSync(marker, 'utf8')) as { photoId: string; pid: number }
    expect(paused).toMatchObject({ photoId: dvor.id, pid: first.pid })
    expect((await storedOf(dvor.id)).filter((f) => f.endsWith('.webp'))).toHaveLength(3)
    expect((await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, dvor.id))))!.status).toBe('processing')

    // The resident's entry, the organiser's moderation list: «Фото обрабатывается», no image, and the photo's address answers nothing yet.
    const entryPage = shownText(await (await owner.get(`/my/entries/${entryId}`)).text())
    expect(entryPage).toContain(PROCESSING)
    expect(entryPage).not.toContain(`/resources/photos/${dvor.id}/`)
    expect((await owner.get(`/resources/photos/${dvor.id}/thumb`)).status).toBe(404)
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    const moderation = shownText(await (await organiser.get(`/organiser/contests/${snow.contest.id}/moderation`)).text())
    const ownItem = moderation.slice(moderation.indexOf('Двор, который обрабатывается'))
    expect(ownItem).toContain(PROCESSING)

    // A juror's pages: the second photo (still waiting) put first in an entry the demo juror judges.
    const judging = await seededContest(db(), 'krasivyj-dom-i-dvor')
    const stage = (await firstRow(db().select().from(schema.stage).where(eq(schema.stage.contestId, judging.contest.id))))!
    const juror = new Client(server.url)
    await juror.login(DEMO.juror, DEMO.password)
    const queue = shownText(await (await juror.get(`/jury/stages/${stage.id}`)).text())
    const judgedId = Number(/\/jury\/stages\/\d+\/entries\/(\d+)/.exec(queue)![1])
    await db().update(schema.photo).set({ entryId: judgedId, position: -1 }).where(eq(schema.photo.id, gorka.id))
    const jurorUrl = `/jury/stages/${stage.id}/entries/${judgedId}`
    const jurorPage = shownText(await (await juror.get(jurorUrl)).text())
    expect(jurorPage).toContain(PROCESSING)
    expect(jurorPage).not.toContain(`/resources/photos/${gorka.id}/`)
    expect(shownText(await (await juror.get(`/jury/stages/${stage.id}`)).text())).toContain(PROCESSING)

    // The machine dies. The job stays the dead worker's until its lease runs out; then a new worker takes it.
    await first.kill('SIGKILL')
    const second = await startPhotoWorker(server)
    workers.push(second)
    running = second
    const done = await pageUntil(owner, `/my/entries/${entryId}`, (text) => !text.includes(PROCESSING))
    expect(done).toContain(`/resources/photos/${dvor.id}/thumb`)

    const row = (await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, dvor.id))))!
    expect(row).toMatchObject({ status: 'ready', failure: null, originalKey: null })
    // Exactly the three variants: the dead worker's files were written over, and the upload is gone.
    expect(await storedOf(dvor.id)).toEqual(row.variants.map((v) => v.key).sort())
    const served = await owner.get(`/resources/photos/${dvor.id}/gallery`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/webp')
    expect((await organiser.get(`/resources/photos/${dvor.id}/full`)).status).toBe(200)

    // The juror's photo too, by the same second worker; and no job is left.
    const judged = await pageUntil(juror, jurorUrl, (text) => !text.includes(PROCESSING))
    expect(judged).toContain(`/resources/photos/${gorka.id}/gallery`)
    expect((await juror.get(`/resources/photos/${gorka.id}/gallery`)).status).toBe(200)
    expect(await db().select().from(schema.photoJob)).toEqual([])
    expect(second.output()).not.toMatch(/Error/)
  })

  it('a file its job refuses leaves its message on the entry, and nothing of it in storage', async () => {
    if (!running) workers.push((running = await startPhotoWorker(server)))
    const owner = await newResident()
    const res = await owner.post(`/contests/${snow.contest.slug}/apply`, multipart(applyForm('Двор с битым файлом'), [{ name: 'обрыв.jpg', file: fixtures.truncatedJpeg }]))
    const entryId = entryIdFrom(res)
    const [photo] = await db().select().from(schema.photo).where(eq(schema.photo.entryId, entryId))
    const page = await pageUntil(owner, `/my/entries/${entryId}`, (text) => !text.includes(PROCESSING))
    expect(page).toContain('Фото не обработано')
    expect(page).toContain('Файл «обрыв.jpg» повреждён или загружен не полностью, загрузите его ещё раз')
    // The form still offers to remove it, so it can be replaced.
    expect(page).toContain('Удалить эту фотографию')
    expect(await storedOf(photo.id)).toEqual([])
    expect((await owner.get(`/resources/photos/${photo.id}/thumb`)).status).toBe(404)
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    const moderation = shownText(await (await organiser.get(`/organiser/contests/${snow.contest.id}/moderation`)).text())
    expect(moderation.slice(moderation.indexOf('Двор с битым файлом'))).toContain('Файл «обрыв.jpg» повреждён')
  })
})
