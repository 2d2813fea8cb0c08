import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, or } from 'drizzle-orm'
import { getDb, schema, firstRow, transaction, type DB } from '../../../db/client.server'
import { containsText, isUniqueViolation } from '../../../db/dialect.server'
import type { Role } from '../../../db/schema'
import { hashPassword, verifyPassword, type CurrentUser } from '../../utils/auth.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { kickDelivery } from '../mail/outbox.server'
import { refuseDisposableEmail } from './disposable.server'
import { sendConfirmation } from './email.server'
import { EMAIL_TAKEN } from './validation'

const { user, userRole } = schema

export async function findUserByEmail(email: string) {
  return (await firstRow(getDb().select().from(user).where(eq(user.email, email.toLowerCase())))) ?? null
}

type NewUser = {
  fullName: string
  email: string | null
  phone?: string | null
  roles?: Role[]
  /** The privacy policy's version the person agreed to, and when (a resident's own registration). */
  consent?: { version: string; at: Date }
}

/** Inserts the account and its roles in the caller's transaction; refuses an address another account has. */
async function insertUser(tx: DB, input: NewUser, passwordHash: string | null) {
  const id = randomUUID()
  const email = input.email?.toLowerCase() ?? null
  if (email) refuseDisposableEmail(email)
  if (email && (await firstRow(tx.select({ id: user.id }).from(user).where(eq(user.email, email))))) throw new Refusal('invalid', EMAIL_TAKEN, 'email')
  try {
    await tx.insert(user).values({
      id,
      fullName: input.fullName,
      email,
      phone: input.phone ?? null,
      passwordHash,
      consentVersion: input.consent?.version ?? null,
      consentAt: input.consent?.at ?? null,
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new Refusal('invalid', EMAIL_TAKEN, 'email')
    throw error
  }
  for (const role of input.roles ?? ['resident']) await tx.insert(userRole).values({ userId: id, role })
  return id
}

export async function createUser(input: NewUser & { password?: string | null }) {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return transaction(getDb(), (tx) => insertUser(tx, input, passwordHash))
}

/**
 * A resident's own registration: the account with the consent to the privacy policy's version
 * (`policyVersion`) and its time, and the letter with the link and the code that confirm the address,
 * together. The account works at once; what needs a confirmed address asks isVerified.
 */
export async function registerResident(
  input: { fullName: string; email: string; phone?: string | null; password: string },
  baseUrl: string,
  policyVersion: string,
  now = new Date(),
) {
  const passwordHash = await hashPassword(input.password)
  const id = await transaction(getDb(), async (tx) => {
    const id = await insertUser(tx, { ...input, roles: ['resident'], consent: { version: policyVersion, at: now } }, passwordHash)
    await sendConfirmation(tx, { id, fullName: input.fullName, email: input.email }, input.email, baseUrl, now)
    return id
  })
  kickDelivery()
  return id
}

/**
 * Whether the person has confirmed their e-mail address (by the link or the code of a letter, by
 * setting a password through a reset letter, or by accepting a jury invitation). The one check every
 * feature for confirmed addresses only (people's choice voting) asks; the cabinet's reminder asks it too.
 */
export function isVerified(person: Pick<CurrentUser, 'email' | 'emailVerifiedAt'>) {
  return Boolean(person.email && person.emailVerifiedAt)
}

/** The user id for a correct e-mail and password; null otherwise (the caller says the same thing in both cases). */
export async function authenticate(email: string, password: string) {
  const found = await findUserByEmail(email)
  const ok = await verifyPassword(found?.passwordHash, password)
  return ok && found ? found.id : null
}

export async function listUsers(query: string) {
  const q = query.trim()
  const db = getDb()
  const rows = await db.query.user.findMany({
    where: q ? or(containsText(user.email, q.toLowerCase()), containsText(user.fullName, q)) : undefined,
    with: { roles: true },
    orderBy: [asc(user.fullName)],
    limit: 100,
  })
  return rows.map((r) => ({ id: r.id, fullName: r.fullName, email: r.email, phone: r.phone, centreId: r.centreId, roles: r.roles.map((x) => x.role) }))
}

/** Grants or takes away a role; an administrator cannot take their own, so that one always remains. */
export async function setRole(actorId: string, userId: string, role: Role, granted: boolean) {
  if (userId === actorId && role === 'admin' && !granted) throw new Refusal('invalid', 'Нельзя снять роль администратора с самого себя')
  const db = getDb()
  await transaction(db, async (tx) => {
    const target = await firstRow(tx.select({ id: user.id }).from(user).where(eq(user.id, userId)))
    if (!target) throw new Refusal('not_found', 'Учётная запись не найдена')
    const has = !!(await firstRow(
      tx
        .select()
        .from(userRole)
        .where(and(eq(userRole.userId, userId), eq(userRole.role, role))),
    ))
    if (has === granted) return
    if (granted) await tx.insert(userRole).values({ userId, role, grantedById: actorId })
    else await tx.delete(userRole).where(and(eq(userRole.userId, userId), eq(userRole.role, role)))
    await recordAudit(tx, {
      actorId,
      action: granted ? 'role.grant' : 'role.revoke',
      entityType: 'user',
      entityId: userId,
      before: { role, granted: has },
      after: { role, granted },
    })
  })
}

/**
 * The ЦРН an operator works at (null: none): their paper applications record it from then on, and the
 * entry form offers its district first.
 */
export async function setOperatorCentre(actorId: string, userId: string, centreId: number | null) {
  await transaction(getDb(), async (tx) => {
    const target = await firstRow(tx.select({ id: user.id, centreId: user.centreId }).from(user).where(eq(user.id, userId)))
    if (!target) throw new Refusal('not_found', 'Учётная запись не найдена')
    const isOperator = await firstRow(tx.select().from(userRole).where(and(eq(userRole.userId, userId), eq(userRole.role, 'operator'))))
    if (!isOperator && centreId !== null) throw new Refusal('invalid', 'ЦРН назначают оператору: сначала выдайте роль «Оператор ЦРН».')
    const found = centreId === null ? null : await firstRow(tx.select().from(schema.centre).where(eq(schema.centre.id, centreId)))
    if (centreId !== null && !found) throw new Refusal('not_found', 'Такого ЦРН в справочнике нет.')
    if (target.centreId === centreId) return
    await tx.update(user).set(found ? { centreId, districtId: found.districtId } : { centreId: null }).where(eq(user.id, userId))
    await recordAudit(tx, { actorId, action: 'account.centre', entityType: 'user', entityId: userId, before: { centreId: target.centreId }, after: { centreId } })
  })
}

/** The operators, each with their ЦРН (the directory's ЦРН page assigns them). */
export async function listOperators() {
  return getDb()
    .select({ id: user.id, fullName: user.fullName, email: user.email, centreId: user.centreId })
    .from(user)
    .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'operator')))
    .where(isNull(user.deletedAt))
    .orderBy(asc(user.fullName))
}
