/**
 * Results of a contest: the organiser's review (computed ranking, every juror's marks, decisions),
 * the district → city advance, publication as a frozen snapshot with diplomas and e-mails, withdrawal,
 * and the published results the public sees.
 */
import { randomBytes } from 'node:crypto'
import { and, asc, count, countDistinct, desc, inArray, isNull, like, eq } from 'drizzle-orm'
import { getDb, schema, firstRow, transaction, type DB } from '../../../db/client.server'
import type { ContestStatus, ResultMethod } from '../../../db/schema/enums'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { greeting } from '../mail/letter'
import { enqueueMail, kickDelivery } from '../mail/outbox.server'
import { computeStageResults, type EntryResult, type JurorMarks, type ResultSettings } from './engine'
import {
  diplomaAwardLabel,
  diplomaKindOf,
  diplomaNumber,
  orderByOutcome,
  outcomeLabel,
  outcomeOf,
  type Decision,
  type FinalAward,
  type Outcome,
  peoplesChoiceWinners,
  rankByVotes,
  type PeoplesChoice,
  type ResultSnapshot,
  type SnapshotEntry,
  type SnapshotPhoto,
} from './ranking'
import { criteriaForNomination } from '../contests/criteria'
import { diplomaRecipients, entrantName, withEntrant } from '../contests/entrant'
import { formatEntryNumber } from '../contests/entry-number'
import { districtRoots, inStageSql } from '../contests/stages.server'
import { judgingState, publishBlockers } from '../contests/lifecycle'
import { entryAgeCategoryIndex, NO_AGE_CATEGORY } from '../contests/age-categories'
import { quoted } from '../../utils/format'
import { RESULT_METHOD_LABELS } from '../../../db/schema/enums'

const { contest, nomination, criterion, stage, entry, author, stageEntry, evaluation, score, juryAssignment } = schema

type Contest = typeof schema.contest.$inferSelect
type Stage = typeof schema.stage.$inferSelect

/** Statuses in which judging is over or under way, so results may be reviewed and published. */
const PUBLISHABLE: ContestStatus[] = ['judging', 'review', 'published']

function settingsOf(c: Contest, method: ResultMethod = c.resultMethod): Partial<ResultSettings> {
  return {
    method,
    minScores: c.minScoresPerEntry,
    tieRule: c.tieRule,
    placesCount: c.placesPerNomination,
    laureatesCount: c.laureatesPerNomination,
    disagreementThreshold: c.disagreementThreshold,
    // z-scores are small numbers: two decimals would tie entries that differ.
    decimals: method === 'zscore_mean' ? 3 : 2,
  }
}

async function stagesOf(contestId: number) {
  return await getDb().select().from(stage).where(eq(stage.contestId, contestId)).orderBy(asc(stage.position), asc(stage.id))
}

/** The last stage is the one whose results are published and whose entries get diplomas. */
function finalStage(stages: Stage[]) {
  return stages[stages.length - 1] ?? null
}

/** The entries ranked in a stage: those that take part in it (inStageSql, the rule the jury's queue reads too). */
async function stageEntryIds(c: Contest, s: Stage, stages: Stage[]): Promise<number[]> {
  return (
    await getDb()
      .select({ id: entry.id })
      .from(entry)
      .where(inStageSql({ id: s.id, contestId: c.id, first: stages[0]?.id === s.id ? 1 : 0 }))
  ).map((r) => r.id)
}

interface ViewJuror {
  id: string
  name: string
}

export interface ViewEntry {
  entryId: number
  number: string
  title: string
  /** The committee or organisation that is the entrant, where organisations are the contest's entrants (contests/entrant.ts). */
  entrant: string | null
  districtName: string | null
  submittedAt: number
  result: EntryResult
  /** jurorId → criterionId → points. */
  marks: Record<string, Record<number, number>>
  comments: { jurorId: string; text: string }[]
  decision: (Decision & { decidedBy: string; at: number }) | null
  outcome: Outcome
  /** Jurors who proposed the entry for a special prize. */
  proposals: number
  /** The special prize the entry holds in a nomination of its own (listed there too), by that nomination's name. */
  specialPrize: string | null
  /** In a special prize's group: the nomination the entry competes in, where it keeps its ranking. */
  prizeFrom: string | null
}

export interface ViewGroup {
  nominationId: number
  nominationName: string
  isSpecialPrize: boolean
  districtId: number | null
  districtName: string | null
  /** The age category ranked in this group (its name); null when the contest has none, and for special prizes. */
  ageCategory: string | null
  /** The places (winners) of this group: the nomination's own number, or the contest's places per nomination. */
  placesCount: number
  criteria: { id: number; name: string; maxPoints: number; weight: number }[]
  jurors: ViewJuror[]
  entries: ViewEntry[]
}

export interface StageView {
  contest: Contest
  stages: Stage[]
  stage: Stage
  isFinal: boolean
  nextStage: Stage | null
  method: ResultMethod
  jury: ViewJuror[]
  groups: ViewGroup[]
  /** The stage's live publication, if any: while it stands, decisions are locked. */
  publication: { id: number; publishedAt: number; publishedBy: string; method: ResultMethod } | null
  /** Why the stage's results may not be published yet without the organiser's written reason (lifecycle's publishBlockers). */
  publishBlockers: string[]
}

async function nameMap(ids: Iterable<string>) {
  const list = [...new Set(ids)]
  if (!list.length) return new Map<string, string>()
  const rows = await getDb().select({ id: schema.user.id, name: schema.user.fullName }).from(schema.user).where(inArray(schema.user.id, list))
  return new Map(rows.map((r) => [r.id, r.name]))
}

async function districtNames() {
  return new Map((await getDb().select({ id: schema.district.id, name: schema.district.name }).from(schema.district)).map((d) => [d.id, d.name]))
}

/** SQLite caps bound parameters; long id lists are queried in slices, one after another. */
async function inChunks<T>(ids: number[], query: (slice: number[]) => PromiseLike<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += 500) out.push(...(await query(ids.slice(i, i + 500))))
  return out
}

