/**
 * A contest's cover photo, uploaded by an organiser along the same path as an entry's photos: the file
 * streamed to disk (`receiveForm`), the cheap checks while the request waits and the upload kept as
 * received (`acceptUploads`), the variants made by a photo job, within the queue's slots
 * (docs/decisions/020-…). Served by the one photo route (access.server.ts).
 */
import { eq } from 'drizzle-orm'
import { getDb, schema, transaction, firstRow } from '../../../db/client.server'
import { recordAudit } from '../audit/audit.server'
import { Refusal } from '../../utils/refusal'
import { removePhotoFiles } from './pipeline.server'
import { acceptUploads, discardAccepted, processingPhoto, receiveForm } from './uploads.server'
import { photoView } from './view'
import { enqueuePhotoJob, wakePhotoWorker } from './worker.server'

const { contest, photo } = schema

export const COVER_FIELD = 'cover'

/**
 * Receives the posted cover and makes it the contest's, «обрабатывается» until its job has made the
 * variants; the previous cover and its files go. Refuses (a Refusal, nothing stored, the cover left as
 * it was) a body over the limits, a missing file, and a file that fails the cheap checks.
 */
export async function uploadCover(request: Request, actorId: string, contestId: number) {
  const received = await receiveForm(request, { fileField: COVER_FIELD, maxFiles: 1 })
  try {
    const [file] = received.files
    if (!file) throw new Refusal('invalid', 'Выберите фотографию для обложки.', COVER_FIELD)
    const [upload] = await acceptUploads([file])
    let previous: { id: string; originalName: string } | undefined
    try {
      previous = await transaction(getDb(), async (tx) => {
        const current = await firstRow(tx.select({ coverPhotoId: contest.coverPhotoId }).from(contest).where(eq(contest.id, contestId)))
        await tx.insert(photo).values({ ...processingPhoto(upload), ownerId: actorId, entryId: null })
        await enqueuePhotoJob(tx, upload.id)
        await tx.update(contest).set({ coverPhotoId: upload.id, updatedAt: new Date() }).where(eq(contest.id, contestId))
        const old = current?.coverPhotoId ? await firstRow(tx.select({ id: photo.id, originalName: photo.originalName }).from(photo).where(eq(photo.id, current.coverPhotoId))) : undefined
        if (old) await tx.delete(photo).where(eq(photo.id, old.id))
        await recordAudit(tx, { actorId, action: 'contest.cover', entityType: 'contest', entityId: contestId, contestId, before: { coverPhotoId: old?.originalName ?? null }, after: { coverPhotoId: upload.originalName } })
        return old
      })
    } catch (error) {
      await discardAccepted([upload])
      throw error
    }
    wakePhotoWorker()
    // Files go after the commit: a failed transaction must not leave the contest pointing at deleted files.
    if (previous) await removePhotoFiles([previous])
  } finally {
    await received.discard()
  }
}

/** The contest's cover as the organiser's page shows it: the photo, or «обрабатывается», or why it failed. */
export async function coverView(coverPhotoId: string | null) {
  if (!coverPhotoId) return null
  const row = await firstRow(getDb().select().from(photo).where(eq(photo.id, coverPhotoId)))
  return row ? photoView(row) : null
}
