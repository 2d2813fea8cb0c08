/**
 * A juror's work on one entry: what the scoring page shows (blind: nothing that identifies the
 * authors), saving the evaluation, recusal and special-prize proposals. Each write re-checks the
 * stage's clock inside its transaction, and a save the juror's access too: a conflict or a closing
 * recorded a moment before wins.
 */
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm'
import { getDb, schema, transaction, firstRow, prepareOnce, runPrepared } from '../../../db/client.server'
import { asRefusal, Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { criteriaForNomination } from '../contests/criteria'
import { formatEntryNumber } from '../contests/entry-number'
import { photoView, type PhotoView } from '../photos/view'
import { fieldDisplayValue } from '../entries/validation'
import { conflictMessage } from './conflict-rule.server'
import { judgingState } from '../contests/lifecycle'
import { entryAccess, getStageAccess, type Juror, type StageAccess } from './queue.server'

const { entry, nomination, district, photo, formField, entryFieldValue, criterion, evaluation, score, stage, conflict, specialPrizeProposal } = schema
const { juryAssignment, extraAssignment } = schema

export const STAGE_CLOSED = 'Оценка этапа завершена: оценки больше нельзя изменить.'
export const STAGE_PENDING = 'Оценка этого этапа ещё не началась.'
const NOT_IN_QUEUE = 'Этой заявки нет среди заявок, которые вы оцениваете на этом этапе.'

/** The juror's way into an entry of a stage; refuses (not found, forbidden) saying why in Russian when they have none. */
export async function openEntry(juror: Juror, stageId: number, entryId: number) {
  const access = await getStageAccess(juror, stageId)
  if (!access) throw new Refusal('not_found', 'Вы не входите в жюри этого этапа.')
  if (access.state === 'pending') throw new Refusal('forbidden', STAGE_PENDING)
  const found = await entryAccess(access, entryId)
  if (found.kind === 'absent') throw new Refusal('not_found', NOT_IN_QUEUE)
  if (found.kind === 'excluded') throw new Refusal('forbidden', conflictMessage(found.reason))
  const { scoring, specialNominationIds, nominationId, number } = found
  return { access, scoring, specialNominationIds, nominationId, number }
}

async function mayOpenEntry(juror: Juror, stageId: number, entryId: number) {
  try {
    await openEntry(juror, stageId, entryId)
    return true
  } catch (error) {
    asRefusal(error)
    return false
  }
}

export type ScoringCriterion = { id: number; name: string; description: string; maxPoints: number; weight: number }

const criteriaStatement = prepareOnce(() =>
  getDb()
    .select({
      id: criterion.id,
      nominationId: criterion.nominationId,
      position: criterion.position,
      name: criterion.name,
      description: criterion.description,
      maxPoints: criterion.maxPoints,
      weight: criterion.weight,
    })
    .from(criterion)
    .where(eq(criterion.contestId, sql.placeholder('contestId')))
    .prepare(),
)

/** The criteria the entry is scored on (see criteriaForNomination). */
export async function criteriaOfEntry(contestId: number, nominationId: number | null): Promise<ScoringCriterion[]> {
  return criteriaForNomination(await runPrepared(criteriaStatement(), 'all', { contestId }), nominationId).map(({ id, name, description, maxPoints, weight }) => ({
    id,
    name,
    description,
    maxPoints,
    weight,
  }))
}

const photosStatement = prepareOnce(() =>
  getDb()
    .select({ id: photo.id, width: photo.width, height: photo.height, variants: photo.variants, status: photo.status, failure: photo.failure })
    .from(photo)
    // A photo that could not be processed is not part of what the jury judges; one still processing is shown as such.
    .where(and(eq(photo.entryId, sql.placeholder('entryId')), ne(photo.status, 'failed')))
    .orderBy(asc(photo.position), asc(photo.createdAt))
    .prepare(),
)

/** The entry's photos, in the authors' order: only what an <img> needs (photoView leaves out storage keys). */
export async function photosOf(entryId: number): Promise<PhotoView[]> {
  return (await runPrepared(photosStatement(), 'all', { entryId })).map(photoView)
}

const jurorStagesOfEntryStatement = prepareOnce(() => {
  const jurorId = sql.placeholder('jurorId')
  const db = getDb()
  return db
    .select({ id: stage.id })
    .from(stage)
    .innerJoin(entry, eq(entry.contestId, stage.contestId))
    .where(
      and(
        eq(entry.id, sql.placeholder('entryId')),
        or(
          inArray(stage.id, db.select({ id: juryAssignment.stageId }).from(juryAssignment).where(eq(juryAssignment.jurorId, jurorId))),
          inArray(stage.id, db.select({ id: extraAssignment.stageId }).from(extraAssignment).where(eq(extraAssignment.jurorId, jurorId))),
        ),
      ),
    )
    .prepare()
})

/**
 * Whether the juror may open the entry in a stage they judge, by the same check as its page: what the
 * photo route asks (app/modules/photos/access.server.ts) about a juror.
 */
export async function jurorMayOpenEntry(juror: Juror, entryId: number) {
  if (!Number.isInteger(entryId) || entryId <= 0) return false
  for (const s of await runPrepared(jurorStagesOfEntryStatement(), 'all', { entryId, jurorId: juror.id })) {
    if (await mayOpenEntry(juror, s.id, entryId)) return true
  }
  return false
}

/** The first photo of each entry, for the thumbnails of a list. */
export async function firstPhotos(entryIds: number[]): Promise<Map<number, PhotoView>> {
  if (!entryIds.length) return new Map()
  const rows = await getDb()
    .select({ id: photo.id, entryId: photo.entryId, width: photo.width, height: photo.height, variants: photo.variants, status: photo.status, failure: photo.failure })
    .from(photo)
    .where(
      and(
        inArray(photo.entryId, entryIds),
        sql`${photo.id} = (select "p"."id" from "photo" "p" where "p"."entry_id" = ${photo.entryId} and "p"."status" <> 'failed' order by "p"."position", "p"."created_at" limit 1)`,
      ),
    )
  return new Map(rows.map((r) => [r.entryId!, photoView(r)]))
}

/**
 * The entry as a juror sees it: number, title, description, nomination, district, the contest's public
 * fields and the photos. Deliberately a list of chosen columns: no owner, author, operator,
 * organisation, address or contact ever leaves this function.
 */
const blindEntryStatement = prepareOnce(() =>
  getDb()
    .select({
      id: entry.id,
      seq: entry.seq,
      title: entry.title,
      description: entry.description,
      nominationId: entry.nominationId,
      nominationName: nomination.name,
      districtName: district.name,
    })
    .from(entry)
    .leftJoin(nomination, eq(nomination.id, entry.nominationId))
    .leftJoin(district, eq(district.id, entry.districtId))
    .where(and(eq(entry.id, sql.placeholder('entryId')), eq(entry.contestId, sql.placeholder('contestId'))))
    .prepare(),
)

const publicFieldsStatement = prepareOnce(() =>
  getDb()
    .select({ label: formField.label, kind: formField.kind, value: entryFieldValue.value })
    .from(entryFieldValue)
    .innerJoin(formField, eq(formField.id, entryFieldValue.fieldId))
    .where(and(eq(entryFieldValue.entryId, sql.placeholder('entryId')), eq(formField.isPublic, true)))
    .orderBy(asc(formField.position), asc(formField.id))
    .prepare(),
)

export async function blindEntry(access: StageAccess, entryId: number) {
  const row = await runPrepared(blindEntryStatement(), 'get', { entryId, contestId: access.contest.id })
  if (!row) return null
  return {
    id: row.id,
    number: formatEntryNumber(access.contest.numberPrefix, row.seq),
    title: row.title,
    description: row.description,
    nominationId: row.nominationId,
    nominationName: row.nominationName,
    districtName: row.districtName,
    fields: (await runPrepared(publicFieldsStatement(), 'all', { entryId })).map((f) => ({ label: f.label, value: fieldDisplayValue(f.kind, f.value) })),
    photos: await photosOf(entryId),
  }
}

const ownEvaluationStatement = prepareOnce(() =>
  getDb()
    .select({
      comment: evaluation.comment,
      updatedAt: evaluation.updatedAt,
      createdAt: evaluation.createdAt,
      criterionId: score.criterionId,
      points: score.points,
    })
    .from(evaluation)
    .leftJoin(score, eq(score.evaluationId, evaluation.id))
    .where(and(eq(evaluation.stageId, sql.placeholder('stageId')), eq(evaluation.entryId, sql.placeholder('entryId')), eq(evaluation.jurorId, sql.placeholder('jurorId'))))
    .prepare(),
)

/** The juror's own evaluation of the entry in the stage: never anyone else's. */
export async function ownEvaluation(juror: Juror, stageId: number, entryId: number) {
  const rows = await runPrepared(ownEvaluationStatement(), 'all', { stageId, entryId, jurorId: juror.id })
  if (!rows.length) return null
  return {
    comment: rows[0].comment,
    savedAt: rows[0].updatedAt ?? rows[0].createdAt,
    points: Object.fromEntries(rows.filter((r) => r.criterionId !== null).map((r) => [r.criterionId, r.points])) as Record<number, number>,
  }
}

const stageClockStatement = prepareOnce(() =>
  getDb()
    .select({ status: stage.status, judgingOpensAt: stage.judgingOpensAt, judgingClosesAt: stage.judgingClosesAt, contestStatus: schema.contest.status })
    .from(stage)
    .innerJoin(schema.contest, eq(schema.contest.id, stage.contestId))
    .where(eq(stage.id, sql.placeholder('stageId')))
    .prepare(),
)

/** Inside a write (same connection): the stage still takes scores; the organiser may have closed it or published the results a moment ago. */
async function stageOpen(stageId: number) {
  const row = await runPrepared(stageClockStatement(), 'get', { stageId })
  return !!row && judgingState(row) === 'open'
}

/**
 * Saves the juror's points and comment for the entry in one transaction: the evaluation and each
 * score are upserted on their unique indexes, so parallel saves and double submits end in one row per
 * juror, entry and criterion; every criterion whose points change gets an audit record (old → new).
 */
export async function saveEvaluation(juror: Juror, access: StageAccess, entryId: number, input: { points: Record<number, number>; comment: string }, criteria: ScoringCriterion[]) {
  const db = getDb()
  return await transaction(
    db,
    async (tx) => {
      if (!(await stageOpen(access.stage.id))) throw new Refusal('conflict', STAGE_CLOSED)
      const still = await entryAccess(access, entryId)
      if (still.kind === 'excluded') throw new Refusal('forbidden', conflictMessage(still.reason))
      if (still.kind === 'absent' || !still.scoring) throw new Refusal('not_found', NOT_IN_QUEUE)
      const now = new Date()
      const before = await tx
        .select({ criterionId: score.criterionId, points: score.points, comment: evaluation.comment })
        .from(evaluation)
        .leftJoin(score, eq(score.evaluationId, evaluation.id))
        .where(and(eq(evaluation.stageId, access.stage.id), eq(evaluation.entryId, entryId), eq(evaluation.jurorId, juror.id)))
      const oldPoints = new Map(before.filter((b) => b.criterionId !== null).map((b) => [b.criterionId!, b.points!]))
      const { id: evaluationId } = (
        await tx
          .insert(evaluation)
          .values({ stageId: access.stage.id, entryId, jurorId: juror.id, comment: input.comment, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({
            target: [evaluation.stageId, evaluation.entryId, evaluation.jurorId],
            set: { comment: input.comment, updatedAt: now },
          })
          .returning({ id: evaluation.id })
      )[0]
      await tx
        .insert(score)
        .values(criteria.map((c) => ({ evaluationId, criterionId: c.id, points: input.points[c.id] })))
        .onConflictDoUpdate({ target: [score.evaluationId, score.criterionId], set: { points: sql`excluded.points` } })
      for (const c of criteria) {
        const old = oldPoints.get(c.id) ?? null
        const points = input.points[c.id]
        if (old === points) continue
        await recordAudit(tx, {
          actorId: juror.id,
          action: 'score.save',
          entityType: 'entry',
          entityId: entryId,
          contestId: access.contest.id,
          before: { stageId: access.stage.id, criterionId: c.id, criterion: c.name, points: old },
          after: { stageId: access.stage.id, criterionId: c.id, criterion: c.name, points },
        })
      }
      const oldComment = before[0]?.comment ?? null
      if (oldComment !== input.comment && (oldComment !== null || input.comment)) {
        await recordAudit(tx, {
          actorId: juror.id,
          action: 'evaluation.comment',
          entityType: 'entry',
          entityId: entryId,
          contestId: access.contest.id,
          before: { stageId: access.stage.id, comment: oldComment },
          after: { stageId: access.stage.id, comment: input.comment },
        })
      }
    },
    { alongside: `evaluation:${access.stage.id}:${entryId}:${juror.id}` },
  )
}

/**
 * Самоотвод: a conflict row of kind «recusal» with the juror's reason. The entry leaves the juror's
 * queue and progress; points already given to it in this stage are withdrawn (kept in the audit log),
 * since a conflicted juror's marks must not count.
 */
export async function recuse(juror: Juror, access: StageAccess, entryId: number, reason: string) {
  const db = getDb()
  return await transaction(db, async (tx) => {
    if (!(await stageOpen(access.stage.id))) throw new Refusal('conflict', STAGE_CLOSED)
    const [inserted] = await tx
      .insert(conflict)
      .values({ entryId, jurorId: juror.id, kind: 'recusal', reason, createdById: juror.id })
      .onConflictDoNothing()
      .returning({ id: conflict.id })
    if (!inserted) throw new Refusal('conflict', conflictMessage('recusal'))
    const own = await firstRow(
      tx
        .select({ id: evaluation.id, comment: evaluation.comment })
        .from(evaluation)
        .where(and(eq(evaluation.stageId, access.stage.id), eq(evaluation.entryId, entryId), eq(evaluation.jurorId, juror.id))),
    )
    let withdrawn: Record<number, number> | null = null
    if (own) {
      const points = await tx.select({ criterionId: score.criterionId, points: score.points }).from(score).where(eq(score.evaluationId, own.id))
      withdrawn = Object.fromEntries(points.map((p) => [p.criterionId, p.points]))
      await tx.delete(evaluation).where(eq(evaluation.id, own.id))
    }
    await recordAudit(tx, {
      actorId: juror.id,
      action: 'conflict.recusal',
      entityType: 'entry',
      entityId: entryId,
      contestId: access.contest.id,
      before: own ? { stageId: access.stage.id, points: withdrawn, comment: own.comment } : null,
      after: { reason },
    })
  })
}

/** The juror's own proposals for the special-prize nominations of the contest, by nomination. */
export async function ownProposals(juror: Juror, nominationIds: number[]) {
  if (!nominationIds.length) return []
  return await getDb()
    .select({ nominationId: specialPrizeProposal.nominationId, entryId: specialPrizeProposal.entryId, note: specialPrizeProposal.note })
    .from(specialPrizeProposal)
    .where(and(eq(specialPrizeProposal.jurorId, juror.id), inArray(specialPrizeProposal.nominationId, nominationIds)))
}

/** Proposes the entry for the special prize (or updates the note), or withdraws the proposal. The route has checked access. */
export async function setProposal(juror: Juror, access: StageAccess, input: { nominationId: number; entryId: number; propose: boolean; note: string }) {
  return await transaction(getDb(), async (tx) => {
    if (!(await stageOpen(access.stage.id))) throw new Refusal('conflict', STAGE_CLOSED)
    const key = and(eq(specialPrizeProposal.nominationId, input.nominationId), eq(specialPrizeProposal.entryId, input.entryId), eq(specialPrizeProposal.jurorId, juror.id))
    const before = (await firstRow(tx.select({ note: specialPrizeProposal.note }).from(specialPrizeProposal).where(key))) ?? null
    if (input.propose) {
      await tx
        .insert(specialPrizeProposal)
        .values({ nominationId: input.nominationId, entryId: input.entryId, jurorId: juror.id, note: input.note })
        .onConflictDoUpdate({
          target: [specialPrizeProposal.nominationId, specialPrizeProposal.entryId, specialPrizeProposal.jurorId],
          set: { note: input.note },
        })
    } else {
      if (!before) return
      await tx.delete(specialPrizeProposal).where(key)
    }
    await recordAudit(tx, {
      actorId: juror.id,
      action: input.propose ? 'special_prize.propose' : 'special_prize.withdraw',
      entityType: 'entry',
      entityId: input.entryId,
      contestId: access.contest.id,
      before: before ? { nominationId: input.nominationId, note: before.note } : null,
      after: input.propose ? { nominationId: input.nominationId, note: input.note } : null,
    })
  })
}
