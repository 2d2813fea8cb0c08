/**
 * The photo queue on SQLite, in the test process (docs/decisions/020-…): uploads go through the real
 * request path (`receivePendingPhoto`), jobs through the real adapter and handler, and time is a clock
 * the test moves, so that a lease running out is a step of the test, not a wait. What a worker's death
 * looks like over HTTP, with real processes, is tests/integration/photo-worker.test.ts.
 */
import { readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, transaction, type DB, schema } from '../../db/client.server'
import { photoKeys, originalKey } from '../../app/modules/photos/pipeline.server'
import { discardPendingPhoto, receivePendingPhoto } from '../../app/modules/photos/photos.server'
import { gaveUpMessage, photoJobHandler } from '../../app/modules/photos/processing.server'
import { drainQueue, MAX_ATTEMPTS, retryDelayMs, startWorker, type PhotoJobs } from '../../app/modules/photos/queue.server'
import { createSqlitePhotoJobs } from '../../app/modules/photos/queue-sqlite.server'
import { drainPhotoJobs, enqueuePhotoJob, photoQueueStatus } from '../../app/modules/photos/worker.server'
import { getStorage, type Storage } from '../../app/utils/storage.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { filesUnder, multipart } from '../factories-entries'
import { makeUser } from '../factories'
import { openAppDatabase } from '../setup/in-process'

let db: DB
let uploads: string
let fixtures: GeneratedFixtures
let ownerId: string
let jobs: PhotoJobs<DB>

const LEASE = 60_000
// The workers' clock: a day after the uploads, whose jobs are recorded at the real time (a fixed date
// here made every job not yet due once the real date passed it).
const T0 = new Date(Date.now() + 86_400_000)
const at = (ms: number) => new Date(T0.getTime() + ms)
const silent = () => {}

beforeAll(async () => {
  db = openAppDatabase()
  uploads = process.env.UPLOADS_DIR!
  fixtures = await generateFixtures()
  ownerId = (await makeUser(db)).id
  jobs = createSqlitePhotoJobs(db)
})

/** One photo through the page's upload address, as the browser with JavaScript sends it: the answer does not wait for its job. */
async function upload(file: string, name = path.basename(file)) {
  const request = new Request('http://konkurs.test/resources/photos/upload', { method: 'POST', body: multipart({}, [{ name, file }], 'photo') })
  return (await receivePendingPhoto(request, ownerId, null)).photo
}

const photoRow = async (id: string) => firstRow(db.select().from(schema.photo).where(eq(schema.photo.id, id)))
const jobRow = async (photoId: string) => firstRow(db.select().from(schema.photoJob).where(eq(schema.photoJob.photoId, photoId)))
/** What storage holds of this photo. */
const storedFiles = async (photoId: string) => (await filesUnder(uploads)).filter((f) => f.includes(photoId)).sort()
const variantFiles = (photoId: string) => photoKeys(photoId).filter((k) => k.endsWith('.webp')).sort()

/** Storage whose puts of `-gallery.webp` never end: a worker stuck (and then killed) midway through writing the variants. */
function stuckMidway(): Storage {
  const local = getStorage()
  return { ...local, put: (key, data, type) => (key.endsWith('-gallery.webp') ? new Promise<void>(() => {}) : local.put(key, data, type)) }
}

describe('an upload', () => {
  it('is answered before its variants exist: the photo is «processing», its upload kept as received under a key of its own, its job recorded', async () => {
    const photo = await upload(fixtures.large)
    expect(photo).toMatchObject({ status: 'processing', sources: [], failure: null, width: 2600, height: 1300 })
    expect(await storedFiles(photo.id)).toEqual([originalKey(photo.id)])
    expect(await readFile(path.join(uploads, originalKey(photo.id)))).toEqual(await readFile(fixtures.large))
    expect(await jobRow(photo.id)).toMatchObject({ attempts: 0, leaseUntil: null })

    expect(await drainPhotoJobs()).toBe(1)
    const row = (await photoRow(photo.id))!
    expect(row).toMatchObject({ status: 'ready', failure: null, originalKey: null })
    expect(row.variants.map((v) => v.key).sort()).toEqual(variantFiles(photo.id))
    // The variants, and nothing else: the kept upload is gone once they exist.
    expect(await storedFiles(photo.id)).toEqual(variantFiles(photo.id))
    expect(await jobRow(photo.id)).toBeUndefined()
  })

  it('that the cheap checks refuse is refused in the request, and nothing is kept', async () => {
    const before = await filesUnder(uploads)
    await expect(upload(fixtures.tinyJpeg, 'крошка.jpg')).rejects.toThrow('Изображение «крошка.jpg» слишком маленькое')
    expect(await filesUnder(uploads)).toEqual(before)
  })

  it('records its job in the transaction that records the photo: rolled back, neither exists', async () => {
    const id = 'rolled-back-photo'
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(schema.photo).values({ id, ownerId, sha256: 'x', width: 1, height: 1, variants: [], status: 'processing' })
        await enqueuePhotoJob(tx, id, T0)
        throw new Error('a later step of the form failed')
      }),
    ).rejects.toThrow('a later step')
    expect(await photoRow(id)).toBeUndefined()
    expect(await jobRow(id)).toBeUndefined()
  })
})

