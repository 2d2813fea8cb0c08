/**
 * Claiming an account an operator made for a paper application (decision 025). With an address on the
 * paper, the resident gets a letter whose link sets a password. Without one, the operator prints a
 * receipt with the entry's number and a one-time code; on /claim the resident types both, their e-mail
 * address (confirmed as at registration) and a password. Either way the account is then theirs: they
 * sign in and see their entries and, once results are published, their diplomas.
 *
 * Tokens are the accounts' one-time tokens (purpose 'claim'): a newer letter or receipt voids the
 * earlier ones, a token works once, only hashes are stored. A paper code is checked by the entry's
 * number: wrong codes are counted per account (CLAIM_CODE_ATTEMPTS) and stop being checked past the limit.
 */
import { and, eq } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction, type DB } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/dialect.server'
import { hashPassword, type CurrentUser } from '../../utils/auth.server'
import { quoted } from '../../utils/format'
import { checkRateLimit, hitRateLimit, type RateLimitRule } from '../../utils/rate-limit.server'
import { Refusal } from '../../utils/refusal'
import { matchesHash, printedPaperCode, typedPaperCode } from '../../utils/secret-token.server'
import { recordAudit } from '../audit/audit.server'
import { linkAuthors } from '../accounts/coauthors.server'
import { EMAIL_IN_USE, sendConfirmation } from '../accounts/email.server'
import { claimLetter, claimPath } from '../accounts/letters.server'
import { issueToken, LINK_REFUSALS, pendingToken, spendToken, tokenState, voidTokens } from '../accounts/tokens.server'
import { enqueueMail, kickDelivery } from '../mail/outbox.server'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'

const { user, entry, contest } = schema

/**
 * How long a claim link or a printed code works: long enough for a paper receipt to wait in a drawer
 * from intake through judging to the published results (a contest's season), after which the ЦРН
 * prints a new one.
 */
export const CLAIM_DAYS = 90
const CLAIM_TTL_MS = CLAIM_DAYS * 86_400_000

/**
 * Wrong codes typed for one account's entries in an hour. The code has 17^10 values, so ten guesses an
 * hour never find it; the count is per account, not per person typing, so a stranger who knows a
 * public entry number can hold its owner up for an hour at most, never spend the code.
 */
export const CLAIM_CODE_ATTEMPTS: RateLimitRule = {
  name: 'claim-code',
  limit: 10,
  windowMs: 3_600_000,
  message: 'Слишком много неверных попыток ввести код для этой заявки. Попробуйте через час или обратитесь в ЦРН, где приняли заявку.',
}

/** Claim letters the operator may send one account again in an hour (the one sent at intake not counted). */
export const CLAIM_LETTERS_AGAIN: RateLimitRule = {
  name: 'claim-letters',
  limit: 3,
  windowMs: 3_600_000,
  message: 'Жителю уже несколько раз отправляли письмо за этот час. Попросите его проверить почту, в том числе папку «Спам», или попробуйте позже.',
}

export const WRONG_CLAIM_CODE = 'Номер заявки или код не подходят. Проверьте их по квитанции: код — десять знаков, латинские или русские буквы и цифры.'
export const ALREADY_CLAIMED = 'У этой учётной записи уже есть пароль. Войдите с ним или восстановите пароль по почте.'

/** A paper application this operator entered: its number, title, contest and resident. Null when it is not theirs. */
export async function paperApplication(operator: Pick<CurrentUser, 'id'>, entryId: number) {
  if (!Number.isInteger(entryId) || entryId <= 0) return null
  const row = await firstRow(
    getDb()
      .select({
        id: entry.id,
        seq: entry.seq,
        title: entry.title,
        status: entry.status,
        prefix: contest.numberPrefix,
        contestId: contest.id,
        contestTitle: contest.title,
        contestSlug: contest.slug,
        closesAt: contest.closesAt,
        ownerId: user.id,
        ownerName: user.fullName,
        ownerEmail: user.email,
        claimed: user.passwordHash,
      })
      .from(entry)
      .innerJoin(contest, eq(contest.id, entry.contestId))
      .innerJoin(user, eq(user.id, entry.ownerId))
      .where(and(eq(entry.id, entryId), eq(entry.enteredById, operator.id))),
  )
  if (!row) return null
  const { claimed, prefix, ...rest } = row
  return { ...rest, number: row.seq === null ? null : formatEntryNumber(prefix, row.seq), claimed: claimed !== null }
}

