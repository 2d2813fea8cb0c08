import { and, count, desc, eq, sql } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow } from '../../../db/client.server'

export type AuditRecord = {
  actorId: string | null
  action: string
  entityType: string
  entityId: string | number
  contestId?: number | null
  before?: unknown
  after?: unknown
}

/** Written inside the caller's transaction, so a change and its audit record land together or not at all. */
export async function recordAudit(tx: DB, record: AuditRecord) {
  await tx.insert(schema.auditLog).values({
    actorId: record.actorId,
    action: record.action,
    entityType: record.entityType,
    entityId: String(record.entityId),
    contestId: record.contestId ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  })
}

/**
 * The fields of `after` whose values differ from `before`, as the two halves of an audit record.
 * Values are compared as JSON, so equal dates and arrays count as unchanged.
 */
export function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const was: Record<string, unknown> = {}
  const now: Record<string, unknown> = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue
    was[key] = before[key] ?? null
    now[key] = after[key] ?? null
  }
  return { before: was, after: now, changed: Object.keys(now).length > 0 }
}

const AUDIT_PAGE_SIZE = 50

/** A contest's audit log, newest first, with the names of who acted; for organisers only (callers check the role). */
export async function listContestAudit(contestId: number, page = 1, entityType?: string) {
  const db = getDb()
  const { auditLog, user, entry } = schema
  const where = and(eq(auditLog.contestId, contestId), entityType ? eq(auditLog.entityType, entityType) : undefined)
  const total = (await firstRow(db.select({ n: count() }).from(auditLog).where(where)))?.n ?? 0
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      actorName: user.fullName,
      actorEmail: user.email,
      /** The entry's sequence, for a record about an entry: people know it by its number. */
      entrySeq: entry.seq,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .leftJoin(entry, and(eq(auditLog.entityType, 'entry'), eq(sql`cast(${entry.id} as text)`, auditLog.entityId)))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE)
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) }
}

/** The kinds of records a contest's log holds, for the filter. */
export async function contestAuditEntityTypes(contestId: number) {
  const { auditLog } = schema
  return (await getDb().selectDistinct({ entityType: auditLog.entityType }).from(auditLog).where(eq(auditLog.contestId, contestId))).map((r) => r.entityType)
}
