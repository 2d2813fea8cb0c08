/**
 * A ЦРН operator enters a paper application for a resident: the resident is found by the exact
 * e-mail or phone from the paper (never by name, so an operator cannot browse the residents),
 * or gets an account without a password.
 */
import { and, eq } from 'drizzle-orm'
import { getDb, schema, firstRow } from '../../../db/client.server'
import { Refusal } from '../../utils/refusal'
import { createUser } from '../accounts/accounts.server'

const { user, userRole } = schema

export type ResidentMatch = { id: string; fullName: string; email: string | null; phone: string | null }

export async function findResidents(contact: { email: string } | { phone: string }): Promise<ResidentMatch[]> {
  return await getDb()
    .select({ id: user.id, fullName: user.fullName, email: user.email, phone: user.phone })
    .from(user)
    .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'resident')))
    .where('email' in contact ? eq(user.email, contact.email) : eq(user.phone, contact.phone))
    .limit(10)
}

export async function getResident(id: string): Promise<ResidentMatch | null> {
  return (
    (await firstRow(
      getDb()
        .select({ id: user.id, fullName: user.fullName, email: user.email, phone: user.phone })
        .from(user)
        .innerJoin(userRole, and(eq(userRole.userId, user.id), eq(userRole.role, 'resident')))
        .where(eq(user.id, id)),
    )) ?? null
  )
}

/** A resident account without a password: the resident can set one later through password recovery. */
export async function createResident(input: { fullName: string; email?: string; phone?: string }) {
  if (input.phone && (await firstRow(getDb().select({ id: user.id }).from(user).where(eq(user.phone, input.phone))))) {
    throw new Refusal('invalid', 'Житель с этим телефоном уже зарегистрирован: найдите его по телефону', 'phone')
  }
  try {
    return await createUser({ fullName: input.fullName, email: input.email ?? null, phone: input.phone ?? null, password: null, roles: ['resident'] })
  } catch (error) {
    if (error instanceof Refusal && error.field === 'email') throw new Refusal('invalid', 'Житель с этой почтой уже зарегистрирован: найдите его по почте', 'email')
    throw error
  }
}
