/**
 * The organiser's moderation of a contest's entries: accepting (one or many at once) sends an
 * entry to judging, rejecting needs a reason that the entrant sees. Every step is in the audit
 * log and the entrant is told by e-mail when they have one.
 */
import { and, asc, count, inArray, eq, or } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import type { CurrentUser } from '../../utils/auth.server'
import { NO_SUCH_CONTEST, Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { kickDelivery } from '../mail/outbox.server'
import { entrantNotice, sendEntryNotice } from './letters.server'
import { findDuplicatesOfEntries } from '../photos/photos.server'
import { containsText } from '../../../db/dialect.server'
import { photoView } from '../photos/view'
import { fieldDisplayValue, QUEUE_STATUSES, type QueueStatus } from './validation'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'
import { quoted } from '../../utils/format'
import { entrantName } from '../contests/entrant'

const { contest, entry, nomination, district, organisation, centre, user, author, photo, entryFieldValue, formField, stage, stageEntry } = schema
type Actor = Pick<CurrentUser, 'id'>

/** Moderation goes on while entries come in and while the jury works (late entries, second thoughts). */
const MODERATION_CONTEST_STATUSES = ['accepting', 'judging'] as const

async function contestOf(contestId: number) {
  return (await firstRow(getDb().select().from(contest).where(eq(contest.id, contestId)))) ?? null
}

export function moderationOpen(c: { status: string }) {
  return (MODERATION_CONTEST_STATUSES as readonly string[]).includes(c.status)
}

/** Entries a page of the moderation queue shows. */
export const MODERATION_PAGE_SIZE = 25

export type ModerationQuery = {
  status: QueueStatus
  /** An entry number, or words of the title or of an author's name. */
  q: string
  nominationId: number | null
  districtId: number | null
  page: number
}

/**
 * The entries of the query's status that match its search and filters. A search that reads as an
 * entry number («СК-0012», «12») finds that entry; any other finds words of the title or of an
 * author's name. A district takes in its residential areas.
 */
function matching(c: typeof contest.$inferSelect, query: ModerationQuery) {
  const db = getDb()
  const seq = query.q ? parseEntryNumber(query.q, c.numberPrefix) : null
  const search = !query.q
    ? undefined
    : seq !== null
      ? eq(entry.seq, seq)
      : or(containsText(entry.title, query.q), inArray(entry.id, db.select({ id: author.entryId }).from(author).where(containsText(author.fullName, query.q))))
  return and(
    eq(entry.contestId, c.id),
    eq(entry.status, query.status),
    query.nominationId === null ? undefined : eq(entry.nominationId, query.nominationId),
    query.districtId === null
      ? undefined
      : or(eq(entry.districtId, query.districtId), inArray(entry.districtId, db.select({ id: district.id }).from(district).where(eq(district.parentId, query.districtId)))),
    search,
  )
}

/**
 * One page of the queue of one status, oldest submission first, with everything the organiser judges
 * the entries by; the counts of each status, how many match the search and filters, and what the
 * filters offer. Everything is read for the page's entries only (the duplicate check too, in one query).
 */
export async function listModerationQueue(contestId: number, query: ModerationQuery) {
  const db = getDb()
  const c = await contestOf(contestId)
  if (!c) return null
  const counts = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as Record<QueueStatus, number>
  for (const r of await db
    .select({ status: entry.status, n: count() })
    .from(entry)
    .where(and(eq(entry.contestId, contestId), inArray(entry.status, QUEUE_STATUSES)))
    .groupBy(entry.status)) {
    counts[r.status as QueueStatus] = r.n
  }
  const where = matching(c, query)
  const found = (await firstRow(db.select({ n: count() }).from(entry).where(where)))?.n ?? 0
  const pages = Math.max(1, Math.ceil(found / MODERATION_PAGE_SIZE))
  const page = Math.min(Math.max(1, query.page), pages)

  const rows = await db
    .select({
      id: entry.id,
      seq: entry.seq,
      title: entry.title,
      description: entry.description,
      address: entry.address,
      status: entry.status,
      submittedAt: entry.submittedAt,
      moderatedAt: entry.moderatedAt,
      rejectionReason: entry.rejectionReason,
      paperConsentReceived: entry.paperConsentReceived,
      enteredById: entry.enteredById,
      nominationName: nomination.name,
      districtName: district.name,
      organisationName: organisation.name,
      centreName: centre.name,
    })
    .from(entry)
    .leftJoin(nomination, eq(nomination.id, entry.nominationId))
    .leftJoin(district, eq(district.id, entry.districtId))
    .leftJoin(organisation, eq(organisation.id, entry.organisationId))
    .leftJoin(centre, eq(centre.id, entry.centreId))
    .where(where)
    .orderBy(asc(entry.submittedAt), asc(entry.id))
    .limit(MODERATION_PAGE_SIZE)
    .offset((page - 1) * MODERATION_PAGE_SIZE)
  const ids = rows.map((r) => r.id)
  const authors = ids.length ? await db.select().from(author).where(inArray(author.entryId, ids)).orderBy(asc(author.position)) : []
  const photos = ids.length ? await db.select().from(photo).where(inArray(photo.entryId, ids)).orderBy(asc(photo.position)) : []
  const values = ids.length
    ? await db
        .select({ entryId: entryFieldValue.entryId, value: entryFieldValue.value, label: formField.label, kind: formField.kind })
        .from(entryFieldValue)
        .innerJoin(formField, eq(formField.id, entryFieldValue.fieldId))
        .where(inArray(entryFieldValue.entryId, ids))
        .orderBy(asc(formField.position))
    : []
  const operatorIds = [...new Set(rows.map((r) => r.enteredById).filter((id): id is string => !!id))]
  const operators = operatorIds.length ? await db.select({ id: user.id, fullName: user.fullName }).from(user).where(inArray(user.id, operatorIds)) : []
  const duplicatesOf = await findDuplicatesOfEntries(
    contestId,
    photos.filter((p) => p.entryId !== null).map((p) => ({ entryId: p.entryId!, sha256: p.sha256 })),
  )

  return {
    contest: c,
    counts,
    found,
    page,
    pages,
    nominations: await db
      .select({ id: nomination.id, name: nomination.name })
      .from(nomination)
      .where(eq(nomination.contestId, contestId))
      .orderBy(asc(nomination.position), asc(nomination.id)),
    districts: await db.select({ id: district.id, name: district.name, parentId: district.parentId }).from(district).orderBy(asc(district.name)),
    entries: rows.map((r) => {
      const own = photos.filter((p) => p.entryId === r.id)
      return {
        id: r.id,
        number: formatEntryNumber(c.numberPrefix, r.seq),
        title: r.title,
        description: r.description,
        address: r.address,
        status: r.status,
        submittedAt: r.submittedAt?.toISOString() ?? null,
        moderatedAt: r.moderatedAt?.toISOString() ?? null,
        rejectionReason: r.rejectionReason,
        nominationName: r.nominationName,
        districtName: r.districtName,
        organisationName: r.organisationName,
        entrant: entrantName(c, r.organisationName),
        paperConsentReceived: r.paperConsentReceived,
        enteredByName: operators.find((o) => o.id === r.enteredById)?.fullName ?? null,
        centreName: r.centreName,
        authors: authors.filter((a) => a.entryId === r.id).map((a) => ({ fullName: a.fullName, age: a.age, parentConsent: a.parentConsent })),
        fields: values.filter((v) => v.entryId === r.id).map((v) => ({ label: v.label, value: fieldDisplayValue(v.kind, v.value) })),
        photos: own.map((p) => ({ ...photoView(p), duplicateOf: duplicatesOf(r.id, p.sha256) })),
      }
    }),
  }
}

async function firstStageId(tx: DB, contestId: number) {
  return (await firstRow(tx.select({ id: stage.id }).from(stage).where(eq(stage.contestId, contestId)).orderBy(asc(stage.position), asc(stage.id)).limit(1)))?.id ?? null
}

async function checkContest(contestId: number) {
  const c = await contestOf(contestId)
  if (!c) throw new Refusal('invalid', NO_SUCH_CONTEST)
  if (!moderationOpen(c)) throw new Refusal('invalid', 'Модерация доступна, пока идёт приём заявок или работа жюри.')
  return c
}

/**
 * Accepts the entries (submitted or earlier rejected ones) and puts them into the first stage.
 * Returns the numbers accepted; entries of other contests or in other states are left alone.
 */
export async function acceptEntries(actor: Actor, contestId: number, entryIds: number[], now: Date, appUrl: string) {
  const c = await checkContest(contestId)
  const accepted = await transaction(getDb(), async (tx) => {
    const rows = await tx
      .select({ id: entry.id, status: entry.status, seq: entry.seq })
      .from(entry)
      .where(and(eq(entry.contestId, contestId), inArray(entry.id, entryIds), inArray(entry.status, ['submitted', 'rejected'])))
    const stageId = await firstStageId(tx, contestId)
    for (const r of rows) {
      await tx.update(entry).set({ status: 'accepted', rejectionReason: null, moderatedById: actor.id, moderatedAt: now, updatedAt: now }).where(eq(entry.id, r.id))
      if (stageId !== null) await tx.insert(stageEntry).values({ stageId, entryId: r.id }).onConflictDoNothing()
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'entry.accept',
        entityType: 'entry',
        entityId: r.id,
        contestId,
        before: { status: r.status },
        after: { status: 'accepted' },
      })
      const n = await entrantNotice(tx, r.id)
      await sendEntryNotice(tx, n, r.id, appUrl, {
        kind: 'entry.accepted',
        subject: `Заявка ${n.number} принята`,
        body: `Заявка ${n.number} ${quoted(n.title)} на конкурс ${quoted(n.contestTitle)} прошла модерацию и передана жюри.`,
      })
    }
    return rows.map((r) => formatEntryNumber(c.numberPrefix, r.seq))
  })
  kickDelivery()
  return accepted
}

