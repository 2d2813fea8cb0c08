import { relations } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { user } from './accounts'
import { createdAt, flag, instant } from './columns'
import { CONTEST_STATUSES, FORM_FIELD_KINDS, type StatisticsWords, ORGANISATION_KINDS, type OrganisationKind, RESULT_METHODS, RESULT_SETTING_DEFAULTS, STAGE_KINDS, STAGE_STATUSES, TIE_RULES } from './enums'

export const contest = sqliteTable('contest', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  shortName: text('short_name').notNull(),
  year: integer('year').notNull(),
  /** What an entry is, in one line: «скворечник», «двор» … shown on the contest page. */
  summary: text('summary').notNull().default(''),
  /** Markdown; sanitised when rendered. */
  rules: text('rules').notNull().default(''),
  coverPhotoId: text('cover_photo_id'),
  status: text('status', { enum: CONTEST_STATUSES }).notNull().default('draft'),
  opensAt: instant('opens_at'),
  closesAt: instant('closes_at'),
  /** Prefix of entry numbers, e.g. «ТТР» for «ТТР-0412». */
  numberPrefix: text('number_prefix').notNull(),
  maxEntriesPerUser: integer('max_entries_per_user').notNull().default(3),
  minPhotos: integer('min_photos').notNull().default(1),
  maxPhotos: integer('max_photos').notNull().default(10),
  teamsAllowed: flag('teams_allowed').notNull().default(true),
  maxAuthors: integer('max_authors').notNull().default(10),
  /** JSON array of {name, minAge, maxAge}. */
  ageCategories: text('age_categories', { mode: 'json' }).$type<AgeCategory[]>().notNull().default([]),
  consentText: text('consent_text').notNull().default(''),
  authorsPublic: flag('authors_public').notNull().default(false),
  galleryOpenDuringContest: flag('gallery_open_during_contest').notNull().default(true),
  /** Whether an entry needs its district and its address, whatever the stages (a district stage needs the district anyway). */
  requireDistrict: flag('require_district').notNull().default(false),
  requireAddress: flag('require_address').notNull().default(false),
  /**
   * Whether the contest's entrants are committees and organisations, not people («Лучший комитет ТОС»):
   * each entry names its organisation, which is shown as the entrant and gets the diploma (contests/entrant.ts).
   */
  organisationEntrant: flag('organisation_entrant').notNull().default(false),
  /** The kinds of organisations an entry may be submitted from (its «От организации» list). */
  organisationKinds: text('organisation_kinds', { mode: 'json' }).$type<OrganisationKind[]>().notNull().default([...ORGANISATION_KINDS]),
  /** How the statistics speak of the contest's entries; null: as applications (заявки). */
  statisticsWords: text('statistics_words', { mode: 'json' }).$type<StatisticsWords | null>(),
  minScoresPerEntry: integer('min_scores_per_entry').notNull().default(RESULT_SETTING_DEFAULTS.minScoresPerEntry),
  /** Spread of jurors' totals (max − min) above which an entry is flagged. */
  disagreementThreshold: real('disagreement_threshold').notNull().default(RESULT_SETTING_DEFAULTS.disagreementThreshold),
  resultMethod: text('result_method', { enum: RESULT_METHODS }).notNull().default(RESULT_SETTING_DEFAULTS.resultMethod),
  tieRule: text('tie_rule', { enum: TIE_RULES }).notNull().default(RESULT_SETTING_DEFAULTS.tieRule),
  placesPerNomination: integer('places_per_nomination').notNull().default(RESULT_SETTING_DEFAULTS.placesPerNomination),
  laureatesPerNomination: integer('laureates_per_nomination').notNull().default(RESULT_SETTING_DEFAULTS.laureatesPerNomination),
  fullRankingPublic: flag('full_ranking_public').notNull().default(false),
  votingEnabled: flag('voting_enabled').notNull().default(false),
  votingOpensAt: instant('voting_opens_at'),
  votingClosesAt: instant('voting_closes_at'),
  /** The nominations residents vote in (docs/decisions/037). */
  votingNominationIds: text('voting_nomination_ids', { mode: 'json' }).$type<number[]>().notNull().default([]),
  /** Votes one voter may give in one nomination. */
  votesPerVoter: integer('votes_per_voter').notNull().default(1),
  /** Whether the public sees the counts while voting runs (otherwise only once it has closed). */
  votingCountsLive: flag('voting_counts_live').notNull().default(false),
  votingPrizeName: text('voting_prize_name').notNull().default('Приз зрительских симпатий'),
  createdById: text('created_by_id').references(() => user.id),
  createdAt: createdAt(),
  updatedAt: instant('updated_at'),
})

