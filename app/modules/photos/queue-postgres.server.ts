/**
 * The photo queue on PostgreSQL: the same `photo_job` table and leases as on SQLite (db/schema-pg), a
 * take being one statement that locks the next due row with `FOR UPDATE SKIP LOCKED`, so that workers
 * on several machines take different jobs without waiting for each other. Why not graphile-worker:
 * docs/decisions/020-photo-processing-queue.md.
 */
import { and, asc, count, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import * as schema from '../../../db/schema-pg'
import type { ClaimedJob, PhotoJobs } from './queue.server'

export type PgDB = NodePgDatabase<typeof schema>

const { photoJob } = schema

const free = (now: Date) => and(lte(photoJob.runAfter, now), or(isNull(photoJob.leaseUntil), lt(photoJob.leaseUntil, now)))
const held = (job: ClaimedJob) => and(eq(photoJob.id, job.id), eq(photoJob.worker, job.worker), eq(photoJob.attempts, job.attempts))

export function createPostgresPhotoJobs(db: PgDB): PhotoJobs<PgDB> {
  return {
    async enqueue(tx, photoId, now) {
      await tx.insert(photoJob).values({ photoId, runAfter: now, createdAt: now })
    },

    async claim(worker, now, leaseMs) {
      // `id = (choice)`, a scalar subquery, is run once whatever the plan; `id IN (choice)` may be run
      // once per row of the table, each run skipping the row the one before just took, and hold them all.
      const next = db
        .select({ id: photoJob.id })
        .from(photoJob)
        .where(free(now))
        .orderBy(asc(photoJob.runAfter), asc(photoJob.id))
        .limit(1)
        .for('update', { skipLocked: true })
      const [taken] = await db
        .update(photoJob)
        .set({ attempts: sql`${photoJob.attempts} + 1`, leaseUntil: new Date(now.getTime() + leaseMs), worker })
        .where(eq(photoJob.id, sql`(${next})`))
        .returning({ id: photoJob.id, photoId: photoJob.photoId, attempts: photoJob.attempts })
      return taken ? { ...taken, worker } : null
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
      const [row] = await db
        .select({ all: count(), running: count(sql`case when ${photoJob.leaseUntil} >= ${now.toISOString()}::timestamptz then 1 end`) })
        .from(photoJob)
      return { waiting: (row?.all ?? 0) - (row?.running ?? 0), running: row?.running ?? 0 }
    },
  }
}
