/**
 * Photo rows: uploads waiting for their entry, and the same photo turning up twice in a contest.
 * Who may see which photo: access.server.ts.
 */
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm'
import type { PhotoStatus, PhotoVariant } from '../../../db/schema'
import { getDb, schema, transaction, type DB, firstRow } from '../../../db/client.server'
import { getStorage, type Storage } from '../../utils/storage.server'
import { formatEntryNumber } from '../contests/entry-number'
import { Refusal } from '../../utils/refusal'
import { removePhotoFiles } from './pipeline.server'
import { sweepOrphanPhotos } from './sweep.server'
import { acceptUploads, discardAccepted, processingPhoto, receiveForm, type AcceptedUpload, type IncomingFile } from './uploads.server'
import { enqueuePhotoJob, wakePhotoWorker } from './worker.server'
import { photoView, type PhotoView } from './view'

const { photo, entry, contest } = schema

/**
 * A photo uploaded ahead of its form (the page with JavaScript sends files as soon as they are chosen),
 * recorded with its job in one transaction.
 */
async function createPendingPhoto(ownerId: string, upload: AcceptedUpload) {
  const row = await transaction(getDb(), async (tx) => {
    const [created] = await tx
      .insert(photo)
      .values({ ...processingPhoto(upload), ownerId, entryId: null })
      .returning()
    await enqueuePhotoJob(tx, created.id)
    return created
  })
  wakePhotoWorker()
  return photoView(row)
}

/** A photo waiting for its form, as the form shows it: its view and the file's name. */
export type PendingPhoto = PhotoView & { originalName: string }

const pendingView = (row: { id: string; width: number; height: number; variants: PhotoVariant[]; status: PhotoStatus; failure: string | null; originalName: string }): PendingPhoto => ({
  ...photoView(row),
  originalName: row.originalName,
})

/**
 * The uploads of a form that comes back without JavaScript (a list button, a refused form), kept as the
 * user's photos waiting for their form, like the ones the picker sends ahead: recorded with their jobs
 * in one transaction, so the form can carry their ids and attach them when it is saved (or the sweep
 * removes them a day later). Refuses (nothing recorded) past the limit of such photos.
 */
export async function keepPendingPhotos(ownerId: string, uploads: AcceptedUpload[]): Promise<PendingPhoto[]> {
  if (!uploads.length) return []
  if ((await countPendingPhotos(ownerId)) + uploads.length > MAX_PENDING) throw tooManyPending()
  const rows = await transaction(getDb(), async (tx) => {
    const created = await tx
      .insert(photo)
      .values(uploads.map((upload) => ({ ...processingPhoto(upload), ownerId, entryId: null })))
      .returning()
    for (const row of created) await enqueuePhotoJob(tx, row.id)
    return created
  })
  wakePhotoWorker()
  return uploads.map((upload) => pendingView(rows.find((r) => r.id === upload.id)!))
}

/** The user's photos waiting for their form among `ids`, in that order; ids of other photos are left out. */
export async function pendingPhotos(ownerId: string, ids: string[]): Promise<PendingPhoto[]> {
  if (!ids.length) return []
  const rows = await getDb()
    .select()
    .from(photo)
    .where(and(inArray(photo.id, ids), eq(photo.ownerId, ownerId), isNull(photo.entryId)))
  return ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id)
    return row ? [pendingView(row)] : []
  })
}

const tooManyPending = () => new Refusal('invalid', 'Слишком много загруженных, но не сохранённых фотографий. Сохраните заявку или обновите страницу.')

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
    .returning({ id: photo.id, variants: photo.variants })
  if (!row) return false
  await removePhotoFiles([row], storage)
  return true
}

/**
 * Numbers of other sent entries of the contest holding a photo with the same bytes, by hash.
 * Drafts are nobody's business yet, and a withdrawn entry's photo may rightly come back in a new one.
 */
