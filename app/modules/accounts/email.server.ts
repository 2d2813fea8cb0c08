/**
 * Confirming an e-mail address: at registration, and again when a resident changes it (the new address
 * takes over only once confirmed). A letter carries a link and a 6-digit code; either confirms it.
 */
import { linkAuthors } from './coauthors.server'
import { refuseDisposableEmail } from './disposable.server'
import { and, eq, ne } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction, type DB } from '../../../db/client.server'
import { hitRateLimit, type RateLimitRule } from '../../utils/rate-limit.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { enqueueMail, kickDelivery } from '../mail/outbox.server'
import { accountRow } from './account.server'
import { confirmEmailLetter, confirmEmailPath, emailChangedLetter } from './letters.server'
import { checkPassword } from './password-check.server'
import { issueToken, LINK_REFUSALS, pendingToken, tokenByCode, tokenState, spendToken, voidTokens, type Token } from './tokens.server'

const { user } = schema

/** How long a confirmation letter's link and code work. */
export const CONFIRMATION_HOURS = 24

/** Confirmation letters one account may have sent in an hour (registration's first one included). */
export const CONFIRMATION_LETTERS: RateLimitRule = {
  name: 'confirmation-letters',
  limit: 5,
  windowMs: 3_600_000,
  message: 'За этот час уже отправлено несколько писем с подтверждением. Проверьте почту, в том числе папку «Спам», или попробуйте позже.',
}

export const EMAIL_IN_USE = 'Этот адрес уже занят другой учётной записью.'

type Person = { id: string; fullName: string; email: string | null }

/** In the caller's transaction: a token for `address` and the letter to it with the link and the code. */
export async function sendConfirmation(tx: DB, person: Person, address: string, baseUrl: string, now = new Date()) {
  const { token, code, expiresAt } = await issueToken(
    tx,
    { userId: person.id, purpose: 'email', ttlMs: CONFIRMATION_HOURS * 3_600_000, email: address, withCode: true },
    now,
  )
  await enqueueMail(
    tx,
    confirmEmailLetter({ to: address, fullName: person.fullName, link: baseUrl + confirmEmailPath(token), code: code!, expiresAt, change: address !== person.email }),
  )
}

/** The address waiting for its confirmation, if a letter's link or code still works: a new one, or the account's own. */
export async function pendingAddress(userId: string, now = new Date()) {
  const token = await waitingToken(getDb(), await accountRow(getDb(), userId), now)
  return token?.email ? { email: token.email, expiresAt: token.expiresAt } : null
}

/**
 * The token of the address that still waits for confirmation: none when its letter asks to confirm an
 * address the account has confirmed meanwhile (a reset letter to it counts as confirming it).
 */
async function waitingToken(db: DB, account: Person & { emailVerifiedAt: Date | null }, now: Date) {
  const token = await pendingToken(account.id, 'email', now, db)
  return token && !(token.email === account.email && account.emailVerifiedAt) ? token : undefined
}

/** Sends the confirmation letter again, with a fresh link and code, to the address that waits for one; returns it. */
export async function resendConfirmation(userId: string, baseUrl: string, now = new Date()) {
  await hitRateLimit(userId, CONFIRMATION_LETTERS, now)
  const address = await transaction(getDb(), async (tx) => {
    const found = await accountRow(tx, userId)
    const pending = await waitingToken(tx, found, now)
    const address = pending?.email ?? (found.emailVerifiedAt ? null : found.email)
    if (!address) throw new Refusal('invalid', 'Адрес уже подтверждён, подтверждать нечего.')
    await sendConfirmation(tx, found, address, baseUrl, now)
    return address
  })
  kickDelivery()
  return address
}

/**
 * A resident asks to change their address: with their password (a session left open elsewhere must
 * not be enough to take the account), to an address no other account has. The letter goes to the new
 * address; the account keeps the old one until the new one is confirmed.
 */
export async function requestEmailChange(userId: string, input: { email: string; password: string }, baseUrl: string, now = new Date()) {
  const found = await accountRow(getDb(), userId)
  await checkPassword(found, input.password, 'password', now)
  if (input.email === found.email) throw new Refusal('invalid', 'Это и есть нынешний адрес вашей учётной записи.', 'email')
  refuseDisposableEmail(input.email)
  if (await firstRow(getDb().select({ id: user.id }).from(user).where(eq(user.email, input.email)))) throw new Refusal('invalid', EMAIL_IN_USE, 'email')
  await hitRateLimit(userId, CONFIRMATION_LETTERS, now)
  await transaction(getDb(), (tx) => sendConfirmation(tx, found, input.email, baseUrl, now))
  kickDelivery()
}

export type Confirmed = { email: string; changed: boolean; userId: string }

/** Uses the token and makes its address the account's confirmed one, in the caller's transaction. */
async function confirm(tx: DB, token: Token, via: 'link' | 'code', now: Date): Promise<Confirmed> {
  await spendToken(tx, token, now)
  const found = await accountRow(tx, token.userId)
  const address = token.email
  if (!address) throw new Refusal('invalid', LINK_REFUSALS.unknown)
  if (address === found.email) {
    if (!found.emailVerifiedAt) {
      await tx.update(user).set({ emailVerifiedAt: now }).where(eq(user.id, found.id))
      await recordAudit(tx, { actorId: found.id, action: 'account.email_verify', entityType: 'user', entityId: found.id, after: { email: address, via } })
      await linkAuthors(tx, found.id, address)
    }
    return { email: address, changed: false, userId: found.id }
  }
  if (await firstRow(tx.select({ id: user.id }).from(user).where(and(eq(user.email, address), ne(user.id, found.id))))) throw new Refusal('invalid', EMAIL_IN_USE)
  await tx.update(user).set({ email: address, emailVerifiedAt: now }).where(eq(user.id, found.id))
  await linkAuthors(tx, found.id, address)
  // Reset links went to the old address: they must not work for whoever reads it now.
  await voidTokens(tx, found.id, 'password', now)
  await recordAudit(tx, {
    actorId: found.id,
    action: 'account.email_change',
    entityType: 'user',
    entityId: found.id,
    before: { email: found.email },
    after: { email: address, via },
  })
  if (found.email) await enqueueMail(tx, emailChangedLetter({ to: found.email, fullName: found.fullName, newEmail: address }))
  return { email: address, changed: true, userId: found.id }
}

/** Whether a confirmation link works now: the address it confirms, or what to tell its holder. */
export async function confirmationLinkState(link: string, now = new Date()) {
  const state = await tokenState(link, 'email', now)
  return state.state === 'valid' ? { ok: true as const, email: state.token.email } : { ok: false as const, state: state.state, message: LINK_REFUSALS[state.state] }
}

/** Confirms the address of a letter's link, whoever follows it (signed in or not, on any device). */
export async function confirmEmailByLink(link: string, now = new Date()) {
  const state = await tokenState(link, 'email', now)
  if (state.state !== 'valid') throw new Refusal('invalid', LINK_REFUSALS[state.state])
  const confirmed = await transaction(getDb(), (tx) => confirm(tx, state.token, 'link', now))
  kickDelivery()
  return confirmed
}

/** Confirms the signed-in person's waiting address by the code of its letter. */
export async function confirmEmailByCode(userId: string, code: string, now = new Date()) {
  const outcome = await transaction(getDb(), async (tx) => {
    const found = await tokenByCode(tx, userId, 'email', code, now)
    return 'refusal' in found ? found : { confirmed: await confirm(tx, found.token, 'code', now) }
  })
  if ('refusal' in outcome) throw new Refusal('invalid', outcome.refusal, 'code')
  kickDelivery()
  return outcome.confirmed
}
