/**
 * THE conflict-of-interest rule: whether a juror may judge an entry, and if not, why. It is written
 * once, as SQL over the `entry` table, and every reader goes through it: the juror's queue and
 * access checks (queue.server.ts), the organiser's conflict view (conflicts.server.ts), the progress
 * dashboard and the extra-juror form, which read the queue.
 */
import { and, eq, inArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'

const { entry, author, conflict, user } = schema

/**
 * The reasons, strongest first: when several apply, the first is the one reported. They are the kinds
 * a conflict row can record, so a recorded row and a reason found live read the same.
 */
export const CONFLICT_REASONS = ['recusal', 'organiser', 'author', 'organisation'] as const satisfies readonly (typeof conflict.kind.enumValues)[number][]
export type ConflictReason = (typeof CONFLICT_REASONS)[number]

/** One Russian label per reason, for the organiser and the juror alike. */
export const CONFLICT_LABELS: Record<ConflictReason, string> = {
  recusal: 'самоотвод',
  organiser: 'отмечен организатором',
  author: 'своя заявка',
  organisation: 'заявка своей организации',
}

/** What a juror reads when an entry is kept away from them. */
export function conflictMessage(reason: ConflictReason) {
  return `Конфликт интересов (${CONFLICT_LABELS[reason]}): эту заявку оценивают другие члены жюри.`
}

/**
 * Each reason as a check on the current `entry` row for the juror `jurorId` (a placeholder in the
 * prepared statements). A reason holds when a conflict row of its kind exists, or when it is found
 * live: the juror owns the entry or is one of its authors linked to an account (author.userId), or
 * the entry was submitted by the juror's organisation (both set and equal).
 * The sets are uncorrelated subqueries, which SQLite builds once per statement, not once per entry;
 * every check is true or false, never NULL, so that NOT of their disjunction keeps an entry in.
 */
/**
 * True when the person owns the current `entry` row or is one of its authors linked to an account: the
 * juror's «своя заявка», and the entries a resident may not vote for (app/modules/voting).
 */
export function authoredBySql(personId: Placeholder | string) {
  const authored = getDb().select({ id: author.entryId }).from(author).where(eq(author.userId, personId))
  return or(eq(entry.ownerId, personId), inArray(entry.id, authored))!
}

function conflictChecks(jurorId: Placeholder): [ConflictReason, SQL][] {
  const db = getDb()
  const recorded = (kind: ConflictReason) =>
    inArray(entry.id, db.select({ id: conflict.entryId }).from(conflict).where(and(eq(conflict.jurorId, jurorId), eq(conflict.kind, kind))))
  const jurorOrganisation = db.select({ id: user.organisationId }).from(user).where(eq(user.id, jurorId))
  const live: Record<ConflictReason, SQL | null> = {
    recusal: null,
    organiser: null,
    author: authoredBySql(jurorId),
    organisation: sql`coalesce(${entry.organisationId} = (${jurorOrganisation}), false)`,
  }
  return CONFLICT_REASONS.map((reason) => [reason, live[reason] ? or(recorded(reason), live[reason])! : recorded(reason)])
}

/** True when the juror must not judge the entry. */
export function conflictedSql(jurorId: Placeholder) {
  return or(...conflictChecks(jurorId).map(([, check]) => check))!
}

/** The reason the juror must not judge the entry (the strongest that applies), or NULL. */
export function conflictReasonSql(jurorId: Placeholder) {
  const cases = conflictChecks(jurorId).map(([reason, check]) => sql`when ${check} then ${reason}`)
  return sql<ConflictReason | null>`case ${sql.join(cases, sql` `)} else null end`
}