/** The organiser's view of one stage: the computed ranking with every juror's marks, decisions and final places. */
export async function getStageView(contestId: number, options: { stageId?: number | null; method?: ResultMethod | null } = {}): Promise<StageView | null> {
  const db = getDb()
  const c = await firstRow(db.select().from(contest).where(eq(contest.id, contestId)))
  if (!c) return null
  const stages = await stagesOf(c.id)
  const s = options.stageId ? stages.find((x) => x.id === options.stageId) : finalStage(stages)
  if (!s) return null
  const method = options.method ?? c.resultMethod
  const nominations = await db.select().from(nomination).where(eq(nomination.contestId, c.id)).orderBy(asc(nomination.position), asc(nomination.id))
  const criteria = await db.select().from(criterion).where(eq(criterion.contestId, c.id)).orderBy(asc(criterion.position), asc(criterion.id))
  const ids = await stageEntryIds(c, s, stages)
  const entries = (await inChunks(ids, (slice) => db.select().from(entry).where(inArray(entry.id, slice)))).filter((e) => e.nominationId !== null)

  const evaluations = await inChunks(ids, (slice) =>
    db
      .select({ id: evaluation.id, entryId: evaluation.entryId, jurorId: evaluation.jurorId, comment: evaluation.comment })
      .from(evaluation)
      .where(and(eq(evaluation.stageId, s.id), inArray(evaluation.entryId, slice)))
      .orderBy(asc(evaluation.id)),
  )
  const points = new Map<number, Record<number, number>>()
  for (const row of await db
    .select({ evaluationId: score.evaluationId, criterionId: score.criterionId, points: score.points })
    .from(score)
    .innerJoin(evaluation, eq(evaluation.id, score.evaluationId))
    .where(eq(evaluation.stageId, s.id))) {
    const p = points.get(row.evaluationId) ?? {}
    p[row.criterionId] = row.points
    points.set(row.evaluationId, p)
  }
  const marksByEntry = new Map<number, JurorMarks[]>()
  const commentsByEntry = new Map<number, { jurorId: string; text: string }[]>()
  for (const ev of evaluations) {
    const list = marksByEntry.get(ev.entryId) ?? []
    list.push({ jurorId: ev.jurorId, points: points.get(ev.id) ?? {} })
    marksByEntry.set(ev.entryId, list)
    if (ev.comment.trim()) commentsByEntry.set(ev.entryId, [...(commentsByEntry.get(ev.entryId) ?? []), { jurorId: ev.jurorId, text: ev.comment }])
  }

  const assignments = await db.select().from(juryAssignment).where(eq(juryAssignment.stageId, s.id))
  const names = await nameMap([...assignments.map((a) => a.jurorId), ...evaluations.map((e) => e.jurorId)])
  const decisions = new Map((await db.select().from(schema.resultDecision).where(eq(schema.resultDecision.stageId, s.id))).map((d) => [d.entryId, d]))
  const deciders = await nameMap([...decisions.values()].map((d) => d.decidedById))
  const proposals = new Map<number, number>()
  for (const p of await db
    .select({ entryId: schema.specialPrizeProposal.entryId, n: count() })
    .from(schema.specialPrizeProposal)
    .innerJoin(nomination, eq(nomination.id, schema.specialPrizeProposal.nominationId))
    .where(eq(nomination.contestId, c.id))
    .groupBy(schema.specialPrizeProposal.entryId))
    proposals.set(p.entryId, p.n)
  const districts = await districtNames()
  const organisations = c.organisationEntrant ? await organisationsOf(ids) : new Map<number, string>()
  // A residential area (ж.р.) is judged with the district it lies in: each district has one commission.
  const districtOf = (await districtRoots()).rootOf

  const resolved = new Map(nominations.map((n) => [n.id, criteriaForNomination(criteria, n.id)]))
  const byId = new Map(entries.map((e) => [e.id, e]))
  // Where the contest has age categories, each is ranked apart within a scored nomination; entries
  // whose authors' ages are unknown form a group of their own, after the categories.
  const categories = c.ageCategories
  const ages = categories.length ? await authorAges(ids) : new Map<number, (number | null)[]>()
  const special = new Set(nominations.filter((n) => n.isSpecialPrize).map((n) => n.id))
  const categoryOf = (e: (typeof entries)[number]): number | null => {
    if (!categories.length || special.has(e.nominationId!)) return null
    return entryAgeCategoryIndex(categories, ages.get(e.id) ?? []) ?? categories.length
  }
  const categoryName = (index: number | null) => (index === null ? null : (categories[index]?.name ?? NO_AGE_CATEGORY))
  const groups = computeStageResults(
    {
      kind: s.kind,
      nominations: nominations.map((n) => ({
        id: n.id,
        criteria: resolved.get(n.id)!.map((cr) => ({ id: cr.id, weight: cr.weight, maxPoints: cr.maxPoints })),
        placesCount: n.winnersCount,
      })),
      entries: entries.map((e) => ({
        id: e.id,
        nominationId: e.nominationId!,
        districtId: districtOf(e.districtId),
        category: categoryOf(e),
        submittedAt: (e.submittedAt ?? e.createdAt).getTime(),
        marks: marksByEntry.get(e.id) ?? [],
      })),
      categories: categories.map((_, i) => i),
    },
    settingsOf(c, method),
  )

  const nominationById = new Map(nominations.map((n) => [n.id, n]))
  const shownDecision = (d: typeof schema.resultDecision.$inferSelect) => ({
    award: d.award,
    place: d.place,
    reason: d.reason,
    decidedBy: deciders.get(d.decidedById) ?? '',
    at: d.createdAt.getTime(),
  })
  const isPrizeElsewhere = (d: typeof schema.resultDecision.$inferSelect, nominationId: number) =>
    d.award === 'special_prize' && d.nominationId !== nominationId && Boolean(nominationById.get(d.nominationId)?.isSpecialPrize)
  const viewGroups = groups.map((g): ViewGroup => {
    const n = nominationById.get(g.nominationId as number)!
    const groupJurors = new Set<string>()
    for (const a of assignments) {
      if (a.nominationId === n.id && (s.kind === 'city' || a.districtId === null || a.districtId === g.districtId)) groupJurors.add(a.jurorId)
    }
    const rows = g.entries.map((result): ViewEntry => {
      const e = byId.get(result.entryId as number)!
      const marks: Record<string, Record<number, number>> = {}
      for (const m of marksByEntry.get(e.id) ?? []) {
        groupJurors.add(String(m.jurorId))
        marks[String(m.jurorId)] = m.points as Record<number, number>
      }
      const held = decisions.get(e.id)
      // A special prize is its own nomination's award, listed there (below): here the entry keeps what the ranking gave it.
      const prize = held && isPrizeElsewhere(held, n.id) ? held : undefined
      const d = prize ? undefined : held
      const decision = d ? shownDecision(d) : null
      return {
        entryId: e.id,
        number: formatEntryNumber(c.numberPrefix, e.seq),
        title: e.title,
        entrant: entrantName(c, organisations.get(e.id)),
        districtName: e.districtId ? (districts.get(e.districtId) ?? null) : null,
        submittedAt: (e.submittedAt ?? e.createdAt).getTime(),
        result,
        marks,
        comments: commentsByEntry.get(e.id) ?? [],
        decision,
        outcome: outcomeOf(result, decision),
        proposals: proposals.get(e.id) ?? 0,
        specialPrize: prize ? (nominationById.get(prize.nominationId)?.name ?? null) : null,
        prizeFrom: null,
      }
    })
    return {
      nominationId: n.id,
      nominationName: n.name,
      isSpecialPrize: n.isSpecialPrize,
      districtId: g.districtId as number | null,
      districtName: g.districtId ? (districts.get(g.districtId as number) ?? null) : null,
      ageCategory: categoryName(g.category as number | null),
      placesCount: n.winnersCount ?? c.placesPerNomination,
      criteria: resolved.get(n.id)!.map((cr) => ({ id: cr.id, name: cr.name, maxPoints: cr.maxPoints, weight: cr.weight })),
      jurors: [...groupJurors].map((id) => ({ id, name: names.get(id) ?? 'Член жюри' })).sort((a, b) => a.name.localeCompare(b.name, 'ru')),
      entries: orderByOutcome(rows),
    }
  })

  // Each special prize is listed under the nomination it was awarded in (the public page, the protocol and
  // the diploma read these groups), in the group of the entry's district on a district stage.
  for (const { group, row } of viewGroups.flatMap((group) => group.entries.map((row) => ({ group, row })))) {
    const d = decisions.get(row.entryId)
    if (!d || !isPrizeElsewhere(d, group.nominationId)) continue
    const n = nominationById.get(d.nominationId)!
    let target = viewGroups.find((g) => g.nominationId === n.id && g.districtId === group.districtId) ?? viewGroups.find((g) => g.nominationId === n.id)
    if (!target) {
      target = {
        nominationId: n.id,
        nominationName: n.name,
        isSpecialPrize: true,
        districtId: group.districtId,
        districtName: group.districtName,
        ageCategory: null,
        placesCount: n.winnersCount ?? c.placesPerNomination,
        criteria: [],
        jurors: [],
        entries: [],
      }
      viewGroups.push(target)
    }
    target.entries.push({ ...row, decision: shownDecision(d), outcome: { place: null, award: 'special_prize', overridden: true }, specialPrize: null, prizeFrom: group.nominationName })
  }
  const nominationOrder = new Map(nominations.map((n, i) => [n.id, i]))
  viewGroups.sort((a, b) => nominationOrder.get(a.nominationId)! - nominationOrder.get(b.nominationId)!)

  const jury = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'ru'))
  const live = await activePublication(c.id)
  const index = stages.findIndex((x) => x.id === s.id)
  const blockers = publishBlockers({
    stage: { name: s.name, judging: judgingState({ ...s, contestStatus: c.status }) },
    minScores: c.minScoresPerEntry,
    entries: viewGroups
      .filter((g) => !g.isSpecialPrize)
      .flatMap((g) => g.entries)
      .map((e) => ({ number: e.number, title: e.title, scores: e.result.scoreCount })),
  })
  return {
    contest: c,
    stages,
    stage: s,
    isFinal: index === stages.length - 1,
    nextStage: stages[index + 1] ?? null,
    method,
    jury,
    groups: viewGroups,
    publication:
      live && live.stageId === s.id
        ? { id: live.id, publishedAt: live.publishedAt.getTime(), publishedBy: (await nameMap([live.publishedById])).get(live.publishedById) ?? '', method: live.method }
        : null,
    publishBlockers: blockers,
  }
}

