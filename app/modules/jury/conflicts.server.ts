/**
 * Conflicts of interest: which entries a juror must never see or score. The one place that decides it;
 * the scoring queue, the progress dashboard and the organiser's jury page all ask here.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import { getDb, schema, type DB } from '../../../db/client.server'
import { recordAudit, type Tx } from '../audit/audit.server'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'
import { Refusal } from '../../utils/refusal'

const { conflict, entry, author, user, userRole, stage, contest } = schema

type ConflictKind = (typeof conflict.$inferSelect)['kind']

const CONFLICT_LABELS: Record<ConflictKind, string> = {
  recusal: 'самоотвод',
  organiser: 'отмечен организатором',
  author: 'своя заявка',
  organisation: 'заявка своей организации',
}

/**
 * Every entry of a contest the juror is conflicted with, and why: conflicts recorded in the table
 * (a juror's recusal, an organiser's mark) and, found live, the juror's own entries (as owner or
 * co-author) and entries of the juror's own organisation.
 */
export function jurorConflicts(jurorId: string, contestId: number, db: DB | Tx = getDb()): Map<number, ConflictKind> {
  const found = new Map<number, ConflictKind>()
  const marked = db
    .select({ entryId: conflict.entryId, kind: conflict.kind })
    .from(conflict)
    .innerJoin(entry, eq(entry.id, conflict.entryId))
    .where(and(eq(conflict.jurorId, jurorId), eq(entry.contestId, contestId)))
    .all()
  for (const m of marked) found.set(m.entryId, m.kind)
  // Two indexed lookups rather than one query with OR across a join, which would scan every entry.
  const owned = db.select({ id: entry.id }).from(entry).where(and(eq(entry.ownerId, jurorId), eq(entry.contestId, contestId))).all()
  const authored = db
    .select({ id: entry.id })
    .from(author)
    .innerJoin(entry, eq(entry.id, author.entryId))
    .where(and(eq(author.userId, jurorId), eq(entry.contestId, contestId)))
    .all()
  for (const e of [...owned, ...authored]) found.set(e.id, 'author')
  const organisationId = db.select({ id: user.organisationId }).from(user).where(eq(user.id, jurorId)).get()?.id
  if (organisationId != null) {
    const ofOrganisation = db.select({ id: entry.id }).from(entry).where(and(eq(entry.contestId, contestId), eq(entry.organisationId, organisationId))).all()
    for (const e of ofOrganisation) if (!found.has(e.id)) found.set(e.id, 'organisation')
  }
  return found
}

/** The entries of a stage's contest that the juror must not see or score. */
export function conflictedEntryIds(jurorId: string, stageId: number, db: DB | Tx = getDb()): Set<number> {
  const s = db.select({ contestId: stage.contestId }).from(stage).where(eq(stage.id, stageId)).get()
  return s ? new Set(jurorConflicts(jurorId, s.contestId, db).keys()) : new Set()
}

/** Whether the juror must not see or score this entry. */
export function isConflicted(jurorId: string, entryId: number, db: DB | Tx = getDb()) {
  const e = db.select({ contestId: entry.contestId }).from(entry).where(eq(entry.id, entryId)).get()
  return e ? jurorConflicts(jurorId, e.contestId, db).has(entryId) : false
}

/** A user who may judge: holds the juror role (an administrator does not judge unless made a juror). */
export function getJuror(jurorId: string, db: DB | Tx = getDb()) {
  return (
    db
      .select({ id: user.id, fullName: user.fullName, email: user.email })
      .from(user)
      .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'juror')))
      .where(eq(user.id, jurorId))
      .get() ?? null
  )
}

