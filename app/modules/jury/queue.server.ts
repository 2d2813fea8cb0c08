/**
 * Which entries a juror judges: the stage's entries of the juror's nominations (and district), plus the
 * entries the organiser asked them to score, minus conflicts. Every juror page goes through here, so
 * nothing a juror must not see can be reached by another path.
 */
import { and, asc, desc, eq, exists, inArray, not, or, sql, type SQL } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'
import { entryNumber, judgingState, jurorOrder, type JudgingState } from './judging'

const { entry, author, conflict, stage, stageEntry, juryAssignment, extraAssignment, nomination, district, evaluation, contest } =
  schema

export type Juror = { id: string; organisationId: number | null }

export type ExclusionReason = 'recusal' | 'organiser' | 'own' | 'organisation'

export const EXCLUSION_MESSAGES: Record<ExclusionReason, string> = {
  recusal: 'Вы заявили самоотвод по этой заявке: её оценивают другие члены жюри.',
  organiser: 'Организатор отметил у вас конфликт интересов с этой заявкой: её оценивают другие члены жюри.',
  own: 'Это ваша заявка: её оценивают другие члены жюри.',
  organisation: 'Это заявка вашей организации: её оценивают другие члены жюри.',
}

const one = sql`1`

/**
 * THE exclusion rule, as SQL over the `entry` table, in the order the reasons are reported:
 * a conflict row of any kind (самоотвод, marked by the organiser, found automatically), the juror's
 * own entry (owner or one of the authors), an entry of the juror's organisation.
 */
function exclusionChecks(juror: Juror): [ExclusionReason, SQL][] {
  const db = getDb()
  const conflictOf = (kinds: (typeof conflict.kind.enumValues)[number][]) =>
    exists(
      db
        .select({ one })
        .from(conflict)
        .where(and(eq(conflict.entryId, entry.id), eq(conflict.jurorId, juror.id), inArray(conflict.kind, kinds))),
    )
  return [
    ['recusal', conflictOf(['recusal'])],
    ['organiser', conflictOf(['organiser'])],
    [
      'own',
      or(
        eq(entry.ownerId, juror.id),
        conflictOf(['author']),
        exists(db.select({ one }).from(author).where(and(eq(author.entryId, entry.id), eq(author.userId, juror.id)))),
      )!,
    ],
    [
      'organisation',
      juror.organisationId === null
        ? conflictOf(['organisation'])
        : or(eq(entry.organisationId, juror.organisationId), conflictOf(['organisation']))!,
    ],
  ]
}

function excludedFor(juror: Juror) {
  return or(...exclusionChecks(juror).map(([, check]) => check))!
}

function exclusionReasonSql(juror: Juror) {
  const cases = exclusionChecks(juror).map(([reason, check]) => sql`when ${check} then ${reason}`)
  return sql<ExclusionReason | null>`case ${sql.join(cases, sql` `)} else null end`
}

/** Why the juror must not judge the entry, or null when nothing keeps them away. */
export function exclusionReason(juror: Juror, entryId: number): ExclusionReason | null {
  const row = getDb().select({ reason: exclusionReasonSql(juror) }).from(entry).where(eq(entry.id, entryId)).get()
  return row?.reason ?? null
}

export type Assignment = {
  nominationId: number
  nominationName: string
  isSpecialPrize: boolean
  districtId: number | null
  districtName: string | null
}

export type StageAccess = {
  stage: {
    id: number
    name: string
    kind: 'district' | 'city'
    judgingClosesAt: Date | null
    judgingOpensAt: Date | null
  }
  contest: { id: number; title: string; numberPrefix: string }
  state: JudgingState
  /** The juror's nominations in this stage, special prizes included. */
  assignments: Assignment[]
  hasExtra: boolean
  source: StageSource
}

/** The stage as this juror may see it; null when the juror has no work in it (no assignment, no extra entry). */
export function getStageAccess(juror: Juror, stageId: number, now = new Date()): StageAccess | null {
  if (!Number.isInteger(stageId) || stageId <= 0) return null
  const db = getDb()
  const row = db
    .select({
      id: stage.id,
      name: stage.name,
      kind: stage.kind,
      position: stage.position,
      status: stage.status,
      judgingOpensAt: stage.judgingOpensAt,
      judgingClosesAt: stage.judgingClosesAt,
      contestId: contest.id,
      contestTitle: contest.title,
      numberPrefix: contest.numberPrefix,
    })
    .from(stage)
    .innerJoin(contest, eq(contest.id, stage.contestId))
    .where(eq(stage.id, stageId))
    .get()
  if (!row) return null
  const assignments = db
    .select({
      nominationId: nomination.id,
      nominationName: nomination.name,
      isSpecialPrize: nomination.isSpecialPrize,
      districtId: juryAssignment.districtId,
      districtName: district.name,
    })
    .from(juryAssignment)
    .innerJoin(nomination, eq(nomination.id, juryAssignment.nominationId))
    .leftJoin(district, eq(district.id, juryAssignment.districtId))
    .where(and(eq(juryAssignment.stageId, stageId), eq(juryAssignment.jurorId, juror.id)))
    .orderBy(asc(nomination.position), asc(nomination.id))
    .all()
  const hasExtra = !!db
    .select({ one })
    .from(extraAssignment)
    .where(and(eq(extraAssignment.stageId, stageId), eq(extraAssignment.jurorId, juror.id)))
    .get()
  if (!assignments.length && !hasExtra) return null
  return {
    stage: { id: row.id, name: row.name, kind: row.kind, judgingOpensAt: row.judgingOpensAt, judgingClosesAt: row.judgingClosesAt },
    contest: { id: row.contestId, title: row.contestTitle, numberPrefix: row.numberPrefix },
    state: judgingState(row, now),
    assignments,
    hasExtra,
    source: stageSource(row),
  }
}

