import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { user } from './accounts'
import { createdAt, instant } from './columns'

/** Who did what, when, and the value before and after: scores, results, roles, contest settings. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorId: text('actor_id').references(() => user.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    contestId: integer('contest_id'),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    after: text('after', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [index('audit_contest_idx').on(t.contestId, t.at), index('audit_entity_idx').on(t.entityType, t.entityId)],
)

/**
 * Requests counted against a rate limit, per limiter and client, shared by every app instance
 * (app/utils/rate-limit-store.server.ts): the count and when the window ends.
 */
export const rateLimit = sqliteTable('rate_limit', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: instant('reset_at').notNull(),
})
