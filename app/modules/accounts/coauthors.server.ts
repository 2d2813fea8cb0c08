/**
 * Authors who are people with accounts (docs/decisions/026-…): an author row names an address, and the
 * account with that address, once the address is confirmed, is linked as the author's `userId` — when the
 * entry is saved, or later when an account confirms that address. A linked author sees the entry (read
 * only), their diplomas and its letters, and the jury's conflict rule counts them (author.userId).
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import { schema, type DB } from '../../../db/client.server'

const { author, user } = schema

/** The accounts with these confirmed addresses: address → account id. */
export async function confirmedAccounts(tx: DB, emails: readonly string[]) {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))]
  if (!wanted.length) return new Map<string, string>()
  const rows = await tx
    .select({ id: user.id, email: user.email })
    .from(user)
    .where(and(inArray(user.email, wanted), isNotNull(user.emailVerifiedAt), isNull(user.deletedAt)))
  return new Map(rows.map((r) => [r.email!, r.id]))
}

/** Links to the account the authors named by its address, now that the account has confirmed it. */
export async function linkAuthors(tx: DB, userId: string, email: string) {
  await tx
    .update(author)
    .set({ userId })
    .where(and(eq(author.email, email.toLowerCase()), isNull(author.userId)))
}