export type AgeCategory = { name: string; minAge: number; maxAge: number | null }
export type { StatisticsWords }

export const nomination = sqliteTable(
  'nomination',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    /** Chosen by a jury decision without scores. */
    isSpecialPrize: flag('is_special_prize').notNull().default(false),
    /** Entries given a place in this nomination (in each age category); null: the contest's placesPerNomination. */
    winnersCount: integer('winners_count'),
  },
  (t) => [index('nomination_contest_idx').on(t.contestId)],
)

/** A criterion of the whole contest, or (nominationId set) an override for one nomination. */
export const criterion = sqliteTable(
  'criterion',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    nominationId: integer('nomination_id').references(() => nomination.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    maxPoints: integer('max_points').notNull(),
    weight: real('weight').notNull().default(1),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('criterion_contest_idx').on(t.contestId), index('criterion_nomination_idx').on(t.nominationId)],
)

export const stage = sqliteTable(
  'stage',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: STAGE_KINDS }).notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    /** For a district stage: entries per nomination and district that advance to the city stage. */
    advanceCount: integer('advance_count'),
    status: text('status', { enum: STAGE_STATUSES }).notNull().default('pending'),
    judgingOpensAt: instant('judging_opens_at'),
    judgingClosesAt: instant('judging_closes_at'),
  },
  (t) => [index('stage_contest_idx').on(t.contestId)],
)

/** A field the contest adds to its application form, e.g. «количество снежных фигур». */
export const formField = sqliteTable(
  'form_field',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id')
      .notNull()
      .references(() => contest.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    kind: text('kind', { enum: FORM_FIELD_KINDS }).notNull(),
    options: text('options', { mode: 'json' }).$type<string[]>().notNull().default([]),
    required: flag('required').notNull().default(false),
    isPublic: flag('is_public').notNull().default(true),
    summedInStats: flag('summed_in_stats').notNull().default(false),
    /** Russian plural forms of the counted thing for statistics: [one, few, many], e.g. снежная фигура / снежные фигуры / снежных фигур. */
    unitForms: text('unit_forms', { mode: 'json' }).$type<[string, string, string] | null>(),
    /** The short passive participle the statistics put before the sum, [after 1, 21…; after other numbers]: ['построен', 'построено']. */
    participle: text('participle', { mode: 'json' }).$type<[string, string] | null>(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('form_field_contest_key_idx').on(t.contestId, t.key)],
)

export const contestRelations = relations(contest, ({ many }) => ({
  nominations: many(nomination),
  criteria: many(criterion),
  stages: many(stage),
  formFields: many(formField),
}))
export const nominationRelations = relations(nomination, ({ one, many }) => ({
  contest: one(contest, { fields: [nomination.contestId], references: [contest.id] }),
  criteria: many(criterion),
}))
export const criterionRelations = relations(criterion, ({ one }) => ({
  contest: one(contest, { fields: [criterion.contestId], references: [contest.id] }),
  nomination: one(nomination, { fields: [criterion.nominationId], references: [nomination.id] }),
}))
export const stageRelations = relations(stage, ({ one }) => ({
  contest: one(contest, { fields: [stage.contestId], references: [contest.id] }),
}))
export const formFieldRelations = relations(formField, ({ one }) => ({
  contest: one(contest, { fields: [formField.contestId], references: [contest.id] }),
}))
