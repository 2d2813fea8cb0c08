import { and, asc, eq, inArray, or, sql, type SQLWrapper } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import { changes, recordAudit } from '../audit/audit.server'
import { Refusal } from '../../utils/refusal'
import { juryBlockers, type JuryCoverage } from './lifecycle'
import { quoted } from '../../utils/format'

const { stage, entry, stageEntry, nomination, juryAssignment, district, contest } = schema

type StageRow = typeof stage.$inferSelect

export const STAGE_NAMES = { district: 'Районный этап', city: 'Городской этап' } as const

export async function listStages(contestId: number, db: DB = getDb()) {
  return await db.select().from(stage).where(eq(stage.contestId, contestId)).orderBy(asc(stage.position), asc(stage.id))
}

export async function getStage(contestId: number, stageId: number, db: DB = getDb()) {
  return await firstRow(db.select().from(stage).where(and(eq(stage.id, stageId), eq(stage.contestId, contestId)))) ?? null
}

/** Residential areas count as their district: a district commission judges both. */
export async function districtRoots(db: DB = getDb()) {
  const rows = await db.select({ id: district.id, parentId: district.parentId, name: district.name, kind: district.kind }).from(district)
  const root = new Map(rows.map((d) => [d.id, d.parentId ?? d.id]))
  const names = new Map(rows.map((d) => [d.id, d.name]))
  const cityDistricts = rows.filter((d) => d.kind === 'district').map((d) => ({ id: d.id, name: d.name }))
  return { rootOf: (id: number | null) => (id === null ? null : (root.get(id) ?? id)), names, cityDistricts }
}

type StageEntry = {
  id: number
  nominationId: number | null
  districtId: number | null
  ownerId: string
  organisationId: number | null
  seq: number | null
  submittedAt: Date | null
}

const entryColumns = {
  id: entry.id,
  nominationId: entry.nominationId,
  districtId: entry.districtId,
  ownerId: entry.ownerId,
  organisationId: entry.organisationId,
  seq: entry.seq,
  submittedAt: entry.submittedAt,
}

/**
 * Which entries take part in a stage, as a condition on `entry`: the one rule that progress, the
 * juror's queue and results all read. The first stage judges every accepted entry of the contest,
 * read live, so an entry accepted or disqualified late is in or out at once (whether or not moderation
 * listed it in stage_entry); a later stage judges the entries passed on to it, as long as they stay
 * accepted. `first` is 1 or 0: a number, so that a prepared statement can take it as a placeholder.
 */
export function inStageSql(s: { id: number | SQLWrapper; contestId: number | SQLWrapper; first: 0 | 1 | SQLWrapper }) {
  const listed = getDb().select({ id: stageEntry.entryId }).from(stageEntry).where(eq(stageEntry.stageId, s.id))
  return and(eq(entry.contestId, s.contestId), eq(entry.status, 'accepted'), or(sql`${s.first} = 1`, inArray(entry.id, listed)))!
}

/** Whether the stage is the contest's first, for inStageSql. */
export async function firstStageFlag(s: Pick<StageRow, 'id' | 'contestId'>, db: DB = getDb()): Promise<0 | 1> {
  return (await listStages(s.contestId, db))[0]?.id === s.id ? 1 : 0
}

/** The entries that take part in a stage (inStageSql). */
export async function stageEntries(s: Pick<StageRow, 'id' | 'contestId'>, db: DB = getDb()): Promise<StageEntry[]> {
  return await db
    .select(entryColumns)
    .from(entry)
    .where(inStageSql({ id: s.id, contestId: s.contestId, first: await firstStageFlag(s, db) }))
    .orderBy(asc(entry.id))
}

/**
 * Jurors per group of a stage that has entries: per nomination, and per nomination and district on a district
 * stage. A scored nomination needs K jurors; a special prize, decided by the jury without scores, needs one.
 */
export async function stageCoverage(s: Pick<StageRow, 'id' | 'contestId' | 'kind'>, minScores: number, db: DB = getDb()): Promise<JuryCoverage[]> {
  const nominations = await db.select().from(nomination).where(eq(nomination.contestId, s.contestId)).orderBy(asc(nomination.position), asc(nomination.id))
  const { rootOf, names } = await districtRoots(db)
  const byDistrict = s.kind === 'district'
  const groups = new Map<string, { nominationId: number; districtId: number | null }>()
  for (const e of await stageEntries(s, db)) {
    if (e.nominationId === null) continue
    const districtId = byDistrict ? rootOf(e.districtId) : null
    groups.set(`${e.nominationId}:${districtId}`, { nominationId: e.nominationId, districtId })
  }
  const jurors = new Map<string, Set<string>>()
  for (const a of await db.select().from(juryAssignment).where(eq(juryAssignment.stageId, s.id))) {
    const key = `${a.nominationId}:${byDistrict ? a.districtId : null}`
    if (!jurors.has(key)) jurors.set(key, new Set())
    jurors.get(key)!.add(a.jurorId)
  }
  const coverage: JuryCoverage[] = []
  for (const n of nominations) {
    for (const g of [...groups.values()].filter((g) => g.nominationId === n.id)) {
      coverage.push({
        nomination: n.name,
        district: byDistrict ? (g.districtId === null ? 'район не указан' : (names.get(g.districtId) ?? '')) : null,
        jurors: jurors.get(`${n.id}:${g.districtId}`)?.size ?? 0,
        needed: n.isSpecialPrize ? 1 : minScores,
      })
    }
  }
  return coverage
}

