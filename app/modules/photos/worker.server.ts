/**
 * The photo queue as the app runs it (docs/decisions/020-…): the adapter of the database engine, the
 * worker inside the web process (started by server.ts unless PHOTO_WORKER=off) or in a process of its
 * own (worker.ts, `npm run worker`), and what the services call after recording a photo.
 */
import { engine, getDb, type DB } from '../../../db/client.server'
import { getEnv } from '../../utils/env.server'
import { photoJobHandler } from './processing.server'
import { drainQueue, startWorker, type PhotoJobs, type RunningWorker } from './queue.server'
import { createPostgresPhotoJobs, type PgDB } from './queue-postgres.server'
import { createSqlitePhotoJobs } from './queue-sqlite.server'

let queue: PhotoJobs<DB> | undefined

/** The queue on the database the app runs on. */
export function photoJobs(): PhotoJobs<DB> {
  queue ??= engine === 'postgres' ? (createPostgresPhotoJobs(getDb() as unknown as PgDB) as unknown as PhotoJobs<DB>) : createSqlitePhotoJobs(getDb())
  return queue
}

/** Records the photo's job, in the transaction that records the photo; `wakePhotoWorker` after it commits. */
export async function enqueuePhotoJob(tx: DB, photoId: string, now = new Date()) {
  await photoJobs().enqueue(tx, photoId, now)
}

let running: RunningWorker | null = null

const settings = () => {
  const env = getEnv()
  return { concurrency: env.PHOTO_WORKER_CONCURRENCY, leaseMs: env.PHOTO_JOB_LEASE_SECONDS * 1000, pollMs: env.PHOTO_WORKER_POLL_SECONDS * 1000 }
}

/**
 * Starts this process's worker: in the web process unless PHOTO_WORKER=off (`alwaysRun` for the worker
 * process itself). Returns it, or null when it is off.
 */
export function startPhotoWorker(options: { alwaysRun?: boolean } = {}): RunningWorker | null {
  if (!options.alwaysRun && getEnv().PHOTO_WORKER === 'off') return null
  if (!running) {
    running = startWorker(photoJobs(), photoJobHandler(), settings())
  }
  return running
}

/** Tells this process's worker, if it runs one, that a job is waiting (a worker elsewhere finds it by polling). */
export function wakePhotoWorker() {
  running?.wake()
}

/** Stops this process's worker, giving its running jobs back to the queue if they do not end within `graceMs`. */
export async function stopPhotoWorker(graceMs?: number) {
  const worker = running
  running = null
  await worker?.stop(graceMs)
}

/**
 * Runs the queue until no job is due, in this process: for tests and benchmarks that need the variants
 * (the app's own worker does this by itself). Returns how many jobs it ran.
 */
export function drainPhotoJobs() {
  return drainQueue(photoJobs(), photoJobHandler(), { leaseMs: settings().leaseMs })
}

/** How many photo jobs wait and run. */
export function photoQueueStatus(now = new Date()) {
  return photoJobs().status(now)
}
