import { relations } from 'drizzle-orm'
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { ORGANISATION_KINDS, PLACE_KINDS } from '../schema/enums'

/** City districts (районы) and residential areas (жилые районы, ж.р.) inside them. */
export const district = pgTable(
  'district',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: PLACE_KINDS }).notNull(),
    parentId: integer('parent_id'),
  },
  (t) => [index('district_parent_idx').on(t.parentId)],
)

export const organisation = pgTable(
  'organisation',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    districtId: integer('district_id').references(() => district.id),
  },
  (t) => [index('organisation_district_idx').on(t.districtId)],
)

export const districtRelations = relations(district, ({ one, many }) => ({
  parent: one(district, { fields: [district.parentId], references: [district.id], relationName: 'parent' }),
  areas: many(district, { relationName: 'parent' }),
}))

export const organisationRelations = relations(organisation, ({ one }) => ({
  district: one(district, { fields: [organisation.districtId], references: [district.id] }),
}))
