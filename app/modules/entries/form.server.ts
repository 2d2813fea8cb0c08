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
import { refusalResult, refusalStatus } from '../../utils/refusal.server'
import { removePhotoFiles } from '../photos/pipeline.server'
import { discardPendingPhoto, keepPendingPhotos, pendingPhotos, type PendingPhoto } from '../photos/photos.server'
import { acceptEach, discardAccepted, receiveForm, type AcceptedUpload } from '../photos/uploads.server'
import { wakePhotoWorker } from '../photos/worker.server'
import type { EntryStatus } from '../../../db/schema'
import { assertAcceptingEntries } from '../contests/lifecycle'
import { assertEditable, countPlannedPhotos, saveEntry, type ContestRow, type SavedEntry } from './entries.server'
import { chooseOrganisation } from './organisation-choice.server'
import { entrySchema, normaliseEntryValues, PHOTO_FIELD, readPhotoPlan, readSubmissionKey, type EntryFormSpec } from './validation'
import { publicBaseUrl } from '../../utils/public-url.server'
import { kickDelivery } from '../mail/outbox.server'


export type EntryFormOutcome =
  | { kind: 'saved'; saved: SavedEntry }
  /**
   * The form comes back: refused by the schema or by a service (the status is refusal.server.ts's), or
   * one author row more or less. `photos`: the photos the form without JavaScript carries on (kept from
   * this post's files and from its earlier posts), attached when it is saved.
   */
  | { kind: 'reply'; status: number; result: SubmissionResult<string[]>; photos: PendingPhoto[] }
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

const FILES_DROPPED = 'Фотографии не сохранены: выберите их ещё раз.'

export async function handleEntryForm(request: Request, ctx: Context): Promise<EntryFormOutcome> {
  let received
  try {
    received = await receiveForm(request, { fileField: PHOTO_FIELD, maxFiles: ctx.contest.maxPhotos })
  } catch (error) {
    // The form's values are lost with the body; the message goes beside the photos.
    return { kind: 'reply', ...refusalResult(asRefusal(error), PHOTO_FIELD), photos: [] }
  }
  const { formData, files, extraFiles, writeFailure } = received
  try {
    const action = formData.get('_action')
    if (typeof action === 'string' && ctx.otherActions?.includes(action)) return { kind: 'other', formData }

    // The photos are counted before the answers are checked, so that a missing photo is told together with a missing title.
    const plan = readPhotoPlan(formData)
    const planned = await countPlannedPhotos(ctx.entry?.id ?? null, plan, files.length + extraFiles)
    const photos = { count: planned, minPhotos: ctx.contest.minPhotos, maxPhotos: ctx.contest.maxPhotos }
    // The organisation is found by its typed name among the city's thousands before the answers are checked, for the same reason.
    const organisation = ctx.spec.asksOrganisation || formData.has('organisation') || formData.has('organisationId') ? await chooseOrganisation(ctx.contest, formData) : { id: null }
    const { submission, hideFields } = parseForm(formData, entrySchema(ctx.spec, photos, organisation), [PHOTO_FIELD])
    const photoErrors = (submission.status !== 'success' && submission.error?.[PHOTO_FIELD]) || []

    /**
     * The form comes back, with `refusal` beside its field (above the form when it has none) and
     * `messages` beside the photos. Without JavaScript, nothing chosen is dropped: this post's files
     * that pass the cheap checks (`accepted`, when they are already) are kept as photos waiting for the
     * form, with the ones kept by its earlier posts (those ticked «remove» are deleted now), and the page
     * carries them on (docs/decisions/034-…). Not when the form cannot be sent any more (closed, moderated).
     */
    const comeBack = async (status: number, options: { refusal?: Refusal; messages?: string[]; accepted?: AcceptedUpload[] } = {}): Promise<EntryFormOutcome> => {
      const { refusal, accepted } = options
      const photoMessages = [...photoErrors, ...(refusal?.field === PHOTO_FIELD ? [refusal.message] : []), ...(options.messages ?? [])]
      let carried: PendingPhoto[] = []
      // A closed contest or an entry no longer the entrant's to change: there is no form to come back to.
      const over = refusal?.kind === 'forbidden' || refusal?.kind === 'not_found'
      if (over) {
        if (accepted) await discardAccepted(accepted)
      } else if (plan.mode === 'form') {
        for (const id of plan.pending.filter((id) => plan.remove.includes(id))) await discardPendingPhoto(ctx.actor.id, id)
        carried = await pendingPhotos(
          ctx.actor.id,
          plan.pending.filter((id) => !plan.remove.includes(id)),
        )
        const taken = accepted ? { accepted, refusals: [] } : await acceptEach(files)
        photoMessages.push(...taken.refusals.map((r) => r.message))
        try {
          carried.push(...(await keepPendingPhotos(ctx.actor.id, taken.accepted)))
        } catch (error) {
          await discardAccepted(taken.accepted)
          photoMessages.push(asRefusal(error).message)
        }
        if (extraFiles) photoMessages.push(FILES_DROPPED)
      } else {
        // The picker's list carries its photos itself; files posted beside it are not its.
        if (accepted) await discardAccepted(accepted)
        if (files.length || extraFiles) photoMessages.push(FILES_DROPPED)
      }
      if (writeFailure) photoMessages.push(writeFailure.message)
      const fieldErrors: Record<string, string[]> = {}
      if (refusal?.field && refusal.field !== PHOTO_FIELD) fieldErrors[refusal.field] = [refusal.message]
      if (photoMessages.length) fieldErrors[PHOTO_FIELD] = [...new Set(photoMessages)]
      const errors = { ...(refusal && !refusal.field ? { formErrors: [refusal.message] } : {}), ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}) }
      return { kind: 'reply', status, result: submission.reply({ ...errors, hideFields }), photos: carried }
    }
    const refused = (refusal: Refusal, accepted?: AcceptedUpload[]) => comeBack(refusalStatus(refusal), { refusal, accepted })

    // A list button without JavaScript (add or remove an author) comes back as the same form, one row more or less.
    if (submission.status === undefined) return await comeBack(200)
    // What does not depend on the answers is said first: a closed contest, an entry already moderated.
    try {
      assertAcceptingEntries(ctx.contest, ctx.now)
      if (ctx.entry) assertEditable(ctx.entry)
    } catch (error) {
      return await refused(asRefusal(error))
    }
    if (submission.status !== 'success') return await comeBack(writeFailure ? refusalStatus(writeFailure) : 400)
    // The disk refused the photos (full or read-only): the form comes back as typed, with the reason beside them.
    if (writeFailure) return await comeBack(refusalStatus(writeFailure))

    const taken = await acceptEach(files)
    if (taken.refusals.length) {
      return await comeBack(refusalStatus(taken.refusals[0]), { messages: taken.refusals.map((r) => r.message), accepted: taken.accepted })
    }
    const stored = taken.accepted
    let saved: SavedEntry
    try {
      saved = await saveEntry({
        actor: ctx.actor,
        contest: ctx.contest,
        entryId: ctx.entry?.id ?? null,
        ownerId: ctx.ownerId,
        operator: ctx.operator,
        input: { ...normaliseEntryValues(ctx.spec, submission.value), organisationId: organisation.id },
        save: submission.value.save,
        plan,
        newPhotos: stored,
        now: ctx.now,
        appUrl: publicBaseUrl(request),
        submissionKey: readSubmissionKey(formData),
      })
    } catch (error) {
      if (!(error instanceof Refusal)) {
        await discardAccepted(stored)
        throw error
      }
      return await refused(error, stored)
    }
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
  } finally {
    await received.discard()
  }
}
