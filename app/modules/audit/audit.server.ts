import { and, count, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { getDb, schema, type DB, firstRow } from '../../../db/client.server'
import { formatDateTime } from '../../utils/format'
import { ACTION_LABELS, describeAuditChange, ENTITY_LABELS } from './labels'

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

/** The records of a contest, or (null) those of no contest: accounts and roles, the site's own. */
const ofScope = (contestId: number | null) => (contestId === null ? isNull(schema.auditLog.contestId) : eq(schema.auditLog.contestId, contestId))

/**
 * An audit log, newest first, with the names of who acted: a contest's (for its organisers), or with
 * `contestId` null the records of no contest (for administrators); callers check the permission.
 */
export async function listAudit(contestId: number | null, page = 1, entityType?: string) {
  const db = getDb()
  const { auditLog, user, entry } = schema
  const account = alias(user, 'account')
  const where = and(ofScope(contestId), entityType ? eq(auditLog.entityType, entityType) : undefined)
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
      /** The account, for a record about one (a role granted, an address changed). */
      accountName: account.fullName,
      accountEmail: account.email,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorId))
    .leftJoin(account, and(eq(auditLog.entityType, 'user'), eq(account.id, auditLog.entityId)))
    .leftJoin(entry, and(eq(auditLog.entityType, 'entry'), eq(sql`cast(${entry.id} as text)`, auditLog.entityId)))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE)
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) }
}

/** The kinds of records a log (as listAudit scopes it) holds, for the filter. */
export async function auditEntityTypes(contestId: number | null) {
  const { auditLog } = schema
  return (await getDb().selectDistinct({ entityType: auditLog.entityType }).from(auditLog).where(ofScope(contestId))).map((r) => r.entityType)
}

/**
 * What an audit log's page shows for the request's `?page=` and `?type=`: the records in Russian,
 * an entry named by its number (`entryNumber` turns its sequence into one), who acted, the changes.
 */
export async function auditPageData(request: Request, contestId: number | null, entryNumber: (seq: number) => string) {
  const url = new URL(request.url)
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1))
  const types = await auditEntityTypes(contestId)
  const asked = url.searchParams.get('type') ?? ''
  const type = types.includes(asked) ? asked : ''
  const { rows, total, pages } = await listAudit(contestId, page, type || undefined)
  return {
    page,
    pages,
    total,
    type,
    types: types.map((t) => ({ value: t, label: ENTITY_LABELS[t] ?? t })),
    rows: rows.map((r) => ({
      id: r.id,
      at: formatDateTime(r.at),
      who: r.actorName ? `${r.actorName}${r.actorEmail ? ` (${r.actorEmail})` : ''}` : 'система',
      what: ACTION_LABELS[r.action] ?? r.action,
      entity:
        r.entrySeq !== null
          ? `Заявка ${entryNumber(r.entrySeq)}`
          : r.accountName !== null
            ? `Учётная запись: ${r.accountName}${r.accountEmail ? ` (${r.accountEmail})` : ''}`
            : (ENTITY_LABELS[r.entityType] ?? r.entityType),
      changes: describeAuditChange(r.entityType, r.before, r.after),
    })),
  }
}
