/**
 * Photo rows: uploads waiting for their entry, and the same photo turning up twice in a contest.
 * Who may see which photo: access.server.ts.
 */
import { and, count, inArray, isNotNull, isNull, lt, ne, notInArray, eq, sql } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow } from '../../../db/client.server'
import { getStorage, type Storage } from '../../utils/storage.server'
import { formatEntryNumber } from '../contests/entry-number'
import { Refusal } from '../../utils/refusal'
import { receiveForm, removeStoredVariants, storeUpload, type StoredUpload } from './uploads.server'
import { photoView } from './view'

const { photo, entry, contest } = schema

/** A photo uploaded ahead of its form (the page with JavaScript sends files as soon as they are chosen). */
async function createPendingPhoto(ownerId: string, stored: StoredUpload) {
  const [row] = await getDb()
    .insert(photo)
    .values({
      id: stored.id,
      ownerId,
      entryId: null,
      sha256: stored.sha256,
      width: stored.width,
      height: stored.height,
      variants: stored.variants,
      originalName: stored.originalName.slice(0, 255),
    })
    .returning()
  return photoView(row)
}

async function countPendingPhotos(ownerId: string) {
  return (await firstRow(
    getDb()
      .select({ n: count() })
      .from(photo)
      .where(and(eq(photo.ownerId, ownerId), isNull(photo.entryId))),
  ))!.n
}

/** Deletes a photo that is not part of any entry yet, if it is the user's own. */
export async function discardPendingPhoto(ownerId: string, photoId: string, storage: Storage = getStorage()) {
  const [row] = await getDb()
    .delete(photo)
    .where(and(eq(photo.id, photoId), eq(photo.ownerId, ownerId), isNull(photo.entryId)))
    .returning({ variants: photo.variants })
  if (!row) return false
  await removeStoredVariants([row], storage)
  return true
}

const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000

/**
 * Uploads whose form was never saved (the person closed the page). Run now and then; each run
 * handles a small batch so that it never holds the database for long.
 */
const coverPhotoIds = () =>
  getDb()
    .select({ id: sql<string>`${contest.coverPhotoId}` })
    .from(contest)
    .where(isNotNull(contest.coverPhotoId))

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
          .where(and(isNull(photo.entryId), lt(photo.createdAt, new Date(now.getTime() - ORPHAN_AGE_MS)), notInArray(photo.id, coverPhotoIds())))
          .limit(50),
      ),
    )
    .returning({ variants: photo.variants })
  await removeStoredVariants(rows, storage)
  return rows.length
}

/**
 * Numbers of other sent entries of the contest holding a photo with the same bytes, by hash.
 * Drafts are nobody's business yet, and a withdrawn entry's photo may rightly come back in a new one.
 */
export async function findDuplicates(contestId: number, hashes: string[], exceptEntryId: number | null = null, db: DB = getDb()) {
  const found = new Map<string, string[]>()
  if (hashes.length === 0) return found
  const rows = await db
    .select({ sha256: photo.sha256, seq: entry.seq, prefix: contest.numberPrefix })
    .from(photo)
    .innerJoin(entry, eq(entry.id, photo.entryId))
    .innerJoin(contest, eq(contest.id, entry.contestId))
    .where(
      and(
        eq(entry.contestId, contestId),
        inArray(photo.sha256, [...new Set(hashes)]),
        inArray(entry.status, ['submitted', 'accepted', 'rejected', 'disqualified']),
        exceptEntryId === null ? undefined : ne(entry.id, exceptEntryId),
      ),
    )
  for (const r of rows) {
    const label = formatEntryNumber(r.prefix, r.seq)
    const list = found.get(r.sha256) ?? []
    if (!list.includes(label)) list.push(label)
    found.set(r.sha256, list)
  }
  return found
}

/** More than any contest takes: past this, uploads that were never used are piling up. */
const MAX_PENDING = 40

/**
 * One photo sent by the page ahead of its form: through the pipeline, then stored as the user's,
 * attached to no entry until the form is saved. `contestId` only serves the duplicate warning.
 * Refuses (a Refusal) a body over the limits, a missing or broken file, too many pending photos.
 */
export async function receivePendingPhoto(request: Request, ownerId: string, contestId: number | null) {
  const received = await receiveForm(request, { fileField: 'photo', maxFiles: 1 })
  try {
    const [file] = received.files
    if (!file) throw new Refusal('invalid', 'Файл не получен: выберите фотографию ещё раз.')
    if ((await countPendingPhotos(ownerId)) >= MAX_PENDING) {
      throw new Refusal('invalid', 'Слишком много загруженных, но не сохранённых фотографий. Сохраните заявку или обновите страницу.')
    }
    const stored = await storeUpload(file)
    try {
      const view = await createPendingPhoto(ownerId, stored)
      const duplicate = contestId !== null && (await findDuplicates(contestId, [stored.sha256])).size > 0
      return { photo: view, duplicate }
    } catch (error) {
      await removeStoredVariants([stored])
      throw error
    }
  } finally {
    await received.discard()
    sweepOrphanPhotos().catch((error) => console.error('Orphan photo sweep failed', error))
  }
}
