/**
 * Entries as their entrants see them: the application form of a contest, saving a draft,
 * submitting (which gives the entry its public number), editing until the deadline or until
 * moderated, withdrawing before judging, and the list of one's own entries.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, count, desc, inArray, isNull, ne, or, eq, sql } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/dialect.server'
import type { ContestStatus, EntryStatus, PhotoVariant } from '../../../db/schema'
import type { CurrentUser } from '../../utils/auth.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { assertAcceptingEntries, contestPhase, PUBLIC_STATUSES } from '../contests/lifecycle'
import { findDuplicates } from '../photos/photos.server'
import { processingPhoto, type AcceptedUpload } from '../photos/uploads.server'
import { enqueuePhotoJob } from '../photos/worker.server'
import { photoView } from '../photos/view'
import { customFieldName, fieldFormValue, PHOTO_FIELD, photoCountProblem, plannedPhotoCount, type EntryFormSpec, type EntryInput, type PhotoPlan } from './validation'
import { formatEntryNumber } from '../contests/entry-number'
import { sendEntryReceived } from './letters.server'
import { confirmedAccounts } from '../accounts/coauthors.server'
import { organisationRequired } from '../contests/entrant'
import { chairedBy } from '../contests/entrant.server'
import { organisationLabel } from './organisation-choice.server'

const { contest, nomination, formField, stage, entry, author, entryFieldValue, photo, district, user, stageEntry } = schema

/** Who acts; an operator's ЦРН is recorded on the paper applications they enter. */
type Actor = Pick<CurrentUser, 'id' | 'roles'> & Partial<Pick<CurrentUser, 'centreId'>>
export type ContestRow = typeof contest.$inferSelect

/** Entrants change their entry until it is moderated; afterwards it is the organiser's. */
const EDITABLE: EntryStatus[] = ['draft', 'submitted']

export function assertEditable(e: { status: EntryStatus }) {
  if (!EDITABLE.includes(e.status)) throw new Refusal('forbidden', 'Заявку уже рассмотрели, изменить её нельзя.')
}

export function entriesOpen(c: Pick<ContestRow, 'status' | 'opensAt' | 'closesAt'>, now: Date) {
  return contestPhase(c, now).open
}

/** Withdrawal is possible until the jury starts: afterwards the entry is part of the judging. */
const WITHDRAWABLE_CONTEST: ContestStatus[] = ['draft', 'announced', 'accepting']
const WITHDRAWABLE_ENTRY: EntryStatus[] = ['draft', 'submitted', 'accepted']
/** Entries that count against the contest's limit per resident. */
const ACTIVE: EntryStatus[] = ['draft', 'submitted', 'accepted']

export function canWithdraw(e: { status: EntryStatus }, c: { status: ContestStatus }) {
  return WITHDRAWABLE_ENTRY.includes(e.status) && WITHDRAWABLE_CONTEST.includes(c.status)
}

export function canEdit(e: { status: EntryStatus }, c: Pick<ContestRow, 'status' | 'opensAt' | 'closesAt'>, now: Date) {
  return EDITABLE.includes(e.status) && entriesOpen(c, now)
}

export async function getPublicContestBySlug(slug: string) {
  return (
    (await firstRow(
      getDb()
        .select()
        .from(contest)
        .where(and(eq(contest.slug, slug), inArray(contest.status, PUBLIC_STATUSES))),
    )) ?? null
  )
}

/**
 * What the application form of a contest needs: the nominations one applies to (a special prize is
 * awarded by the jury's decision among all entries, never applied for), own fields, districts and organisations.
 */
