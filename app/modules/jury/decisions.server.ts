/**
 * The organiser's side of judging: recording the jury's decision on a special prize, and asking an
 * extra juror to score one entry when there are too few scores or the jurors disagree.
 * Organisers are not blind: these functions return jurors' names.
 */
import { and, asc, desc, eq, exists, inArray, sql } from 'drizzle-orm'
import { getDb, schema, firstRow, transaction } from '../../../db/client.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { greeting } from '../mail/letter'
import { enqueueMail, kickDelivery } from '../mail/outbox.server'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'
import { CONFLICT_LABELS } from './conflict-rule.server'
import { entryAccess, exclusionReason, getStageAccess, isEntryInStage } from './queue.server'
import { requireJuror } from './conflicts.server'
import { quoted } from '../../utils/format'

const { contest, entry, nomination, stage, juryAssignment, extraAssignment, specialPrizeProposal, resultDecision, user, userRole, evaluation } = schema

async function contestRow(contestId: number) {
  return await firstRow(getDb().select({ id: contest.id, numberPrefix: contest.numberPrefix }).from(contest).where(eq(contest.id, contestId)))
}

/** An accepted entry of the contest by the number a person typed («ТТР-0412», «412»). */
async function findEntryByNumber(contestId: number, numberPrefix: string, typed: string) {
  const seq = parseEntryNumber(typed, numberPrefix)
  if (seq === null) return null
  return (
    (await firstRow(
      getDb()
        .select({ id: entry.id, seq: entry.seq, title: entry.title, nominationId: entry.nominationId })
        .from(entry)
        .where(and(eq(entry.contestId, contestId), eq(entry.seq, seq), eq(entry.status, 'accepted'))),
    )) ?? null
  )
}

const NO_SUCH_ENTRY = 'Среди принятых заявок конкурса нет заявки с таким номером'

/**
 * The stage a special prize is decided in: the last stage whose jury includes the nomination, or the
 * contest's last stage when nobody is assigned to it yet. Proposals carry no stage, and the prize is
 * one decision of the contest's jury.
 */
async function specialPrizeStage(contestId: number, nominationId: number) {
  const db = getDb()
  const assigned = db.select({ id: juryAssignment.stageId }).from(juryAssignment).where(eq(juryAssignment.nominationId, nominationId))
  const pick = async (onlyAssigned: boolean) =>
    await firstRow(
      db
        .select({ id: stage.id, name: stage.name })
        .from(stage)
        .where(and(eq(stage.contestId, contestId), onlyAssigned ? inArray(stage.id, assigned) : undefined))
        .orderBy(desc(stage.position), desc(stage.id)),
    )
  return (await pick(true)) ?? (await pick(false)) ?? null
}

