/**
 * The photo queue on SQLite, the embedded default: the `photo_job` table and a lease per job. Any
 * number of worker processes may share the database file; SQLite runs one write at a time, so a take
 * is a read of the next due job and an update conditional on its still being free: of two workers
 * reading the same job, one update changes the row and the other changes nothing and looks again.
 * An idle worker only reads, so it moves neither the page cache's data version nor the WAL.
 */
import { and, asc, count, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { firstRow, schema, type DB } from '../../../db/client.server'
import type { ClaimedJob, PhotoJobs } from './queue.server'

const { photoJob } = schema

/** Free to take at `now`: due, and held by nobody or by a worker whose lease has run out. */
const free = (now: Date) => and(lte(photoJob.runAfter, now), or(isNull(photoJob.leaseUntil), lt(photoJob.leaseUntil, now)))
const held = (job: ClaimedJob) => and(eq(photoJob.id, job.id), eq(photoJob.worker, job.worker), eq(photoJob.attempts, job.attempts))

export function createSqlitePhotoJobs(db: DB): PhotoJobs<DB> {
  return {
    async enqueue(tx, photoId, now) {
      await tx.insert(photoJob).values({ photoId, runAfter: now, createdAt: now })
    },

    async claim(worker, now, leaseMs) {
      // A handful of candidates, so that a worker losing a race to another takes the next one instead of sleeping.
      const candidates = await db.select({ id: photoJob.id }).from(photoJob).where(free(now)).orderBy(asc(photoJob.runAfter), asc(photoJob.id)).limit(4)
      for (const { id } of candidates) {
        const [taken] = await db
          .update(photoJob)
          .set({ attempts: sql`${photoJob.attempts} + 1`, leaseUntil: new Date(now.getTime() + leaseMs), worker })
          .where(and(eq(photoJob.id, id), free(now)))
          .returning({ id: photoJob.id, photoId: photoJob.photoId, attempts: photoJob.attempts })
        if (taken) return { ...taken, worker }
      }
      return null
    },

    async renew(job, now, leaseMs) {
      const rows = await db.update(photoJob).set({ leaseUntil: new Date(now.getTime() + leaseMs) }).where(held(job)).returning({ id: photoJob.id })
      return rows.length > 0
    },

    async finish(job) {
      const rows = await db.delete(photoJob).where(held(job)).returning({ id: photoJob.id })
      return rows.length > 0
    },

    async retry(job, runAfter, error) {
      const rows = await db.update(photoJob).set({ leaseUntil: null, runAfter, lastError: error }).where(held(job)).returning({ id: photoJob.id })
      return rows.length > 0
    },

    async release(job) {
      await db
        .update(photoJob)
        .set({ leaseUntil: null, attempts: sql`${photoJob.attempts} - 1` })
        .where(held(job))
    },

    async status(now) {
      const row = await firstRow(
        db
          .select({ all: count(), running: count(sql`case when ${photoJob.leaseUntil} >= ${now.getTime()} then 1 end`) })
          .from(photoJob),
      )
      return { waiting: (row?.all ?? 0) - (row?.running ?? 0), running: row?.running ?? 0 }
    },
  }
}