describe('a job', () => {
  it('whose worker died midway (its lease ran out) is taken again and completes, leaving exactly the variants', async () => {
    const photo = await upload(fixtures.large)
    const job = (await jobs.claim('worker-a', T0, LEASE))!
    expect(job).toMatchObject({ photoId: photo.id, attempts: 1 })
    // Worker A writes the thumbnail, then hangs on the next variant and is never heard of again.
    void photoJobHandler({ storage: stuckMidway() }).run(job)
    await expect.poll(() => storedFiles(photo.id)).toContain(variantFiles(photo.id).find((k) => k.endsWith('-thumb.webp')))
    expect((await photoRow(photo.id))!.status).toBe('processing')

    // While A's lease lasts, nobody else takes the job; after it, worker B does.
    expect(await jobs.claim('worker-b', at(LEASE - 1), LEASE)).toBeNull()
    const again = (await jobs.claim('worker-b', at(LEASE + 1), LEASE))!
    expect(again).toMatchObject({ id: job.id, photoId: photo.id, attempts: 2, worker: 'worker-b' })
    await photoJobHandler().run(again)
    expect(await jobs.finish(again)).toBe(true)

    expect((await photoRow(photo.id))!.status).toBe('ready')
    // The same keys written again: nothing of A's run is left over, and the kept upload is gone.
    expect(await storedFiles(photo.id)).toEqual(variantFiles(photo.id))
    // A's token is stale: it can neither keep nor end the job any more.
    expect(await jobs.renew(job, at(LEASE + 2), LEASE)).toBe(false)
    expect(await jobs.finish(job)).toBe(false)
  })

  it('is given up after MAX_ATTEMPTS takes whose workers all died: the photo says so, and nothing of it stays in storage', async () => {
    const photo = await upload(fixtures.orientation[6], 'двор.jpg')
    let now = 0
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const job = (await jobs.claim(`worker-${attempt}`, at(now), LEASE))!
      expect(job.attempts).toBe(attempt)
      void photoJobHandler({ storage: stuckMidway() }).run(job)
      now += LEASE + 1
    }
    // The next take does not run it again but settles it.
    const ran = await drainQueue(jobs, photoJobHandler(), { leaseMs: LEASE, clock: () => at(now), log: silent })
    expect(ran).toBe(1)
    const row = (await photoRow(photo.id))!
    expect(row).toMatchObject({ status: 'failed', failure: gaveUpMessage('двор.jpg'), variants: [], originalKey: null })
    expect(row.failure).toBe('Фотографию «двор.jpg» не удалось обработать. Удалите её и загрузите ещё раз или выберите другую.')
    await expect.poll(() => storedFiles(photo.id)).toEqual([])
    expect(await jobRow(photo.id)).toBeUndefined()
  })

  it('that fails for a reason that may pass (storage away) waits longer each time, then is given up with a message', async () => {
    const photo = await upload(fixtures.orientation[3], 'сугроб.jpg')
    const away: Storage = { ...getStorage(), get: () => Promise.reject(new Error('storage unreachable')) }
    const handler = photoJobHandler({ storage: away })
    let now = 0
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await drainQueue(jobs, handler, { leaseMs: LEASE, clock: () => at(now), log: silent })).toBe(1)
      const job = (await jobRow(photo.id))!
      expect(job).toMatchObject({ attempts: attempt, leaseUntil: null, lastError: 'Error: storage unreachable' })
      expect(job.runAfter).toEqual(at(now + retryDelayMs(attempt)))
      // Not before its time.
      expect(await drainQueue(jobs, handler, { leaseMs: LEASE, clock: () => at(now + retryDelayMs(attempt) - 1), log: silent })).toBe(0)
      now += retryDelayMs(attempt)
      expect((await photoRow(photo.id))!.status).toBe('processing')
    }
    expect(await drainQueue(jobs, handler, { leaseMs: LEASE, clock: () => at(now), log: silent })).toBe(1)
    expect(await photoRow(photo.id)).toMatchObject({ status: 'failed', failure: gaveUpMessage('сугроб.jpg') })
    expect(await storedFiles(photo.id)).toEqual([])
  })

  it('whose file turns out broken when decoded fails at once with the pipeline’s message, and leaves nothing in storage', async () => {
    const photo = await upload(fixtures.truncatedJpeg, 'обрыв.jpg')
    expect(photo.status).toBe('processing')
    expect(await drainPhotoJobs()).toBe(1)
    expect(await photoRow(photo.id)).toMatchObject({
      status: 'failed',
      failure: 'Файл «обрыв.jpg» повреждён или загружен не полностью, загрузите его ещё раз',
      variants: [],
      originalKey: null,
    })
    expect(await storedFiles(photo.id)).toEqual([])
    expect(await jobRow(photo.id)).toBeUndefined()
  })

  it('whose variants cannot all be stored leaves none of them, and is tried again', async () => {
    const photo = await upload(fixtures.large)
    const local = getStorage()
    const full: Storage = { ...local, put: (key, data, type) => (key.endsWith('-full.webp') ? Promise.reject(new Error('disk full')) : local.put(key, data, type)) }
    expect(await drainQueue(jobs, photoJobHandler({ storage: full }), { leaseMs: LEASE, clock: () => T0, log: silent })).toBe(1)
    expect(await storedFiles(photo.id)).toEqual([originalKey(photo.id)])
    expect(await jobRow(photo.id)).toMatchObject({ attempts: 1, lastError: 'Error: disk full' })
    expect(await drainQueue(jobs, photoJobHandler(), { leaseMs: LEASE, clock: () => at(retryDelayMs(1)), log: silent })).toBe(1)
    expect(await storedFiles(photo.id)).toEqual(variantFiles(photo.id))
  })

  it('of a photo deleted while it runs leaves no files behind', async () => {
    const photo = await upload(fixtures.large)
    const local = getStorage()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow: Storage = { ...local, put: async (key, data, type) => (key.endsWith('.webp') ? gate.then(() => local.put(key, data, type)) : local.put(key, data, type)) }
    const job = (await jobs.claim('worker-a', T0, LEASE))!
    const running = photoJobHandler({ storage: slow }).run(job)
    expect(await discardPendingPhoto(ownerId, photo.id)).toBe(true)
    release()
    await running
    expect(await storedFiles(photo.id)).toEqual([])
    expect(await jobRow(photo.id)).toBeUndefined()
  })
})

