/**
 * Which entries a juror judges: the stage's entries of the juror's nominations (and district), plus the
 * entries the organiser asked them to score, minus conflicts. Every juror page goes through here, so
 * nothing a juror must not see can be reached by another path.
 *
 * The statements have a fixed shape with the juror and stage as parameters: each is built and
 * prepared once and reused by every request, which keeps the scoring page cheap.
 */
import { and, asc, desc, eq, inArray, isNotNull, not, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { getDb, prepareOnce, runPrepared, schema } from '../../../db/client.server'
import { joinedValues, literal } from '../../../db/dialect.server'
import { formatEntryNumber } from '../contests/entry-number'
import { inStageSql } from '../contests/stages.server'
import { conflictedSql, conflictReasonSql, type ConflictReason } from './conflict-rule.server'
import { judgingState, type JudgingState } from '../contests/lifecycle'
import { jurorOrder, queueStanding } from './judging'

const { entry, stage, juryAssignment, extraAssignment, nomination, district, evaluation, contest } = schema

export type Juror = { id: string }

const p = {
  stageId: sql.placeholder('stageId'),
  jurorId: sql.placeholder('jurorId'),
  contestId: sql.placeholder('contestId'),
  first: sql.placeholder('first'),
  entryId: sql.placeholder('entryId'),
  nominationId: sql.placeholder('nominationId'),
}

const exclusionStatement = prepareOnce(() =>
  getDb()
    .select({ reason: conflictReasonSql(p.jurorId) })
    .from(entry)
    .where(eq(entry.id, p.entryId))
    .prepare(),
)

/** Why the juror must not judge the entry, or null when nothing keeps them away. */
export async function exclusionReason(jurorId: string, entryId: number): Promise<ConflictReason | null> {
  return (await runPrepared(exclusionStatement(), 'get', { entryId, jurorId }))?.reason ?? null
}

const contestExclusionsStatement = prepareOnce(() =>
  getDb()
    .select({ entryId: entry.id, seq: entry.seq, reason: sql<ConflictReason>`${conflictReasonSql(p.jurorId)}` })
    .from(entry)
    .where(and(eq(entry.contestId, p.contestId), isNotNull(entry.seq), conflictedSql(p.jurorId)))
    .orderBy(asc(entry.seq))
    .prepare(),
)

/** Every numbered entry of the contest the juror must not judge, with the reason: what the organiser is shown. */
export async function jurorExclusions(jurorId: string, contestId: number) {
  return await runPrepared(contestExclusionsStatement(), 'all', { jurorId, contestId })
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
  /** The bound values of the juror's statements for this stage. */
  params: StageParams
}

/** The values of a stage's prepared statements; `first` tells inStageSql whether it is the contest's first stage. */
type StageParams = { jurorId: string; stageId: number; contestId: number; first: 0 | 1 }

const earlierStage = alias(stage, 'earlier_stage')
const assignedNomination = alias(nomination, 'assigned_nomination')

/** An aliased table in a FROM or JOIN of raw SQL: interpolating the alias alone prints only its name. */
const aliased = (table: string, name: string) => sql`${sql.identifier(table)} as ${sql.identifier(name)}`

const stageStatement = prepareOnce(() =>
  getDb()
    .select({
      id: stage.id,
      name: stage.name,
      kind: stage.kind,
      status: stage.status,
      judgingOpensAt: stage.judgingOpensAt,
      judgingClosesAt: stage.judgingClosesAt,
      contestId: contest.id,
      contestTitle: contest.title,
      contestStatus: contest.status,
      numberPrefix: contest.numberPrefix,
      first: sql<number>`not exists (select 1 from ${aliased('stage', 'earlier_stage')} where ${earlierStage.contestId} = ${stage.contestId} and (${earlierStage.position} < ${stage.position} or (${earlierStage.position} = ${stage.position} and ${earlierStage.id} < ${stage.id})))`,
      hasExtra: sql<number>`exists (select 1 from ${extraAssignment} where ${extraAssignment.stageId} = ${stage.id} and ${extraAssignment.jurorId} = ${p.jurorId})`,
    })
    .from(stage)
    .innerJoin(contest, eq(contest.id, stage.contestId))
    .where(eq(stage.id, p.stageId))
    .prepare(),
)

const assignmentsStatement = prepareOnce(() =>
  getDb()
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
    .where(and(eq(juryAssignment.stageId, p.stageId), eq(juryAssignment.jurorId, p.jurorId)))
    .orderBy(asc(nomination.position), asc(nomination.id))
    .prepare(),
)

async function stageRow(stageId: number, jurorId: string) {
  if (!Number.isInteger(stageId) || stageId <= 0) return null
  return (await runPrepared(stageStatement(), 'get', { stageId, jurorId })) ?? null
}

/** The stage as this juror may see it; null when the juror has no work in it (no assignment, no extra entry). */
export async function getStageAccess(juror: Juror, stageId: number, now = new Date()): Promise<StageAccess | null> {
  const row = await stageRow(stageId, juror.id)
  if (!row) return null
  const assignments = await runPrepared(assignmentsStatement(), 'all', { stageId, jurorId: juror.id })
  if (!assignments.length && !row.hasExtra) return null
  return {
    stage: { id: row.id, name: row.name, kind: row.kind, judgingOpensAt: row.judgingOpensAt, judgingClosesAt: row.judgingClosesAt },
    contest: { id: row.contestId, title: row.contestTitle, numberPrefix: row.numberPrefix },
    state: judgingState(row, now),
    assignments,
    hasExtra: !!row.hasExtra,
    params: {
      stageId,
      contestId: row.contestId,
      first: row.first ? 1 : 0,
      jurorId: juror.id,
    },
  }
}

/** Accepted entries of the contest that take part in the stage: the contests module's one rule. */
const inStage = () => inStageSql({ id: p.stageId, contestId: p.contestId, first: p.first })

const isInStageStatement = prepareOnce(() =>
  getDb()
    .select({ id: entry.id })
    .from(entry)
    .where(and(eq(entry.id, p.entryId), inStage()))
    .prepare(),
)

/** Whether an entry takes part in a stage (for the organiser's pages, which have no juror's view of the stage). */
export async function isEntryInStage(stageId: number, entryId: number) {
  const row = await stageRow(stageId, '')
  if (!row) return false
  return !!(await runPrepared(isInStageStatement(), 'get', { entryId, stageId, contestId: row.contestId, first: row.first ? 1 : 0 }))
}

/** The juror's assignments to the stage that cover the entry's district (or the district its residential area is in), if any. */
function assignmentsCovering(specialPrize: boolean, nominationMatch: SQL) {
  return sql`from ${juryAssignment} join ${aliased('nomination', 'assigned_nomination')} on ${assignedNomination.id} = ${juryAssignment.nominationId}
    where ${juryAssignment.stageId} = ${p.stageId} and ${juryAssignment.jurorId} = ${p.jurorId}
      and ${assignedNomination.isSpecialPrize} = ${literal(specialPrize)} and ${nominationMatch}
      and (${juryAssignment.districtId} is null or ${juryAssignment.districtId} = ${entry.districtId}
        or ${juryAssignment.districtId} = (select ${district.parentId} from ${district} where ${district.id} = ${entry.districtId}))`
}

/** The entries the juror scores in the stage, before exclusions: their nominations' entries and the extra ones. */
function scoringScope() {
  const extra = getDb()
    .select({ id: extraAssignment.entryId })
    .from(extraAssignment)
    .where(and(eq(extraAssignment.stageId, p.stageId), eq(extraAssignment.jurorId, p.jurorId)))
  const ownNomination = assignmentsCovering(false, sql`${juryAssignment.nominationId} = ${entry.nominationId}`)
  return or(sql`exists (select 1 ${ownNomination})`, inArray(entry.id, extra))!
}

/** Candidates for a special prize: every entry of the stage, whatever its nomination, within the juror's district. */
const specialScope = () => sql`exists (select 1 ${assignmentsCovering(true, sql`${juryAssignment.nominationId} = ${p.nominationId}`)})`

/**
 * THE juror's queue: the stage's entries in the juror's scope that the conflict rule does not keep
 * away. The list with titles and the bare ids the scoring page reads are both filtered by it.
 */
const inQueue = () => and(inStage(), scoringScope(), not(conflictedSql(p.jurorId)))!

/** Special-prize candidates: the same, with the special prize's scope. */
const inCandidates = () => and(inStage(), specialScope(), not(conflictedSql(p.jurorId)))!

export type QueueItem = {
  entryId: number
  number: string
  title: string
  nominationId: number | null
  nominationName: string | null
  scored: boolean
}

function listStatement(filter: () => SQL) {
  return prepareOnce(() =>
    getDb()
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
      .leftJoin(evaluation, and(eq(evaluation.entryId, entry.id), eq(evaluation.stageId, p.stageId), eq(evaluation.jurorId, p.jurorId)))
      .where(filter())
      .prepare(),
  )
}

const queueStatement = listStatement(inQueue)
const candidatesStatement = listStatement(inCandidates)

/** The queue without titles and names, as raw rows: all the scoring page needs for its neighbours and progress. */
const queueIdsStatement = prepareOnce(() =>
  getDb()
    .select({ entryId: entry.id, scored: sql<number>`${evaluation.id} is not null` })
    .from(entry)
    .leftJoin(evaluation, and(eq(evaluation.entryId, entry.id), eq(evaluation.stageId, p.stageId), eq(evaluation.jurorId, p.jurorId)))
    .where(inQueue())
    .prepare(),
)

function toItems(access: StageAccess, rows: ReturnType<ReturnType<typeof queueStatement>['all']>): QueueItem[] {
  return jurorOrder(
    access.params.jurorId,
    rows.map((r) => ({
      entryId: r.entryId,
      number: formatEntryNumber(access.contest.numberPrefix, r.seq),
      title: r.title,
      nominationId: r.nominationId,
      nominationName: r.nominationName,
      scored: r.evaluationId !== null,
    })),
  )
}

/** The juror's queue in the stage, in the juror's own order. */
export async function jurorQueue(access: StageAccess) {
  return toItems(access, await runPrepared(queueStatement(), 'all', access.params))
}

export type QueuePlace = { entryId: number; scored: boolean }

/** The juror's queue as entry ids and whether each is scored, in the juror's own order. */
export async function jurorQueueIds(access: StageAccess): Promise<QueuePlace[]> {
  const rows = (await runPrepared(queueIdsStatement(), 'values', access.params)) as [number, number][]
  return jurorOrder(
    access.params.jurorId,
    rows.map(([entryId, scored]) => ({ entryId, scored: Boolean(scored) })),
  )
}

/**
 * Where the entry stands in the juror's queue: its place, its neighbours, the next entry to score and
 * the progress, without building the ordered queue (the scoring page shows no more of it).
 */
export async function jurorQueueStanding(access: StageAccess, entryId: number) {
  const rows = (await runPrepared(queueIdsStatement(), 'values', access.params)) as [number, number][]
  return queueStanding(access.params.jurorId, rows, entryId)
}

/** Entries the juror may propose for a special-prize nomination they are assigned to. */
export async function specialCandidates(access: StageAccess, nominationId: number) {
  return toItems(access, await runPrepared(candidatesStatement(), 'all', { ...access.params, nominationId }))
}

export function progressOf(queue: QueuePlace[]) {
  return { scored: queue.filter((q) => q.scored).length, total: queue.length }
}

export type EntryAccess =
  | { kind: 'absent' }
  | { kind: 'excluded'; reason: ConflictReason }
  | { kind: 'allowed'; scoring: boolean; specialNominationIds: number[]; nominationId: number | null; number: string }

const accessStatement = prepareOnce(() =>
  getDb()
    .select({
      nominationId: entry.nominationId,
      seq: entry.seq,
      scoring: sql<number>`${scoringScope()}`,
      special: sql<string | null>`(select ${joinedValues(juryAssignment.nominationId)} ${assignmentsCovering(true, sql`1 = 1`)})`,
      reason: conflictReasonSql(p.jurorId),
    })
    .from(entry)
    .where(and(eq(entry.id, p.entryId), inStage()))
    .prepare(),
)

/**
 * Whether the juror may open the entry in this stage: to score it, to propose it for a special prize,
 * or not at all (not theirs: absent; theirs but conflicted: excluded, with the reason).
 */
export async function entryAccess(access: StageAccess, entryId: number): Promise<EntryAccess> {
  if (!Number.isInteger(entryId) || entryId <= 0) return { kind: 'absent' }
  const row = await runPrepared(accessStatement(), 'get', { ...access.params, entryId })
  if (!row) return { kind: 'absent' }
  const specialNominationIds = (row.special ?? '').split(',').filter(Boolean).map(Number)
  if (!row.scoring && !specialNominationIds.length) return { kind: 'absent' }
  if (row.reason) return { kind: 'excluded', reason: row.reason }
  return {
    kind: 'allowed',
    scoring: !!row.scoring,
    specialNominationIds,
    nominationId: row.nominationId,
    number: formatEntryNumber(access.contest.numberPrefix, row.seq),
  }
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
export async function listJurorStages(juror: Juror, now = new Date()): Promise<JurorStage[]> {
  const db = getDb()
  const assignedStages = db.select({ stageId: juryAssignment.stageId }).from(juryAssignment).where(eq(juryAssignment.jurorId, juror.id))
  const extraStages = db.select({ stageId: extraAssignment.stageId }).from(extraAssignment).where(eq(extraAssignment.jurorId, juror.id))
  const stages = await db
    .select({ id: stage.id })
    .from(stage)
    .innerJoin(contest, eq(contest.id, stage.contestId))
    .where(or(inArray(stage.id, assignedStages), inArray(stage.id, extraStages)))
    .orderBy(desc(contest.year), asc(contest.title), asc(stage.position), asc(stage.id))
  const listed = await Promise.all(
    stages.map(async ({ id }) => {
      const access = await getStageAccess(juror, id, now)
      if (!access) return []
      // Entries are listed only once the stage has opened: before that the set is still changing.
      const queue = access.state === 'pending' ? [] : await jurorQueueIds(access)
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
    }),
  )
  return listed.flat()
}