export async function findDuplicates(contestId: number, hashes: string[], exceptEntryId: number | null = null, db: DB = getDb()) {
  const found = new Map<string, string[]>()
  for (const r of await sameHashRows(contestId, hashes, db)) {
    if (r.entryId === exceptEntryId) continue
    const list = found.get(r.sha256) ?? []
    if (!list.includes(r.label)) list.push(r.label)
    found.set(r.sha256, list)
  }
  return found
}

/**
 * The duplicate check of a whole list of entries (a page of the moderation queue) in one query: for
 * each entry's photo, the numbers of the other entries of the contest with the same photo.
 */
export async function findDuplicatesOfEntries(contestId: number, photos: { entryId: number; sha256: string }[], db: DB = getDb()) {
  const rows = await sameHashRows(
    contestId,
    photos.map((p) => p.sha256),
    db,
  )
  return (entryId: number, sha256: string) => [...new Set(rows.filter((r) => r.sha256 === sha256 && r.entryId !== entryId).map((r) => r.label))]
}

/** Photos of the contest's sent entries with one of these hashes, with their entries' numbers. */
async function sameHashRows(contestId: number, hashes: string[], db: DB) {
  if (hashes.length === 0) return []
  const rows = await db
    .select({ sha256: photo.sha256, entryId: entry.id, seq: entry.seq, prefix: contest.numberPrefix })
    .from(photo)
    .innerJoin(entry, eq(entry.id, photo.entryId))
    .innerJoin(contest, eq(contest.id, entry.contestId))
    .where(and(eq(entry.contestId, contestId), inArray(photo.sha256, [...new Set(hashes)]), inArray(entry.status, ['submitted', 'accepted', 'rejected', 'disqualified'])))
    .orderBy(asc(entry.seq))
  return rows.map((r) => ({ sha256: r.sha256, entryId: r.entryId, label: formatEntryNumber(r.prefix, r.seq) }))
}

/** More than any contest takes: past this, uploads that were never used are piling up. */
const MAX_PENDING = 40

/** Refuses a new photo ahead of a form when the person already has too many waiting (checked again as it is kept). */
export async function refuseTooManyPending(ownerId: string) {
  if ((await countPendingPhotos(ownerId)) >= MAX_PENDING) throw tooManyPending()
}

/**
 * One photo sent by the page ahead of its form: checked and kept as received, its job recorded, and
 * stored as the user's, attached to no entry until the form is saved; the answer does not wait for
 * the variants. `contestId` only serves the duplicate warning. Refuses (a Refusal) a body over the
 * limits, a missing file or one that fails the cheap checks, too many pending photos.
 */
export async function receivePendingPhoto(request: Request, ownerId: string, contestId: number | null) {
  const received = await receiveForm(request, { fileField: 'photo', maxFiles: 1 })
  try {
    if (received.writeFailure) throw received.writeFailure
    const [file] = received.files
    if (!file) throw new Refusal('invalid', 'Файл не получен: выберите фотографию ещё раз.')
    return await keepPendingPhoto(file, ownerId, contestId)
  } finally {
    await received.discard()
  }
}

/**
 * The checks and the keeping of a photo sent ahead of its form, once its bytes are on disk: from a
 * form post (receivePendingPhoto) or from a resumable upload that has completed (resumable.server.ts).
 * The file itself is the caller's to remove.
 */
export async function keepPendingPhoto(file: IncomingFile, ownerId: string, contestId: number | null) {
  try {
    await refuseTooManyPending(ownerId)
    const [upload] = await acceptUploads([file])
    try {
      const view = await createPendingPhoto(ownerId, upload)
      const duplicate = contestId !== null && (await findDuplicates(contestId, [upload.sha256])).size > 0
      return { photo: view, duplicate }
    } catch (error) {
      await discardAccepted([upload])
      throw error
    }
  } finally {
    sweepOrphanPhotos().catch((error) => console.error('Orphan photo sweep failed', error))
  }
}
