/** A contest's cover photo, uploaded by an organiser through the photo pipeline; served by the one photo route (access.server.ts). */
import { MaxFileSizeExceededError, MaxFilesExceededError, MaxTotalSizeExceededError, parseFormData } from '@remix-run/form-data-parser'
import { eq } from 'drizzle-orm'
import { getDb, schema, transaction, firstRow } from '../../../db/client.server'
import { recordAudit } from '../audit/audit.server'
import { getStorage } from '~/utils/storage.server'
import { Refusal } from '../../utils/refusal'
import { storePhoto } from './pipeline.server'
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_MB } from './view'

const { contest, photo } = schema

/** The posted cover file, refused with a Russian message when there is none or it is too big. */
export async function readCoverUpload(request: Request) {
  let formData: FormData
  try {
    formData = await parseFormData(request, { maxFiles: 1, maxFileSize: MAX_UPLOAD_BYTES, maxParts: 10 }, (file) => (file.fieldName === 'cover' ? file : null))
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError) {
      throw new Refusal('invalid', `Файл слишком большой: допустимо не больше ${MAX_UPLOAD_MB} МБ.`, 'cover')
    }
    if (error instanceof MaxFilesExceededError) throw new Refusal('invalid', 'Выберите одну фотографию.', 'cover')
    throw new Refusal('invalid', 'Файл не удалось получить, попробуйте ещё раз.', 'cover')
  }
  const file = formData.get('cover')
  if (!(file instanceof File) || file.size === 0) throw new Refusal('invalid', 'Выберите фотографию для обложки.', 'cover')
  return file
}

/** Stores the new cover (every variant re-encoded, without metadata) and removes the old one. */
export async function replaceCover(actorId: string, contestId: number, file: File) {
  // A refused photo is said beside the cover field by the route.
  const stored = await storePhoto({ buffer: Buffer.from(await file.arrayBuffer()), originalName: file.name })
  const db = getDb()
  const old = await transaction(db, async (tx) => {
    const current = await firstRow(tx.select({ coverPhotoId: contest.coverPhotoId }).from(contest).where(eq(contest.id, contestId)))
    await tx.insert(photo).values({ id: stored.id, ownerId: actorId, sha256: stored.sha256, width: stored.width, height: stored.height, variants: stored.variants, originalName: file.name.slice(0, 200) })
    await tx.update(contest).set({ coverPhotoId: stored.id, updatedAt: new Date() }).where(eq(contest.id, contestId))
    const previous = current?.coverPhotoId ? await firstRow(tx.select().from(photo).where(eq(photo.id, current.coverPhotoId))) : undefined
    if (previous) await tx.delete(photo).where(eq(photo.id, previous.id))
    await recordAudit(tx, { actorId, action: 'contest.cover', entityType: 'contest', entityId: contestId, contestId, before: { coverPhotoId: previous?.originalName ?? null }, after: { coverPhotoId: file.name } })
    return previous
  })
  // Files go after the commit: a failed transaction must not leave the contest pointing at deleted files.
  if (old) await Promise.allSettled(old.variants.map((v) => getStorage().delete(v.key)))
}
