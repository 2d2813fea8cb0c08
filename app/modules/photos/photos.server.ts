/**
 * Photo rows: uploads waiting for their entry, and the same photo turning up twice in a contest.
 * Who may see which photo: access.server.ts.
 */
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm'
import { getDb, schema, transaction, type DB, firstRow } from '../../../db/client.server'
import { getStorage, type Storage } from '../../utils/storage.server'
import { formatEntryNumber } from '../contests/entry-number'
import { Refusal } from '../../utils/refusal'
import { removePhotoFiles } from './pipeline.server'
import { sweepOrphanPhotos } from './sweep.server'
import { acceptUploads, discardAccepted, processingPhoto, receiveForm, type AcceptedUpload } from './uploads.server'
import { enqueuePhotoJob, wakePhotoWorker } from './worker.server'
import { photoView } from './view'

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
    if ((await countPendingPhotos(ownerId)) >= MAX_PENDING) {
      throw new Refusal('invalid', 'Слишком много загруженных, но не сохранённых фотографий. Сохраните заявку или обновите страницу.')
    }
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
    await received.discard()
    sweepOrphanPhotos().catch((error) => console.error('Orphan photo sweep failed', error))
  }
}
