import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { user } from './accounts'
import { createdAt, instant } from './columns'

/** Who did what, when, and the value before and after: scores, results, roles, contest settings. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    at: createdAt(),
    actorId: text('actor_id').references(() => user.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    contestId: integer('contest_id'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
  },
  (t) => [index('audit_contest_idx').on(t.contestId, t.at), index('audit_entity_idx').on(t.entityType, t.entityId)],
)

/**
 * Requests counted against a rate limit, per limiter and client, shared by every app instance
 * (app/utils/rate-limit-store.server.ts): the count and when the window ends.
 */
export const rateLimit = pgTable('rate_limit', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  resetAt: instant('reset_at').notNull(),
})
