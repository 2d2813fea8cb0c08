import { and, asc, count, eq, isNull } from 'drizzle-orm'
import { getDb, schema, type DB, transaction, firstRow } from '../../../db/client.server'
import { changes, recordAudit } from '../audit/audit.server'
import { Refusal } from '../../utils/refusal'
import { moveItem } from './positions'
import { judgedByContestCriteria } from './criteria'
import { MAX_CRITERIA, MAX_NOMINATIONS } from './validation'
import { quoted } from '../../utils/format'

const { nomination, criterion, entry, evaluation, score } = schema

/** A contest's nominations in order. */
export async function listNominations(contestId: number, db: DB = getDb()) {
  return await db.select().from(nomination).where(eq(nomination.contestId, contestId)).orderBy(asc(nomination.position), asc(nomination.id))
}

async function listCriteria(contestId: number, db: DB) {
  return await db.select().from(criterion).where(eq(criterion.contestId, contestId)).orderBy(asc(criterion.position), asc(criterion.id))
}

/** Nominations with at least one score given to one of their entries. */
async function scoredNominationIds(contestId: number, db: DB) {
  const rows = await db
    .selectDistinct({ id: entry.nominationId })
    .from(score)
    .innerJoin(evaluation, eq(evaluation.id, score.evaluationId))
    .innerJoin(entry, eq(entry.id, evaluation.entryId))
    .where(eq(entry.contestId, contestId))
  return new Set(rows.map((r) => r.id).filter((id): id is number => id !== null))
}

/**
 * The scored nomination whose set of criteria a change to `scope` would alter: the nomination itself for
 * its own criteria; for the contest's criteria, any scored nomination that has none of its own.
 * Null when nothing scored depends on the scope, so the change is safe.
 */
async function frozenNomination(contestId: number, scope: number | null, db: DB) {
  const scored = await scoredNominationIds(contestId, db)
  if (scored.size === 0) return null
  const nominations = await listNominations(contestId, db)
  if (scope !== null) return nominations.find((n) => n.id === scope && scored.has(n.id)) ?? null
  const criteria = await listCriteria(contestId, db)
  return nominations.find((n) => scored.has(n.id) && judgedByContestCriteria(criteria, n.id)) ?? null
}

const frozenMessage = (name: string) => `Критерии номинации ${quoted(name)} нельзя изменить: по ним уже выставлены оценки.`

/** The nominations page: nominations with their own criteria, the contest's criteria, and what scores have frozen. */
export async function nominationsPage(contestId: number) {
  const db = getDb()
  const nominations = await listNominations(contestId, db)
  const criteria = await listCriteria(contestId, db)
  const scored = await scoredNominationIds(contestId, db)
  const entries = new Map(
    (await db.select({ id: entry.nominationId, n: count() }).from(entry).where(eq(entry.contestId, contestId)).groupBy(entry.nominationId)).map((r) => [r.id, r.n]),
  )
  return {
    nominations: nominations.map((n) => ({
      ...n,
      entries: entries.get(n.id) ?? 0,
      scored: scored.has(n.id),
      criteria: criteria.filter((c) => c.nominationId === n.id),
    })),
    contestCriteria: criteria.filter((c) => c.nominationId === null),
    /** The contest's criteria are frozen once a nomination judged by them has scores. */
    contestCriteriaFrozen: nominations.some((n) => scored.has(n.id) && judgedByContestCriteria(criteria, n.id)),
  }
}

export async function addNominations(actorId: string, contestId: number, names: string[]) {
  await transaction(getDb(), async (tx) => {
    const existing = await listNominations(contestId, tx)
    if (existing.length + names.length > MAX_NOMINATIONS) {
      const left = MAX_NOMINATIONS - existing.length
      throw new Refusal('invalid', `В конкурсе может быть не больше ${MAX_NOMINATIONS} номинаций: можно добавить ещё ${Math.max(0, left)}.`, 'names')
    }
    const taken = new Set(existing.map((n) => n.name.toLowerCase()))
    const duplicate = names.find((name, i) => taken.has(name.toLowerCase()) || names.findIndex((x) => x.toLowerCase() === name.toLowerCase()) !== i)
    if (duplicate) throw new Refusal('invalid', `Номинация ${quoted(duplicate)} уже есть.`, 'names')
    const start = existing.reduce((max, n) => Math.max(max, n.position + 1), 0)
    for (const [i, name] of names.entries()) {
      const [row] = await tx.insert(nomination).values({ contestId, name, position: start + i }).returning()
      await recordAudit(tx, { actorId, action: 'nomination.create', entityType: 'nomination', entityId: row.id, contestId, after: { name } })
    }
  })
}