/** For each special-prize nomination of the contest: the jurors' proposals by entry and the decisions recorded. */
export async function specialPrizeBoard(contestId: number) {
  const db = getDb()
  const prefix = (await contestRow(contestId))?.numberPrefix ?? ''
  const nominations = await db
    .select({ id: nomination.id, name: nomination.name })
    .from(nomination)
    .where(and(eq(nomination.contestId, contestId), eq(nomination.isSpecialPrize, true)))
    .orderBy(asc(nomination.position), asc(nomination.id))
  return Promise.all(
    nominations.map(async (n) => {
      const jurors = (await db.selectDistinct({ jurorId: juryAssignment.jurorId }).from(juryAssignment).where(eq(juryAssignment.nominationId, n.id))).length
      const proposals = await db
        .select({
          entryId: entry.id,
          seq: entry.seq,
          title: entry.title,
          jurorName: user.fullName,
          note: specialPrizeProposal.note,
        })
        .from(specialPrizeProposal)
        .innerJoin(entry, eq(entry.id, specialPrizeProposal.entryId))
        .innerJoin(user, eq(user.id, specialPrizeProposal.jurorId))
        .where(eq(specialPrizeProposal.nominationId, n.id))
        .orderBy(asc(entry.seq), asc(user.fullName))
      const candidates = new Map<number, { entryId: number; number: string; title: string; proposers: { name: string; note: string }[] }>()
      for (const p of proposals) {
        const c = candidates.get(p.entryId) ?? { entryId: p.entryId, number: formatEntryNumber(prefix, p.seq), title: p.title, proposers: [] }
        c.proposers.push({ name: p.jurorName, note: p.note })
        candidates.set(p.entryId, c)
      }
      const decisions = await db
        .select({
          id: resultDecision.id,
          entryId: entry.id,
          seq: entry.seq,
          title: entry.title,
          reason: resultDecision.reason,
          decidedBy: user.fullName,
          at: resultDecision.createdAt,
        })
        .from(resultDecision)
        .innerJoin(entry, eq(entry.id, resultDecision.entryId))
        .innerJoin(user, eq(user.id, resultDecision.decidedById))
        .where(and(eq(resultDecision.nominationId, n.id), eq(resultDecision.award, 'special_prize')))
        .orderBy(asc(resultDecision.createdAt))
      return {
        id: n.id,
        name: n.name,
        stage: await specialPrizeStage(contestId, n.id),
        jurors,
        candidates: [...candidates.values()].sort((a, b) => b.proposers.length - a.proposers.length || a.number.localeCompare(b.number)),
        decisions: decisions.map(({ seq, ...d }) => ({ ...d, number: formatEntryNumber(prefix, seq) })),
      }
    }),
  )
}

/** Records the jury's decision: the special prize of the nomination goes to the entry, with the reason (e.g. the protocol). */
export async function awardSpecialPrize(organiserId: string, contestId: number, input: { nominationId: number; entry: string; reason: string }): Promise<{ number: string }> {
  const db = getDb()
  const c = await contestRow(contestId)
  const n = await firstRow(
    db
      .select({ id: nomination.id, name: nomination.name })
      .from(nomination)
      .where(and(eq(nomination.id, input.nominationId), eq(nomination.contestId, contestId), eq(nomination.isSpecialPrize, true))),
  )
  if (!c || !n) throw new Refusal('invalid', 'В этом конкурсе нет такой номинации специального приза', 'nominationId')
  const found = await findEntryByNumber(contestId, c.numberPrefix, input.entry)
  if (!found) throw new Refusal('invalid', NO_SUCH_ENTRY, 'entry')
  const target = await specialPrizeStage(contestId, n.id)
  if (!target) throw new Refusal('invalid', 'В конкурсе нет этапов: добавьте этап, чтобы записать решение', 'nominationId')
  const number = formatEntryNumber(c.numberPrefix, found.seq)
  return await transaction(db, async (tx) => {
    const existing = await firstRow(
      tx
        .select({ nominationId: resultDecision.nominationId, award: resultDecision.award })
        .from(resultDecision)
        .where(and(eq(resultDecision.stageId, target.id), eq(resultDecision.entryId, found.id))),
    )
    if (existing) {
      const message =
        existing.award === 'special_prize' && existing.nominationId === n.id
          ? `Заявке ${number} этот специальный приз уже присуждён`
          : `У заявки ${number} уже есть решение по итогам этапа ${quoted(target.name)} (место, звание лауреата или другой приз)`
      throw new Refusal('invalid', message, 'entry')
    }
    const [decision] = await tx
      .insert(resultDecision)
      .values({
        stageId: target.id,
        nominationId: n.id,
        entryId: found.id,
        award: 'special_prize',
        place: null,
        reason: input.reason,
        decidedById: organiserId,
      })
      .returning({ id: resultDecision.id })
    await recordAudit(tx, {
      actorId: organiserId,
      action: 'result.special_prize.award',
      entityType: 'entry',
      entityId: found.id,
      contestId,
      before: null,
      after: { decisionId: decision.id, stageId: target.id, nominationId: n.id, nomination: n.name, reason: input.reason },
    })
    return { number }
  })
}