/**
 * Where a stage's entries come from: its stage_entry rows when it has any; otherwise, for the first
 * stage of the contest, all the contest's accepted entries; otherwise none yet.
 */
type StageSource = { stageId: number; contestId: number; listed: boolean; first: boolean }

function stageSource(s: { id: number; contestId: number; position: number }): StageSource {
  const db = getDb()
  const listed = !!db.select({ one }).from(stageEntry).where(eq(stageEntry.stageId, s.id)).get()
  const earlier = db
    .select({ one })
    .from(stage)
    .where(
      and(
        eq(stage.contestId, s.contestId),
        or(sql`${stage.position} < ${s.position}`, and(eq(stage.position, s.position), sql`${stage.id} < ${s.id}`)),
      ),
    )
    .get()
  return { stageId: s.id, contestId: s.contestId, listed, first: !earlier }
}

/** Accepted entries of the contest that take part in the stage. */
function inStage(s: StageSource) {
  const base = and(eq(entry.contestId, s.contestId), eq(entry.status, 'accepted'))!
  if (s.listed) {
    const db = getDb()
    return and(
      base,
      exists(db.select({ one }).from(stageEntry).where(and(eq(stageEntry.stageId, s.stageId), eq(stageEntry.entryId, entry.id)))),
    )!
  }
  // A later stage with nothing listed yet has no entries: the advancing ones have not been chosen.
  return s.first ? base : sql`0`
}

/** Whether an entry takes part in a stage (for the organiser's pages, which have no juror's view of the stage). */
export function isEntryInStage(s: { id: number; contestId: number; position: number }, entryId: number) {
  return !!getDb().select({ one }).from(entry).where(and(eq(entry.id, entryId), inStage(stageSource(s)))).get()
}

/** An entry in the district, or in one of its residential areas. */
function inDistrict(districtId: number) {
  const areas = getDb()
    .select({ id: district.id })
    .from(district)
    .where(or(eq(district.id, districtId), eq(district.parentId, districtId)))
  return inArray(entry.districtId, areas)
}

function assignmentScope(a: Assignment, anyNomination: boolean) {
  const nominationMatch = anyNomination ? undefined : eq(entry.nominationId, a.nominationId)
  return and(nominationMatch ?? one, a.districtId === null ? one : inDistrict(a.districtId))!
}

/** The entries the juror scores in the stage, before exclusions: their nominations' entries and the extra ones. */
function scoringScope(juror: Juror, access: StageAccess) {
  const parts = access.assignments.filter((a) => !a.isSpecialPrize).map((a) => assignmentScope(a, false))
  if (access.hasExtra) {
    parts.push(
      exists(
        getDb()
          .select({ one })
          .from(extraAssignment)
          .where(
            and(eq(extraAssignment.stageId, access.stage.id), eq(extraAssignment.entryId, entry.id), eq(extraAssignment.jurorId, juror.id)),
          ),
      ),
    )
  }
  return parts.length ? or(...parts)! : sql`0`
}

/** Candidates for a special prize: every entry of the stage, whatever its nomination, within the juror's district. */
function specialScope(access: StageAccess, nominationId: number) {
  const a = access.assignments.find((x) => x.isSpecialPrize && x.nominationId === nominationId)
  return a ? assignmentScope(a, true) : sql`0`
}

export type QueueItem = {
  entryId: number
  number: string
  title: string
  nominationId: number | null
  nominationName: string | null
  scored: boolean
}

function listEntries(juror: Juror, access: StageAccess, scope: SQL): QueueItem[] {
  const rows = getDb()
    .select({
      entryId: entry.id,
      seq: entry.seq,
      title: entry.title,
      nominationId: entry.nominationId,
      nominationName: nomination.name,
      evaluationId: evaluation.id,
    })
    .from(entry)
    .leftJoin(nomination, eq(nomination.id, entry.nominationId))
    .leftJoin(
      evaluation,
      and(eq(evaluation.entryId, entry.id), eq(evaluation.stageId, access.stage.id), eq(evaluation.jurorId, juror.id)),
    )
    .where(and(inStage(access.source), scope, not(excludedFor(juror))))
    .all()
  return jurorOrder(
    juror.id,
    rows.map((r) => ({
      entryId: r.entryId,
      number: entryNumber(access.contest.numberPrefix, r.seq),
      title: r.title,
      nominationId: r.nominationId,
      nominationName: r.nominationName,
      scored: r.evaluationId !== null,
    })),
  )
}

