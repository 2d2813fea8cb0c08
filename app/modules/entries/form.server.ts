/**
 * One posted application form, from the raw request to the saved entry: the same path for a
 * resident's new entry, an edit, and an operator's paper application. The order matters for what
 * is left behind on failure: the form is validated before any photo is looked at, photos are checked
 * and kept as received before the transaction that records them with their jobs, and whatever was
 * written is removed when a later step fails. The variants are made by the jobs, after the answer.
 */
import type { SubmissionResult } from '@conform-to/react'
import type { CurrentUser } from '../../utils/auth.server'
import { parseForm } from '../../utils/forms.server'
import { asRefusal, Refusal } from '../../utils/refusal'
import { refusalReply, refusalResult, refusalStatus } from '../../utils/refusal.server'
import { removePhotoFiles } from '../photos/pipeline.server'
import { acceptUploads, discardAccepted, receiveForm, type AcceptedUpload } from '../photos/uploads.server'
import { wakePhotoWorker } from '../photos/worker.server'
import type { EntryStatus } from '../../../db/schema'
import { assertAcceptingEntries } from '../contests/lifecycle'
import { assertEditable, countPlannedPhotos, saveEntry, type ContestRow, type SavedEntry } from './entries.server'
import { entrySchema, normaliseEntryValues, PHOTO_FIELD, readPhotoPlan, readSubmissionKey, type EntryFormSpec } from './validation'
import { publicBaseUrl } from '../../utils/public-url.server'
import { kickDelivery } from '../mail/outbox.server'


export type EntryFormOutcome =
  | { kind: 'saved'; saved: SavedEntry }
  /** The form comes back: refused by the schema or by a service (the status is refusal.server.ts's), or one author row more or less. */
  | { kind: 'reply'; status: number; result: SubmissionResult<string[]> }
  /** Another button of the page was pressed (e.g. «Отозвать»): its form data, for the route to handle. */
  | { kind: 'other'; formData: FormData }

type Context = {
  actor: CurrentUser
  contest: ContestRow
  spec: EntryFormSpec
  /** The entry being edited; null for a new one. */
  entry: { id: number; status: EntryStatus } | null
  ownerId: string
  operator: boolean
  now: Date
  /** Values of `_action` that the route handles itself. */
  otherActions?: string[]
}

export async function handleEntryForm(request: Request, ctx: Context): Promise<EntryFormOutcome> {
  let received
  try {
    received = await receiveForm(request, { fileField: PHOTO_FIELD, maxFiles: ctx.contest.maxPhotos })
  } catch (error) {
    // The form's values are lost with the body; the message goes beside the photos.
    return { kind: 'reply', ...refusalResult(asRefusal(error), PHOTO_FIELD) }
  }
  const { formData, files, extraFiles, writeFailure } = received
  let stored: AcceptedUpload[] = []
  try {
    const action = formData.get('_action')
    if (typeof action === 'string' && ctx.otherActions?.includes(action)) return { kind: 'other', formData }

    // The photos are counted before the answers are checked, so that a missing photo is told together with a missing title.
    const plan = readPhotoPlan(formData)
    const planned = await countPlannedPhotos(ctx.entry?.id ?? null, plan, files.length + extraFiles)
    const photos = { count: planned, minPhotos: ctx.contest.minPhotos, maxPhotos: ctx.contest.maxPhotos }
    const { submission, hideFields } = parseForm(formData, entrySchema(ctx.spec, photos), [PHOTO_FIELD])
    const reply = (options: { fieldErrors?: Record<string, string[]> } = {}) => submission.reply({ ...options, hideFields })
    const photoErrors = (submission.status !== 'success' && submission.error?.[PHOTO_FIELD]) || []
    const photosDropped = writeFailure
      ? { [PHOTO_FIELD]: [writeFailure.message] }
      : files.length || extraFiles
        ? { [PHOTO_FIELD]: [...photoErrors, 'Фотографии не сохранены: выберите их ещё раз.'] }
        : undefined

    // A list button without JavaScript (add or remove an author) comes back as the same form, one row more or less.
    if (submission.status === undefined) return { kind: 'reply', status: 200, result: reply({ fieldErrors: photosDropped }) }
    const refused = (refusal: Refusal) => ({ kind: 'reply' as const, ...refusalReply(submission, refusal, { hideFields }) })
    // What does not depend on the answers is said first: a closed contest, an entry already moderated.
    try {
      assertAcceptingEntries(ctx.contest, ctx.now)
      if (ctx.entry) assertEditable(ctx.entry)
    } catch (error) {
      return refused(asRefusal(error))
    }
    if (submission.status !== 'success') return { kind: 'reply', status: writeFailure ? refusalStatus(writeFailure) : 400, result: reply({ fieldErrors: photosDropped }) }
    // The disk refused the photos (full or read-only): the form comes back as typed, with the reason beside them.
    if (writeFailure) return refused(new Refusal(writeFailure.kind, writeFailure.message, PHOTO_FIELD))

    try {
      try {
        stored = await acceptUploads(files)
      } catch (error) {
        const refusal = asRefusal(error)
        const others = files.length > 1 ? '. Другие фотографии этой формы тоже не сохранены: выберите их ещё раз.' : ''
        return refused(new Refusal(refusal.kind, `${refusal.message}${others}`, PHOTO_FIELD))
      }
      const saved = await saveEntry({
        actor: ctx.actor,
        contest: ctx.contest,
        entryId: ctx.entry?.id ?? null,
        ownerId: ctx.ownerId,
        operator: ctx.operator,
        input: normaliseEntryValues(ctx.spec, submission.value),
        save: submission.value.save,
        plan,
        newPhotos: stored,
        now: ctx.now,
        appUrl: publicBaseUrl(request),
        submissionKey: ctx.entry ? null : readSubmissionKey(formData),
      })
      // The form had been posted already: its entry stands as the first post left it, and this post's files are not needed.
      if (saved.replayed) {
        await discardAccepted(stored)
        return { kind: 'saved', saved }
      }
      if (stored.length) wakePhotoWorker()
      // A submission queued the letter that says the entry was received.
      if (saved.status === 'submitted') kickDelivery()
      await removePhotoFiles(saved.removed)
      return { kind: 'saved', saved }
    } catch (error) {
      await discardAccepted(stored)
      return refused(asRefusal(error))
    }
  } finally {
    await received.discard()
  }
}
