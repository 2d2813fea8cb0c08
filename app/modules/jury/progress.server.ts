/**
 * The organiser's progress dashboard: entries by status and nomination, each juror's assigned, scored
 * and remaining entries, entries with fewer than K scores, and entries whose jurors disagree.
 * Totals and spreads come from the results engine, so the dashboard and the results never differ.
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm'
import { getDb, schema, type DB } from '../../../db/client.server'
import { ENTRY_STATUSES, type EntryStatus } from '../../../db/schema/enums'

import { computeNominationResults, type EntryResult } from '../results/engine'
import { criteriaForNomination } from '../contests/criteria'
import { formatEntryNumber } from '../contests/entry-number'
import { listStages, stageEntries } from '../contests/stages.server'
import { getStageAccess, jurorQueueIds } from './queue.server'

const { entry, nomination, criterion, evaluation, score, user, juryAssignment, extraAssignment } = schema

type ContestRow = typeof schema.contest.$inferSelect

/** Entries of the contest per nomination and status (drafts included: they show who is still writing). */
export async function entriesByStatus(contestId: number, db: DB = getDb()) {
  const nominations = await db
    .select({ id: nomination.id, name: nomination.name })
    .from(nomination)
    .where(eq(nomination.contestId, contestId))
    .orderBy(asc(nomination.position), asc(nomination.id))
  const rows = await db
    .select({ nominationId: entry.nominationId, status: entry.status, n: count() })
    .from(entry)
    .where(eq(entry.contestId, contestId))
    .groupBy(entry.nominationId, entry.status)
  const empty = () => Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>
  const lines = [...nominations, { id: null, name: 'Номинация не выбрана' }].map((n) => ({ ...n, counts: empty(), total: 0 }))
  const totals = { counts: empty(), total: 0 }
  for (const r of rows) {
    const line = lines.find((l) => l.id === r.nominationId) ?? lines[lines.length - 1]
    line.counts[r.status] += r.n
    line.total += r.n
    totals.counts[r.status] += r.n
    totals.total += r.n
  }
  return { lines: lines.filter((l) => l.id !== null || l.total > 0), totals }
}

/** One stage's judging: per juror, per entry, with the engine's totals. */
export async function stageProgress(c: ContestRow, stageId: number, db: DB = getDb()) {
  const s = (await listStages(c.id, db)).find((x) => x.id === stageId)
  if (!s) return null
  const entries = await stageEntries(s, db)
  const nominations = await db.select().from(nomination).where(eq(nomination.contestId, c.id))
  const criteria = await db.select().from(criterion).where(eq(criterion.contestId, c.id))
  const ids = entries.map((e) => e.id)
  const marks = ids.length
    ? await db
        .select({ entryId: evaluation.entryId, jurorId: evaluation.jurorId, criterionId: score.criterionId, points: score.points })
        .from(evaluation)
        .innerJoin(score, eq(score.evaluationId, evaluation.id))
        .where(and(eq(evaluation.stageId, s.id), inArray(evaluation.entryId, ids)))
    : []

  const marksOf = new Map<number, Map<string, Record<number, number>>>()
  for (const m of marks) {
    const byJuror = marksOf.get(m.entryId) ?? marksOf.set(m.entryId, new Map()).get(m.entryId)!
    const points = byJuror.get(m.jurorId) ?? byJuror.set(m.jurorId, {}).get(m.jurorId)!
    points[m.criterionId] = m.points
  }
  const results = new Map<number, EntryResult>()
  for (const n of nominations.filter((n) => !n.isSpecialPrize)) {
    const group = entries.filter((e) => e.nominationId === n.id)
    if (group.length === 0) continue
    const input = group.map((e) => ({
      id: e.id,
      submittedAt: e.submittedAt?.getTime() ?? 0,
      districtId: e.districtId,
      marks: [...(marksOf.get(e.id) ?? [])].map(([jurorId, points]) => ({ jurorId, points })),
    }))
    const computed = computeNominationResults(input, criteriaForNomination(criteria, n.id), {
      minScores: c.minScoresPerEntry,
      disagreementThreshold: c.disagreementThreshold,
    })
    for (const r of computed) results.set(r.entryId as number, r)
  }

  // Each juror's load is their own queue, read as the juror's pages read it, conflicts removed.
  const jurorIds = [
    ...new Set(
      [
        ...(await db.select({ id: juryAssignment.jurorId }).from(juryAssignment).where(eq(juryAssignment.stageId, s.id))),
        ...(await db.select({ id: extraAssignment.jurorId }).from(extraAssignment).where(eq(extraAssignment.stageId, s.id))),
      ].map((r) => r.id),
    ),
  ]
  const queues = new Map<string, number[]>()
  for (const id of jurorIds)
    queues.set(
      id,
      (await jurorQueueIds((await getStageAccess({ id }, s.id))!)).map((q) => q.entryId),
    )
  const names = new Map(
    (jurorIds.length ? await db.select({ id: user.id, fullName: user.fullName }).from(user).where(inArray(user.id, jurorIds)) : []).map((u) => [u.id, u.fullName]),
  )
  const jurors = jurorIds
    .map((jurorId) => {
      // Special-prize entries are decided without scores, so they are not part of anyone's scoring load.
      const queue = queues.get(jurorId)!.filter((id) => results.has(id))
      const scored = queue.filter((id) => results.get(id)!.jurorTotals.some((t) => t.jurorId === jurorId)).length
      return { id: jurorId, name: names.get(jurorId) ?? '', assigned: queue.length, scored, remaining: queue.length - scored }
    })
    .sort((a, b) => b.remaining - a.remaining || a.name.localeCompare(b.name, 'ru'))

  const nominationName = new Map(nominations.map((n) => [n.id, n.name]))
  const describe = (e: (typeof entries)[number]) => {
    const r = results.get(e.id)!
    return {
      id: e.id,
      number: formatEntryNumber(c.numberPrefix, e.seq),
      nomination: nominationName.get(e.nominationId!) ?? '',
      scores: r.scoreCount,
      totals: r.jurorTotals.map((t) => ({ juror: names.get(String(t.jurorId)) ?? '', total: t.total })).sort((a, b) => b.total - a.total),
      spread: r.spread,
    }
  }
  const judged = entries.filter((e) => results.has(e.id))
  return {
    stage: s,
    entries: judged.length,
    specialPrizeEntries: entries.length - judged.length,
    jurors,
    tooFew: judged.filter((e) => results.get(e.id)!.tooFewScores).map(describe),
    disagreements: judged
      .filter((e) => results.get(e.id)!.disagreement)
      .map(describe)
      .sort((a, b) => (b.spread ?? 0) - (a.spread ?? 0)),
  }
}
