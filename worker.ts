/**
 * A photo worker in a process of its own (`npm run worker`): it takes jobs from the queue on the
 * app's database and turns kept uploads into variants in the app's storage, with the same settings as
 * the web process (DATABASE_PATH, STORAGE and its keys, PHOTO_WORKER_CONCURRENCY, PHOTO_JOB_LEASE_SECONDS).
 * Run as many as the machines allow; web instances then run with PHOTO_WORKER=off.
 * docs/decisions/020-photo-processing-queue.md.
 */
import { getDb } from './db/client.server'
import { startPhotoWorker, stopPhotoWorker } from './app/modules/photos/worker.server'
import { startSweeper } from './app/modules/photos/sweep.server'
import { getEnv } from './app/utils/env.server'

const env = getEnv()
// Opening the database applies the migrations, as the web process does on start.
getDb()
startPhotoWorker({ alwaysRun: true })
// Parts its jobs left when a worker was killed, and the rest of the leftovers (app/modules/photos/sweep.server.ts).
startSweeper()
console.log(`Городские конкурсы: обработка фотографий запущена (${env.PHOTO_WORKER_CONCURRENCY} одновременно, pid ${process.pid})`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A job still running after 5 s goes back to the queue at once instead of waiting for its lease.
    void stopPhotoWorker(5000).finally(() => process.exit(0))
    setTimeout(() => process.exit(0), 7000).unref()
  })
}
