import { relations } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { user } from './accounts'
import { createdAt, flag, instant } from './columns'
import { ENTRY_STATUSES, PHOTO_STATUSES } from './enums'
import { contest, formField, nomination, stage } from './contests'
import { centre, district, organisation } from './places'

export const entry = sqliteTable(
  'entry',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    nominationId: integer('nomination_id').references(() => nomination.id),
    /** Sequence within the contest; the public number is the contest prefix + this, e.g. «ТТР-0412». Set on first submission. */
    seq: integer('seq'),
    ownerId: text('owner_id')
      .notNull()
      .references(() => user.id),
    /** The ЦРН operator who entered a paper application. */
    enteredById: text('entered_by_id').references(() => user.id),
    /** The ЦРН that took a paper application: its operator's at the time. */
    centreId: integer('centre_id').references(() => centre.id),
    paperConsentReceived: flag('paper_consent_received').notNull().default(false),
    title: text('title').notNull().default(''),
    description: text('description').notNull().default(''),
    districtId: integer('district_id').references(() => district.id),
    address: text('address').notNull().default(''),
    organisationId: integer('organisation_id').references(() => organisation.id),
    status: text('status', { enum: ENTRY_STATUSES }).notNull().default('draft'),
    rejectionReason: text('rejection_reason'),
    moderatedById: text('moderated_by_id').references(() => user.id),
    moderatedAt: instant('moderated_at'),
    consentAt: instant('consent_at'),
    submittedAt: instant('submitted_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
    /**
     * The key of the form page that created the entry (a new one per rendering): a second post of the
     * same form (a double click, a resent form) finds this entry instead of making another.
     */
    submissionKey: text('submission_key'),
  },
  (t) => [
    index('entry_contest_status_idx').on(t.contestId, t.status),
    index('entry_owner_idx').on(t.ownerId),
    uniqueIndex('entry_owner_submission_key_idx').on(t.ownerId, t.submissionKey),
    index('entry_nomination_idx').on(t.nominationId),
    index('entry_centre_idx').on(t.centreId),
    uniqueIndex('entry_contest_seq_idx').on(t.contestId, t.seq),
  ],
)

export const author = sqliteTable(
  'author',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => user.id),
    /** The author's address (a child's: a parent's), lower case: the account with it, once confirmed, is linked as userId. */
    email: text('email'),
    fullName: text('full_name').notNull(),
    age: integer('age'),
    /** Required when the author is under 18. */
    parentConsent: flag('parent_consent').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('author_entry_idx').on(t.entryId), index('author_user_idx').on(t.userId), index('author_email_idx').on(t.email)],
)

export const entryFieldValue = sqliteTable(
  'entry_field_value',
  {
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    fieldId: integer('field_id')
      .notNull()
      .references(() => formField.id, { onDelete: 'cascade' }),
    value: text('value').notNull(),
    /** Set for number fields so statistics can sum in SQL. */
    numberValue: real('number_value'),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.fieldId] }), index('entry_field_value_field_idx').on(t.fieldId)],
)

export type PhotoVariant = { size: 'thumb' | 'gallery' | 'full'; width: number; height: number; key: string; bytes: number }

/** A stored photo: only re-encoded, metadata-free variants are kept; the upload itself only until they are made. */
export const photo = sqliteTable(
  'photo',
  {
    id: text('id').primaryKey(),
    entryId: integer('entry_id').references(() => entry.id, { onDelete: 'cascade' }),
    ownerId: text('owner_id')
      .notNull()
      .references(() => user.id),
    position: integer('position').notNull().default(0),
    sha256: text('sha256').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    variants: text('variants', { mode: 'json' }).$type<PhotoVariant[]>().notNull(),
    originalName: text('original_name').notNull().default(''),
    createdAt: createdAt(),
    /** Whether the variants exist yet (docs/decisions/020-…); photos stored before the queue are 'ready'. */
    status: text('status', { enum: PHOTO_STATUSES }).notNull().default('ready'),
    /** Why the photo could not be processed, in the words the resident reads; null unless 'failed'. */
    failure: text('failure'),
    /** The upload as received, in storage under a key of its own and never served, until its job is done. */
    originalKey: text('original_key'),
  },
  (t) => [index('photo_entry_idx').on(t.entryId, t.position), index('photo_sha_idx').on(t.sha256)],
)

/** Which entries take part in which stage: all accepted entries in the first stage, the advancing ones in the city stage. */
export const stageEntry = sqliteTable(
  'stage_entry',
  {
    stageId: integer('stage_id')
      .notNull()
      .references(() => stage.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => entry.id, { onDelete: 'cascade' }),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.entryId] }), index('stage_entry_entry_idx').on(t.entryId)],
)

export const entryRelations = relations(entry, ({ one, many }) => ({
  contest: one(contest, { fields: [entry.contestId], references: [contest.id] }),
  nomination: one(nomination, { fields: [entry.nominationId], references: [nomination.id] }),
  owner: one(user, { fields: [entry.ownerId], references: [user.id] }),
  district: one(district, { fields: [entry.districtId], references: [district.id] }),
  organisation: one(organisation, { fields: [entry.organisationId], references: [organisation.id] }),
  authors: many(author),
  photos: many(photo),
  fieldValues: many(entryFieldValue),
}))
export const authorRelations = relations(author, ({ one }) => ({
  entry: one(entry, { fields: [author.entryId], references: [entry.id] }),
}))
export const photoRelations = relations(photo, ({ one }) => ({
  entry: one(entry, { fields: [photo.entryId], references: [entry.id] }),
}))
export const entryFieldValueRelations = relations(entryFieldValue, ({ one }) => ({
  entry: one(entry, { fields: [entryFieldValue.entryId], references: [entry.id] }),
  field: one(formField, { fields: [entryFieldValue.fieldId], references: [formField.id] }),
}))