export async function revokeSpecialPrize(organiserId: string, contestId: number, input: { decisionId: number; reason: string }) {
  const db = getDb()
  await transaction(db, async (tx) => {
    const d = await firstRow(
      tx
        .select({
          id: resultDecision.id,
          entryId: resultDecision.entryId,
          stageId: resultDecision.stageId,
          nominationId: resultDecision.nominationId,
          reason: resultDecision.reason,
        })
        .from(resultDecision)
        .innerJoin(stage, eq(stage.id, resultDecision.stageId))
        .where(and(eq(resultDecision.id, input.decisionId), eq(stage.contestId, contestId), eq(resultDecision.award, 'special_prize'))),
    )
    if (!d) throw new Refusal('not_found', 'Такого решения нет.')
    await tx.delete(resultDecision).where(eq(resultDecision.id, d.id))
    await recordAudit(tx, {
      actorId: organiserId,
      action: 'result.special_prize.revoke',
      entityType: 'entry',
      entityId: d.entryId,
      contestId,
      before: { decisionId: d.id, stageId: d.stageId, nominationId: d.nominationId, reason: d.reason },
      after: { reason: input.reason },
    })
  })
}

async function contestStages(contestId: number) {
  return await getDb().select({ id: stage.id, name: stage.name }).from(stage).where(eq(stage.contestId, contestId)).orderBy(asc(stage.position), asc(stage.id))
}

/** Everything the extra-juror page shows: the stages, the people who can be asked, and who was asked for what. */
export async function extraJurorBoard(contestId: number) {
  const db = getDb()
  const prefix = (await contestRow(contestId))?.numberPrefix ?? ''
  const stages = await contestStages(contestId)
  const onJury = db.select({ jurorId: juryAssignment.jurorId }).from(juryAssignment).innerJoin(stage, eq(stage.id, juryAssignment.stageId)).where(eq(stage.contestId, contestId))
  const jurors = await db
    .select({
      id: user.id,
      fullName: user.fullName,
      onJury: sql<number>`${inArray(user.id, onJury)}`,
    })
    .from(user)
    .where(
      exists(
        db
          .select({ one: sql`1` })
          .from(userRole)
          .where(and(eq(userRole.userId, user.id), eq(userRole.role, 'juror'))),
      ),
    )
    .orderBy(asc(user.fullName))
  const extras = await db
    .select({
      id: extraAssignment.id,
      stageName: stage.name,
      seq: entry.seq,
      title: entry.title,
      jurorName: user.fullName,
      createdAt: extraAssignment.createdAt,
      scored: sql<number>`exists (select 1 from ${evaluation} where ${evaluation.stageId} = ${extraAssignment.stageId} and ${evaluation.entryId} = ${extraAssignment.entryId} and ${evaluation.jurorId} = ${extraAssignment.jurorId})`,
    })
    .from(extraAssignment)
    .innerJoin(stage, eq(stage.id, extraAssignment.stageId))
    .innerJoin(entry, eq(entry.id, extraAssignment.entryId))
    .innerJoin(user, eq(user.id, extraAssignment.jurorId))
    .where(eq(stage.contestId, contestId))
    .orderBy(desc(extraAssignment.createdAt), desc(extraAssignment.id))
  return {
    stages,
    jurors: jurors.map((j) => ({ id: j.id, fullName: j.fullName, onJury: !!j.onJury })),
    extras: extras.map(({ seq, scored, ...x }) => ({ ...x, number: formatEntryNumber(prefix, seq), scored: !!scored })),
  }
}

