/**
 * Sweeping what uploads leave behind, in one place, run when a process starts (server.ts, worker.ts)
 * and every hour after:
 * - parts of files a process was writing when it died (kill -9, a power cut): a request's files in
 *   `.incoming/`, the local storage's temp files in `.tmp/`, a job's copy of its upload in `.jobs/`;
 * - files in the local storage with no photo row: variants and kept uploads whose photo is gone (its
 *   row was never committed, or was deleted while its job still wrote), found by the photo id their
 *   key encodes (pipeline.server.ts: variantKeys, originalKey);
 * - photo rows of forms never saved (uploaded ahead of the form, attached to no entry after a day).
 * A file is only removed once it has not been written to for an hour, so a file that another instance
 * or worker on the same folder is writing right now is never touched.
 *
 * Only the local folder is listed. In an S3 bucket (STORAGE=s3) a killed upload leaves no object
 * (a multipart upload is invisible until complete): a bucket lifecycle rule with
 * AbortIncompleteMultipartUpload (e.g. 1 day) frees its parts; objects of photos whose rows are gone
 * are not looked for there.
 */
import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { and, inArray, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'
import { getEnv } from '../../utils/env.server'
import { getStorage, storageKind, TEMP_DIR, uploadsRoot, type Storage } from '../../utils/storage.server'
import { originalKey, removePhotoFiles, variantKeys } from './pipeline.server'
import { incomingDir, jobsDir } from './uploads.server'

const { photo, contest } = schema

/** A part or a file unwritten for this long belongs to no running write. */
export const LEFTOVER_GRACE_MS = 60 * 60 * 1000
const SWEEP_EVERY_MS = 60 * 60 * 1000
/** A photo uploaded ahead of its form and not in an entry after this long: the form was never saved. */
const ORPHAN_PHOTO_AGE_MS = 24 * 60 * 60 * 1000

const isStale = async (file: string, now: Date) => {
  const info = await stat(file).catch(() => null)
  return !!info && info.isFile() && now.getTime() - info.mtimeMs > LEFTOVER_GRACE_MS
}

async function remove(file: string) {
  try {
    await rm(file, { force: true })
    return true
  } catch (error) {
    console.error('Could not remove a leftover upload file', error)
    return false
  }
}

/** Removes the stale parts of the three folders of files being written; returns how many. */
export async function sweepParts(now = new Date()) {
  let removed = 0
  for (const dir of [incomingDir(), path.join(uploadsRoot(), TEMP_DIR), jobsDir()]) {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names) {
      const file = path.join(dir, name)
      if ((await isStale(file, now)) && (await remove(file))) removed++
    }
  }
  return removed
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/
/** The photo id a stored file's key encodes, if the key is one of that photo's (anything else is not the sweep's). */
function photoIdOf(key: string) {
  const id = UUID.exec(path.posix.basename(key))?.[0]
  return id && (variantKeys(id).includes(key) || originalKey(id) === key) ? id : null
}

/** The keys under `top/` (`photos`, `originals`) of the local folder, two levels deep as the keys are. */
async function storedKeys(root: string, top: string) {
  const keys: string[] = []
  for (const sub of await readdir(path.join(root, top)).catch(() => [] as string[])) {
    for (const name of await readdir(path.join(root, top, sub)).catch(() => [] as string[])) keys.push(`${top}/${sub}/${name}`)
  }
  return keys
}

/** Removes stale files of photos that have no row; returns how many. Only the local folder's. */
export async function sweepOrphanFiles(now = new Date()) {
  const kind = storageKind(getEnv())
  const tops = [...(kind === 'local' ? ['photos'] : []), ...(kind === 's3' ? [] : ['originals'])]
  const root = uploadsRoot()
  let removed = 0
  for (const top of tops) {
    const candidates = new Map<string, string[]>()
    for (const key of await storedKeys(root, top)) {
      const id = photoIdOf(key)
      if (id && (await isStale(path.join(root, key), now))) candidates.set(id, [...(candidates.get(id) ?? []), key])
    }
    const ids = [...candidates.keys()]
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500)
      const known = new Set((await getDb().select({ id: photo.id }).from(photo).where(inArray(photo.id, batch))).map((r) => r.id))
      for (const id of batch) {
        if (known.has(id)) continue
        for (const key of candidates.get(id)!) if (await remove(path.join(root, key))) removed++
      }
    }
  }
  return removed
}

const coverPhotoIds = () =>
  getDb()
    .select({ id: sql<string>`${contest.coverPhotoId}` })
    .from(contest)
    .where(isNotNull(contest.coverPhotoId))

/**
 * Uploads whose form was never saved (the person closed the page): their rows and files. Run now and
 * then (also after each photo sent ahead of its form); each run handles a small batch so that it never
 * holds the database for long.
 */
export async function sweepOrphanPhotos(now = new Date(), storage: Storage = getStorage()) {
  const rows = await getDb()
    .delete(photo)
    .where(
      inArray(
        photo.id,
        getDb()
          .select({ id: photo.id })
          .from(photo)
          // A contest's cover belongs to no entry either, and is kept as long as it is the cover.
          .where(and(isNull(photo.entryId), lt(photo.createdAt, new Date(now.getTime() - ORPHAN_PHOTO_AGE_MS)), notInArray(photo.id, coverPhotoIds())))
          .limit(50),
      ),
    )
    .returning({ id: photo.id, variants: photo.variants })
  await removePhotoFiles(rows, storage)
  return rows.length
}

/** One sweep of everything above; never throws (each part's failure is logged). */
export async function sweepLeftovers(now = new Date()) {
  const run = async (what: string, sweep: () => Promise<number>) => {
    try {
      return await sweep()
    } catch (error) {
      console.error(`Could not sweep ${what}`, error)
      return 0
    }
  }
  const parts = await run('parts of uploads', () => sweepParts(now))
  const files = await run('files without a photo', () => sweepOrphanFiles(now))
  const photos = await run('photos of unsaved forms', () => sweepOrphanPhotos(now))
  return { parts, files, photos }
}

let timer: NodeJS.Timeout | undefined

/** Sweeps now and then every hour, in this process (the timer does not keep it alive). */
export function startSweeper() {
  if (timer) return
  const once = (first: boolean) =>
    sweepLeftovers().then(({ parts, files, photos }) => {
      if (first || parts + files + photos > 0) console.log(`Уборка загрузок: удалено частей незаконченных загрузок — ${parts}, файлов без фотографий — ${files}, несохранённых фотографий — ${photos}`)
    })
  void once(true)
  timer = setInterval(() => void once(false), SWEEP_EVERY_MS)
  timer.unref()
}
