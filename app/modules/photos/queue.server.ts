/**
 * The photo-processing queue (docs/decisions/020-photo-processing-queue.md): one interface, `PhotoJobs`,
 * with an adapter per database engine (queue-sqlite.server.ts, queue-postgres.server.ts), and the
 * worker loop that runs jobs from any of them. A job is taken under a lease that its worker renews while
 * it works; a job whose worker died (the lease ran out) is taken again, and after `MAX_ATTEMPTS` takes
 * the photo is given up with a message. What a job does to its photo is the handler's
 * (processing.server.ts): this file knows nothing of photos but their ids.
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'

/** A job as a worker holds it: `worker` and `attempts` together are its lease's token. */
export type ClaimedJob = { id: number; photoId: string; attempts: number; worker: string }

export type QueueStatus = {
  /** Jobs no worker holds: new, waiting for a retry, or left by a worker whose lease ran out. */
  waiting: number
  /** Jobs a worker holds under a lease that has not run out. */
  running: number
}

/**
 * A queue of photo jobs on one database. `Handle` is the engine's database handle: `enqueue` takes the
 * caller's transaction, so that the job exists exactly when the photo row does. Every call that a
 * worker makes about a job it holds is conditional on its token: a worker whose lease ran out and whose
 * job was taken by another changes nothing.
 */
export interface PhotoJobs<Handle = unknown> {
  /** Records the job for a photo, in the transaction that records the photo. */
  enqueue(tx: Handle, photoId: string, now: Date): Promise<void>
  /**
   * Takes one due job (new, its retry's time come, or its lease run out) for `worker`, counting an
   * attempt; null when there is none. Two workers never take the same job at once.
   */
  claim(worker: string, now: Date, leaseMs: number): Promise<ClaimedJob | null>
  /** Extends the lease; false when the job is no longer this worker's (taken again, or its photo deleted). */
  renew(job: ClaimedJob, now: Date, leaseMs: number): Promise<boolean>
  /** Removes the job once its photo is settled (ready or failed); false when it was no longer this worker's. */
  finish(job: ClaimedJob): Promise<boolean>
  /** Gives the job back for another attempt from `runAfter` on, noting why. */
  retry(job: ClaimedJob, runAfter: Date, error: string): Promise<boolean>
  /** Gives the job back at once, its attempt not counted: the worker is stopping. */
  release(job: ClaimedJob): Promise<void>
  status(now: Date): Promise<QueueStatus>
}

/**
 * Takes of one job before its photo is given up, a worker's death included: enough for a storage or
 * database outage of a few minutes (the delays below), few enough that a file which kills its worker
 * (a decoder crash, memory running out) stops doing so.
 */
export const MAX_ATTEMPTS = 5

/** How long a job waits before its next attempt after a failure that may pass: 5 s, 15 s, 45 s, 2¼ min. */
export const retryDelayMs = (attempts: number) => Math.min(10 * 60_000, 5_000 * 3 ** Math.max(0, attempts - 1))

/** What a job does: the photo module's, handed to the worker loop. */
export type PhotoJobHandler = {
  /** Settles the job's photo (ready, or failed with a message); throws when trying again may succeed. */
  run(job: ClaimedJob): Promise<void>
  /** Settles the photo as failed once its attempts are used up; `reason` is the last error, if any. */
  giveUp(job: ClaimedJob, reason: unknown): Promise<void>
}

export type WorkerOptions = {
  /** Jobs run at once by this worker. */
  concurrency: number
  leaseMs: number
  /** How often an idle worker looks for jobs that were not announced to it (another process's, retries, leases run out). */
  pollMs: number
  clock?: () => Date
  log?: (message: string, error?: unknown) => void
}

export type RunningWorker = {
  /** Looks for jobs now: called after a transaction that enqueued one has committed. */
  wake(): void
  /** Takes no more jobs; waits up to `graceMs` for those running, then gives them back to the queue. */
  stop(graceMs?: number): Promise<void>
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000)

/** A name for this worker's jobs in the queue, telling which machine and process holds them. */
export const workerName = (slot: number) => `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}:${slot}`

