/**
 * Password reset by e-mail: a single-use link that works for RESET_LINK_HOURS. Asking for one answers
 * the same whether or not the address has an account; setting the new password ends every session of
 * the account, so whoever knew the old password is signed out everywhere.
 */
import { linkAuthors } from './coauthors.server'
import { eq } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction } from '../../../db/client.server'
import { endSessions, hashPassword } from '../../utils/auth.server'
import { hitRateLimit, type RateLimitRule } from '../../utils/rate-limit.server'
import { Refusal } from '../../utils/refusal'
import { hashSecret } from '../../utils/secret-token.server'
import { recordAudit } from '../audit/audit.server'
import { enqueueMail, kickDelivery } from '../mail/outbox.server'
import { passwordResetLetter, resetPasswordPath } from './letters.server'
import { issueToken, LINK_REFUSALS, tokenState, spendToken, voidTokens } from './tokens.server'

const { user } = schema

export const RESET_LINK_HOURS = 1

/**
 * Reset letters asked for one address in an hour, whether or not it has an account (so the limit tells
 * nobody which addresses do). The per-IP limit is the HTTP server's (server.ts).
 */
export const RESET_REQUESTS_PER_ADDRESS: RateLimitRule = {
  name: 'reset-address',
  limit: 3,
  windowMs: 3_600_000,
  message: 'Для этого адреса уже несколько раз просили восстановить пароль. Проверьте почту, в том числе папку «Спам», или попробуйте через час.',
}

/**
 * Sends a reset link to the address if it has an account, and does nothing otherwise: the caller
 * answers the same either way. An account made by an operator without a password gets one too, which
 * is how its resident sets a first password.
 */
export async function requestPasswordReset(email: string, baseUrl: string, now = new Date()) {
  const address = email.trim().toLowerCase()
  // Counted by the address's hash: the table keeps no address of anyone's.
  await hitRateLimit(hashSecret(address), RESET_REQUESTS_PER_ADDRESS, now)
  const found = await firstRow(getDb().select().from(user).where(eq(user.email, address)))
  if (!found?.email) return
  const to = found.email
  await transaction(getDb(), async (tx) => {
    const { token, expiresAt } = await issueToken(tx, { userId: found.id, purpose: 'password', ttlMs: RESET_LINK_HOURS * 3_600_000 }, now)
    await enqueueMail(tx, passwordResetLetter({ to, fullName: found.fullName, link: baseUrl + resetPasswordPath(token), hours: RESET_LINK_HOURS, expiresAt }))
  })
  kickDelivery()
}

/** Whether a reset link works now, and if not, what to tell its holder. */
export async function resetLinkState(link: string, now = new Date()) {
  const state = await tokenState(link, 'password', now)
  return state.state === 'valid' ? { ok: true as const } : { ok: false as const, state: state.state, message: LINK_REFUSALS[state.state] }
}

/**
 * Sets the new password from a reset link and uses the link up. Every session of the account ends
 * (the caller starts a new one for this browser); the letter reached the address, so it counts as
 * confirmed. Returns the account's id.
 */
export async function resetPassword(link: string, password: string, now = new Date()) {
  const state = await tokenState(link, 'password', now)
  if (state.state !== 'valid') throw new Refusal('invalid', LINK_REFUSALS[state.state])
  const { token } = state
  const passwordHash = await hashPassword(password)
  return transaction(getDb(), async (tx) => {
    await spendToken(tx, token, now)
    const found = await firstRow(tx.select().from(user).where(eq(user.id, token.userId)))
    if (!found) throw new Refusal('invalid', LINK_REFUSALS.unknown)
    await tx
      .update(user)
      .set({ passwordHash, emailVerifiedAt: found.emailVerifiedAt ?? now })
      .where(eq(user.id, found.id))
    if (!found.emailVerifiedAt && found.email) await linkAuthors(tx, found.id, found.email)
    await voidTokens(tx, found.id, 'password', now)
    await recordAudit(tx, { actorId: found.id, action: 'account.password_change', entityType: 'user', entityId: found.id, after: { via: 'reset' } })
    const ended = await endSessions(tx, found.id, { all: true })
    if (ended) await recordAudit(tx, { actorId: found.id, action: 'account.sessions_end', entityType: 'user', entityId: found.id, after: { sessions: ended, via: 'reset' } })
    return found.id
  })
}