export async function getFormContext(c: ContestRow, mode: EntryFormSpec['mode']) {
  const db = getDb()
  const nominations = await db
    .select({ id: nomination.id, name: nomination.name, description: nomination.description })
    .from(nomination)
    .where(and(eq(nomination.contestId, c.id), eq(nomination.isSpecialPrize, false)))
    .orderBy(asc(nomination.position), asc(nomination.id))
  const fields = await db
    .select({ id: formField.id, label: formField.label, kind: formField.kind, options: formField.options, required: formField.required })
    .from(formField)
    .where(eq(formField.contestId, c.id))
    .orderBy(asc(formField.position), asc(formField.id))
  const districtStage = await firstRow(
    db
      .select({ id: stage.id })
      .from(stage)
      .where(and(eq(stage.contestId, c.id), eq(stage.kind, 'district'))),
  )
  const districts = await db.select({ id: district.id, name: district.name, parentId: district.parentId }).from(district).orderBy(asc(district.id))
  const spec: EntryFormSpec = {
    nominationIds: nominations.map((n) => n.id),
    districtIds: districts.map((d) => d.id),
    // Only the kinds of organisations the contest takes entries from are asked for, and accepted: typed, found on the server (organisation-choice.server.ts).
    asksOrganisation: c.organisationKinds.length > 0,
    maxAuthors: c.teamsAllowed ? Math.max(1, c.maxAuthors) : 1,
    requireDistrict: districtStage ? 'district_stage' : c.requireDistrict ? 'contest' : false,
    requireAddress: c.requireAddress,
    requireOrganisation: organisationRequired(c),
    fields,
    mode,
  }
  return {
    spec,
    nominations,
    fields,
    // Residential areas (ж.р.) are listed under their district.
    districts: districts
      .filter((d) => d.parentId === null)
      .map((d) => ({ id: d.id, name: d.name, areas: districts.filter((a) => a.parentId === d.id).map((a) => ({ id: a.id, name: a.name })) })),
    /** The kinds the organisation field suggests, in words for its hint. */
    organisationKinds: c.organisationKinds,
    contest: { id: c.id, slug: c.slug, consentText: c.consentText, minPhotos: c.minPhotos, maxPhotos: c.maxPhotos },
  }
}

export type FormContext = Awaited<ReturnType<typeof getFormContext>>

async function countActiveEntries(tx: DB, ownerId: string, contestId: number) {
  return (await firstRow(
    tx
      .select({ n: count() })
      .from(entry)
      .where(and(eq(entry.ownerId, ownerId), eq(entry.contestId, contestId), inArray(entry.status, ACTIVE))),
  ))!.n
}

/** How many more entries the resident may start in the contest. */
export async function entriesLeft(ownerId: string, c: ContestRow) {
  return Math.max(0, c.maxEntriesPerUser - (await countActiveEntries(getDb(), ownerId, c.id)))
}

/**
 * How the form arranges the photos. With JavaScript the page sends the final order of photo ids
 * (kept ones and ones uploaded ahead); without it, the page sends which photos to remove and
 * a position for each, and the files chosen in the form come last.
 */
/** A fresh key for an entry form's page (a new entry or an edit): made on the server, so that a form without JavaScript carries it too. */
export function newSubmissionKey() {
  return randomUUID()
}

type ExistingPhoto = { id: string; variants: PhotoVariant[]; sha256: string }

/**
 * The entry's photos after the plan: kept or attached ids in order, and the rows to delete (the
 * entry's photos removed, and, without JavaScript, photos kept from the form's earlier posts and
 * then removed). `pending` are the actor's photos attached to no entry among the plan's ids.
 */
function arrangePhotos(existing: ExistingPhoto[], plan: PhotoPlan, pending: { id: string; variants: PhotoVariant[] }[]) {
  const known = new Set(existing.map((p) => p.id))
  const pendingIds = new Set(pending.map((p) => p.id))
  const missing = () => new Refusal('invalid', 'Одна из фотографий не найдена. Загрузите её ещё раз.', 'photos')
  if (plan.mode === 'list') {
    if (plan.ids.some((id) => !known.has(id) && !pendingIds.has(id))) throw missing()
    return { order: plan.ids, removed: existing.filter((p) => !plan.ids.includes(p.id)) }
  }
  const carried = plan.pending.filter((id) => !known.has(id))
  if (carried.some((id) => !pendingIds.has(id) && !plan.remove.includes(id))) throw missing()
  const candidates = [...existing.map((p) => p.id), ...carried.filter((id) => pendingIds.has(id))]
  const order = candidates
    .filter((id) => !plan.remove.includes(id))
    .map((id, i) => ({ id, position: plan.positions[id] ?? i + 1, i }))
    .sort((a, b) => a.position - b.position || a.i - b.i)
    .map((p) => p.id)
  return { order, removed: [...existing, ...pending].filter((p) => plan.remove.includes(p.id)) }
}