/** The contest's standing publication (the latest not withdrawn), or null. */
export async function activePublication(contestId: number) {
  const { resultPublication } = schema
  return (
    (await firstRow(
      getDb()
        .select()
        .from(resultPublication)
        .where(and(eq(resultPublication.contestId, contestId), isNull(resultPublication.withdrawnAt)))
        .orderBy(desc(resultPublication.id)),
    )) ?? null
  )
}

export async function listPublications(contestId: number) {
  const { resultPublication, user } = schema
  return await getDb()
    .select({
      id: resultPublication.id,
      method: resultPublication.method,
      publishedAt: resultPublication.publishedAt,
      publishedBy: user.fullName,
      withdrawnAt: resultPublication.withdrawnAt,
      withdrawReason: resultPublication.withdrawReason,
    })
    .from(resultPublication)
    .innerJoin(user, eq(user.id, resultPublication.publishedById))
    .where(eq(resultPublication.contestId, contestId))
    .orderBy(desc(resultPublication.id))
}

function requireStageEntry(view: StageView, entryId: number) {
  for (const g of view.groups) {
    // Its own nomination's row: a special prize's row elsewhere is the special prize page's to change.
    const found = g.entries.find((e) => e.entryId === entryId && e.prizeFrom === null)
    if (found) return { group: g, entry: found }
  }
  throw new Refusal('invalid', 'Эта заявка не участвует в выбранном этапе.', 'entryId')
}

export type DecisionInput = { kind: FinalAward | 'none'; place?: number; reason: string; replacePrize?: boolean }

