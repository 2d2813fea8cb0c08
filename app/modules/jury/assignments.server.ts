/**
 * Who judges what: a juror is assigned to a stage and nominations (and, on a district stage, districts);
 * the organiser may add an extra juror for one entry. `jurorEntryIds` is the juror's queue, conflicts removed.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { getDb, schema, type DB } from '../../../db/client.server'
import { recordAudit, type Tx } from '../audit/audit.server'
import { formatEntryNumber } from '../contests/entry-number'
import { Refusal } from '../../utils/refusal'
import { districtRoots, getStage, stageEntries } from '../contests/stages.server'
import { getJuror, isConflicted, jurorConflicts } from './conflicts.server'

const { juryAssignment, extraAssignment, evaluation, entry, nomination, user, userRole, organisation, contest } = schema

/** Everyone who holds the juror role, for the organiser's choice lists. */
export function listJurors() {
  return getDb()
    .select({ id: user.id, fullName: user.fullName, email: user.email, organisation: organisation.name })
    .from(user)
    .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'juror')))
    .leftJoin(organisation, eq(organisation.id, user.organisationId))
    .orderBy(asc(user.fullName))
    .all()
}

/** The assignments of a contest's stages, with names, for the jury page. */
export function listAssignments(contestId: number) {
  const { district, stage } = schema
  return getDb()
    .select({
      id: juryAssignment.id,
      stageId: juryAssignment.stageId,
      jurorId: juryAssignment.jurorId,
      juror: user.fullName,
      nominationId: juryAssignment.nominationId,
      nomination: nomination.name,
      districtId: juryAssignment.districtId,
      district: district.name,
    })
    .from(juryAssignment)
    .innerJoin(stage, eq(stage.id, juryAssignment.stageId))
    .innerJoin(user, eq(user.id, juryAssignment.jurorId))
    .innerJoin(nomination, eq(nomination.id, juryAssignment.nominationId))
    .leftJoin(district, eq(district.id, juryAssignment.districtId))
    .where(eq(stage.contestId, contestId))
    .orderBy(asc(user.fullName), asc(district.name), asc(nomination.position))
    .all()
}

/** Assigns a juror to every chosen nomination (× district on a district stage); pairs already assigned are kept. Returns how many were added. */
export function assignJuror(actorId: string, contestId: number, input: { stageId: number; jurorId: string; nominationIds: number[]; districtIds: number[] }) {
  return getDb().transaction((tx) => {
    const s = getStage(contestId, input.stageId, tx)
    if (!s) throw new Refusal('invalid', 'Такого этапа нет.')
    const juror = getJuror(input.jurorId, tx)
    if (!juror) throw new Refusal('invalid', 'Выберите члена жюри из списка.', 'jurorId')
    const nominations = tx.select().from(nomination).where(and(eq(nomination.contestId, contestId), inArray(nomination.id, input.nominationIds))).all()
    if (nominations.length !== input.nominationIds.length) throw new Refusal('invalid', 'Выберите номинации этого конкурса.', 'nominationIds')
    let districts: { id: number | null; name: string | null }[] = [{ id: null, name: null }]
    if (s.kind === 'district') {
      if (input.districtIds.length === 0) throw new Refusal('invalid', 'Выберите хотя бы один район: на районном этапе жюри оценивает заявки своего района.', 'districtIds')
      const { cityDistricts } = districtRoots(tx)
      districts = cityDistricts.filter((d) => input.districtIds.includes(d.id))
      if (districts.length !== input.districtIds.length) throw new Refusal('invalid', 'Выберите районы из списка.', 'districtIds')
    } else if (input.districtIds.length > 0) {
      throw new Refusal('invalid', 'На городском этапе район не выбирается.', 'districtIds')
    }
    const existing = tx.select().from(juryAssignment).where(and(eq(juryAssignment.stageId, s.id), eq(juryAssignment.jurorId, juror.id))).all()
    const added: { nomination: string; district: string | null }[] = []
    for (const n of nominations) {
      for (const d of districts) {
        // The unique index does not stop a second city-stage row: SQLite keeps NULL districts apart.
        if (existing.some((a) => a.nominationId === n.id && a.districtId === d.id)) continue
        tx.insert(juryAssignment).values({ stageId: s.id, jurorId: juror.id, nominationId: n.id, districtId: d.id }).run()
        added.push({ nomination: n.name, district: d.name })
      }
    }
    if (added.length) {
      recordAudit(tx, {
        actorId,
        action: 'assignment.create',
        entityType: 'jury_assignment',
        entityId: `${s.id}:${juror.id}`,
        contestId,
        after: { juror: juror.fullName, stage: s.name, nomination: [...new Set(added.map((a) => a.nomination))].join(', '), district: [...new Set(added.map((a) => a.district).filter(Boolean))].join(', ') || null },
      })
    }
    return added.length
  })
}