/** How many photos the entry would have, counted before any file is processed: too many is refused at once. */
export async function countPlannedPhotos(entryId: number | null, plan: PhotoPlan, newFiles: number) {
  const existing = plan.mode === 'form' && entryId !== null ? await getDb().select({ id: photo.id }).from(photo).where(eq(photo.entryId, entryId)) : []
  return plannedPhotoCount(
    plan,
    existing.map((p) => p.id),
    newFiles,
  )
}

export type SaveEntryArgs = {
  actor: Actor
  contest: ContestRow
  /** Null for a new entry. */
  entryId: number | null
  /** The resident the entry belongs to: the actor, or the resident an operator enters it for. */
  ownerId: string
  /** An operator entering a paper application. */
  operator: boolean
  input: EntryInput
  save: 'draft' | 'submit'
  plan: PhotoPlan
  /** Files of this request, checked and kept for their jobs; they come after the planned photos. */
  newPhotos: AcceptedUpload[]
  now: Date
  /** The site's public address, for the links of the letter that says the entry was received. */
  appUrl: string
  /**
   * The form page's key (SUBMISSION_KEY_FIELD): a second post of a new entry's form gets the entry the
   * first made; a second post of an edit changes nothing (docs/decisions/034-…).
   */
  submissionKey?: string | null
}

export type SavedEntry = {
  entryId: number
  number: string | null
  status: EntryStatus
  /** Photos removed from the entry: the caller deletes their files once the change is saved. */
  removed: { id: string; variants: PhotoVariant[] }[]
  /** Entry numbers already holding one of this entry's photos. */
  duplicates: string[]
  /** The form had been posted already: this is the entry the first post made, and nothing was changed. */
  replayed: boolean
}

/** The entry an earlier post of the same form (its key) made for the owner, as that post's answer had it; null when there is none. */
async function replayOf(tx: DB, c: ContestRow, ownerId: string, key: string): Promise<SavedEntry | null> {
  const row = await firstRow(
    tx
      .select({ id: entry.id, seq: entry.seq, status: entry.status })
      .from(entry)
      .where(and(eq(entry.ownerId, ownerId), eq(entry.submissionKey, key), eq(entry.contestId, c.id))),
  )
  if (!row) return null
  const hashes = (await tx.select({ sha256: photo.sha256 }).from(photo).where(eq(photo.entryId, row.id))).map((p) => p.sha256)
  const duplicates = [...new Set([...(await findDuplicates(c.id, hashes, row.id, tx)).values()].flat())]
  return { entryId: row.id, number: formatEntryNumber(c.numberPrefix, row.seq), status: row.status, removed: [], duplicates, replayed: true }
}

/**
 * Creates or updates an entry with its authors, field values and photos in one transaction,
 * and on submission gives it its number. Throws a Refusal for anything the contest or the
 * entry's state does not allow; nothing is written then.
 */
export async function saveEntry(args: SaveEntryArgs): Promise<SavedEntry> {
  const key = args.submissionKey ?? null
  try {
    return await writeEntry(args, key)
  } catch (error) {
    // Transactions that write run one at a time, so the check in writeEntry sees the first post's
    // entry; the unique index (owner, key) is what holds if they ever run side by side.
    if (key === null || !isUniqueViolation(error)) throw error
    const replay = await replayOf(getDb(), args.contest, args.ownerId, key)
    if (replay) return replay
    // The key of another contest's form (posted by hand): not this contest's entry.
    if (await firstRow(getDb().select({ id: entry.id }).from(entry).where(and(eq(entry.ownerId, args.ownerId), eq(entry.submissionKey, key))))) {
      throw new Refusal('invalid', 'Эта форма уже отправлена. Откройте страницу заявки заново.')
    }
    throw error
  }
}