/**
 * Runs one job it holds to its end: the handler's work under a renewed lease, then the job removed,
 * retried later, or given up. Never throws: what cannot be recorded (the database away) is logged, and
 * the lease running out brings the job back.
 */
async function runJob<H>(queue: PhotoJobs<H>, handler: PhotoJobHandler, job: ClaimedJob, options: Required<Pick<WorkerOptions, 'leaseMs' | 'clock' | 'log'>>) {
  const { leaseMs, clock, log } = options
  const heartbeat = setInterval(() => {
    queue.renew(job, clock(), leaseMs).then(
      (held) => {
        if (!held) log(`Photo job ${job.id} is no longer this worker's`)
      },
      (error: unknown) => log(`Could not renew the lease of photo job ${job.id}`, error),
    )
  }, Math.max(100, Math.floor(leaseMs / 3)))
  try {
    if (job.attempts > MAX_ATTEMPTS) {
      await handler.giveUp(job, null)
      await queue.finish(job)
      return
    }
    try {
      await handler.run(job)
    } catch (error) {
      log(`Photo job ${job.id} (photo ${job.photoId}), attempt ${job.attempts}, failed`, error)
      if (job.attempts >= MAX_ATTEMPTS) await handler.giveUp(job, error)
      else {
        await queue.retry(job, new Date(clock().getTime() + retryDelayMs(job.attempts)), describe(error))
        return
      }
    }
    await queue.finish(job)
  } catch (error) {
    log(`Photo job ${job.id} could not be settled; it is taken again once its lease runs out`, error)
  } finally {
    clearInterval(heartbeat)
  }
}

/**
 * Starts `concurrency` loops that take jobs and run them. An idle loop sleeps until woken (a job
 * enqueued in this process) or for `pollMs` (jobs of other processes, retries, leases run out).
 */
export function startWorker<H>(queue: PhotoJobs<H>, handler: PhotoJobHandler, options: WorkerOptions): RunningWorker {
  const clock = options.clock ?? (() => new Date())
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''))
  let stopped = false
  const sleepers = new Set<() => void>()
  const held = new Set<ClaimedJob>()
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake()
  }
  const sleep = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, options.pollMs)
      sleepers.add(done)
    })

  async function loop(slot: number) {
    const name = workerName(slot)
    while (!stopped) {
      let job: ClaimedJob | null = null
      try {
        job = await queue.claim(name, clock(), options.leaseMs)
      } catch (error) {
        log('Could not take a photo job', error)
      }
      if (stopped && job) {
        await queue.release(job).catch((error: unknown) => log(`Could not give back photo job ${job?.id}`, error))
        break
      }
      if (!job) {
        await sleep()
        continue
      }
      held.add(job)
      await runJob(queue, handler, job, { leaseMs: options.leaseMs, clock, log })
      held.delete(job)
    }
  }

  const loops = Array.from({ length: Math.max(1, options.concurrency) }, (_, slot) => loop(slot))
  return {
    wake: wakeAll,
    async stop(graceMs = 2_000) {
      stopped = true
      wakeAll()
      let timer: NodeJS.Timeout | undefined
      const finished = await Promise.race([
        Promise.all(loops).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ])
      clearTimeout(timer)
      // Jobs still running go back to the queue at once, rather than after their lease.
      if (!finished) await Promise.allSettled([...held].map((job) => queue.release(job)))
    },
  }
}

/**
 * Runs jobs one after another until none is due, in the calling process: for tests that need a photo's
 * variants, for the benchmark, and for a one-off run by hand. Returns how many jobs it ran.
 */
export async function drainQueue<H>(queue: PhotoJobs<H>, handler: PhotoJobHandler, options: { leaseMs: number; clock?: () => Date; log?: WorkerOptions['log'] }) {
  const clock = options.clock ?? (() => new Date())
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''))
  const name = workerName(0)
  let ran = 0
  for (let job = await queue.claim(name, clock(), options.leaseMs); job; job = await queue.claim(name, clock(), options.leaseMs)) {
    await runJob(queue, handler, job, { leaseMs: options.leaseMs, clock, log })
    ran++
  }
  return ran
}
