import { relations } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { user } from './accounts'
import { createdAt, instant } from './columns'
import { contest, nomination, stage } from './contests'
import { author, entry } from './entries'
import { AWARDS, DIPLOMA_KINDS, RESULT_METHODS } from '../schema/enums'

/** An organiser's decision over the computed ranking: a place set by hand, a laureate, a special prize. Always with a reason. */
export const resultDecision = pgTable(
  'result_decision',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    stageId: integer('stage_id')
      .notNull()
      .references(() => stage.id, { onDelete: 'cascade' }),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nomination.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    award: text('award', { enum: AWARDS }),
    /** 1, 2, 3 for I, II, III степени; null when the decision removes a place. */
    place: integer('place'),
    reason: text('reason').notNull(),
    decidedById: text('decided_by_id')
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('result_decision_unique_idx').on(t.stageId, t.entryId)],
)

/** A frozen copy of a stage's results as published: later edits to scores cannot change it. */
export const resultPublication = pgTable(
  'result_publication',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    stageId: integer('stage_id')
      .notNull()
      .references(() => stage.id, { onDelete: 'cascade' }),
    method: text('method', { enum: RESULT_METHODS }).notNull(),
    snapshot: jsonb('snapshot').$type<unknown>().notNull(),
    publishedById: text('published_by_id')
      .notNull()
      .references(() => user.id),
    publishedAt: createdAt(),
    withdrawnAt: instant('withdrawn_at'),
    withdrawnById: text('withdrawn_by_id').references(() => user.id),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [index('result_publication_contest_idx').on(t.contestId)],
)

export const diploma = pgTable(
  'diploma',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Public, printed on the diploma and in its QR code. */
    number: text('number').notNull().unique(),
    publicationId: integer('publication_id')
      .notNull()
      .references(() => resultPublication.id),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => author.id),
    recipientName: text('recipient_name').notNull(),
    kind: text('kind', { enum: DIPLOMA_KINDS }).notNull(),
    place: integer('place'),
    nominationName: text('nomination_name').notNull(),
    issuedAt: createdAt(),
  },
  (t) => [index('diploma_entry_idx').on(t.entryId), index('diploma_contest_idx').on(t.contestId)],
)

export const resultPublicationRelations = relations(resultPublication, ({ one, many }) => ({
  contest: one(contest, { fields: [resultPublication.contestId], references: [contest.id] }),
  stage: one(stage, { fields: [resultPublication.stageId], references: [stage.id] }),
  diplomas: many(diploma),
}))
export const diplomaRelations = relations(diploma, ({ one }) => ({
  publication: one(resultPublication, { fields: [diploma.publicationId], references: [resultPublication.id] }),
  entry: one(entry, { fields: [diploma.entryId], references: [entry.id] }),
  author: one(author, { fields: [diploma.authorId], references: [author.id] }),
}))