async function writeEntry(args: SaveEntryArgs, key: string | null): Promise<SavedEntry> {
  const { actor, contest: c, input, now } = args
  const db = getDb()
  return await transaction(db, async (tx) => {
    // The same form posted again (a double click, a resent form): the entry its first post made.
    const replay = key === null || args.entryId !== null ? null : await replayOf(tx, c, args.ownerId, key)
    if (replay) return replay
    let current: typeof entry.$inferSelect | undefined
    if (args.entryId !== null) {
      current = await firstRow(tx.select().from(entry).where(eq(entry.id, args.entryId)))
      if (!current || current.contestId !== c.id || !(current.ownerId === actor.id || current.enteredById === actor.id)) {
        throw new Refusal('forbidden', 'Заявка не найдена.')
      }
      // An edit takes the key of its form page: the same edit posted again (a double click, a form
      // sent again without JavaScript) finds it taken and changes nothing, so its files are not added twice.
      if (key !== null) {
        const claimed = await tx
          .update(entry)
          .set({ submissionKey: key })
          .where(and(eq(entry.id, current.id), or(isNull(entry.submissionKey), ne(entry.submissionKey, key))))
          .returning({ id: entry.id })
        if (!claimed.length) return (await replayOf(tx, c, current.ownerId, key))!
      }
      assertEditable(current)
      if (args.save === 'draft' && current.status === 'submitted') {
        throw new Refusal('invalid', 'Отправленную заявку нельзя вернуть в черновик: сохраните изменения кнопкой «Сохранить заявку».')
      }
    } else if ((await countActiveEntries(tx, args.ownerId, c.id)) >= c.maxEntriesPerUser) {
      throw new Refusal('forbidden', `В этом конкурсе можно подать не больше ${c.maxEntriesPerUser} ${c.maxEntriesPerUser === 1 ? 'заявки' : 'заявок'} от одного участника.`)
    }
    assertAcceptingEntries(c, now)

    const existing: ExistingPhoto[] = current
      ? await tx.select({ id: photo.id, variants: photo.variants, sha256: photo.sha256 }).from(photo).where(eq(photo.entryId, current.id)).orderBy(asc(photo.position))
      : []
    const planned = args.plan.mode === 'list' ? args.plan.ids : args.plan.pending
    const pending = planned.length
      ? await tx
          .select({ id: photo.id, sha256: photo.sha256, variants: photo.variants })
          .from(photo)
          .where(and(inArray(photo.id, planned), eq(photo.ownerId, actor.id), isNull(photo.entryId)))
      : []
    const { order, removed } = arrangePhotos(existing, args.plan, pending)
    const total = order.length + args.newPhotos.length
    const photoProblem = photoCountProblem({ count: total, minPhotos: c.minPhotos, maxPhotos: c.maxPhotos }, args.save)
    if (photoProblem) throw new Refusal('invalid', photoProblem, PHOTO_FIELD)

    const submitting = args.save === 'submit'
    const consentGiven = args.operator ? input.paperConsent : input.consent
    const values = {
      nominationId: input.nominationId,
      title: input.title,
      description: input.description,
      districtId: input.districtId,
      address: input.address,
      organisationId: input.organisationId,
      updatedAt: now,
      ...(args.operator && input.paperConsent ? { paperConsentReceived: true } : {}),
      ...(submitting && consentGiven && !current?.consentAt ? { consentAt: now } : {}),
    }
    let row: typeof entry.$inferSelect
    if (current) {
      row = (await tx.update(entry).set(values).where(eq(entry.id, current.id)).returning())[0]
    } else {
      row = (
        await tx
          .insert(entry)
          .values({ ...values, contestId: c.id, ownerId: args.ownerId, enteredById: args.operator ? actor.id : null, centreId: args.operator ? (actor.centreId ?? null) : null, status: 'draft', submissionKey: key })
          .returning()
      )[0]
    }
    let received = false
    if (submitting && row.status === 'draft') {
      // SQLite runs one write transaction at a time, so max + 1 cannot be taken twice; the unique index guards it anyway.
      const seq =
        row.seq ??
        (await firstRow(
          tx
            .select({ next: sql<number>`coalesce(max(${entry.seq}), 0) + 1` })
            .from(entry)
            .where(eq(entry.contestId, c.id)),
        ))!.next
      row = (await tx.update(entry).set({ status: 'submitted', seq, submittedAt: now }).where(eq(entry.id, row.id)).returning())[0]
      received = true
    }

    await tx.delete(author).where(eq(author.entryId, row.id))
    if (input.authors.length) {
      const accounts = await confirmedAccounts(tx, input.authors.flatMap((a) => (a.email ? [a.email] : [])))
      await tx.insert(author).values(
        input.authors.map((a, i) => ({
          entryId: row.id,
          fullName: a.fullName,
          age: a.age,
          parentConsent: a.parentConsent,
          email: a.email,
          userId: a.email ? (accounts.get(a.email) ?? null) : null,
          position: i,
        })),
      )
    }
    await tx.delete(entryFieldValue).where(eq(entryFieldValue.entryId, row.id))
    for (const v of input.fieldValues) await tx.insert(entryFieldValue).values({ entryId: row.id, ...v })

    if (removed.length)
      await tx.delete(photo).where(
        inArray(
          photo.id,
          removed.map((p) => p.id),
        ),
      )
    for (const [i, id] of order.entries()) await tx.update(photo).set({ entryId: row.id, position: i }).where(eq(photo.id, id))
    if (args.newPhotos.length) {
      await tx.insert(photo).values(args.newPhotos.map((p, i) => ({ ...processingPhoto(p), entryId: row.id, ownerId: actor.id, position: order.length + i })))
      for (const p of args.newPhotos) await enqueuePhotoJob(tx, p.id, now)
    }

    if (args.operator && !current) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'entry.paper_intake',
        entityType: 'entry',
        entityId: row.id,
        contestId: c.id,
        after: { ownerId: args.ownerId, status: row.status, paperConsentReceived: row.paperConsentReceived },
      })
    }

    if (received) await sendEntryReceived(tx, row.id, args.appUrl)

    const hashes = [...[...existing, ...pending].filter((p) => order.includes(p.id)).map((p) => p.sha256), ...args.newPhotos.map((p) => p.sha256)]
    const duplicates = [...new Set([...(await findDuplicates(c.id, hashes, row.id, tx)).values()].flat())]
    return { entryId: row.id, number: formatEntryNumber(c.numberPrefix, row.seq), status: row.status, removed, duplicates, replayed: false }
  })
}

