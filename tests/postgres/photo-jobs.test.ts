/**
 * The photo queue's PostgreSQL adapter (app/modules/photos/queue-postgres.server.ts) on a real
 * PostgreSQL database: the same contract as on SQLite (tests/inprocess/photo-jobs.test.ts) — a job
 * recorded in the photo's transaction, taken by one worker at a time (`FOR UPDATE SKIP LOCKED`, here
 * with workers on separate connections at once), taken again once its lease has run out, retried no
 * sooner than asked, given up after MAX_ATTEMPTS — with the generic worker loop on top. The app
 * takes this adapter when it runs on PostgreSQL (app/modules/photos/worker.server.ts).
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import * as schema from '../../db/schema-pg'
import { createPostgresPhotoJobs, type PgDB } from '../../app/modules/photos/queue-postgres.server'
import { drainQueue, MAX_ATTEMPTS, retryDelayMs, startWorker, type ClaimedJob, type PhotoJobHandler } from '../../app/modules/photos/queue.server'
import { connectionConfig, postgresAvailable, usePostgresDatabase } from '../setup/postgres'

const LEASE = 60_000
const T0 = new Date('2026-12-03T09:00:00.000Z')
const at = (ms: number) => new Date(T0.getTime() + ms)
const silent = () => {}

const available = await postgresAvailable()

describe.skipIf(!available)('the photo queue on PostgreSQL', () => {
  const postgres = usePostgresDatabase()
  const db = () => postgres.db as unknown as PgDB
  const jobs = () => createPostgresPhotoJobs(db())
  let ownerId: string | undefined

  /** A photo row with its job, recorded in one transaction as the upload does. */
  async function photoWithJob(now = T0) {
    ownerId ??= (await db().insert(schema.user).values({ id: randomUUID(), email: `pg-${randomUUID()}@example.ru`, fullName: 'Тестова Анна' }).returning())[0].id
    const id = randomUUID()
    await db().transaction(async (tx) => {
      await tx.insert(schema.photo).values({ id, ownerId: ownerId!, sha256: 'x', width: 800, height: 600, variants: [], status: 'processing' })
      await jobs().enqueue(tx, id, now)
    })
    return id
  }
  const jobRow = async (photoId: string) => (await db().select().from(schema.photoJob).where(eq(schema.photoJob.photoId, photoId)))[0]
  const clear = async () => {
    await db().delete(schema.photoJob)
  }

  it('records a job only with its photo: a rolled-back transaction leaves neither', async () => {
    const id = randomUUID()
    await expect(
      db().transaction(async (tx) => {
        await tx.insert(schema.user).values({ id, email: `${id}@example.ru`, fullName: 'Откатова' })
        await tx.insert(schema.photo).values({ id, ownerId: id, sha256: 'x', width: 1, height: 1, variants: [], status: 'processing' })
        await jobs().enqueue(tx, id, T0)
        throw new Error('a later step failed')
      }),
    ).rejects.toThrow('a later step failed')
    expect(await jobRow(id)).toBeUndefined()
  })

  it('gives each job to one worker only, with workers taking jobs at once on connections of their own', async () => {
    await clear()
    const ids = new Set<string>()
    for (let i = 0; i < 12; i++) ids.add(await photoWithJob())
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ ...connectionConfig(postgres.name), max: 1 }))
    try {
      const workers = pools.map((pool) => createPostgresPhotoJobs(drizzle(pool, { schema })))
      const taken: ClaimedJob[][] = await Promise.all(
        workers.map(async (queue, w) => {
          const mine: ClaimedJob[] = []
          for (let job = await queue.claim(`w${w}`, T0, LEASE); job; job = await queue.claim(`w${w}`, T0, LEASE)) mine.push(job)
          return mine
        }),
      )
      const all = taken.flat()
      expect(all.map((j) => j.photoId).sort()).toEqual([...ids].sort())
      expect(new Set(all.map((j) => j.id)).size).toBe(12)
      expect(all.every((j) => j.attempts === 1)).toBe(true)
      expect(await jobs().status(T0)).toEqual({ waiting: 0, running: 12 })
    } finally {
      await Promise.all(pools.map((pool) => pool.end()))
    }
  })

  it('takes exactly one job per take, whatever plan PostgreSQL chooses for it', async () => {
    // With these settings the planner runs a take's choice of the next job once per row of the table
    // (a nested loop with the choice inside), as it did on its own under load in CI: a take written as
    // `id IN (choice)` then held every due job while returning only the first, and the others waited a
    // whole lease for nobody. A take must hold only the job it returns.
    await clear()
    for (let i = 0; i < 3; i++) await photoWithJob()
    const settings = ['enable_hashagg', 'enable_sort', 'enable_hashjoin', 'enable_mergejoin', 'enable_material', 'enable_seqscan'].map((s) => `-c ${s}=off`).join(' ')
    const pool = new pg.Pool({ ...connectionConfig(postgres.name), max: 1, options: settings })
    try {
      const queue = createPostgresPhotoJobs(drizzle(pool, { schema }))
      const job = (await queue.claim('w', T0, LEASE))!
      const held = await db().select().from(schema.photoJob).where(eq(schema.photoJob.worker, 'w'))
      expect(held.map((row) => row.id)).toEqual([job.id])
      expect(await jobs().status(T0)).toEqual({ waiting: 2, running: 1 })
    } finally {
      await pool.end()
    }
  })

  it('takes a job again once its worker’s lease has run out, and a stale worker can neither renew nor finish it', async () => {
    await clear()
    const photoId = await photoWithJob()
    const first = (await jobs().claim('worker-a', T0, LEASE))!
    expect(first).toMatchObject({ photoId, attempts: 1, worker: 'worker-a' })
    expect(await jobs().renew(first, at(30_000), LEASE)).toBe(true)
    // Renewed at 30 s: still held at 89 s.
    expect(await jobs().claim('worker-b', at(30_000 + LEASE - 1), LEASE)).toBeNull()
    const second = (await jobs().claim('worker-b', at(30_000 + LEASE + 1), LEASE))!
    expect(second).toMatchObject({ id: first.id, attempts: 2, worker: 'worker-b' })
    expect(await jobs().renew(first, at(100_000), LEASE)).toBe(false)
    expect(await jobs().finish(first)).toBe(false)
    expect(await jobs().finish(second)).toBe(true)
    expect(await jobRow(photoId)).toBeUndefined()
  })

  it('holds a retried job back until its time, and gives a released one back without counting the attempt', async () => {
    await clear()
    const photoId = await photoWithJob()
    const job = (await jobs().claim('w', T0, LEASE))!
    expect(await jobs().retry(job, at(5_000), 'Error: storage unreachable')).toBe(true)
    expect(await jobRow(photoId)).toMatchObject({ attempts: 1, leaseUntil: null, runAfter: at(5_000), lastError: 'Error: storage unreachable' })
    expect(await jobs().claim('w', at(4_999), LEASE)).toBeNull()
    const again = (await jobs().claim('w', at(5_000), LEASE))!
    expect(again.attempts).toBe(2)
    await jobs().release(again)
    expect(await jobRow(photoId)).toMatchObject({ attempts: 1, leaseUntil: null })
    expect(await jobs().status(at(5_000))).toEqual({ waiting: 1, running: 0 })
  })

  it('loses the job with its photo: deleting the photo deletes the job', async () => {
    await clear()
    const photoId = await photoWithJob()
    await db().delete(schema.photo).where(eq(schema.photo.id, photoId))
    expect(await jobRow(photoId)).toBeUndefined()
  })

  it('under the worker loop: a job failing for a reason that may pass is retried with growing delays, then given up once', async () => {
    await clear()
    const photoId = await photoWithJob()
    const gaveUp: string[] = []
    const handler: PhotoJobHandler = {
      run: () => Promise.reject(new Error('storage unreachable')),
      giveUp: async (job) => void gaveUp.push(job.photoId),
    }
    let now = 0
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await drainQueue(jobs(), handler, { leaseMs: LEASE, clock: () => at(now), log: silent })).toBe(1)
      expect((await jobRow(photoId)).attempts).toBe(attempt)
      now += retryDelayMs(attempt)
    }
    expect(await drainQueue(jobs(), handler, { leaseMs: LEASE, clock: () => at(now), log: silent })).toBe(1)
    expect(gaveUp).toEqual([photoId])
    expect(await jobRow(photoId)).toBeUndefined()
  })

  it('under the worker loop: jobs enqueued while it runs are done, and what it holds when stopped goes back', async () => {
    await clear()
    const done: string[] = []
    const worker = startWorker(jobs(), { run: async (job) => void done.push(job.photoId), giveUp: async () => {} }, { concurrency: 2, leaseMs: LEASE, pollMs: 20, log: silent })
    const ids = [await photoWithJob(new Date()), await photoWithJob(new Date()), await photoWithJob(new Date())]
    await expect.poll(() => [...done].sort(), { timeout: 10_000 }).toEqual([...ids].sort())
    await worker.stop()
    expect(await jobs().status(new Date())).toEqual({ waiting: 0, running: 0 })

    const stuck = await photoWithJob(new Date())
    const stuckWorker = startWorker(jobs(), { run: () => new Promise<void>(() => {}), giveUp: async () => {} }, { concurrency: 1, leaseMs: LEASE, pollMs: 20, log: silent })
    await expect.poll(async () => (await jobRow(stuck))?.attempts, { timeout: 10_000 }).toBe(1)
    await stuckWorker.stop(50)
    expect(await jobRow(stuck)).toMatchObject({ attempts: 0, leaseUntil: null })
  })
})