/** A juror who has already scored in an assignment keeps it: the scores would otherwise lose their mandate. */
export function unassignJuror(actorId: string, contestId: number, assignmentId: number) {
  getDb().transaction((tx) => {
    const { stage } = schema
    const a = tx
      .select({ id: juryAssignment.id, stageId: juryAssignment.stageId, jurorId: juryAssignment.jurorId, nominationId: juryAssignment.nominationId, districtId: juryAssignment.districtId, juror: user.fullName, nomination: nomination.name, stage: stage.name })
      .from(juryAssignment)
      .innerJoin(stage, eq(stage.id, juryAssignment.stageId))
      .innerJoin(user, eq(user.id, juryAssignment.jurorId))
      .innerJoin(nomination, eq(nomination.id, juryAssignment.nominationId))
      .where(and(eq(juryAssignment.id, assignmentId), eq(stage.contestId, contestId)))
      .get()
    if (!a) throw new Refusal('invalid', 'Такого назначения нет.')
    const { rootOf } = districtRoots(tx)
    const scored = tx
      .select({ districtId: entry.districtId })
      .from(evaluation)
      .innerJoin(entry, eq(entry.id, evaluation.entryId))
      .where(and(eq(evaluation.stageId, a.stageId), eq(evaluation.jurorId, a.jurorId), eq(entry.nominationId, a.nominationId)))
      .all()
      .some((e) => a.districtId === null || rootOf(e.districtId) === a.districtId)
    if (scored) throw new Refusal('invalid', `${a.juror} уже оценивает заявки номинации «${a.nomination}»: назначение нельзя снять.`)
    tx.delete(juryAssignment).where(eq(juryAssignment.id, a.id)).run()
    recordAudit(tx, { actorId, action: 'assignment.delete', entityType: 'jury_assignment', entityId: `${a.stageId}:${a.jurorId}`, contestId, before: { juror: a.juror, stage: a.stage, nomination: a.nomination } })
  })
}

/**
 * The jurors' queues on a stage: the stage's entries in each juror's nominations (and districts, on a
 * district stage), plus the entries the organiser added for the juror, minus every conflicted entry.
 * Everything but the conflicts is read once for all the jurors asked about (all of the stage's by default).
 */
export function stageQueues(stageId: number, only: string[] | null = null, db: DB | Tx = getDb()): Map<string, number[]> {
  const { stage } = schema
  const s = db.select().from(stage).where(eq(stage.id, stageId)).get()
  if (!s) return new Map()
  const mine = <T extends { jurorId: string }>(rows: T[]) => (only ? rows.filter((r) => only.includes(r.jurorId)) : rows)
  const assignments = mine(db.select().from(juryAssignment).where(eq(juryAssignment.stageId, stageId)).all())
  const extras = mine(db.select().from(extraAssignment).where(eq(extraAssignment.stageId, stageId)).all())
  const entries = stageEntries(s, db)
  const { rootOf } = districtRoots(db)
  const groupOf = (nominationId: number | null, districtId: number | null) => `${nominationId}:${s.kind === 'district' ? districtId : null}`
  const jurorIds = only ?? [...new Set([...assignments, ...extras].map((r) => r.jurorId))]
  return new Map(
    jurorIds.map((jurorId) => {
      const groups = new Set(assignments.filter((a) => a.jurorId === jurorId).map((a) => groupOf(a.nominationId, a.districtId)))
      const extra = new Set(extras.filter((x) => x.jurorId === jurorId).map((x) => x.entryId))
      const conflicted = jurorConflicts(jurorId, s.contestId, db)
      const queue = entries.filter((e) => !conflicted.has(e.id) && (extra.has(e.id) || groups.has(groupOf(e.nominationId, rootOf(e.districtId)))))
      return [jurorId, queue.map((e) => e.id)]
    }),
  )
}

/** One juror's queue on a stage: what the scoring pages list, in entry order. */
export function jurorEntryIds(jurorId: string, stageId: number, db: DB | Tx = getDb()): number[] {
  return stageQueues(stageId, [jurorId], db).get(jurorId) ?? []
}

/** Asks one more juror to score one entry of a stage (too few scores, or jurors who disagree). */
export function assignExtraJuror(actorId: string, contestId: number, input: { stageId: number; entryId: number; jurorId: string }) {
  getDb().transaction((tx) => {
    const s = getStage(contestId, input.stageId, tx)
    if (!s) throw new Refusal('invalid', 'Такого этапа нет.')
    const juror = getJuror(input.jurorId, tx)
    if (!juror) throw new Refusal('invalid', 'Выберите члена жюри из списка.', 'jurorId')
    const target = stageEntries(s, tx).find((e) => e.id === input.entryId)
    if (!target) throw new Refusal('invalid', 'Этой заявки нет на этапе.')
    const prefix = tx.select({ prefix: contest.numberPrefix }).from(contest).where(eq(contest.id, contestId)).get()!.prefix
    const number = formatEntryNumber(prefix, target.seq)
    if (isConflicted(juror.id, target.id, tx)) throw new Refusal('invalid', `У этого члена жюри конфликт интересов с заявкой ${number}.`, 'jurorId')
    if (jurorEntryIds(juror.id, s.id, tx).includes(target.id)) throw new Refusal('invalid', `Заявка ${number} уже есть в списке этого члена жюри.`, 'jurorId')
    const row = tx.insert(extraAssignment).values({ stageId: s.id, entryId: target.id, jurorId: juror.id, createdById: actorId }).returning().get()
    recordAudit(tx, { actorId, action: 'extra_assignment.create', entityType: 'extra_assignment', entityId: row.id, contestId, after: { juror: juror.fullName, stage: s.name, entry: number } })
  })
}