/** Withdraws the entry; returns its number, or throws a Refusal when it is too late. */
export async function withdrawEntry(actor: Actor, entryId: number, now: Date) {
  const number = await transaction(getDb(), async (tx) => {
    const row = await firstRow(
      tx
        .select({ entry, contestStatus: contest.status, prefix: contest.numberPrefix })
        .from(entry)
        .innerJoin(contest, eq(contest.id, entry.contestId))
        .where(and(eq(entry.id, entryId), or(eq(entry.ownerId, actor.id), eq(entry.enteredById, actor.id)))),
    )
    if (!row) throw new Refusal('forbidden', 'Заявка не найдена.')
    if (!canWithdraw(row.entry, { status: row.contestStatus })) {
      throw new Refusal('forbidden', 'Эту заявку уже нельзя отозвать: жюри начало работу или заявка уже рассмотрена.')
    }
    await tx.update(entry).set({ status: 'withdrawn', updatedAt: now }).where(eq(entry.id, entryId))
    await tx.delete(stageEntry).where(eq(stageEntry.entryId, entryId))
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'entry.withdraw',
      entityType: 'entry',
      entityId: entryId,
      contestId: row.entry.contestId,
      before: { status: row.entry.status },
      after: { status: 'withdrawn' },
    })
    return formatEntryNumber(row.prefix, row.entry.seq)
  })
  return number
}

/** Entries where the person is an author linked to their account (docs/decisions/026-…), once submitted: a draft is its owner's alone. */
const coauthored = (userId: string) => and(inArray(entry.id, getDb().select({ id: author.entryId }).from(author).where(eq(author.userId, userId))), ne(entry.status, 'draft'))

/**
 * The entry with everything its page shows, if the user is its owner, the operator who entered it, or
 * one of its authors linked to their account, or the chairperson of its organisation in an organisation's
 * contest (contests/entrant.server.ts) — these two read it only: `coauthorOnly`; otherwise null.
 */
