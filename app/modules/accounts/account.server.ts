/** The resident's own account page: name and phone, password, and the sessions signed in to the account. */
import Bowser from 'bowser'
import { eq } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction, type DB } from '../../../db/client.server'
import { currentSessionHandle, endSessions, hashPassword, listSessions, type SessionChoice } from '../../utils/auth.server'
import { Refusal } from '../../utils/refusal'
import { changes, recordAudit } from '../audit/audit.server'
import { checkPassword } from './password-check.server'
import { voidTokens } from './tokens.server'

const { user } = schema

/** The account's row, or a refusal when it is gone. */
export async function accountRow(db: DB, userId: string) {
  const found = await firstRow(db.select().from(user).where(eq(user.id, userId)))
  if (!found) throw new Refusal('not_found', 'Учётная запись не найдена')
  return found
}

/** What the account page shows of the person. */
export async function accountOf(userId: string) {
  const { fullName, phone, email, emailVerifiedAt } = await accountRow(getDb(), userId)
  return { fullName, phone, email, emailVerifiedAt }
}

/** Changes the name and the phone; returns whether anything changed. */
export async function updateProfile(userId: string, input: { fullName: string; phone?: string | null }) {
  return transaction(getDb(), async (tx) => {
    const found = await accountRow(tx, userId)
    const diff = changes({ fullName: found.fullName, phone: found.phone }, { fullName: input.fullName, phone: input.phone ?? null })
    if (!diff.changed) return false
    await tx.update(user).set(diff.after).where(eq(user.id, userId))
    await recordAudit(tx, { actorId: userId, action: 'account.profile', entityType: 'user', entityId: userId, before: diff.before, after: diff.after })
    return true
  })
}

/**
 * Changes the password, given the current one. Every other session of the account ends (this
 * browser's stays), and reset links not yet used stop working. Returns how many sessions ended.
 */
export async function changePassword(request: Request, userId: string, input: { currentPassword: string; password: string }, now = new Date()) {
  const found = await accountRow(getDb(), userId)
  await checkPassword(found, input.currentPassword, 'currentPassword', now)
  const passwordHash = await hashPassword(input.password)
  return transaction(getDb(), async (tx) => {
    await tx.update(user).set({ passwordHash }).where(eq(user.id, userId))
    await voidTokens(tx, userId, 'password', now)
    await recordAudit(tx, { actorId: userId, action: 'account.password_change', entityType: 'user', entityId: userId, after: { via: 'account' } })
    const ended = await endSessions(tx, userId, { except: request })
    if (ended) await recordAudit(tx, { actorId: userId, action: 'account.sessions_end', entityType: 'user', entityId: userId, after: { sessions: ended, via: 'account' } })
    return ended
  })
}

/** «Chrome 120, Android 14, телефон» from a User-Agent, for the list of sessions. */
export function describeBrowser(userAgent: string | null) {
  if (!userAgent) return 'Браузер не записан'
  const { browser, os, platform } = Bowser.parse(userAgent)
  if (!browser.name) return 'Неизвестный браузер'
  const device = platform.type ? DEVICES[platform.type] : undefined
  return [
    [browser.name, browser.version?.split('.')[0]].filter(Boolean).join(' '),
    os.name ? [os.name, os.versionName ?? os.version].filter(Boolean).join(' ') : null,
    device,
  ]
    .filter(Boolean)
    .join(', ')
}

const DEVICES: Record<string, string> = { mobile: 'телефон', tablet: 'планшет', desktop: 'компьютер', tv: 'телевизор' }

/** The account's sessions, oldest first, each with its browser and whether it is this request's. */
export async function ownSessions(request: Request, userId: string, now = new Date()) {
  const current = await currentSessionHandle(request)
  return (await listSessions(userId, now)).map((s) => ({
    handle: s.handle,
    createdAt: s.createdAt,
    browser: describeBrowser(s.userAgent),
    current: s.handle === current,
  }))
}

/** Ends the chosen sessions of the account (the page names them by handle), recorded in the audit log; returns how many. */
export async function endOwnSessions(userId: string, which: SessionChoice) {
  return transaction(getDb(), async (tx) => {
    const ended = await endSessions(tx, userId, which)
    if (ended) await recordAudit(tx, { actorId: userId, action: 'account.sessions_end', entityType: 'user', entityId: userId, after: { sessions: ended, via: 'sessions' } })
    return ended
  })
}
