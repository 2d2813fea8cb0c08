/**
 * The one-time tokens of accounts (the `verification` table): a password-reset link, an e-mail
 * confirmation link with its 6-digit code. A link carries the row's id and a secret; the row is found
 * by the id and the secret checked against the stored hash in constant time (utils/secret-token), so
 * neither the database nor the lookup's timing can give a working link away. The server decides
 * expiry, and a token is used at most once, even by two requests at the same moment.
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { firstRow, getDb, schema, type DB } from '../../../db/client.server'
import type { VERIFICATION_PURPOSES } from '../../../db/schema/enums'
import { hashSecret, matchesHash, newCode, newPaperCode, newSecret } from '../../utils/secret-token.server'
import { Refusal } from '../../utils/refusal'

const { verification } = schema

export type TokenPurpose = (typeof VERIFICATION_PURPOSES)[number]
export type Token = typeof verification.$inferSelect

/** Wrong codes accepted before a code stops working: a guess at six digits then has 5 chances in a million. */
export const CODE_ATTEMPTS = 5

/**
 * A new token for the person, in the caller's transaction; their earlier unused tokens of the same
 * purpose stop working, so only the latest letter's link (and code) does. Returns what the letter carries.
 */
export async function issueToken(
  tx: DB,
  input: {
    userId: string
    purpose: TokenPurpose
    ttlMs: number
    email?: string | null
    /** A 6-digit code besides the link (a letter), or a code printed on paper instead of a link (newPaperCode). */
    withCode?: boolean | 'paper'
  },
  now = new Date(),
) {
  await voidTokens(tx, input.userId, input.purpose, now)
  const secret = newSecret()
  const code = input.withCode === 'paper' ? newPaperCode() : input.withCode ? newCode() : null
  const expiresAt = new Date(now.getTime() + input.ttlMs)
  const [row] = await tx
    .insert(verification)
    .values({
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashSecret(secret),
      email: input.email ?? null,
      codeHash: code ? hashSecret(code) : null,
      expiresAt,
      createdAt: now,
    })
    .returning({ id: verification.id })
  return { token: `${row.id}.${secret}`, code, expiresAt }
}

/** Ends the person's unused tokens of a purpose (a newer letter was sent, the password or the address changed). */
export async function voidTokens(tx: DB, userId: string, purpose: TokenPurpose, now = new Date()) {
  await tx
    .update(verification)
    .set({ expiresAt: now })
    .where(and(eq(verification.userId, userId), eq(verification.purpose, purpose), isNull(verification.usedAt), gt(verification.expiresAt, now)))
}

const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/

export type TokenState = { state: 'valid'; token: Token } | { state: 'unknown' | 'used' | 'expired' }

/** What a link's token is now: valid (with its row), unknown (never issued, mistyped, or another purpose), used or expired. */
export async function tokenState(link: string, purpose: TokenPurpose, now = new Date(), db: DB = getDb()): Promise<TokenState> {
  const m = TOKEN.exec(link)
  if (!m) return { state: 'unknown' }
  const row = await firstRow(
    db
      .select()
      .from(verification)
      .where(and(eq(verification.id, Number(m[1])), eq(verification.purpose, purpose))),
  )
  if (!row || !matchesHash(m[2], row.tokenHash)) return { state: 'unknown' }
  if (row.usedAt) return { state: 'used' }
  if (row.expiresAt <= now) return { state: 'expired' }
  return { state: 'valid', token: row }
}

/** What a person reads for a link that no longer works, by its state. */
export const LINK_REFUSALS = {
  unknown: 'Ссылка не подходит: возможно, она скопирована из письма не целиком или по ней прислали письмо новее.',
  used: 'По этой ссылке уже воспользовались: она одноразовая.',
  expired: 'Срок действия ссылки истёк.',
} as const satisfies Record<Exclude<TokenState['state'], 'valid'>, string>

/**
 * Marks the token used in the caller's transaction. Only one request can: the update names a token
 * still unused, so a second request at the same moment changes nothing and is refused.
 */
export async function spendToken(tx: DB, token: Token, now = new Date()) {
  const used = await tx
    .update(verification)
    .set({ usedAt: now })
    .where(and(eq(verification.id, token.id), isNull(verification.usedAt), gt(verification.expiresAt, now)))
    .returning({ id: verification.id })
  if (!used.length) throw new Refusal('invalid', LINK_REFUSALS.used)
}

/** The person's latest token of a purpose that still works, if any (the address waiting for its code). */
export async function pendingToken(userId: string, purpose: TokenPurpose, now = new Date(), db: DB = getDb()) {
  return firstRow(
    db
      .select()
      .from(verification)
      .where(and(eq(verification.userId, userId), eq(verification.purpose, purpose), isNull(verification.usedAt), gt(verification.expiresAt, now)))
      .orderBy(desc(verification.id)),
  )
}

export const WRONG_CODE = 'Код не подходит. Проверьте цифры в последнем письме.'
export const CODE_SPENT = 'Код введён неверно слишком много раз и больше не действует. Отправьте письмо ещё раз и введите новый код.'
export const NO_CODE = 'Действующего кода нет: отправьте письмо ещё раз.'

/**
 * The person's pending token whose code is `code`, in the caller's transaction. A wrong code counts
 * against the token, and at CODE_ATTEMPTS wrong codes the token stops working altogether (its link
 * too). A refusal is returned, not thrown, so that the caller's transaction keeps the count.
 */
export async function tokenByCode(tx: DB, userId: string, purpose: TokenPurpose, code: string, now = new Date()): Promise<{ token: Token } | { refusal: string }> {
  const token = await pendingToken(userId, purpose, now, tx)
  if (!token?.codeHash) return { refusal: NO_CODE }
  if (matchesHash(code, token.codeHash)) return { token }
  const attempts = token.attempts + 1
  await tx
    .update(verification)
    .set({ attempts, ...(attempts >= CODE_ATTEMPTS ? { expiresAt: now } : {}) })
    .where(eq(verification.id, token.id))
  return { refusal: attempts >= CODE_ATTEMPTS ? CODE_SPENT : WRONG_CODE }
}