/** The juror's queue in the stage, in the juror's own order. */
export function jurorQueue(juror: Juror, access: StageAccess) {
  return listEntries(juror, access, scoringScope(juror, access))
}

/** Entries the juror may propose for a special-prize nomination they are assigned to. */
export function specialCandidates(juror: Juror, access: StageAccess, nominationId: number) {
  return listEntries(juror, access, specialScope(access, nominationId))
}

export function progressOf(queue: QueueItem[]) {
  return { scored: queue.filter((q) => q.scored).length, total: queue.length }
}

export type EntryAccess =
  | { kind: 'absent' }
  | { kind: 'excluded'; reason: ExclusionReason }
  | { kind: 'allowed'; scoring: boolean; specialNominationIds: number[]; nominationId: number | null }

/**
 * Whether the juror may open the entry in this stage: to score it, to propose it for a special prize,
 * or not at all (not theirs: absent; theirs but conflicted: excluded, with the reason).
 */
export function entryAccess(juror: Juror, access: StageAccess, entryId: number): EntryAccess {
  if (!Number.isInteger(entryId) || entryId <= 0) return { kind: 'absent' }
  const specials = access.assignments.filter((a) => a.isSpecialPrize)
  const row = getDb()
    .select({
      nominationId: entry.nominationId,
      scoring: sql<number>`${scoringScope(juror, access)}`,
      special: sql<string>`${sql.join(
        [sql`''`, ...specials.map((a) => sql`case when ${specialScope(access, a.nominationId)} then ',' || ${a.nominationId} else '' end`)],
        sql` || `,
      )}`,
      reason: exclusionReasonSql(juror),
    })
    .from(entry)
    .where(and(eq(entry.id, entryId), inStage(access.source)))
    .get()
  if (!row) return { kind: 'absent' }
  const specialNominationIds = row.special.split(',').filter(Boolean).map(Number)
  if (!row.scoring && !specialNominationIds.length) return { kind: 'absent' }
  if (row.reason) return { kind: 'excluded', reason: row.reason }
  return { kind: 'allowed', scoring: !!row.scoring, specialNominationIds, nominationId: row.nominationId }
}

export type JurorStage = {
  stageId: number
  stageName: string
  contestId: number
  contestTitle: string
  state: JudgingState
  judgingOpensAt: Date | null
  judgingClosesAt: Date | null
  assignments: Assignment[]
  hasExtra: boolean
  scored: number
  total: number
  nextEntryId: number | null
}

/** Every stage the juror judges, newest contests first, with their progress («оценено 37 из 140»). */
export function listJurorStages(juror: Juror, now = new Date()): JurorStage[] {
  const db = getDb()
  const assigned = db.select({ stageId: juryAssignment.stageId }).from(juryAssignment).where(eq(juryAssignment.jurorId, juror.id))
  const extra = db.select({ stageId: extraAssignment.stageId }).from(extraAssignment).where(eq(extraAssignment.jurorId, juror.id))
  const stages = db
    .select({ id: stage.id })
    .from(stage)
    .innerJoin(contest, eq(contest.id, stage.contestId))
    .where(or(inArray(stage.id, assigned), inArray(stage.id, extra)))
    .orderBy(desc(contest.year), asc(contest.title), asc(stage.position), asc(stage.id))
    .all()
  return stages.flatMap(({ id }) => {
    const access = getStageAccess(juror, id, now)
    if (!access) return []
    // Entries are listed only once the stage has opened: before that the set is still changing.
    const queue = access.state === 'pending' ? [] : jurorQueue(juror, access)
    const { scored, total } = progressOf(queue)
    return [
      {
        stageId: id,
        stageName: access.stage.name,
        contestId: access.contest.id,
        contestTitle: access.contest.title,
        state: access.state,
        judgingOpensAt: access.stage.judgingOpensAt,
        judgingClosesAt: access.stage.judgingClosesAt,
        assignments: access.assignments,
        hasExtra: access.hasExtra,
        scored,
        total,
        nextEntryId: queue.find((q) => !q.scored)?.entryId ?? null,
      },
    ]
  })
}

/** The entry after `entryId` in the queue that still needs the juror's score, wrapping round; null when all are scored. */
export function nextUnscored(queue: QueueItem[], entryId: number) {
  const at = queue.findIndex((q) => q.entryId === entryId)
  const rotated = [...queue.slice(at + 1), ...queue.slice(0, Math.max(at, 0))]
  return rotated.find((q) => !q.scored && q.entryId !== entryId)?.entryId ?? null
}