describe('the queue', () => {
  it('never gives one job to two workers, and an idle worker only reads', async () => {
    await drainPhotoJobs()
    const a = await upload(fixtures.orientation[1])
    const b = await upload(fixtures.orientation[2])
    const taken = await Promise.all(['w1', 'w2', 'w3'].map((w) => jobs.claim(w, T0, LEASE)))
    expect(taken.filter(Boolean).map((j) => j!.photoId).sort()).toEqual([a.id, b.id].sort())
    expect(taken.filter((j) => j === null)).toHaveLength(1)
    expect(await photoQueueStatus(T0)).toEqual({ waiting: 0, running: 2 })
    for (const job of taken) if (job) await jobs.release(job)
    expect(await photoQueueStatus(T0)).toEqual({ waiting: 2, running: 0 })
    // Given back without counting the attempt.
    expect((await jobRow(a.id))!.attempts).toBe(0)
    await drainPhotoJobs()

    const changes = db.$client.prepare('select total_changes() as n').pluck()
    const before = changes.get()
    expect(await jobs.claim('idle', new Date(), LEASE)).toBeNull()
    expect(changes.get()).toBe(before)
  })

  it('a running worker takes a job as soon as it is woken, several at once up to its concurrency, and gives back what it holds when stopped', async () => {
    const photos = [await upload(fixtures.orientation[4]), await upload(fixtures.orientation[5]), await upload(fixtures.orientation[7])]
    const worker = startWorker(jobs, photoJobHandler(), { concurrency: 2, leaseMs: LEASE, pollMs: 60_000, log: silent })
    worker.wake()
    await expect.poll(async () => (await Promise.all(photos.map((p) => photoRow(p.id)))).map((r) => r!.status), { timeout: 30_000 }).toEqual(['ready', 'ready', 'ready'])
    await worker.stop()

    const stuck = await upload(fixtures.orientation[8])
    const stuckWorker = startWorker(jobs, { run: () => new Promise<void>(() => {}), giveUp: async () => {} }, { concurrency: 1, leaseMs: LEASE, pollMs: 60_000, log: silent })
    stuckWorker.wake()
    await expect.poll(async () => (await jobRow(stuck.id))?.attempts).toBe(1)
    await stuckWorker.stop(50)
    expect(await jobRow(stuck.id)).toMatchObject({ attempts: 0, leaseUntil: null })
    await drainPhotoJobs()
  })
})

afterAll(async () => {
  const dir = path.dirname(uploads)
  if (dir.startsWith(os.tmpdir())) await rm(dir, { recursive: true, force: true })
})