/** Rejects a submitted or accepted entry with the reason the entrant will read. Returns its number. */
export async function rejectEntry(actor: Actor, contestId: number, entryId: number, reason: string, now: Date, appUrl: string) {
  await checkContest(contestId)
  const [number] = await transaction(getDb(), async (tx) => {
    const r = await firstRow(
      tx
        .select({ id: entry.id, status: entry.status })
        .from(entry)
        .where(and(eq(entry.contestId, contestId), eq(entry.id, entryId))),
    )
    if (!r) throw new Refusal('invalid', 'Заявка не найдена.')
    if (r.status !== 'submitted' && r.status !== 'accepted') throw new Refusal('invalid', 'Отклонить можно только заявку на модерации или уже принятую.')
    return await reject(tx, actor, contestId, [r], reason, now, appUrl)
  })
  kickDelivery()
  return number
}

/**
 * Rejects the entries (submitted or accepted ones) with one reason, as rejecting each would. Returns
 * the numbers rejected; entries of other contests or in other states are left alone.
 */
export async function rejectEntries(actor: Actor, contestId: number, entryIds: number[], reason: string, now: Date, appUrl: string) {
  await checkContest(contestId)
  const rejected = await transaction(getDb(), async (tx) => {
    const rows = await tx
      .select({ id: entry.id, status: entry.status })
      .from(entry)
      .where(and(eq(entry.contestId, contestId), inArray(entry.id, entryIds), inArray(entry.status, ['submitted', 'accepted'])))
      .orderBy(asc(entry.seq))
    return await reject(tx, actor, contestId, rows, reason, now, appUrl)
  })
  kickDelivery()
  return rejected
}

/** The one way an entry is rejected: its state, its leaving the stages, the audit record and the entrant's letter. */
async function reject(tx: DB, actor: Actor, contestId: number, rows: { id: number; status: string }[], reason: string, now: Date, appUrl: string) {
  const numbers: string[] = []
  for (const r of rows) {
    await tx.update(entry).set({ status: 'rejected', rejectionReason: reason, moderatedById: actor.id, moderatedAt: now, updatedAt: now }).where(eq(entry.id, r.id))
    await tx.delete(stageEntry).where(eq(stageEntry.entryId, r.id))
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'entry.reject',
      entityType: 'entry',
      entityId: r.id,
      contestId,
      before: { status: r.status },
      after: { status: 'rejected', reason },
    })
    const n = await entrantNotice(tx, r.id)
    await sendEntryNotice(tx, n, r.id, appUrl, {
      kind: 'entry.rejected',
      subject: `Заявка ${n.number} отклонена`,
      body: `Заявка ${n.number} ${quoted(n.title)} на конкурс ${quoted(n.contestTitle)} отклонена модератором.\n\nПричина: ${reason}`,
    })
    numbers.push(n.number)
  }
  return numbers
}