/** Records (or replaces) the organiser's decision over one entry's computed result, with its reason. */
export async function decide(actorId: string, contestId: number, stageId: number, entryId: number, input: DecisionInput) {
  const view = await getStageView(contestId, { stageId })
  if (!view) throw new Refusal('invalid', 'Этап не найден.')
  if (view.publication) throw new Refusal('invalid', 'Итоги этапа опубликованы: чтобы изменить решение, сначала отзовите публикацию.')
  const { group, entry: row } = requireStageEntry(view, entryId)
  const places = group.placesCount
  if (input.kind === 'place' && (!input.place || input.place > places)) {
    throw new Refusal('invalid', `Выберите место от 1 до ${places}: столько призовых мест в номинации.`, 'place')
  }
  if (input.kind === 'special_prize' && !group.isSpecialPrize) {
    throw new Refusal(
      'invalid',
      'Специальный приз присуждается в своей номинации: на странице «Специальные призы» выберите номинацию приза и укажите номер заявки.',
      'kind',
    )
  }
  if (row.specialPrize && !input.replacePrize) {
    throw new Refusal(
      'conflict',
      `У заявки ${row.number} специальный приз в номинации ${quoted(row.specialPrize)}. Новое решение заменит его: ` +
        'отметьте «Заменить специальный приз» и запишите решение ещё раз.',
      'replacePrize',
    )
  }
  const award: FinalAward | null = input.kind === 'none' ? null : input.kind
  const place = input.kind === 'place' ? input.place! : null
  const { resultDecision } = schema
  await transaction(getDb(), async (tx) => {
    const before = await firstRow(
      tx
        .select()
        .from(resultDecision)
        .where(and(eq(resultDecision.stageId, stageId), eq(resultDecision.entryId, entryId))),
    )
    // In the entry's own nomination (a special prize it held there is replaced, as the organiser confirmed).
    const nominationId = (await firstRow(tx.select({ id: entry.nominationId }).from(entry).where(eq(entry.id, entryId))))!.id!
    const values = { nominationId, award, place, reason: input.reason, decidedById: actorId, createdAt: new Date() }
    await tx
      .insert(resultDecision)
      .values({ stageId, entryId, ...values })
      .onConflictDoUpdate({ target: [resultDecision.stageId, resultDecision.entryId], set: values })
    await recordAudit(tx, {
      actorId,
      action: 'result.decide',
      entityType: 'entry',
      entityId: entryId,
      contestId,
      before: before ? { award: before.award, place: before.place, reason: before.reason, ...(row.specialPrize ? { nomination: row.specialPrize } : {}) } : null,
      after: { stageId, award, place, reason: input.reason },
    })
  })
}

/** Returns the entry to its computed result. */
export async function clearDecision(actorId: string, contestId: number, stageId: number, entryId: number) {
  const view = await getStageView(contestId, { stageId })
  if (!view) throw new Refusal('invalid', 'Этап не найден.')
  if (view.publication) throw new Refusal('invalid', 'Итоги этапа опубликованы: чтобы изменить решение, сначала отзовите публикацию.')
  const { resultDecision } = schema
  await transaction(getDb(), async (tx) => {
    const before = await firstRow(
      tx
        .select()
        .from(resultDecision)
        .where(and(eq(resultDecision.stageId, stageId), eq(resultDecision.entryId, entryId))),
    )
    if (!before) return
    await tx.delete(resultDecision).where(eq(resultDecision.id, before.id))
    await recordAudit(tx, {
      actorId,
      action: 'result.decision_cleared',
      entityType: 'entry',
      entityId: entryId,
      contestId,
      before: { stageId, award: before.award, place: before.place, reason: before.reason },
    })
  })
}

/**
 * Sends the best of every district and nomination on to the next (city) stage: entries whose final
 * place is within the stage's advance count. Already advanced entries stay; returns how many were added.
 */
export async function advanceToNextStage(actorId: string, contestId: number, stageId: number) {
  const view = await getStageView(contestId, { stageId })
  if (!view) throw new Refusal('invalid', 'Этап не найден.')
  if (view.stage.kind !== 'district' || !view.nextStage) throw new Refusal('invalid', 'Передать заявки дальше можно только из районного этапа.')
  const perGroup = view.stage.advanceCount ?? 2
  const advancing = view.groups.flatMap((g) => g.entries.filter((e) => e.outcome.place !== null && e.outcome.place <= perGroup).map((e) => e.entryId))
  const next = view.nextStage
  return await transaction(getDb(), async (tx) => {
    let added = 0
    for (const entryId of advancing) {
      added += (await tx.insert(stageEntry).values({ stageId: next.id, entryId }).onConflictDoNothing().returning({ entryId: stageEntry.entryId })).length
    }
    await recordAudit(tx, {
      actorId,
      action: 'result.advance',
      entityType: 'stage',
      entityId: stageId,
      contestId,
      after: { toStageId: next.id, perGroup, entryIds: advancing, added },
    })
    return { added, total: advancing.length }
  })
}

async function photosOf(entryIds: number[], perEntry: number) {
  const byEntry = new Map<number, SnapshotPhoto[]>()
  const rows = await inChunks(entryIds, (slice) =>
    getDb()
      .select({ id: schema.photo.id, entryId: schema.photo.entryId, width: schema.photo.width, height: schema.photo.height, variants: schema.photo.variants })
      .from(schema.photo)
      // Published results show only photos whose variants exist.
      .where(and(inArray(schema.photo.entryId, slice), eq(schema.photo.status, 'ready')))
      .orderBy(asc(schema.photo.position), asc(schema.photo.createdAt)),
  )
  for (const p of rows) {
    const list = byEntry.get(p.entryId!) ?? []
    if (list.length >= perEntry) continue
    list.push({ id: p.id, width: p.width, height: p.height, variants: p.variants.map((v) => ({ size: v.size, width: v.width })) })
    byEntry.set(p.entryId!, list)
  }
  return byEntry
}

/** Each entry's authors' ages (null where not given), for its age category. */
async function authorAges(entryIds: number[]) {
  const byEntry = new Map<number, (number | null)[]>()
  const rows = await inChunks(entryIds, (slice) => getDb().select({ entryId: author.entryId, age: author.age }).from(author).where(inArray(author.entryId, slice)))
  for (const a of rows) byEntry.set(a.entryId, [...(byEntry.get(a.entryId) ?? []), a.age])
  return byEntry
}

async function authorsOf(entryIds: number[]) {
  const byEntry = new Map<number, (typeof schema.author.$inferSelect)[]>()
  const rows = await inChunks(entryIds, (slice) => getDb().select().from(author).where(inArray(author.entryId, slice)).orderBy(asc(author.position), asc(author.id)))
  for (const a of rows) byEntry.set(a.entryId, [...(byEntry.get(a.entryId) ?? []), a])
  return byEntry
}

/** The names of the organisations the entries were submitted from (entries without one are absent). */
async function organisationsOf(entryIds: number[]) {
  const rows = await inChunks(entryIds, (slice) =>
    getDb()
      .select({ entryId: entry.id, name: schema.organisation.name })
      .from(entry)
      .innerJoin(schema.organisation, eq(schema.organisation.id, entry.organisationId))
      .where(inArray(entry.id, slice)),
  )
  return new Map(rows.map((r) => [r.entryId, r.name]))
}

