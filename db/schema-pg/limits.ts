import { index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { instant } from './columns'

/**
 * Counters of the rate limits that need what a form says (the address a reset letter goes to) or must
 * hold across instances: one row per key and window (app/utils/rate-limit.server.ts).
 */
export const rateLimit = pgTable(
  'rate_limit',
  {
    /** What is counted, e.g. «password-reset:» and the hash of an address: no address itself is kept. */
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    /** When the window ends and the count starts again. */
    resetAt: instant('reset_at').notNull(),
  },
  (t) => [index('rate_limit_reset_idx').on(t.resetAt)],
)
