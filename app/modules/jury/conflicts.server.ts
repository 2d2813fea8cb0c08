/**
 * Conflicts of interest as the organiser handles them: marking and lifting a conflict, and the view of
 * who is kept away from which entry and why. Who is kept away is decided by the rule in
 * conflict-rule.server.ts alone, read here through the same statement the juror's pages use.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import { recordAudit } from '../audit/audit.server'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'
import { Refusal } from '../../utils/refusal'
import { CONFLICT_LABELS, type ConflictReason } from './conflict-rule.server'
import { jurorExclusions } from './queue.server'

const { conflict, entry, user, userRole, stage, contest, juryAssignment, extraAssignment } = schema

/**
 * The juror an organiser picked: a user who holds the juror role (an administrator does not judge
 * unless made a juror). Anyone else is refused beside the choice list.
 */
export async function requireJuror(jurorId: string, db: DB = getDb()) {
  const juror = await firstRow(
    db
      .select({ id: user.id, fullName: user.fullName, email: user.email })
      .from(user)
      .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'juror')))
      .where(eq(user.id, jurorId)),
  )
  if (!juror) throw new Refusal('invalid', 'Выберите члена жюри из списка.', 'jurorId')
  return juror
}

/** The organiser marks a conflict by the entry's public number. */
export async function markConflict(actorId: string, contestId: number, input: { jurorId: string; entryNumber: string; reason: string }) {
  await transaction(getDb(), async (tx) => {
    const juror = await requireJuror(input.jurorId, tx)
    const c = (await firstRow(tx.select({ prefix: contest.numberPrefix }).from(contest).where(eq(contest.id, contestId))))!
    const seq = parseEntryNumber(input.entryNumber, c.prefix)
    if (seq === null) throw new Refusal('invalid', `Номер заявки в этом конкурсе выглядит так: ${formatEntryNumber(c.prefix, 12)}.`, 'entryNumber')
    const target = await firstRow(
      tx
        .select({ id: entry.id })
        .from(entry)
        .where(and(eq(entry.contestId, contestId), eq(entry.seq, seq))),
    )
    const number = formatEntryNumber(c.prefix, seq)
    if (!target) throw new Refusal('invalid', `Заявки ${number} в конкурсе нет.`, 'entryNumber')
    const existing = await firstRow(
      tx
        .select({ kind: conflict.kind })
        .from(conflict)
        .where(and(eq(conflict.entryId, target.id), eq(conflict.jurorId, juror.id))),
    )
    if (existing) throw new Refusal('invalid', `Конфликт с заявкой ${number} уже отмечен (${CONFLICT_LABELS[existing.kind]}).`, 'entryNumber')
    const [row] = await tx.insert(conflict).values({ entryId: target.id, jurorId: juror.id, kind: 'organiser', reason: input.reason, createdById: actorId }).returning()
    await recordAudit(tx, {
      actorId,
      action: 'conflict.create',
      entityType: 'conflict',
      entityId: row.id,
      contestId,
      after: { juror: juror.fullName, entry: number, reason: input.reason },
    })
  })
}

/** Only the organiser's own marks can be lifted here: a recusal is the juror's declaration. */
export async function removeConflict(actorId: string, contestId: number, id: number) {
  await transaction(getDb(), async (tx) => {
    const row = await firstRow(
      tx
        .select({ id: conflict.id, kind: conflict.kind, reason: conflict.reason, seq: entry.seq, prefix: contest.numberPrefix, juror: user.fullName })
        .from(conflict)
        .innerJoin(entry, eq(entry.id, conflict.entryId))
        .innerJoin(contest, eq(contest.id, entry.contestId))
        .innerJoin(user, eq(user.id, conflict.jurorId))
        .where(and(eq(conflict.id, id), eq(entry.contestId, contestId))),
    )
    if (!row) throw new Refusal('invalid', 'Такого конфликта нет.')
    if (row.kind !== 'organiser') throw new Refusal('invalid', 'Самоотвод может снять только сам член жюри.')
    await tx.delete(conflict).where(eq(conflict.id, id))
    await recordAudit(tx, {
      actorId,
      action: 'conflict.delete',
      entityType: 'conflict',
      entityId: id,
      contestId,
      before: { juror: row.juror, entry: formatEntryNumber(row.prefix, row.seq), reason: row.reason },
    })
  })
}

/** The jurors the organiser's view covers: those on a stage of the contest, asked for one entry, or with a conflict recorded in it. */
async function contestJurorIds(contestId: number) {
  const db = getDb()
  const stages = db.select({ id: stage.id }).from(stage).where(eq(stage.contestId, contestId))
  const entries = db.select({ id: entry.id }).from(entry).where(eq(entry.contestId, contestId))
  const ids = [
    ...(await db.selectDistinct({ id: juryAssignment.jurorId }).from(juryAssignment).where(inArray(juryAssignment.stageId, stages))),
    ...(await db.selectDistinct({ id: extraAssignment.jurorId }).from(extraAssignment).where(inArray(extraAssignment.stageId, stages))),
    ...(await db.selectDistinct({ id: conflict.jurorId }).from(conflict).where(inArray(conflict.entryId, entries))),
  ].map((r) => r.id)
  return [...new Set(ids)]
}

export type ContestConflict = {
  jurorId: string
  juror: string
  entryId: number
  number: string
  reason: ConflictReason
  label: string
  /** The conflict row behind it, when one was recorded (a recusal, an organiser's mark). */
  recorded: { id: number; kind: ConflictReason; note: string; createdAt: Date } | null
}

/**
 * The organiser's conflict view: for every juror of the contest, each numbered entry the rule keeps
 * them away from, with the rule's reason and, when there is one, the conflict row behind it.
 */
export async function contestConflicts(contestId: number, prefix: string): Promise<ContestConflict[]> {
  const db = getDb()
  const jurorIds = await contestJurorIds(contestId)
  if (jurorIds.length === 0) return []
  const jurors = await db.select({ id: user.id, fullName: user.fullName }).from(user).where(inArray(user.id, jurorIds)).orderBy(asc(user.fullName))
  const rows = await db
    .select({ id: conflict.id, jurorId: conflict.jurorId, entryId: conflict.entryId, kind: conflict.kind, note: conflict.reason, createdAt: conflict.createdAt })
    .from(conflict)
    .innerJoin(entry, eq(entry.id, conflict.entryId))
    .where(and(eq(entry.contestId, contestId), inArray(conflict.jurorId, jurorIds)))
  const recorded = new Map(rows.map(({ jurorId, entryId, ...r }) => [`${jurorId}:${entryId}`, r]))
  const lists = await Promise.all(
    jurors.map(async (j) =>
      (await jurorExclusions(j.id, contestId)).map((x) => ({
        jurorId: j.id,
        juror: j.fullName,
        entryId: x.entryId,
        number: formatEntryNumber(prefix, x.seq),
        reason: x.reason,
        label: CONFLICT_LABELS[x.reason],
        recorded: recorded.get(`${j.id}:${x.entryId}`) ?? null,
      })),
    ),
  )
  return lists.flat()
}