/** Why judging of a stage cannot open now; an empty list means it can. */
export async function stageOpenBlockers(s: StageRow, db: DB = getDb()): Promise<string[]> {
  const c = (await firstRow(db.select({ status: contest.status, minScores: contest.minScoresPerEntry }).from(contest).where(eq(contest.id, s.contestId))))!
  if (s.status === 'judging') return ['Оценка на этом этапе уже идёт.']
  if (c.status !== 'judging') return ['Оценка открывается, когда конкурс переведён в состояние «Работа жюри» (вкладка «Обзор»).']
  const stages = await listStages(s.contestId, db)
  const reasons: string[] = []
  const index = stages.findIndex((x) => x.id === s.id)
  for (const earlier of stages.slice(0, index)) {
    if (earlier.status !== 'closed') reasons.push(`Сначала завершите оценку на этапе ${quoted(earlier.name)}.`)
  }
  for (const later of stages.slice(index + 1)) {
    if (later.status !== 'pending') reasons.push(`Оценка уже перешла на этап ${quoted(later.name)}.`)
  }
  if ((await stageEntries(s, db)).length === 0) {
    reasons.push(index === 0 ? 'В конкурсе нет принятых заявок.' : 'В этап ещё не переданы заявки из предыдущего этапа (раздел «Итоги»).')
  }
  reasons.push(...juryBlockers(await stageCoverage(s, c.minScores, db)))
  return reasons
}

/** Opens judging of a stage, or reopens a closed one; refuses with the reasons when it is not possible. */
export async function openStageJudging(actorId: string, contestId: number, stageId: number, now = new Date()) {
  await transaction(getDb(), async (tx) => {
    const s = await getStage(contestId, stageId, tx)
    if (!s) throw new Refusal('invalid', 'Такого этапа нет.')
    const reasons = await stageOpenBlockers(s, tx)
    if (reasons.length) throw new Refusal('invalid', reasons.join(' '))
    await startJudging(tx, actorId, s, now)
  })
}

/** Also used when the contest itself moves to judging and opens its first stage. */
export async function startJudging(tx: DB, actorId: string, s: StageRow, now: Date) {
  await tx.update(stage).set({ status: 'judging', judgingOpensAt: s.judgingOpensAt ?? now }).where(eq(stage.id, s.id))
  await recordAudit(tx, { actorId, action: 'stage.open', entityType: 'stage', entityId: s.id, contestId: s.contestId, before: { status: s.status }, after: { status: 'judging' } })
}

export async function closeStageJudging(actorId: string, contestId: number, stageId: number) {
  await transaction(getDb(), async (tx) => {
    const s = await getStage(contestId, stageId, tx)
    if (!s) throw new Refusal('invalid', 'Такого этапа нет.')
    if (s.status !== 'judging') throw new Refusal('invalid', 'Оценка на этом этапе не идёт.')
    await tx.update(stage).set({ status: 'closed' }).where(eq(stage.id, s.id))
    await recordAudit(tx, { actorId, action: 'stage.close', entityType: 'stage', entityId: s.id, contestId, before: { status: 'judging' }, after: { status: 'closed' } })
  })
}

export async function updateStage(actorId: string, contestId: number, input: { id: number; name: string; judgingClosesAt: Date | null }) {
  await transaction(getDb(), async (tx) => {
    const s = await getStage(contestId, input.id, tx)
    if (!s) throw new Refusal('invalid', 'Такого этапа нет.')
    const diff = changes(s, { name: input.name, judgingClosesAt: input.judgingClosesAt })
    if (!diff.changed) return
    await tx.update(stage).set({ name: input.name, judgingClosesAt: input.judgingClosesAt }).where(eq(stage.id, s.id))
    await recordAudit(tx, { actorId, action: 'stage.update', entityType: 'stage', entityId: s.id, contestId, ...diff })
  })
}

/**
 * One city stage, or a district stage whose best `advanceCount` entries per nomination and district go on
 * to the city stage. Changeable only before any judging; the city stage is kept, with its jury, either way.
 */
export async function setStagePlan(actorId: string, contestId: number, plan: 'city' | 'district_city', advanceCount?: number) {
  await transaction(getDb(), async (tx) => {
    const stages = await listStages(contestId, tx)
    if (stages.some((s) => s.status !== 'pending')) {
      throw new Refusal('invalid', 'Схему этапов нельзя изменить: оценка уже началась.', 'plan')
    }
    const districtStage = stages.find((s) => s.kind === 'district')
    const before = { stages: stages.map((s) => `${s.name}${s.advanceCount ? ` (${s.advanceCount})` : ''}`) }
    if (!stages.some((s) => s.kind === 'city')) {
      await tx.insert(stage).values({ contestId, kind: 'city', name: STAGE_NAMES.city, position: 1 })
    }
    if (plan === 'city' && districtStage) {
      const assigned = await firstRow(tx.select({ id: juryAssignment.id }).from(juryAssignment).where(eq(juryAssignment.stageId, districtStage.id)).limit(1))
      if (assigned) throw new Refusal('invalid', 'Сначала снимите назначения жюри районного этапа (вкладка «Жюри»).', 'plan')
      await tx.delete(stage).where(eq(stage.id, districtStage.id))
    }
    if (plan === 'district_city') {
      if (districtStage) await tx.update(stage).set({ advanceCount }).where(eq(stage.id, districtStage.id))
      else await tx.insert(stage).values({ contestId, kind: 'district', name: STAGE_NAMES.district, position: 0, advanceCount })
    }
    const after = { stages: (await listStages(contestId, tx)).map((s) => `${s.name}${s.advanceCount ? ` (${s.advanceCount})` : ''}`) }
    const diff = changes(before, after)
    if (diff.changed) await recordAudit(tx, { actorId, action: 'stage.plan', entityType: 'stage', entityId: contestId, contestId, ...diff })
  })
}
