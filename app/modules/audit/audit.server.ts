import { schema, type DB } from '../../../db/client.server'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

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
export function recordAudit(tx: Tx | DB, record: AuditRecord) {
  tx.insert(schema.auditLog)
    .values({
      actorId: record.actorId,
      action: record.action,
      entityType: record.entityType,
      entityId: String(record.entityId),
      contestId: record.contestId ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
    })
    .run()
}