/** Winners show a few photos; the rest of the ranking, one. */
const WINNER_PHOTOS = 3

/**
 * The snapshot of what is published. Groups of one nomination (its age categories) are one nomination
 * of the snapshot, its entries category by category, each marked with its category.
 */
async function buildSnapshot(view: StageView, methodReason: string | null = null): Promise<ResultSnapshot> {
  const c = view.contest
  const ids = view.groups.flatMap((g) => g.entries.map((e) => e.entryId))
  const photos = await photosOf(ids, WINNER_PHOTOS)
  // The snapshot is shown only once published, so the setting alone decides here (lifecycle's authorsPublic, at publication).
  const authors = c.authorsPublic ? await authorsOf(ids) : new Map<number, (typeof schema.author.$inferSelect)[]>()
  const ranked = new Set(ids)
  const db = getDb()
  const nominationNames = new Map((await db.select({ id: nomination.id, name: nomination.name }).from(nomination).where(eq(nomination.contestId, c.id))).map((n) => [n.id, n.name]))
  const earlier = (
    await db
      .select({ id: entry.id, seq: entry.seq, title: entry.title, nominationId: entry.nominationId })
      .from(entry)
      .where(and(eq(entry.contestId, c.id), eq(entry.status, 'accepted')))
      .orderBy(asc(entry.seq), asc(entry.id))
  ).filter((e) => !ranked.has(e.id))
  return {
    version: 1,
    contest: { id: c.id, title: c.title, year: c.year },
    stage: { id: view.stage.id, name: view.stage.name, kind: view.stage.kind },
    method: view.method,
    contestMethod: c.resultMethod,
    methodReason: view.method === c.resultMethod ? null : methodReason,
    tieRule: c.tieRule,
    jury: view.jury.map((j) => j.name),
    nominations: groupsByNomination(view.groups).map((groups) => ({
      id: groups[0].nominationId,
      name: groups[0].nominationName,
      isSpecialPrize: groups[0].isSpecialPrize,
      entries: groups.flatMap((g) =>
        g.entries.map((e): SnapshotEntry => ({
          entryId: e.entryId,
          number: e.number,
          title: e.title,
          districtName: e.districtName,
          ageCategory: g.ageCategory,
          authors: (authors.get(e.entryId) ?? []).map((a) => a.fullName),
          entrant: e.entrant,
          photos: (photos.get(e.entryId) ?? []).slice(0, e.outcome.award ? WINNER_PHOTOS : 1),
          score: e.result.score,
          scoreCount: e.result.scoreCount,
          place: e.outcome.place,
          award: e.outcome.award,
          computedPlace: e.result.place,
          decisionReason: e.decision?.reason ?? null,
        })),
      ),
    })),
    earlierEntries: earlier.map((e) => ({
      entryId: e.id,
      number: formatEntryNumber(c.numberPrefix, e.seq),
      title: e.title,
      nominationName: e.nominationId ? (nominationNames.get(e.nominationId) ?? '') : '',
    })),
    // The people's choice is the whole contest's, published with its final results.
    peoplesChoice: view.isFinal ? await peoplesChoiceOf(c) : null,
  }
}

/**
 * The people's choice the organiser's results page shows on the final stage: as published while the
 * publication stands, otherwise as the votes stand now. Null without voting, and on other stages.
 */
export async function stagePeoplesChoice(view: StageView): Promise<PeoplesChoice | null> {
  if (!view.isFinal) return null
  if (view.publication) return ((await activePublication(view.contest.id))?.snapshot as ResultSnapshot | undefined)?.peoplesChoice ?? null
  return await peoplesChoiceOf(view.contest)
}

/**
 * The people's choice's voters and votes for the statistics: as the standing publication froze them,
 * otherwise as they stand now; null for a contest without voting.
 */
export async function peoplesChoiceTotals(c: Contest): Promise<{ voters: number; votes: number } | null> {
  const live = await activePublication(c.id)
  const choice = live ? (live.snapshot as ResultSnapshot).peoplesChoice : await peoplesChoiceOf(c)
  return choice ? { voters: choice.voters, votes: choice.votes } : null
}

/**
 * The people's choice as the votes stand now (docs/decisions/038), or null when the contest has no
 * voting: each voted nomination's accepted entries ranked by their votes under the contest's tie rule,
 * and the voters and votes behind it. Annulled votes are deleted (voting/clusters.server.ts), so the
 * vote table is the count; once published, the snapshot keeps it.
 */
async function peoplesChoiceOf(c: Contest): Promise<PeoplesChoice | null> {
  if (!c.votingEnabled) return null
  const db = getDb()
  const { vote } = schema
  const nominations = c.votingNominationIds.length
    ? await db
        .select({ id: nomination.id, name: nomination.name })
        .from(nomination)
        .where(and(eq(nomination.contestId, c.id), inArray(nomination.id, c.votingNominationIds)))
        .orderBy(asc(nomination.position), asc(nomination.id))
    : []
  // The votes of the voted nominations' accepted entries, read from vote_contest_entry_idx alone.
  const countedEntries = db
    .select({ id: entry.id })
    .from(entry)
    .where(
      and(
        eq(entry.contestId, c.id),
        eq(entry.status, 'accepted'),
        inArray(
          entry.nominationId,
          nominations.map((n) => n.id),
        ),
      ),
    )
  const counted = and(eq(vote.contestId, c.id), inArray(vote.entryId, countedEntries))
  const tally = nominations.length ? await db.select({ entryId: vote.entryId, votes: count() }).from(vote).where(counted).groupBy(vote.entryId) : []
  const totals = nominations.length ? await firstRow(db.select({ votes: count(), voters: countDistinct(vote.voterId) }).from(vote).where(counted)) : undefined
  const votesOf = new Map(tally.map((t) => [t.entryId, Number(t.votes)]))
  const entries = await inChunks([...votesOf.keys()], (slice) =>
    db
      .select({ id: entry.id, seq: entry.seq, title: entry.title, nominationId: entry.nominationId, submittedAt: entry.submittedAt, createdAt: entry.createdAt })
      .from(entry)
      .where(inArray(entry.id, slice)),
  )
  const ranked = nominations.map((n) => ({
    ...n,
    entries: rankByVotes(
      entries.filter((e) => e.nominationId === n.id).map((e) => ({ ...e, votes: votesOf.get(e.id) ?? 0, submittedAt: (e.submittedAt ?? e.createdAt).getTime() })),
      c.tieRule,
    ),
  }))
  const ids = ranked.flatMap((n) => n.entries.map((e) => e.id))
  const winners = ranked.flatMap((n) => n.entries.filter((e) => e.place === 1).map((e) => e.id))
  const photos = await photosOf(winners, 1)
  const authors = c.authorsPublic ? await authorsOf(ids) : new Map<number, (typeof schema.author.$inferSelect)[]>()
  const organisations = c.organisationEntrant ? await organisationsOf(ids) : new Map<number, string>()
  return {
    prizeName: c.votingPrizeName,
    voters: Number(totals?.voters ?? 0),
    votes: Number(totals?.votes ?? 0),
    nominations: ranked.map((n) => ({
      id: n.id,
      name: n.name,
      entries: n.entries.map((e) => ({
        entryId: e.id,
        number: formatEntryNumber(c.numberPrefix, e.seq),
        title: e.title,
        entrant: entrantName(c, organisations.get(e.id)),
        authors: (authors.get(e.id) ?? []).map((a) => a.fullName),
        photos: e.place === 1 ? (photos.get(e.id) ?? []) : [],
        votes: e.votes,
        place: e.place,
      })),
    })),
  }
}

