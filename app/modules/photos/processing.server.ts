/**
 * What a photo job does (docs/decisions/020-…): the upload kept as received becomes the variants, and
 * the photo 'ready'; or, refused by the pipeline or given up, the photo 'failed' with the message the
 * resident reads on the entry, and nothing of it left in storage. Every step can be run again after
 * the worker died anywhere in it: the variants' keys follow from the photo's id (a second run writes
 * the same keys), and a photo already settled is only tidied up.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { and, eq } from 'drizzle-orm'
import { firstRow, getDb, schema, type DB } from '../../../db/client.server'
import type { PhotoStatus } from '../../../db/schema/enums'
import { getEnv } from '../../utils/env.server'
import { Refusal } from '../../utils/refusal'
import { getOriginalsStorage, getStorage, type Storage } from '../../utils/storage.server'
import { originalKey, processPhoto, removePhotoFiles, storeVariants, variantKeys } from './pipeline.server'
import type { ClaimedJob, PhotoJobHandler } from './queue.server'
import { jobsDir } from './uploads.server'

const { photo } = schema

/** Where the variants go, and where the uploads are kept until their jobs are done. */
type Stores = { variants: Storage; originals: Storage }

type PhotoRow = { id: string; status: PhotoStatus; originalName: string; originalKey: string | null }

/** Said on the entry when the job gave up on a photo (its attempts used up), whatever the last error was. */
export const gaveUpMessage = (name: string) =>
  `Фотографию «${name || 'без имени'}» не удалось обработать. Удалите её и загрузите ещё раз или выберите другую.`
/** Said when the upload kept for the job is not in storage any more. */
const originalLostMessage = (name: string) => `Загруженный файл «${name || 'без имени'}» не сохранился. Удалите эту фотографию и загрузите её ещё раз.`

async function readPhoto(db: DB, photoId: string): Promise<PhotoRow | undefined> {
  return firstRow(db.select({ id: photo.id, status: photo.status, originalName: photo.originalName, originalKey: photo.originalKey }).from(photo).where(eq(photo.id, photoId)))
}

/** The photo 'failed' with the message people read, and its files gone (the kept upload, any variants). */
async function settleFailed(db: DB, stores: Stores, row: PhotoRow, message: string) {
  await db
    .update(photo)
    .set({ status: 'failed', failure: message, variants: [], originalKey: null })
    .where(and(eq(photo.id, row.id), eq(photo.status, 'processing')))
  await removePhotoFiles([{ id: row.id }], stores.variants, stores.originals)
}

/** The kept upload, copied to a temporary file of this worker's (libvips reads a file as it decodes); null when it is gone. */
async function fetchOriginal(originals: Storage, row: PhotoRow): Promise<string | null> {
  const found = await originals.get(row.originalKey ?? originalKey(row.id))
  if (!found) return null
  const dir = jobsDir()
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, `job-${randomUUID()}.part`)
  try {
    await pipeline(found.stream, createWriteStream(file, { flags: 'wx' }))
  } catch (error) {
    await rm(file, { force: true })
    throw error
  }
  return file
}

/**
 * Tests only (PHOTO_JOB_TEST_PAUSE): the job stops for good once its variants are written and before the
 * photo is marked ready, and says so by creating the file, so that a test can kill the worker exactly
 * midway instead of racing it with a timer.
 */
async function pauseForTests(job: ClaimedJob) {
  const marker = getEnv().PHOTO_JOB_TEST_PAUSE
  if (!marker) return
  // Written aside and renamed into place: the test, which waits for the file to exist, never reads it half written.
  await writeFile(`${marker}.part`, JSON.stringify({ jobId: job.id, photoId: job.photoId, pid: process.pid }))
  await rename(`${marker}.part`, marker)
  await new Promise<never>(() => {})
}

export function photoJobHandler(options: { db?: DB; storage?: Storage; originals?: Storage } = {}): PhotoJobHandler {
  const db = () => options.db ?? getDb()
  const stores = (): Stores => ({ variants: options.storage ?? getStorage(), originals: options.originals ?? options.storage ?? getOriginalsStorage() })
  const removeAll = (id: string) => removePhotoFiles([{ id }], stores().variants, stores().originals)
  return {
    async run(job) {
      const row = await readPhoto(db(), job.photoId)
      // Deleted meanwhile (its job went with it): whatever a run wrote for it goes too.
      if (!row) return removeAll(job.photoId)
      // Settled by an earlier run that died before removing its job: only the tidying is left.
      if (row.status === 'ready') return stores().originals.delete(originalKey(row.id))
      if (row.status === 'failed') return removeAll(row.id)

      const file = await fetchOriginal(stores().originals, row)
      if (!file) return settleFailed(db(), stores(), row, originalLostMessage(row.originalName))
      try {
        let processed
        try {
          processed = await processPhoto({ filePath: file, originalName: row.originalName })
        } catch (error) {
          if (error instanceof Refusal) return await settleFailed(db(), stores(), row, error.message)
          throw error
        }
        // A run before this one may have written some variants: UploadThing refuses to write a key twice.
        if (job.attempts > 1) await Promise.all(variantKeys(row.id).map((key) => stores().variants.delete(key)))
        const variants = await storeVariants(row.id, processed.variants, stores().variants)
        await pauseForTests(job)
        const [done] = await db()
          .update(photo)
          .set({ status: 'ready', variants, width: processed.width, height: processed.height, failure: null, originalKey: null })
          .where(and(eq(photo.id, row.id), eq(photo.status, 'processing')))
          .returning({ id: photo.id })
        if (!done) {
          // Deleted, or given up by another worker, while this one worked: its variants must not stay.
          const now = await readPhoto(db(), row.id)
          if (!now || now.status === 'failed') await removeAll(row.id)
          return
        }
        await stores().originals.delete(row.originalKey ?? originalKey(row.id))
      } finally {
        await rm(file, { force: true })
      }
    },

    async giveUp(job) {
      const row = await readPhoto(db(), job.photoId)
      if (!row) return removeAll(job.photoId)
      if (row.status === 'processing') await settleFailed(db(), stores(), row, gaveUpMessage(row.originalName))
    },
  }
}