export async function getOwnEntry(actor: Actor, entryId: number) {
  if (!Number.isInteger(entryId) || entryId <= 0) return null
  const db = getDb()
  const row = await db.query.entry.findFirst({
    where: and(eq(entry.id, entryId), or(eq(entry.ownerId, actor.id), eq(entry.enteredById, actor.id), coauthored(actor.id), chairedBy(actor.id))),
    with: {
      contest: true,
      nomination: { columns: { name: true } },
      district: { columns: { name: true } },
      organisation: { columns: { name: true } },
      authors: { orderBy: [asc(author.position)] },
      photos: { orderBy: [asc(photo.position)] },
      fieldValues: { with: { field: { columns: { label: true, kind: true, position: true } } } },
    },
  })
  if (!row) return null
  const people = await db
    .select({ id: user.id, fullName: user.fullName })
    .from(user)
    .where(
      inArray(
        user.id,
        [row.ownerId, row.enteredById].filter((id): id is string => !!id),
      ),
    )
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.fullName ?? null
  const coauthorOnly = row.ownerId !== actor.id && row.enteredById !== actor.id
  /** Read as the chairperson of the entry's organisation, not as one of its authors. */
  const asChairperson = coauthorOnly && !row.authors.some((a) => a.userId === actor.id)
  return { ...row, ownerName: nameOf(row.ownerId), enteredByName: nameOf(row.enteredById), coauthorOnly, asChairperson }
}

export type OwnEntry = NonNullable<Awaited<ReturnType<typeof getOwnEntry>>>

/** The form's starting values for an existing entry, in the shape of the schema. */
export function entryFormDefaults(e: OwnEntry, fields: EntryFormSpec['fields']) {
  const custom: Record<string, string> = {}
  for (const v of e.fieldValues) {
    const f = fields.find((x) => x.id === v.fieldId)
    if (f) custom[customFieldName(f.id)] = fieldFormValue(f.kind, v.value)
  }
  return {
    nominationId: e.nominationId ?? undefined,
    title: e.title,
    description: e.description,
    districtId: e.districtId ?? undefined,
    address: e.address,
    organisation: e.organisationId !== null && e.organisation ? organisationLabel({ id: e.organisationId, name: e.organisation.name, districtName: null }) : undefined,
    authors: e.authors.map((a) => ({ fullName: a.fullName, age: a.age ?? undefined, parentConsent: a.parentConsent, email: a.email ?? undefined })),
    custom,
    consent: e.consentAt !== null,
    paperConsent: e.paperConsentReceived,
  }
}

export function ownEntryPhotos(e: OwnEntry) {
  return e.photos.map((p) => ({ ...photoView(p), originalName: p.originalName }))
}

/** The resident's entries (and, for an operator, the paper applications they entered), newest first. */
export async function listOwnEntries(userId: string) {
  const rows = await getDb()
    .select({
      id: entry.id,
      title: entry.title,
      status: entry.status,
      seq: entry.seq,
      rejectionReason: entry.rejectionReason,
      ownerId: entry.ownerId,
      enteredById: entry.enteredById,
      organisationName: schema.organisation.name,
      organisationEntrant: contest.organisationEntrant,
      contestTitle: contest.title,
      contestSlug: contest.slug,
      contestStatus: contest.status,
      opensAt: contest.opensAt,
      closesAt: contest.closesAt,
      prefix: contest.numberPrefix,
      nominationName: nomination.name,
      photos: sql<number>`(select count(*) from "photo" "p" where "p"."entry_id" = "entry"."id")`.mapWith(Number),
    })
    .from(entry)
    .innerJoin(contest, eq(contest.id, entry.contestId))
    .leftJoin(nomination, eq(nomination.id, entry.nominationId))
    .leftJoin(schema.organisation, eq(schema.organisation.id, entry.organisationId))
    .where(or(eq(entry.ownerId, userId), eq(entry.enteredById, userId), coauthored(userId), chairedBy(userId)))
    .orderBy(desc(entry.createdAt), desc(entry.id))
  const ownerIds = [...new Set(rows.filter((r) => r.ownerId !== userId).map((r) => r.ownerId))]
  const owners = ownerIds.length ? await getDb().select({ id: user.id, fullName: user.fullName }).from(user).where(inArray(user.id, ownerIds)) : []
  return rows.map((r) => ({ ...r, number: r.seq === null ? null : formatEntryNumber(r.prefix, r.seq), ownerName: owners.find((o) => o.id === r.ownerId)?.fullName ?? null }))
}

/** Contests taking entries now, for the «Подать заявку» links. */
export async function listOpenContests(now: Date) {
  return (
    await getDb()
      .select({ slug: contest.slug, title: contest.title, status: contest.status, opensAt: contest.opensAt, closesAt: contest.closesAt })
      .from(contest)
      .where(eq(contest.status, 'accepting'))
      .orderBy(asc(contest.closesAt))
  ).filter((c) => entriesOpen(c, now))
}