/** A nomination's groups (its age categories, or districts) together, in the order they come. */
function groupsByNomination(groups: ViewGroup[]) {
  const byNomination = new Map<number, ViewGroup[]>()
  for (const g of groups) byNomination.set(g.nominationId, [...(byNomination.get(g.nominationId) ?? []), g])
  return [...byNomination.values()]
}

/** The results of the final stage as they would be published now (for the protocol before publication). */
/** `draft`: why the protocol is only a draft (printed on top), null when it is final. */
export type StageProtocol = { snapshot: ResultSnapshot; draft: string | null; date: Date; commission: string | null }

/**
 * What a stage's protocol shows: the final stage's published snapshot once published; otherwise the
 * stage's results as computed now, a draft until its judging is closed (the final stage's until the
 * results are published). On a district stage, `districtId` names one district's commission: its
 * rankings and its jurors. Null when the contest has no such stage, or the stage no such commission.
 */
export async function stageProtocol(contestId: number, options: { stageId?: number | null; districtId?: number | null } = {}): Promise<StageProtocol | null> {
  const view = await getStageView(contestId, { stageId: options.stageId })
  if (!view) return null
  const live = await activePublication(contestId)
  const districtId = view.stage.kind === 'district' ? (options.districtId ?? null) : null
  if (live && live.stageId === view.stage.id) return { snapshot: live.snapshot as ResultSnapshot, draft: null, date: live.publishedAt, commission: null }
  const groups = districtId === null ? view.groups : view.groups.filter((g) => g.districtId === districtId)
  if (districtId !== null && !groups.length) return null
  const jury = districtId === null ? view.jury : uniqueJurors(groups)
  const draft = view.isFinal
    ? 'итоги ещё не опубликованы'
    : judgingState({ ...view.stage, contestStatus: view.contest.status }) !== 'closed'
      ? 'оценка этапа ещё не закрыта'
      : null
  return { snapshot: await buildSnapshot({ ...view, groups, jury }), draft, date: new Date(), commission: districtId === null ? null : groups[0].districtName }
}

function uniqueJurors(groups: ViewGroup[]) {
  const byId = new Map(groups.flatMap((g) => g.jurors.map((j) => [j.id, j] as const)))
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru'))
}

/** The protocols a contest has: one per stage, and on a district stage one per district's commission. */
export async function protocolList(contestId: number) {
  const out: { stageId: number; stageName: string; districtId: number | null; commission: string | null }[] = []
  for (const s of await stagesOf(contestId)) {
    if (s.kind !== 'district') {
      out.push({ stageId: s.id, stageName: s.name, districtId: null, commission: null })
      continue
    }
    const view = await getStageView(contestId, { stageId: s.id })
    const districts = new Map((view?.groups ?? []).filter((g) => g.districtId !== null).map((g) => [g.districtId!, g.districtName]))
    for (const [districtId, name] of districts) out.push({ stageId: s.id, stageName: s.name, districtId, commission: name })
  }
  return out
}

/**
 * Publishes the final stage's results: freezes the snapshot, issues a numbered diploma to every author
 * of every accepted entry (to its organisation, where organisations are the contest's entrants: contests/entrant.ts), marks the contest published, and tells each entrant by e-mail. One transaction:
 * all of it happens, or none. While the lifecycle lists reasons not to publish yet (judging open, entries
 * short of scores), only the organiser's written reason lets it go ahead; the audit log keeps both.
 * Places computed by a method other than the contest's own (its rules name one) need a reason of their
 * own, `methodReason`, which the audit log and the protocol show (docs/decisions/021).
 */
