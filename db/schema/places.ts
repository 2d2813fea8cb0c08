import { relations } from 'drizzle-orm'
import { index, integer, sqliteTable, text, type SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { ORGANISATION_KINDS, PLACE_KINDS, TOS_LEVELS } from './enums'
// A cycle (accounts.ts names organisations too), harmless: the reference is read lazily.
import { user } from './accounts'

/** City districts (районы) and residential areas (жилые районы, ж.р.) inside them. */
export const district = sqliteTable(
  'district',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: PLACE_KINDS }).notNull(),
    parentId: integer('parent_id'),
  },
  (t) => [index('district_parent_idx').on(t.parentId)],
)

export const organisation = sqliteTable(
  'organisation',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Not unique: the city's registers repeat names in other districts and under other committees. */
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    districtId: integer('district_id').references(() => district.id),
    /** A ТОС committee's level; null for other kinds. */
    tosLevel: text('tos_level', { enum: TOS_LEVELS }),
    /** A street committee's district-level committee, a house committee's street one (TOS_PARENT_LEVEL). */
    parentId: integer('parent_id'),
    address: text('address').notNull().default(''),
    /**
     * The account of the organisation's chairperson, named on the directory's page: they may submit entries on its
     * behalf, and see its entries and diplomas in their cabinet (contests/entrant.ts). Not in the register's files.
     */
    chairpersonId: text('chairperson_id').references((): SQLiteColumn => user.id),
  },
  (t) => [
    index('organisation_district_idx').on(t.districtId),
    index('organisation_name_idx').on(t.name),
    index('organisation_parent_idx').on(t.parentId),
    index('organisation_chairperson_idx').on(t.chairpersonId),
  ],
)

/** The ЦРН (центры по работе с населением): the city's 46 offices whose operators enter paper applications. */
export const centre = sqliteTable(
  'centre',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    districtId: integer('district_id')
      .notNull()
      .references(() => district.id),
    address: text('address').notNull().default(''),
  },
  (t) => [index('centre_district_idx').on(t.districtId)],
)

export const districtRelations = relations(district, ({ one, many }) => ({
  parent: one(district, { fields: [district.parentId], references: [district.id], relationName: 'parent' }),
  areas: many(district, { relationName: 'parent' }),
}))

export const organisationRelations = relations(organisation, ({ one }) => ({
  district: one(district, { fields: [organisation.districtId], references: [district.id] }),
}))

export const centreRelations = relations(centre, ({ one }) => ({
  district: one(district, { fields: [centre.districtId], references: [district.id] }),
}))