async function getNomination(contestId: number, id: number, db: DB) {
  const row = await firstRow(db.select().from(nomination).where(and(eq(nomination.id, id), eq(nomination.contestId, contestId))))
  if (!row) throw new Refusal('invalid', 'Такой номинации нет.')
  return row
}

export async function updateNomination(actorId: string, contestId: number, input: { id: number; name: string; description: string; isSpecialPrize: boolean }) {
  await transaction(getDb(), async (tx) => {
    const current = await getNomination(contestId, input.id, tx)
    const clash = (await listNominations(contestId, tx)).find((n) => n.id !== input.id && n.name.toLowerCase() === input.name.toLowerCase())
    if (clash) throw new Refusal('invalid', `Номинация ${quoted(clash.name)} уже есть.`, 'name')
    if (input.isSpecialPrize !== current.isSpecialPrize && (await scoredNominationIds(contestId, tx)).has(current.id)) {
      throw new Refusal('invalid', 'Нельзя изменить: в номинации уже выставлены оценки.', 'isSpecialPrize')
    }
    const { id: _id, ...values } = input
    const diff = changes(current, values)
    if (!diff.changed) return
    await tx.update(nomination).set(values).where(eq(nomination.id, current.id))
    await recordAudit(tx, { actorId, action: 'nomination.update', entityType: 'nomination', entityId: current.id, contestId, ...diff })
  })
}

export async function deleteNomination(actorId: string, contestId: number, id: number) {
  await transaction(getDb(), async (tx) => {
    const current = await getNomination(contestId, id, tx)
    const entries = (await firstRow(tx.select({ n: count() }).from(entry).where(eq(entry.nominationId, id))))?.n ?? 0
    if (entries > 0) throw new Refusal('invalid', `В номинации ${quoted(current.name)} есть заявки, её нельзя удалить.`)
    await tx.delete(nomination).where(eq(nomination.id, id))
    await recordAudit(tx, { actorId, action: 'nomination.delete', entityType: 'nomination', entityId: id, contestId, before: { name: current.name, description: current.description } })
  })
}

export async function moveNomination(actorId: string, contestId: number, id: number, direction: 'up' | 'down') {
  await transaction(getDb(), async (tx) => {
    const current = await getNomination(contestId, id, tx)
    const positions = moveItem(await listNominations(contestId, tx), id, direction)
    if (!positions) return
    for (const p of positions) await tx.update(nomination).set({ position: p.position }).where(eq(nomination.id, p.id))
    await recordAudit(tx, { actorId, action: 'nomination.move', entityType: 'nomination', entityId: id, contestId, after: { name: current.name, position: positions.findIndex((p) => p.id === id) + 1 } })
  })
}

type CriterionInput = { nominationId?: number; name: string; description: string; maxPoints: number; weight: number }

/** Refuses a change to a scored set of criteria; returns the nomination the set belongs to (null for the contest's). */
async function checkScope(contestId: number, nominationId: number | null, db: DB) {
  const owner = nominationId === null ? null : await getNomination(contestId, nominationId, db)
  const frozen = await frozenNomination(contestId, nominationId, db)
  if (frozen) throw new Refusal('invalid', frozenMessage(frozen.name))
  return owner
}

async function scopeCriteria(contestId: number, nominationId: number | null, db: DB) {
  return await db
    .select()
    .from(criterion)
    .where(and(eq(criterion.contestId, contestId), nominationId === null ? isNull(criterion.nominationId) : eq(criterion.nominationId, nominationId)))
    .orderBy(asc(criterion.position), asc(criterion.id))
}

export async function addCriterion(actorId: string, contestId: number, input: CriterionInput) {
  await transaction(getDb(), async (tx) => {
    const scope = input.nominationId ?? null
    const owner = await checkScope(contestId, scope, tx)
    const existing = await scopeCriteria(contestId, scope, tx)
    if (existing.length >= MAX_CRITERIA) throw new Refusal('invalid', `Критериев — не больше ${MAX_CRITERIA}.`)
    if (existing.some((c) => c.name.toLowerCase() === input.name.toLowerCase())) throw new Refusal('invalid', `Критерий ${quoted(input.name)} уже есть.`, 'name')
    const position = existing.reduce((max, c) => Math.max(max, c.position + 1), 0)
    const values = { contestId, nominationId: scope, name: input.name, description: input.description, maxPoints: input.maxPoints, weight: input.weight, position }
    const [row] = await tx.insert(criterion).values(values).returning()
    await recordAudit(tx, { actorId, action: 'criterion.create', entityType: 'criterion', entityId: row.id, contestId, after: { name: row.name, maxPoints: row.maxPoints, weight: row.weight, nomination: owner?.name ?? null } })
  })
}