export async function publishResults(actorId: string, contestId: number, method: ResultMethod, baseUrl: string, reason?: string, methodReason?: string) {
  const db = getDb()
  const result = await transaction(db, async (tx) => {
    const view = await getStageView(contestId, { method })
    if (!view) throw new Refusal('invalid', 'У конкурса нет этапов: публиковать нечего.')
    const c = view.contest
    if (!PUBLISHABLE.includes(c.status)) throw new Refusal('invalid', 'Итоги публикуются после окончания приёма заявок, когда жюри приступило к оценке.')
    if (await activePublication(c.id)) throw new Refusal('invalid', 'Итоги уже опубликованы. Чтобы опубликовать заново, сначала отзовите публикацию.')
    if (!view.groups.some((g) => g.entries.length)) throw new Refusal('invalid', 'В финальном этапе нет заявок: публиковать нечего.')
    const shortfall = view.publishBlockers
    if (shortfall.length && !reason) {
      throw new Refusal('conflict', `Итоги пока нельзя опубликовать. ${shortfall.join(' ')} Чтобы опубликовать несмотря на это, укажите причину.`, 'reason')
    }
    const otherMethod = method !== c.resultMethod
    if (otherMethod && !methodReason) {
      throw new Refusal('conflict', methodMismatch(method, c.resultMethod), 'methodReason')
    }

    const snapshot = { ...(await buildSnapshot(view, otherMethod ? methodReason : null)), publishedDespite: shortfall.length && reason ? { shortfall, reason } : null }
    const [publication] = await tx.insert(schema.resultPublication).values({ contestId: c.id, stageId: view.stage.id, method, snapshot, publishedById: actorId }).returning()

    const ranked = snapshot.nominations.flatMap((n) => n.entries.map((e) => ({ entryId: e.entryId, nominationName: n.name, award: e.award, place: e.place })))
    // A diploma per award; a participant's diploma only for an entry with none (one listed in its
    // nomination and under a special prize gets the prize's diploma, and a place's if it has one).
    const hasAward = new Set(ranked.filter((r) => r.award).map((r) => r.entryId))
    const awarded = ranked.filter((r) => r.award || !hasAward.has(r.entryId))
    const recipients = [...awarded, ...snapshot.earlierEntries.map((e) => ({ entryId: e.entryId, nominationName: e.nominationName, award: null, place: null }))]
    const authors = await authorsOf(recipients.map((r) => r.entryId))
    const organisations = c.organisationEntrant ? await organisationsOf(recipients.map((r) => r.entryId)) : new Map<number, string>()
    const prefix = `${c.numberPrefix}-${c.year}-`
    let seq = (await firstRow(
      tx
        .select({ n: count() })
        .from(schema.diploma)
        .where(like(schema.diploma.number, `${prefix}%`)),
    ))!.n
    let diplomas = 0
    for (const r of recipients) {
      const { kind, place } = diplomaKindOf(r.award, r.place)
      for (const a of diplomaRecipients(c, organisations.get(r.entryId), authors.get(r.entryId) ?? [])) {
        await tx.insert(schema.diploma).values({
          number: diplomaNumber(c.numberPrefix, c.year, ++seq, (n) => randomBytes(n)),
          publicationId: publication.id,
          contestId: c.id,
          entryId: r.entryId,
          authorId: a.authorId,
          recipientName: a.name,
          kind,
          place,
          nominationName: r.nominationName,
        })
        diplomas++
      }
    }

    // The people's choice winners: a diploma naming the prize, from the same frozen snapshot (docs/decisions/038).
    for (const n of snapshot.peoplesChoice?.nominations ?? []) {
      const winners = peoplesChoiceWinners(n).map((e) => e.entryId)
      const winnerAuthors = await authorsOf(winners)
      const winnerOrganisations = c.organisationEntrant ? await organisationsOf(winners) : new Map<number, string>()
      for (const entryId of winners) {
        for (const a of diplomaRecipients(c, winnerOrganisations.get(entryId), winnerAuthors.get(entryId) ?? [])) {
          await tx.insert(schema.diploma).values({
            number: diplomaNumber(c.numberPrefix, c.year, ++seq, (k) => randomBytes(k)),
            publicationId: publication.id,
            contestId: c.id,
            entryId,
            authorId: a.authorId,
            recipientName: a.name,
            kind: 'peoples_choice',
            place: null,
            nominationName: n.name,
          })
          diplomas++
        }
      }
    }

    await tx.update(contest).set({ status: 'published', updatedAt: new Date() }).where(eq(contest.id, c.id))
    await recordAudit(tx, {
      actorId,
      action: 'result.publish',
      entityType: 'result_publication',
      entityId: publication.id,
      contestId: c.id,
      before: { status: c.status },
      after: {
        status: 'published',
        stageId: view.stage.id,
        method,
        diplomas,
        ...(shortfall.length ? { shortfall, reason } : {}),
        ...(otherMethod ? { contestMethod: c.resultMethod, methodReason } : {}),
      },
    })
    const prizes = new Map<number, string[]>()
    for (const n of snapshot.peoplesChoice?.nominations ?? []) {
      const prize = `${diplomaAwardLabel('peoples_choice', null, snapshot.peoplesChoice!.prizeName)} в номинации ${quoted(n.name)}`
      for (const e of peoplesChoiceWinners(n)) prizes.set(e.entryId, [...(prizes.get(e.entryId) ?? []), prize])
    }
    const mails = await notifyEntrants(tx, c, recipients, baseUrl, prizes)
    return { publicationId: publication.id, diplomas, mails }
  })
  kickDelivery()
  return result
}

/** Why places computed by another method than the contest's own are not published without a reason. */
export function methodMismatch(method: ResultMethod, contestMethod: ResultMethod) {
  return (
    `Места рассчитаны способом ${quoted(RESULT_METHOD_LABELS[method].toLowerCase())}, а в положении о конкурсе указан способ ` +
    `${quoted(RESULT_METHOD_LABELS[contestMethod].toLowerCase())}. Чтобы опубликовать итоги, рассчитанные не по положению, укажите причину: ` +
    'она попадёт в протокол и в журнал действий.'
  )
}

/** `prizes`: the people's choice prizes an entry won, as the letter names them (docs/decisions/038). */
async function notifyEntrants(
  tx: DB,
  c: Contest,
  recipients: { entryId: number; nominationName: string; award: FinalAward | null; place: number | null }[],
  baseUrl: string,
  prizes = new Map<number, string[]>(),
) {
  const byEntry = new Map<number, typeof recipients>()
  for (const r of recipients) byEntry.set(r.entryId, [...(byEntry.get(r.entryId) ?? []), r])
  const byOwner = await entrantsByOwner(tx, c, [...byEntry.keys()])
  const organisations = c.organisationEntrant ? await organisationsOf([...byEntry.keys()]) : new Map<number, string>()
  for (const list of byOwner.values()) {
    const lines = list.map((r) => {
      const awards = byEntry.get(r.entryId)!.flatMap((outcome) => {
        if (outcome.award === 'special_prize') return [`специальный приз ${quoted(outcome.nominationName)}`]
        const label = outcomeLabel(outcome)
        return label ? [`${label} в номинации ${quoted(outcome.nominationName)}`] : []
      })
      awards.push(...(prizes.get(r.entryId) ?? []))
      return `• ${withEntrant(`${formatEntryNumber(c.numberPrefix, r.seq)} ${quoted(r.title)}`, entrantName(c, organisations.get(r.entryId)))} — ${awards.length ? awards.join('; ') : 'участник конкурса'}`
    })
    await enqueueMail(tx, {
      to: list[0].email!,
      kind: 'results_published',
      contestId: c.id,
      subject: `Итоги конкурса ${quoted(c.title)}`,
      text: [
        greeting(list[0].name),
        '',
        `Подведены итоги конкурса ${quoted(c.title)}. Ваши заявки:`,
        ...lines,
        '',
        `Итоги конкурса: ${baseUrl}/contests/${c.slug}/results`,
        `Дипломы готовы: ${baseUrl}/my/diplomas — там их можно скачать, а номер каждого диплома проверить на сайте.`,
        '',
        'Спасибо за участие!',
      ].join('\n'),
    })
  }
  return byOwner.size
}

