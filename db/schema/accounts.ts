import { relations } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant } from './columns'
import { ROLES, VERIFICATION_PURPOSES } from './enums'
import { centre, district, organisation } from './places'

export const user = sqliteTable(
  'user',
  {
    id: text('id').primaryKey(),
    /** Lower-cased. Null for a resident entered by an operator from a paper application without e-mail. */
    email: text('email').unique(),
    emailVerifiedAt: instant('email_verified_at'),
    fullName: text('full_name').notNull(),
    phone: text('phone'),
    /** Null for accounts created by an operator: the resident has not set a password yet. */
    passwordHash: text('password_hash'),
    /** The district an operator's ЦРН serves. */
    districtId: integer('district_id').references(() => district.id),
    /** The ЦРН an operator works at: their paper applications record it (set with the operator's roles). */
    centreId: integer('centre_id').references(() => centre.id),
    /** A juror's or resident's own organisation: used to exclude conflicted entries. */
    organisationId: integer('organisation_id').references(() => organisation.id),
    /** The privacy policy's version the person agreed to at registration, and when (docs/decisions/023-…). */
    consentVersion: text('consent_version'),
    consentAt: instant('consent_at'),
    /** When the person deleted the account: the row stays, anonymised, for what must stay (published results, diplomas). */
    deletedAt: instant('deleted_at'),
    createdAt: createdAt(),
  },
  (t) => [index('user_phone_idx').on(t.phone), index('user_organisation_idx').on(t.organisationId)],
)

export const userRole = sqliteTable(
  'user_role',
  {
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    grantedById: text('granted_by_id').references(() => user.id),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

/** Lucia's session table: expires_at is in seconds, as its adapter expects. */
export const session = sqliteTable(
  'session',
  {
    /** The SHA-256 (hex) of the session's id: the id is the cookie's secret and is never stored (app/utils/auth.server.ts). */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    /** When the person signed in; null for sessions started before it was recorded. */
    createdAt: instant('created_at').$defaultFn(() => new Date()),
    /** The browser's User-Agent when the session started (cut to USER_AGENT_MAX), shown in the list of sessions. */
    userAgent: text('user_agent'),
  },
  (t) => [index('session_user_idx').on(t.userId)],
)

/**
 * One-time tokens: e-mail verification and password setting. The link carries the row's id and a
 * secret; only the secret's hash is stored, and so is the 6-digit code's (app/utils/secret-token.server.ts).
 */
export const verification = sqliteTable(
  'verification',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: VERIFICATION_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The address an 'email' token confirms: the account's own, or the new one it changes to once confirmed. */
    email: text('email'),
    /** The hash of the code typed instead of following the link ('email' tokens). */
    codeHash: text('code_hash'),
    /** Wrong codes typed so far: the code stops working after CODE_ATTEMPTS. */
    attempts: integer('attempts').notNull().default(0),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('verification_user_idx').on(t.userId)],
)

export const userRelations = relations(user, ({ many, one }) => ({
  roles: many(userRole),
  district: one(district, { fields: [user.districtId], references: [district.id] }),
  organisation: one(organisation, { fields: [user.organisationId], references: [organisation.id] }),
}))

export const userRoleRelations = relations(userRole, ({ one }) => ({
  user: one(user, { fields: [userRole.userId], references: [user.id] }),
}))
