import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { user } from './accounts'
import { createdAt, flag, instant } from './columns'
import { contest, nomination } from './contests'
import { entry } from './entries'

/**
 * People's choice: a voter's vote for an entry. A voter gives at most the contest's votesPerVoter in
 * one nomination (app/modules/voting/voting.server.ts counts them), never two for one entry.
 */
export const vote = sqliteTable(
  'vote',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    /** Whether the vote came with a solved proof of work (false: the form without JavaScript, docs/decisions/037). */
    withProof: flag('with_proof').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('vote_voter_entry_idx').on(t.voterId, t.entryId),
    index('vote_voter_nomination_idx').on(t.voterId, t.nominationId),
    index('vote_entry_idx').on(t.entryId),
    // The people's choice counted for a contest (results, statistics) and its votes read for the clusters: by the index alone.
    index('vote_contest_entry_idx').on(t.contestId, t.entryId, t.voterId),
  ],
)

/** Proofs of work already spent on a vote, kept until their challenge expires: each is accepted once. */
export const spentProof = sqliteTable(
  'spent_proof',
  {
    /** The challenge's signature. */
    key: text('key').primaryKey(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('spent_proof_expires_idx').on(t.expiresAt)],
)