/**
 * The people the entries' letters go to, each with their entries: owners, authors linked to their
 * accounts (docs/decisions/026-…) and, in an organisation's contest, its chairperson; those with an e-mail address; one letter per person.
 */
async function entrantsByOwner(tx: DB, c: Contest, entryIds: number[]) {
  const columns = { entryId: entry.id, seq: entry.seq, title: entry.title, email: schema.user.email, name: schema.user.fullName, personId: schema.user.id }
  const owners = await inChunks(entryIds, (slice) => tx.select(columns).from(entry).innerJoin(schema.user, eq(schema.user.id, entry.ownerId)).where(inArray(entry.id, slice)))
  const authors = await inChunks(entryIds, (slice) =>
    tx
      .select(columns)
      .from(schema.author)
      .innerJoin(entry, eq(entry.id, schema.author.entryId))
      .innerJoin(schema.user, eq(schema.user.id, schema.author.userId))
      .where(inArray(schema.author.entryId, slice)),
  )
  // In an organisation's contest its chairperson hears of its entries too, whoever submitted them (contests/entrant.ts).
  const chairs = c.organisationEntrant
    ? await inChunks(entryIds, (slice) =>
        tx
          .select(columns)
          .from(entry)
          .innerJoin(schema.organisation, eq(schema.organisation.id, entry.organisationId))
          .innerJoin(schema.user, eq(schema.user.id, schema.organisation.chairpersonId))
          .where(inArray(entry.id, slice)),
      )
    : []
  const byPerson = new Map<string, (typeof owners)[number][]>()
  for (const r of [...owners, ...authors, ...chairs]) {
    const list = byPerson.get(r.personId) ?? []
    if (r.email && !list.some((x) => x.entryId === r.entryId)) byPerson.set(r.personId, [...list, r])
  }
  return byPerson
}

/** Everyone who was told the results were out hears that they are withdrawn, and why. */
async function notifyWithdrawal(tx: DB, c: Contest, snapshot: ResultSnapshot, reason: string, baseUrl: string) {
  const entryIds = [...snapshot.nominations.flatMap((n) => n.entries.map((e) => e.entryId)), ...snapshot.earlierEntries.map((e) => e.entryId)]
  const byOwner = await entrantsByOwner(tx, c, entryIds)
  for (const list of byOwner.values()) {
    await enqueueMail(tx, {
      to: list[0].email!,
      kind: 'results_withdrawn',
      contestId: c.id,
      subject: `Итоги конкурса ${quoted(c.title)} отозваны`,
      text: [
        greeting(list[0].name),
        '',
        `Организатор отозвал опубликованные итоги конкурса ${quoted(c.title)}.`,
        `Причина: ${reason}`,
        '',
        'Дипломы, выданные по этим итогам, больше не действуют. Когда итоги будут опубликованы снова, мы напишем вам.',
        '',
        `Страница конкурса: ${baseUrl}/contests/${c.slug}`,
      ].join('\n'),
    })
  }
  return byOwner.size
}

/** Withdraws the standing publication, with a reason: the public page and the diplomas go out of force, and the entrants are told why. */
export async function withdrawResults(actorId: string, contestId: number, reason: string, baseUrl: string) {
  const mails = await transaction(getDb(), async (tx) => {
    const live = await activePublication(contestId)
    if (!live) throw new Refusal('invalid', 'Итоги не опубликованы: отзывать нечего.')
    const c = (await firstRow(tx.select().from(contest).where(eq(contest.id, contestId))))!
    const now = new Date()
    await tx.update(schema.resultPublication).set({ withdrawnAt: now, withdrawnById: actorId, withdrawReason: reason }).where(eq(schema.resultPublication.id, live.id))
    await tx.update(contest).set({ status: 'review', updatedAt: now }).where(eq(contest.id, contestId))
    await recordAudit(tx, {
      actorId,
      action: 'result.withdraw',
      entityType: 'result_publication',
      entityId: live.id,
      contestId,
      before: { status: 'published' },
      after: { status: 'review', reason },
    })
    return await notifyWithdrawal(tx, c, live.snapshot as ResultSnapshot, reason, baseUrl)
  })
  kickDelivery()
  return { mails }
}

/** Published results of a public contest, straight from the frozen snapshot. */
export async function getPublishedResults(slug: string) {
  const db = getDb()
  const c = await firstRow(db.select().from(contest).where(eq(contest.slug, slug)))
  if (!c || c.status === 'draft') return null
  const live = await activePublication(c.id)
  return {
    contest: { title: c.title, slug: c.slug, fullRankingPublic: c.fullRankingPublic },
    publication: live ? { publishedAt: live.publishedAt, snapshot: live.snapshot as ResultSnapshot } : null,
  }
}

// Parsing a 1,000-entry snapshot for every photo request would be wasteful: keep the photo ids per publication.
const publishedPhotoIds = new Map<number, Set<string>>()

/**
 * Whether the photo is among the contest's standing published results (results make winners' photos
 * public even where the gallery would not show them): one of the facts app/modules/photos/access.server.ts
 * decides on.
 */
export async function isPhotoInPublishedResults(photoId: string, contestId: number) {
  const { resultPublication } = schema
  const live = await firstRow(
    getDb()
      .select({ id: resultPublication.id })
      .from(resultPublication)
      .where(and(eq(resultPublication.contestId, contestId), isNull(resultPublication.withdrawnAt)))
      .orderBy(desc(resultPublication.id)),
  )
  if (!live) return false
  let ids = publishedPhotoIds.get(live.id)
  if (!ids) {
    const snapshot = (await activePublication(contestId))?.snapshot as ResultSnapshot | undefined
    if (!snapshot) return false
    ids = new Set(snapshot.nominations.flatMap((n) => n.entries.flatMap((e) => e.photos.map((ph) => ph.id))))
    for (const n of snapshot.peoplesChoice?.nominations ?? []) for (const e of n.entries) for (const ph of e.photos) ids.add(ph.id)
    publishedPhotoIds.set(live.id, ids)
  }
  return ids.has(photoId)
}
