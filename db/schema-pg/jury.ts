import { relations } from 'drizzle-orm'
import { doublePrecision, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { user } from './accounts'
import { createdAt, instant } from './columns'
import { contest, criterion, nomination, stage } from './contests'
import { entry } from './entries'
import { CONFLICT_KINDS } from '../schema/enums'
import { district } from './places'

export const juryInvitation = pgTable(
  'jury_invitation',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    fullName: text('full_name').notNull().default(''),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    acceptedById: text('accepted_by_id').references(() => user.id),
    invitedById: text('invited_by_id')
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [index('jury_invitation_contest_idx').on(t.contestId)],
)

/** A juror judges a stage for a nomination (and, on a district stage, a district). */
export const juryAssignment = pgTable(
  'jury_assignment',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    stageId: integer('stage_id')
      .notNull()
      .references(() => stage.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => user.id),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nomination.id, { onDelete: 'cascade' }),
    districtId: integer('district_id').references(() => district.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('jury_assignment_unique_idx').on(t.stageId, t.jurorId, t.nominationId, t.districtId),
    index('jury_assignment_juror_idx').on(t.jurorId),
  ],
)

/** An extra juror the organiser asks to score one entry (too few scores, strong disagreement). */
export const extraAssignment = pgTable(
  'extra_assignment',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    stageId: integer('stage_id')
      .notNull()
      .references(() => stage.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => user.id),
    createdById: text('created_by_id').references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('extra_assignment_unique_idx').on(t.stageId, t.entryId, t.jurorId)],
)

/** A juror kept away from an entry: recusal (самоотвод), marked by the organiser, or found automatically. */
export const conflict = pgTable(
  'conflict',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => user.id),
    kind: text('kind', { enum: CONFLICT_KINDS }).notNull(),
    reason: text('reason').notNull().default(''),
    createdById: text('created_by_id').references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('conflict_entry_juror_idx').on(t.entryId, t.jurorId), index('conflict_juror_idx').on(t.jurorId)],
)

/** One juror's evaluation of one entry in one stage; the marks per criterion are in `score`. */
export const evaluation = pgTable(
  'evaluation',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    stageId: integer('stage_id')
      .notNull()
      .references(() => stage.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => user.id),
    comment: text('comment').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    uniqueIndex('evaluation_unique_idx').on(t.stageId, t.entryId, t.jurorId),
    index('evaluation_juror_idx').on(t.jurorId),
    index('evaluation_entry_idx').on(t.entryId),
  ],
)

export const score = pgTable(
  'score',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    evaluationId: integer('evaluation_id')
      .notNull()
      .references(() => evaluation.id, { onDelete: 'cascade' }),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => criterion.id),
    points: doublePrecision('points').notNull(),
  },
  (t) => [
    uniqueIndex('score_unique_idx').on(t.evaluationId, t.criterionId),
    index('score_criterion_idx').on(t.criterionId),
  ],
)

/** A juror's proposal for a special-prize nomination, decided by the jury without scores. */
export const specialPrizeProposal = pgTable(
  'special_prize_proposal',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nomination.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => user.id),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('special_prize_proposal_unique_idx').on(t.nominationId, t.entryId, t.jurorId)],
)


export const evaluationRelations = relations(evaluation, ({ one, many }) => ({
  stage: one(stage, { fields: [evaluation.stageId], references: [stage.id] }),
  entry: one(entry, { fields: [evaluation.entryId], references: [entry.id] }),
  juror: one(user, { fields: [evaluation.jurorId], references: [user.id] }),
  scores: many(score),
}))
export const scoreRelations = relations(score, ({ one }) => ({
  evaluation: one(evaluation, { fields: [score.evaluationId], references: [evaluation.id] }),
  criterion: one(criterion, { fields: [score.criterionId], references: [criterion.id] }),
}))
export const juryAssignmentRelations = relations(juryAssignment, ({ one }) => ({
  stage: one(stage, { fields: [juryAssignment.stageId], references: [stage.id] }),
  juror: one(user, { fields: [juryAssignment.jurorId], references: [user.id] }),
  nomination: one(nomination, { fields: [juryAssignment.nominationId], references: [nomination.id] }),
}))
