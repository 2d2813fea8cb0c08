import { and, asc, count, countDistinct, desc, eq, isNotNull, isNull, ne } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import type { ContestStatus } from '../../../db/schema/enums'
import { changes, recordAudit } from '../audit/audit.server'
import { requirePermission, type Action } from '~/utils/permissions.server'
import { criteriaForNomination } from './criteria'
import { NO_SUCH_CONTEST, Refusal } from '../../utils/refusal'
import { refuse } from '../../utils/refusal.server'
import { LIFECYCLE, NEXT_STATUS, PREVIOUS_STATUS, resultsSettingsRefusal, transitionBlockers, type ContestFacts, type PublishedDespite } from './lifecycle'
import { listStages, STAGE_NAMES, stageCoverage, startJudging } from './stages.server'
import { slugify, type ContestSettings } from './validation'
import { CONTEST_STATUS_LABELS } from '../../../db/schema/enums'
import { quoted } from '../../utils/format'

const { contest, nomination, criterion, entry, juryAssignment, stage } = schema

type ContestRow = typeof contest.$inferSelect

/** Every contest, drafts included: for organisers only (callers check the role). */
export async function listOrganiserContests() {
  return await getDb()
    .select({ id: contest.id, slug: contest.slug, title: contest.title, status: contest.status, year: contest.year, opensAt: contest.opensAt, closesAt: contest.closesAt })
    .from(contest)
    .orderBy(desc(contest.year), asc(contest.title))
}

export async function getOrganiserContest(id: number, db: DB = getDb()) {
  if (!Number.isInteger(id) || id <= 0) return null
  return (await firstRow(db.select().from(contest).where(eq(contest.id, id)))) ?? null
}

/**
 * Every organiser page of one contest starts here: the permission first (a guest goes to log in, anyone
 * else without it gets 403), then the contest (404 when there is none).
 */
export async function requireOrganiserContest(request: Request, contestId: string | undefined, action: Action = 'contest.manage') {
  const user = await requirePermission(request, action)
  const found = await getOrganiserContest(Number(contestId))
  if (!found) refuse('not_found', NO_SUCH_CONTEST)
  return { user, contest: found }
}

/** Shown in new contests' settings: the wording the city uses for 152-ФЗ. */
const DEFAULT_CONSENT =
  'Я даю согласие администрации города Кемерово на обработку моих персональных данных (ФИО, возраст, адрес, телефон, адрес электронной почты) и фотографий, указанных в заявке, в целях проведения конкурса в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных».'

async function slugOwner(slug: string, db: DB) {
  return (await firstRow(db.select({ id: contest.id, title: contest.title }).from(contest).where(eq(contest.slug, slug)))) ?? null
}

function isUniqueViolation(error: unknown) {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE'
}

const slugTaken = (title: string) => new Refusal('invalid', `Этот адрес уже занят конкурсом ${quoted(title)}. Придумайте другой.`, 'slug')

/**
 * A new contest is a draft with one city stage. Without a slug one is made from the title,
 * with a number added when it is taken; a slug the organiser typed must be free.
 */