/** The organiser marks a conflict by the entry's public number. */
export function markConflict(actorId: string, contestId: number, input: { jurorId: string; entryNumber: string; reason: string }) {
  getDb().transaction((tx) => {
    const juror = getJuror(input.jurorId, tx)
    if (!juror) throw new Refusal('invalid', 'Выберите члена жюри из списка.', 'jurorId')
    const c = tx.select({ prefix: contest.numberPrefix }).from(contest).where(eq(contest.id, contestId)).get()!
    const seq = parseEntryNumber(input.entryNumber, c.prefix)
    if (seq === null) throw new Refusal('invalid', `Номер заявки в этом конкурсе выглядит так: ${formatEntryNumber(c.prefix, 12)}.`, 'entryNumber')
    const target = tx.select({ id: entry.id }).from(entry).where(and(eq(entry.contestId, contestId), eq(entry.seq, seq))).get()
    const number = formatEntryNumber(c.prefix, seq)
    if (!target) throw new Refusal('invalid', `Заявки ${number} в конкурсе нет.`, 'entryNumber')
    const existing = tx.select({ kind: conflict.kind }).from(conflict).where(and(eq(conflict.entryId, target.id), eq(conflict.jurorId, juror.id))).get()
    if (existing) throw new Refusal('invalid', `Конфликт с заявкой ${number} уже отмечен (${CONFLICT_LABELS[existing.kind]}).`, 'entryNumber')
    const row = tx.insert(conflict).values({ entryId: target.id, jurorId: juror.id, kind: 'organiser', reason: input.reason, createdById: actorId }).returning().get()
    recordAudit(tx, { actorId, action: 'conflict.create', entityType: 'conflict', entityId: row.id, contestId, after: { juror: juror.fullName, entry: number, reason: input.reason } })
  })
}

/** Only the organiser's own marks can be lifted here: a recusal is the juror's declaration. */
export function removeConflict(actorId: string, contestId: number, id: number) {
  getDb().transaction((tx) => {
    const row = tx
      .select({ id: conflict.id, kind: conflict.kind, reason: conflict.reason, seq: entry.seq, prefix: contest.numberPrefix, juror: user.fullName })
      .from(conflict)
      .innerJoin(entry, eq(entry.id, conflict.entryId))
      .innerJoin(contest, eq(contest.id, entry.contestId))
      .innerJoin(user, eq(user.id, conflict.jurorId))
      .where(and(eq(conflict.id, id), eq(entry.contestId, contestId)))
      .get()
    if (!row) throw new Refusal('invalid', 'Такого конфликта нет.')
    if (row.kind !== 'organiser') throw new Refusal('invalid', 'Самоотвод может снять только сам член жюри.')
    tx.delete(conflict).where(eq(conflict.id, id)).run()
    recordAudit(tx, { actorId, action: 'conflict.delete', entityType: 'conflict', entityId: id, contestId, before: { juror: row.juror, entry: formatEntryNumber(row.prefix, row.seq), reason: row.reason } })
  })
}

/** Conflicts of a contest for the jury page: those recorded, and those found automatically for the given jurors. */
export function contestConflicts(contestId: number, jurorIds: string[], prefix: string) {
  const db = getDb()
  const recorded = db
    .select({ id: conflict.id, kind: conflict.kind, reason: conflict.reason, createdAt: conflict.createdAt, seq: entry.seq, juror: user.fullName })
    .from(conflict)
    .innerJoin(entry, eq(entry.id, conflict.entryId))
    .innerJoin(user, eq(user.id, conflict.jurorId))
    .where(eq(entry.contestId, contestId))
    .orderBy(desc(conflict.createdAt))
    .all()
    .map((r) => ({ ...r, number: formatEntryNumber(prefix, r.seq), label: CONFLICT_LABELS[r.kind] }))
  const names = new Map(
    (jurorIds.length ? db.select({ id: user.id, fullName: user.fullName }).from(user).where(inArray(user.id, jurorIds)).all() : []).map((u) => [u.id, u.fullName]),
  )
  const automatic = jurorIds.flatMap((jurorId) => {
    const found = [...jurorConflicts(jurorId, contestId, db)].filter(([, kind]) => kind === 'author' || kind === 'organisation')
    if (found.length === 0) return []
    // Drafts have no number yet and reach no juror: only numbered entries are worth listing.
    const seqs = new Map(db.select({ id: entry.id, seq: entry.seq }).from(entry).where(and(inArray(entry.id, found.map(([id]) => id)), isNotNull(entry.seq))).all().map((e) => [e.id, e.seq]))
    return found
      .filter(([entryId]) => seqs.has(entryId))
      .map(([entryId, kind]) => ({ juror: names.get(jurorId) ?? '', number: formatEntryNumber(prefix, seqs.get(entryId)!), label: CONFLICT_LABELS[kind] }))
  })
  return { recorded, automatic }
}
