import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { user } from './accounts'
import { createdAt } from './columns'
import { contest, nomination } from './contests'
import { entry } from './entries'

/** People's choice: one vote per voter per nomination. */
export const vote = pgTable(
  'vote',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nomination.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    voterId: text('voter_id')
      .notNull()
      .references(() => user.id),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('vote_voter_nomination_idx').on(t.voterId, t.nominationId), index('vote_entry_idx').on(t.entryId)],
)