export async function createContest(actorId: string, input: { title: string; shortName: string; slug?: string; year: number; numberPrefix: string; summary: string }) {
  const db = getDb()
  try {
    return await transaction(db, async (tx) => {
      let slug = input.slug
      if (slug) {
        const owner = await slugOwner(slug, tx)
        if (owner) throw slugTaken(owner.title)
      } else {
        const base = slugify(input.title) || `konkurs-${input.year}`
        slug = base
        for (let n = 2; await slugOwner(slug, tx); n++) slug = `${base}-${n}`
      }
      const [row] = await tx
        .insert(contest)
        .values({ ...input, slug, status: 'draft', consentText: DEFAULT_CONSENT, createdById: actorId })
        .returning()
      await tx.insert(stage).values({ contestId: row.id, kind: 'city', name: STAGE_NAMES.city, position: 1 })
      await recordAudit(tx, {
        actorId,
        action: 'contest.create',
        entityType: 'contest',
        entityId: row.id,
        contestId: row.id,
        after: { title: row.title, shortName: row.shortName, slug: row.slug, year: row.year, numberPrefix: row.numberPrefix, summary: row.summary },
      })
      return row.id
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new Refusal('invalid', 'Этот адрес только что занял другой конкурс. Придумайте другой.', 'slug')
    throw error
  }
}

type ContestPatch = Partial<ContestSettings> & { coverPhotoId?: string | null }

/** Saves any of the contest's own settings; only what changed goes to the audit log. Returns whether anything changed. */
export async function updateContest(actorId: string, contestId: number, patch: ContestPatch) {
  const db = getDb()
  try {
    return await transaction(db, async (tx) => {
      const current = await getOrganiserContest(contestId, tx)
      if (!current) throw new Refusal('invalid', NO_SUCH_CONTEST)
      if (patch.slug && patch.slug !== current.slug) {
        const owner = await slugOwner(patch.slug, tx)
        if (owner) throw slugTaken(owner.title)
      }
      if (patch.numberPrefix && patch.numberPrefix !== current.numberPrefix) {
        const numbered = await firstRow(
          tx
            .select({ id: entry.id })
            .from(entry)
            .where(and(eq(entry.contestId, contestId), isNotNull(entry.seq)))
            .limit(1),
        )
        if (numbered) throw new Refusal('invalid', 'Префикс нельзя изменить: заявкам уже присвоены номера.', 'numberPrefix')
      }
      // Each age category is ranked apart: the categories are a results setting (docs/decisions/021).
      const refusal = resultsSettingsRefusal(current)
      if (refusal && patch.ageCategories && JSON.stringify(patch.ageCategories) !== JSON.stringify(current.ageCategories)) {
        throw new Refusal('conflict', refusal, 'ageCategories')
      }
      const diff = changes(current as ContestPatch & ContestRow, patch)
      if (!diff.changed) return false
      await tx
        .update(contest)
        .set({ ...diff.after, updatedAt: new Date() })
        .where(eq(contest.id, contestId))
      await recordAudit(tx, { actorId, action: 'contest.update', entityType: 'contest', entityId: contestId, contestId, before: diff.before, after: diff.after })
      return true
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new Refusal('invalid', 'Этот адрес только что занял другой конкурс. Придумайте другой.', 'slug')
    throw error
  }
}

/** Everything the lifecycle rules look at, read in one go (inside the caller's transaction when changing status). */
async function contestFacts(c: ContestRow, db: DB = getDb()): Promise<ContestFacts> {
  const nominations = await db.select().from(nomination).where(eq(nomination.contestId, c.id)).orderBy(asc(nomination.position), asc(nomination.id))
  const criteria = await db.select({ id: criterion.id, nominationId: criterion.nominationId, position: criterion.position }).from(criterion).where(eq(criterion.contestId, c.id))
  const stages = await listStages(c.id, db)
  const byStatus = new Map((await db.select({ status: entry.status, n: count() }).from(entry).where(eq(entry.contestId, c.id)).groupBy(entry.status)).map((r) => [r.status, r.n]))
  return {
    status: c.status,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    rules: c.rules,
    consentText: c.consentText,
    nominations: nominations.map((n) => ({ name: n.name, isSpecialPrize: n.isSpecialPrize, criteria: criteriaForNomination(criteria, n.id).length })),
    stages: stages.map((s) => ({ name: s.name, status: s.status })),
    entries: { submitted: byStatus.get('submitted') ?? 0, accepted: byStatus.get('accepted') ?? 0 },
    jury: stages[0] ? await stageCoverage(stages[0], c.minScoresPerEntry, db) : [],
  }
}

type Step = { status: ContestStatus; label: string; state: 'done' | 'incomplete' | 'current' | 'upcoming'; note?: string }

/**
 * The stepper: every status with where the contest stands, and the reasons the next (and the previous)
 * step is closed. Results published despite the lifecycle's reasons (judging open, entries short of
 * scores) leave «review» incomplete, not done, with the organiser's reason.
 */
export async function lifecycleView(c: ContestRow, now = new Date()) {
  const facts = await contestFacts(c)
  const at = LIFECYCLE.indexOf(c.status)
  const despite = at > LIFECYCLE.indexOf('review') ? await publishedDespite(c.id) : null
  const steps: Step[] = LIFECYCLE.map((status, i) => {
    const label = CONTEST_STATUS_LABELS[status]
    if (status === 'review' && despite) return { status, label, state: 'incomplete', note: `итоги опубликованы до завершения оценки. ${despite.shortfall.join(' ')} Причина: ${despite.reason}` }
    return { status, label, state: i < at ? 'done' : i === at ? 'current' : 'upcoming' }
  })
  const move = (target: ContestStatus | undefined) => (target ? { status: target, label: CONTEST_STATUS_LABELS[target], blockers: transitionBlockers(facts, target, now) } : null)
  return { steps, next: move(NEXT_STATUS[c.status]), back: move(PREVIOUS_STATUS[c.status]), facts }
}

/**
 * Moves the contest to `target`, checked on the server against the same rules the stepper shows.
 * Moving to judging opens the first stage.
 */
export async function changeStatus(actorId: string, contestId: number, target: ContestStatus, now = new Date()) {
  await transaction(getDb(), async (tx) => {
    const c = await getOrganiserContest(contestId, tx)
    if (!c) throw new Refusal('invalid', NO_SUCH_CONTEST)
    const blockers = transitionBlockers(await contestFacts(c, tx), target, now)
    if (blockers.length) throw new Refusal('invalid', blockers.join(' '))
    await tx.update(contest).set({ status: target, updatedAt: now }).where(eq(contest.id, contestId))
    await recordAudit(tx, { actorId, action: 'contest.status', entityType: 'contest', entityId: contestId, contestId, before: { status: c.status }, after: { status: target } })
    if (target === 'judging') {
      const first = (await listStages(contestId, tx))[0]
      if (first && first.status === 'pending') await startJudging(tx, actorId, first, now)
    }
  })
}

/** What the standing publication was published despite, if anything (results.server.ts records it in the snapshot). */
async function publishedDespite(contestId: number) {
  const live = await firstRow(
    getDb()
      .select({ snapshot: schema.resultPublication.snapshot })
      .from(schema.resultPublication)
      .where(and(eq(schema.resultPublication.contestId, contestId), isNull(schema.resultPublication.withdrawnAt))),
  )
  // ResultSnapshot's field, read without importing the results module (which imports this one).
  return (live?.snapshot as { publishedDespite?: PublishedDespite | null } | undefined)?.publishedDespite ?? null
}

/** Counts for the overview page. */
export async function contestCounts(contestId: number) {
  const db = getDb()
  const one = (q: { n: number } | undefined) => q?.n ?? 0
  return {
    nominations: one(await firstRow(db.select({ n: count() }).from(nomination).where(eq(nomination.contestId, contestId)))),
    criteria: one(await firstRow(db.select({ n: count() }).from(criterion).where(eq(criterion.contestId, contestId)))),
    jurors: one(
      await firstRow(
        db
          .select({ n: countDistinct(juryAssignment.jurorId) })
          .from(juryAssignment)
          .innerJoin(stage, eq(stage.id, juryAssignment.stageId))
          .where(eq(stage.contestId, contestId)),
      ),
    ),
    entries: one(
      await firstRow(
        db
          .select({ n: count() })
          .from(entry)
          .where(and(eq(entry.contestId, contestId), ne(entry.status, 'draft'))),
      ),
    ),
  }
}
