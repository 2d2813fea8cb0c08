/**
 * Who judges what: a juror is assigned to a stage and nominations (and, on a district stage, districts);
 * the organiser may also ask an extra juror to score one entry (decisions.server.ts). What a juror then
 * scores is their queue, in queue.server.ts.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { getDb, schema, transaction, firstRow } from '../../../db/client.server'
import { recordAudit } from '../audit/audit.server'
import { Refusal } from '../../utils/refusal'
import { districtRoots, getStage } from '../contests/stages.server'
import { requireJuror } from './conflicts.server'
import { quoted } from '../../utils/format'

const { juryAssignment, evaluation, entry, nomination, user, userRole, organisation } = schema

/** Everyone who holds the juror role, for the organiser's choice lists. */
export async function listJurors() {
  return await getDb()
    .select({ id: user.id, fullName: user.fullName, email: user.email, organisation: organisation.name })
    .from(user)
    .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'juror')))
    .leftJoin(organisation, eq(organisation.id, user.organisationId))
    .orderBy(asc(user.fullName))
}

/** The assignments of a contest's stages, with names, for the jury page. */
export async function listAssignments(contestId: number) {
  const { district, stage } = schema
  return await getDb()
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
}

/** Assigns a juror to every chosen nomination (× district on a district stage); pairs already assigned are kept. Returns how many were added. */
export async function assignJuror(actorId: string, contestId: number, input: { stageId: number; jurorId: string; nominationIds: number[]; districtIds: number[] }) {
  return await transaction(getDb(), async (tx) => {
    const s = await getStage(contestId, input.stageId, tx)
    if (!s) throw new Refusal('invalid', 'Такого этапа нет.')
    const juror = await requireJuror(input.jurorId, tx)
    const nominations = await tx
      .select()
      .from(nomination)
      .where(and(eq(nomination.contestId, contestId), inArray(nomination.id, input.nominationIds)))
    if (nominations.length !== input.nominationIds.length) throw new Refusal('invalid', 'Выберите номинации этого конкурса.', 'nominationIds')
    let districts: { id: number | null; name: string | null }[] = [{ id: null, name: null }]
    if (s.kind === 'district') {
      if (input.districtIds.length === 0) throw new Refusal('invalid', 'Выберите хотя бы один район: на районном этапе жюри оценивает заявки своего района.', 'districtIds')
      const { cityDistricts } = await districtRoots(tx)
      districts = cityDistricts.filter((d) => input.districtIds.includes(d.id))
      if (districts.length !== input.districtIds.length) throw new Refusal('invalid', 'Выберите районы из списка.', 'districtIds')
    } else if (input.districtIds.length > 0) {
      throw new Refusal('invalid', 'На городском этапе район не выбирается.', 'districtIds')
    }
    const existing = await tx
      .select()
      .from(juryAssignment)
      .where(and(eq(juryAssignment.stageId, s.id), eq(juryAssignment.jurorId, juror.id)))
    const added: { nomination: string; district: string | null }[] = []
    for (const n of nominations) {
      for (const d of districts) {
        // The unique index does not stop a second city-stage row: SQLite keeps NULL districts apart.
        if (existing.some((a) => a.nominationId === n.id && a.districtId === d.id)) continue
        await tx.insert(juryAssignment).values({ stageId: s.id, jurorId: juror.id, nominationId: n.id, districtId: d.id })
        added.push({ nomination: n.name, district: d.name })
      }
    }
    if (added.length) {
      await recordAudit(tx, {
        actorId,
        action: 'assignment.create',
        entityType: 'jury_assignment',
        entityId: `${s.id}:${juror.id}`,
        contestId,
        after: {
          juror: juror.fullName,
          stage: s.name,
          nomination: [...new Set(added.map((a) => a.nomination))].join(', '),
          district: [...new Set(added.map((a) => a.district).filter(Boolean))].join(', ') || null,
        },
      })
    }
    return added.length
  })
}

/** A juror who has already scored in an assignment keeps it: the scores would otherwise lose their mandate. */
export async function unassignJuror(actorId: string, contestId: number, assignmentId: number) {
  await transaction(getDb(), async (tx) => {
    const { stage } = schema
    const a = await firstRow(
      tx
        .select({
          id: juryAssignment.id,
          stageId: juryAssignment.stageId,
          jurorId: juryAssignment.jurorId,
          nominationId: juryAssignment.nominationId,
          districtId: juryAssignment.districtId,
          juror: user.fullName,
          nomination: nomination.name,
          stage: stage.name,
        })
        .from(juryAssignment)
        .innerJoin(stage, eq(stage.id, juryAssignment.stageId))
        .innerJoin(user, eq(user.id, juryAssignment.jurorId))
        .innerJoin(nomination, eq(nomination.id, juryAssignment.nominationId))
        .where(and(eq(juryAssignment.id, assignmentId), eq(stage.contestId, contestId))),
    )
    if (!a) throw new Refusal('invalid', 'Такого назначения нет.')
    const { rootOf } = await districtRoots(tx)
    const scored = (
      await tx
        .select({ districtId: entry.districtId })
        .from(evaluation)
        .innerJoin(entry, eq(entry.id, evaluation.entryId))
        .where(and(eq(evaluation.stageId, a.stageId), eq(evaluation.jurorId, a.jurorId), eq(entry.nominationId, a.nominationId)))
    ).some((e) => a.districtId === null || rootOf(e.districtId) === a.districtId)
    if (scored) throw new Refusal('invalid', `${a.juror} уже оценивает заявки номинации ${quoted(a.nomination)}: назначение нельзя снять.`)
    await tx.delete(juryAssignment).where(eq(juryAssignment.id, a.id))
    await recordAudit(tx, {
      actorId,
      action: 'assignment.delete',
      entityType: 'jury_assignment',
      entityId: `${a.stageId}:${a.jurorId}`,
      contestId,
      before: { juror: a.juror, stage: a.stage, nomination: a.nomination },
    })
  })
}
