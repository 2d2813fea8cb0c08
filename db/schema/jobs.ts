import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant } from './columns'
import { photo } from './entries'

/**
 * The photo-processing queue (docs/decisions/020-…): one row per photo whose variants are still to be
 * made, from the upload's transaction until its job is done or has failed (then the row goes and the
 * photo's status says how it ended). A worker takes a row by setting a lease; a row whose lease has
 * run out (its worker died) is taken again, up to a bounded number of attempts.
 */
export const photoJob = sqliteTable(
  'photo_job',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    photoId: text('photo_id')
      .notNull()
      .unique()
      .references(() => photo.id, { onDelete: 'cascade' }),
    /** Times a worker has taken the job, counted when it is taken: a worker that dies still used one. */
    attempts: integer('attempts').notNull().default(0),
    /** Not taken before this (a retry waits a little longer each time). */
    runAfter: instant('run_after').notNull(),
    /** While a worker holds the job: until when; it renews the lease while it works. */
    leaseUntil: instant('lease_until'),
    /** The worker holding (or last holding) the job; with `attempts`, what its writes are conditional on. */
    worker: text('worker'),
    /** The last error that made the job wait for another attempt, for whoever runs the service. */
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('photo_job_run_after_idx').on(t.runAfter)],
)
