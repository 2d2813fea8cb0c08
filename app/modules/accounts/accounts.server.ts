import { randomUUID } from 'node:crypto'
import { and, asc, eq, or } from 'drizzle-orm'
import { getDb, schema, firstRow, transaction } from '../../../db/client.server'
import { containsText, isUniqueViolation } from '../../../db/dialect.server'
import type { Role } from '../../../db/schema'
import { hashPassword, verifyPassword } from '../../utils/auth.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'

const { user, userRole } = schema

export async function findUserByEmail(email: string) {
  return (await firstRow(getDb().select().from(user).where(eq(user.email, email.toLowerCase())))) ?? null
}

export async function createUser(input: { fullName: string; email: string | null; phone?: string | null; password?: string | null; roles?: Role[] }) {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  const db = getDb()
  const id = randomUUID()
  try {
    await transaction(db, async (tx) => {
      await tx.insert(user).values({ id, fullName: input.fullName, email: input.email?.toLowerCase() ?? null, phone: input.phone ?? null, passwordHash })
      for (const role of input.roles ?? ['resident']) await tx.insert(userRole).values({ userId: id, role })
    })
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('invalid', 'Этот адрес уже зарегистрирован. Войдите или восстановите пароль.', 'email')
    throw error
  }
  return id
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
  return rows.map((r) => ({ id: r.id, fullName: r.fullName, email: r.email, phone: r.phone, roles: r.roles.map((x) => x.role) }))
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