/**
 * After an operator enters a paper application: a letter with a claim link to the resident, when their
 * account has an address and no password yet. Whether one was sent.
 */
export async function sendClaimLetter(operator: Pick<CurrentUser, 'id'>, entryId: number, baseUrl: string, now = new Date()) {
  const app = await paperApplication(operator, entryId)
  if (!app || app.claimed || !app.ownerEmail) return false
  const to = app.ownerEmail
  await transaction(getDb(), async (tx) => {
    const { token, expiresAt } = await issueToken(tx, { userId: app.ownerId, purpose: 'claim', ttlMs: CLAIM_TTL_MS, email: to }, now)
    await enqueueMail(
      tx,
      claimLetter({
        to,
        fullName: app.ownerName,
        link: baseUrl + claimPath(token),
        expiresAt,
        entry: app.number ?? quoted(app.title),
        contestTitle: quoted(app.contestTitle),
      }),
    )
  })
  kickDelivery()
  return true
}

/** The operator sends the claim letter again (the resident lost it); limited per account. Whether one was sent. */
export async function resendClaimLetter(operator: Pick<CurrentUser, 'id'>, entryId: number, baseUrl: string, now = new Date()) {
  const app = await paperApplication(operator, entryId)
  if (!app || app.claimed || !app.ownerEmail) return false
  await hitRateLimit(app.ownerId, CLAIM_LETTERS_AGAIN, now)
  return sendClaimLetter(operator, entryId, baseUrl, now)
}

/**
 * A receipt's code for the resident of a paper application without an address: a new one voids the
 * earlier receipts' codes (and any claim link). The code is shown this once; only its hash is kept.
 */
export async function issueClaimCode(operator: Pick<CurrentUser, 'id'>, entryId: number, now = new Date()) {
  const app = await paperApplication(operator, entryId)
  if (!app) throw new Refusal('not_found', 'Такой бумажной заявки среди внесённых вами нет.')
  if (!app.number) throw new Refusal('invalid', 'Заявка ещё не отправлена и не получила номер: отправьте её, потом печатайте квитанцию.')
  if (app.claimed) throw new Refusal('invalid', 'Житель уже задал пароль: квитанция с кодом не нужна, он входит на сайт сам.')
  if (app.ownerEmail) throw new Refusal('invalid', `У жителя есть адрес ${app.ownerEmail}: ссылка, чтобы задать пароль, отправлена ему письмом.`)
  const issued = await transaction(getDb(), async (tx) => {
    const { code, expiresAt } = await issueToken(tx, { userId: app.ownerId, purpose: 'claim', ttlMs: CLAIM_TTL_MS, withCode: 'paper' }, now)
    await recordAudit(tx, { actorId: operator.id, action: 'account.claim_code', entityType: 'user', entityId: app.ownerId, after: { entryId: app.id } })
    return { code: printedPaperCode(code!), expiresAt }
  })
  return { ...app, number: app.number, ...issued }
}

/** Whether a claim link works now, and if not, what to tell its holder. */
export async function claimLinkState(link: string, now = new Date()) {
  const state = await tokenState(link, 'claim', now)
  if (state.state !== 'valid') return { ok: false as const, state: state.state, message: LINK_REFUSALS[state.state] }
  const owner = await firstRow(getDb().select({ fullName: user.fullName, email: user.email, passwordHash: user.passwordHash }).from(user).where(eq(user.id, state.token.userId)))
  if (!owner || owner.passwordHash) return { ok: false as const, state: 'used' as const, message: ALREADY_CLAIMED }
  return { ok: true as const, fullName: owner.fullName, email: owner.email }
}