async function getCriterion(contestId: number, id: number, db: DB) {
  const row = await firstRow(db.select().from(criterion).where(and(eq(criterion.id, id), eq(criterion.contestId, contestId))))
  if (!row) throw new Refusal('invalid', 'Такого критерия нет.')
  return row
}

/** Once its scope is scored a criterion keeps its name, points and weight; its description can still be clarified. */
export async function updateCriterion(actorId: string, contestId: number, input: CriterionInput & { id: number }) {
  await transaction(getDb(), async (tx) => {
    const current = await getCriterion(contestId, input.id, tx)
    const values = { name: input.name, description: input.description, maxPoints: input.maxPoints, weight: input.weight }
    const diff = changes(current, values)
    if (!diff.changed) return
    const scoring = (['name', 'maxPoints', 'weight'] as const).find((k) => k in diff.after)
    if (scoring) {
      const frozen = await frozenNomination(contestId, current.nominationId, tx)
      if (frozen) throw new Refusal('invalid', frozenMessage(frozen.name), scoring)
    }
    const clash = (await scopeCriteria(contestId, current.nominationId, tx)).find((c) => c.id !== current.id && c.name.toLowerCase() === input.name.toLowerCase())
    if (clash) throw new Refusal('invalid', `Критерий ${quoted(clash.name)} уже есть.`, 'name')
    await tx.update(criterion).set(values).where(eq(criterion.id, current.id))
    await recordAudit(tx, { actorId, action: 'criterion.update', entityType: 'criterion', entityId: current.id, contestId, ...diff })
  })
}

export async function deleteCriterion(actorId: string, contestId: number, id: number) {
  await transaction(getDb(), async (tx) => {
    const current = await getCriterion(contestId, id, tx)
    await checkScope(contestId, current.nominationId, tx)
    await tx.delete(criterion).where(eq(criterion.id, id))
    await recordAudit(tx, { actorId, action: 'criterion.delete', entityType: 'criterion', entityId: id, contestId, before: { name: current.name, maxPoints: current.maxPoints, weight: current.weight } })
  })
}

export async function moveCriterion(actorId: string, contestId: number, id: number, direction: 'up' | 'down') {
  await transaction(getDb(), async (tx) => {
    const current = await getCriterion(contestId, id, tx)
    const positions = moveItem(await scopeCriteria(contestId, current.nominationId, tx), id, direction)
    if (!positions) return
    for (const p of positions) await tx.update(criterion).set({ position: p.position }).where(eq(criterion.id, p.id))
    await recordAudit(tx, { actorId, action: 'criterion.move', entityType: 'criterion', entityId: id, contestId, after: { name: current.name, position: positions.findIndex((p) => p.id === id) + 1 } })
  })
}

/** Starts a nomination's own criteria from a copy of the contest's, to be adjusted (other points or weights). */
export async function copyContestCriteria(actorId: string, contestId: number, nominationId: number) {
  await transaction(getDb(), async (tx) => {
    const owner = (await checkScope(contestId, nominationId, tx))!
    if ((await scopeCriteria(contestId, nominationId, tx)).length > 0) throw new Refusal('invalid', 'У номинации уже есть свои критерии.')
    const source = await scopeCriteria(contestId, null, tx)
    if (source.length === 0) throw new Refusal('invalid', 'У конкурса ещё нет общих критериев, добавьте критерии номинации по одному.')
    for (const c of source) {
      const [row] = await tx.insert(criterion).values({ contestId, nominationId, name: c.name, description: c.description, maxPoints: c.maxPoints, weight: c.weight, position: c.position }).returning()
      await recordAudit(tx, { actorId, action: 'criterion.create', entityType: 'criterion', entityId: row.id, contestId, after: { name: row.name, maxPoints: row.maxPoints, weight: row.weight, nomination: owner.name } })
    }
  })
}