/** Asks a juror to score one more entry in a stage; refused, with the field to blame, when the juror cannot or already does. */
export async function assignExtraJuror(
  organiserId: string,
  contestId: number,
  input: { stageId: number; entry: string; jurorId: string },
  baseUrl: string,
): Promise<{ number: string; jurorName: string }> {
  const db = getDb()
  const c = await contestRow(contestId)
  const s = (await contestStages(contestId)).find((x) => x.id === input.stageId)
  if (!c || !s) throw new Refusal('invalid', 'Выберите этап этого конкурса', 'stageId')
  const found = await findEntryByNumber(contestId, c.numberPrefix, input.entry)
  if (!found) throw new Refusal('invalid', NO_SUCH_ENTRY, 'entry')
  const number = formatEntryNumber(c.numberPrefix, found.seq)
  if (!(await isEntryInStage(s.id, found.id))) throw new Refusal('invalid', `Заявка ${number} не участвует в этапе ${quoted(s.name)}`, 'entry')
  const juror = await requireJuror(input.jurorId)
  const reason = await exclusionReason(juror.id, found.id)
  if (reason) throw new Refusal('invalid', `У этого члена жюри конфликт интересов с заявкой ${number}: ${CONFLICT_LABELS[reason]}`, 'jurorId')
  const already = () => new Refusal('invalid', `${juror.fullName} уже оценивает заявку ${number} на этом этапе`, 'jurorId')
  const access = await getStageAccess(juror, s.id)
  const current = access ? await entryAccess(access, found.id) : null
  if (current?.kind === 'allowed' && current.scoring) throw already()
  const assigned = await transaction(db, async (tx) => {
    const [row] = await tx
      .insert(extraAssignment)
      .values({ stageId: s.id, entryId: found.id, jurorId: juror.id, createdById: organiserId })
      .onConflictDoNothing()
      .returning({ id: extraAssignment.id })
    if (!row) return false
    await recordAudit(tx, {
      actorId: organiserId,
      action: 'jury.extra_assign',
      entityType: 'entry',
      entityId: found.id,
      contestId,
      before: null,
      after: { extraAssignmentId: row.id, stageId: s.id, jurorId: juror.id, juror: juror.fullName },
    })
    if (juror.email) {
      const link = `${baseUrl}/jury/stages/${s.id}/entries/${found.id}`
      await enqueueMail(tx, {
        to: juror.email,
        kind: 'jury.extra_assign',
        contestId,
        subject: `Просьба оценить заявку ${number}`,
        text: `${greeting(juror.fullName)}\n\nОрганизатор конкурса просит вас дополнительно оценить заявку ${number} ${quoted(found.title)} (этап ${quoted(s.name)}).\n\nОценить: ${link}\n`,
      })
    }
    return true
  })
  if (!assigned) throw already()
  kickDelivery()
  return { number, jurorName: juror.fullName }
}

/** Withdraws the request, unless the juror has already scored the entry (their marks then stand). */
export async function removeExtraAssignment(organiserId: string, contestId: number, extraId: number) {
  return await transaction(getDb(), async (tx) => {
    const x = await firstRow(
      tx
        .select({ id: extraAssignment.id, stageId: extraAssignment.stageId, entryId: extraAssignment.entryId, jurorId: extraAssignment.jurorId })
        .from(extraAssignment)
        .innerJoin(stage, eq(stage.id, extraAssignment.stageId))
        .where(and(eq(extraAssignment.id, extraId), eq(stage.contestId, contestId))),
    )
    if (!x) throw new Refusal('invalid', 'Такого назначения нет')
    const scored = await firstRow(
      tx
        .select({ id: evaluation.id })
        .from(evaluation)
        .where(and(eq(evaluation.stageId, x.stageId), eq(evaluation.entryId, x.entryId), eq(evaluation.jurorId, x.jurorId))),
    )
    if (scored) throw new Refusal('invalid', 'Член жюри уже оценил эту заявку: назначение нельзя снять')
    await tx.delete(extraAssignment).where(eq(extraAssignment.id, x.id))
    await recordAudit(tx, {
      actorId: organiserId,
      action: 'jury.extra_unassign',
      entityType: 'entry',
      entityId: x.entryId,
      contestId,
      before: { extraAssignmentId: x.id, stageId: x.stageId, jurorId: x.jurorId },
      after: null,
    })
  })
}