/** In the caller's transaction: the password set, the token spent, the claim recorded. */
async function completeClaim(tx: DB, userId: string, set: Partial<typeof user.$inferInsert>, via: 'link' | 'code', now: Date) {
  const owner = await firstRow(tx.select({ passwordHash: user.passwordHash, email: user.email }).from(user).where(eq(user.id, userId)))
  if (!owner || owner.passwordHash) throw new Refusal('invalid', ALREADY_CLAIMED)
  await tx.update(user).set(set).where(eq(user.id, userId))
  // The letter's link confirmed the address: entries naming it as an author's are this person's too.
  if (set.emailVerifiedAt && owner.email) await linkAuthors(tx, userId, owner.email)
  await voidTokens(tx, userId, 'claim', now)
  await recordAudit(tx, { actorId: userId, action: 'account.claim', entityType: 'user', entityId: userId, after: { via } })
}

/**
 * Sets the first password from a claim letter's link and uses the link up; the letter reached the
 * address, so it counts as confirmed. Returns the account's id (the caller signs the browser in).
 */
export async function claimByLink(link: string, password: string, now = new Date()) {
  const state = await tokenState(link, 'claim', now)
  if (state.state !== 'valid') throw new Refusal('invalid', LINK_REFUSALS[state.state])
  const { token } = state
  const passwordHash = await hashPassword(password)
  return transaction(getDb(), async (tx) => {
    await spendToken(tx, token, now)
    await completeClaim(tx, token.userId, { passwordHash, emailVerifiedAt: now }, 'link', now)
    return token.userId
  })
}

/** The owners of the entries a typed number may name: one, or one per contest when it is typed without the prefix. */
async function ownersByNumber(typed: string) {
  const contests = await getDb().select({ id: contest.id, prefix: contest.numberPrefix }).from(contest)
  const owners = new Set<string>()
  for (const c of contests) {
    const seq = parseEntryNumber(typed, c.prefix)
    if (seq === null) continue
    const found = await firstRow(
      getDb()
        .select({ ownerId: entry.ownerId })
        .from(entry)
        .where(and(eq(entry.contestId, c.id), eq(entry.seq, seq))),
    )
    if (found) owners.add(found.ownerId)
  }
  return [...owners]
}

/**
 * Claims an account with a printed receipt: the entry's number and the code, the resident's address
 * (which gets the confirmation letter, as at registration) and a first password. Returns the account's id.
 */
export async function claimByCode(input: { number: string; code: string; email: string; password: string }, baseUrl: string, now = new Date()) {
  const owners = await ownersByNumber(input.number)
  // A number that names no entry is counted too, under what was typed, so guessing numbers costs the same.
  const keys = owners.length ? owners : [`number:${input.number.trim().toLocaleUpperCase('ru')}`]
  for (const key of keys) await checkRateLimit(key, CLAIM_CODE_ATTEMPTS, now)
  const code = typedPaperCode(input.code)
  let found: { userId: string; token: NonNullable<Awaited<ReturnType<typeof pendingToken>>> } | null = null
  for (const userId of owners) {
    const token = await pendingToken(userId, 'claim', now)
    if (token?.codeHash && matchesHash(code, token.codeHash)) found = { userId, token }
  }
  if (!found) {
    for (const key of keys) await hitRateLimit(key, CLAIM_CODE_ATTEMPTS, now)
    throw new Refusal('invalid', WRONG_CLAIM_CODE, 'code')
  }
  const { userId, token } = found
  const address = input.email
  if (await firstRow(getDb().select({ id: user.id }).from(user).where(eq(user.email, address)))) throw new Refusal('invalid', EMAIL_IN_USE, 'email')
  const passwordHash = await hashPassword(input.password)
  await transaction(getDb(), async (tx) => {
    await spendToken(tx, token, now)
    const owner = (await firstRow(tx.select({ id: user.id, fullName: user.fullName }).from(user).where(eq(user.id, userId))))!
    await completeClaim(tx, userId, { passwordHash, email: address, emailVerifiedAt: null }, 'code', now)
    await sendConfirmation(tx, { ...owner, email: address }, address, baseUrl, now)
  }).catch((error: unknown) => {
    // Another account took the address between the check and the update.
    throw isUniqueViolation(error) ? new Refusal('invalid', EMAIL_IN_USE, 'email') : error
  })
  kickDelivery()
  return userId
}
