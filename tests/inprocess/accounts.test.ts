/**
 * The rules of recoverable accounts, asked of the services and the cabinet's loader in process, with
 * the clock given to them (the letters are read from the outbox; their delivery over SMTP is in
 * tests/integration/accounts-recovery.test.ts): a link's hour, a link used once even by two requests
 * at the same moment, a code that stops after five wrong tries, the windows of the rate limits, the
 * guessing of a current password stopped, the cabinet's reminder, and an address changed only when
 * the new one is confirmed.
 */
import { desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema, type DB } from '../../db/client.server'
import * as cabinet from '../../app/routes/cabinet'
import { isVerified, registerResident } from '../../app/modules/accounts/accounts.server'
import { changePassword } from '../../app/modules/accounts/account.server'
import { confirmEmailByCode, confirmEmailByLink, EMAIL_IN_USE, requestEmailChange, resendConfirmation } from '../../app/modules/accounts/email.server'
import { requestPasswordReset, resetLinkState, resetPassword, RESET_REQUESTS_PER_ADDRESS } from '../../app/modules/accounts/recovery.server'
import { CODE_SPENT, NO_CODE, WRONG_CODE } from '../../app/modules/accounts/tokens.server'
import { WRONG_PASSWORDS } from '../../app/modules/accounts/password-check.server'
import { DISPOSABLE_EMAIL, isDisposableEmail } from '../../app/modules/accounts/disposable.server'
import { Refusal } from '../../app/utils/refusal'
import { load, openAppDatabase, sessionCookie } from '../setup/in-process'

let db: DB
const BASE = 'http://konkurs.test'
const HOUR = 3_600_000
const PASSWORD = 'Skvorec2027'
let n = 0

beforeAll(() => {
  db = openAppDatabase()
})

async function resident(now = new Date()) {
  const email = `zhitel${++n}@example.ru`
  const id = await registerResident({ fullName: 'Котова Нина Ильинична', email, password: PASSWORD }, BASE, 'test-policy', now)
  return { id, email }
}

/** The latest letter to the address, from the outbox. */
async function letterTo(to: string, subject: RegExp) {
  const rows = await db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, to)).orderBy(desc(schema.outboxMessage.id))
  const found = rows.find((r) => subject.test(r.subject))
  if (!found) throw new Error(`No letter «${String(subject)}» to ${to}`)
  return found.text
}
const linkIn = (text: string, route: string) => new RegExp(`/${route}/([^\\s]+)`).exec(text)![1]
const codeIn = (text: string) => /код (\d{6})/.exec(text)![1]

/** The refusal a promise ends with: its kind and message. */
async function refusalOf(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof Refusal)) throw new Error(`Expected a refusal, got ${String(error)}`)
  return { kind: error.kind, message: error.message }
}

const userRow = async (id: string) => (await firstRow(db.select().from(schema.user).where(eq(schema.user.id, id))))!

describe('a password-reset link', () => {
  it('works for its hour and is refused after it, with the reason', async () => {
    const now = new Date('2027-03-01T09:00:00Z')
    const { email } = await resident(now)
    await requestPasswordReset(email, BASE, now)
    const link = linkIn(await letterTo(email, /Восстановление пароля/), 'reset-password')
    expect(await resetLinkState(link, new Date(now.getTime() + HOUR - 1000))).toEqual({ ok: true })
    const late = new Date(now.getTime() + HOUR)
    expect(await resetLinkState(link, late)).toMatchObject({ ok: false, state: 'expired', message: 'Срок действия ссылки истёк.' })
    expect(await refusalOf(resetPassword(link, 'Novyi-parol-2028', late))).toEqual({ kind: 'invalid', message: 'Срок действия ссылки истёк.' })
  })

  it('is used once even when two requests bring it at the same moment', async () => {
    const { id, email } = await resident()
    await requestPasswordReset(email, BASE)
    const link = linkIn(await letterTo(email, /Восстановление пароля/), 'reset-password')
    const outcomes = await Promise.allSettled([resetPassword(link, 'Pervyi-parol-2028'), resetPassword(link, 'Vtoroi-parol-2028')])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const refused = outcomes.find((o) => o.status === 'rejected')!.reason as Refusal
    expect(refused.message).toBe('По этой ссылке уже воспользовались: она одноразовая.')
    expect(await resetLinkState(link)).toMatchObject({ ok: false, state: 'used' })
    expect((await userRow(id)).passwordHash).not.toBeNull()
  })

  it('stops working when a newer letter is sent, and a mistyped link is refused as unknown', async () => {
    const { email } = await resident()
    await requestPasswordReset(email, BASE)
    const first = linkIn(await letterTo(email, /Восстановление пароля/), 'reset-password')
    await requestPasswordReset(email, BASE)
    const second = linkIn(await letterTo(email, /Восстановление пароля/), 'reset-password')
    expect(second).not.toBe(first)
    expect(await resetLinkState(first)).toMatchObject({ ok: false })
    expect(await resetLinkState(second)).toEqual({ ok: true })
    const [id, secret] = second.split('.')
    const altered = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`
    expect(await resetLinkState(altered)).toMatchObject({ ok: false, state: 'unknown' })
  })

  it('confirms the address it reached', async () => {
    const { id, email } = await resident()
    expect(isVerified(await userRow(id))).toBe(false)
    await requestPasswordReset(email, BASE)
    await resetPassword(linkIn(await letterTo(email, /Восстановление пароля/), 'reset-password'), 'Novyi-parol-2028')
    expect(isVerified(await userRow(id))).toBe(true)
  })
})

describe('the limits', () => {
  it('let three reset letters a hour through for one address, refuse the fourth with 429, and open again after the hour', async () => {
    const now = new Date('2027-04-01T09:00:00Z')
    const address = 'nikogo-net@example.ru'
    for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS.limit; i++) await requestPasswordReset(address, BASE, new Date(now.getTime() + i * 60_000))
    expect(await refusalOf(requestPasswordReset(address, BASE, new Date(now.getTime() + 30 * 60_000)))).toEqual({
      kind: 'too_many',
      message: RESET_REQUESTS_PER_ADDRESS.message,
    })
    await requestPasswordReset(address, BASE, new Date(now.getTime() + HOUR))
  })

  it('stop the guessing of a current password: after ten wrong ones even the right one is refused for the hour', async () => {
    const now = new Date('2027-05-01T09:00:00Z')
    const { id } = await resident(now)
    const request = new Request(`${BASE}/account`, { method: 'POST' })
    for (let i = 0; i < WRONG_PASSWORDS.limit; i++) {
      expect(await refusalOf(changePassword(request, id, { currentPassword: `Ugadka-${i}`, password: 'Novyi-parol-2028' }, now))).toEqual({
        kind: 'invalid',
        message: 'Неверный пароль',
      })
    }
    expect(await refusalOf(changePassword(request, id, { currentPassword: PASSWORD, password: 'Novyi-parol-2028' }, now))).toEqual({
      kind: 'too_many',
      message: WRONG_PASSWORDS.message,
    })
    await changePassword(request, id, { currentPassword: PASSWORD, password: 'Novyi-parol-2028' }, new Date(now.getTime() + HOUR))
  })
})

describe('the confirmation code', () => {
  it('stops after five wrong tries, and its link with it', async () => {
    const { id, email } = await resident()
    const letter = await letterTo(email, /Подтвердите адрес/)
    const code = codeIn(letter)
    const wrong = code === '000000' ? '999999' : '000000'
    for (let i = 1; i < 5; i++) expect(await refusalOf(confirmEmailByCode(id, wrong))).toEqual({ kind: 'invalid', message: WRONG_CODE })
    expect(await refusalOf(confirmEmailByCode(id, wrong))).toEqual({ kind: 'invalid', message: CODE_SPENT })
    expect(await refusalOf(confirmEmailByCode(id, code))).toEqual({ kind: 'invalid', message: NO_CODE })
    expect(await refusalOf(confirmEmailByLink(linkIn(letter, 'verify-email')))).toEqual({ kind: 'invalid', message: 'Срок действия ссылки истёк.' })
    expect(isVerified(await userRow(id))).toBe(false)

    await resendConfirmation(id, BASE)
    await confirmEmailByCode(id, codeIn(await letterTo(email, /Подтвердите адрес/)))
    expect(isVerified(await userRow(id))).toBe(true)
  })
})

describe('the cabinet', () => {
  it('reminds an account whose address is not confirmed, and stops once it is', async () => {
    const { id, email } = await resident()
    const cookie = await sessionCookie(id)
    expect((await load(cabinet, { path: '/cabinet', cookie })).data).toMatchObject({ unverified: true })
    await confirmEmailByLink(linkIn(await letterTo(email, /Подтвердите адрес/), 'verify-email'))
    expect((await load(cabinet, { path: '/cabinet', cookie })).data).toMatchObject({ unverified: false })
  })
})

describe('changing the address', () => {
  it('keeps the old one until the new one is confirmed, and voids the reset links sent to the old one', async () => {
    const { id, email } = await resident()
    await requestPasswordReset(email, BASE)
    const resetLink = linkIn(await letterTo(email, /Восстановление пароля/), 'reset-password')
    const changed = `novyi${n}@example.ru`
    await requestEmailChange(id, { email: changed, password: PASSWORD }, BASE)
    expect((await userRow(id)).email).toBe(email)
    expect(await resetLinkState(resetLink)).toEqual({ ok: true })

    await confirmEmailByLink(linkIn(await letterTo(changed, /Подтвердите адрес/), 'verify-email'))
    const after = await userRow(id)
    expect(after.email).toBe(changed)
    expect(isVerified(after)).toBe(true)
    expect(await resetLinkState(resetLink)).toMatchObject({ ok: false })
    expect(await letterTo(email, /Адрес электронной почты изменён/)).toContain(changed)
  })

  it('is refused when another account took the new address meanwhile', async () => {
    const { id } = await resident()
    const wanted = `zanyat${n}@example.ru`
    await requestEmailChange(id, { email: wanted, password: PASSWORD }, BASE)
    await registerResident({ fullName: 'Быстрова Юлия Олеговна', email: wanted, password: PASSWORD }, BASE, 'test-policy')
    const letters = await db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, wanted)).orderBy(schema.outboxMessage.id)
    expect(await refusalOf(confirmEmailByCode(id, codeIn(letters[0].text)))).toEqual({ kind: 'invalid', message: EMAIL_IN_USE })
    expect((await userRow(id)).email).not.toBe(wanted)
  })
})

describe('a throwaway address', () => {
  it('makes no account, and its subdomains neither; the addresses people use do', async () => {
    for (const email of ['golos@mailinator.com', 'Golos@Inbox.YOPmail.com']) {
      expect(await refusalOf(registerResident({ fullName: 'Накрутова Ольга Ивановна', email, password: PASSWORD }, BASE, 'test-policy'))).toEqual({
        kind: 'invalid',
        message: DISPOSABLE_EMAIL,
      })
      expect(await firstRow(db.select().from(schema.user).where(eq(schema.user.email, email.toLowerCase())))).toBeUndefined()
    }
    for (const email of ['ivanova@mail.ru', 'ivanova@yandex.ru', 'ivanova@gmail.com', 'ivanova@xn--80a1acny.xn--p1ai', 'ivanova@kemerovo.ru']) expect(isDisposableEmail(email)).toBe(false)
  })

  it('does not replace an account’s address, and gets no letter', async () => {
    const { id, email } = await resident()
    expect(await refusalOf(requestEmailChange(id, { email: 'novyi@10minutemail.com', password: PASSWORD }, BASE))).toEqual({ kind: 'invalid', message: DISPOSABLE_EMAIL })
    expect((await userRow(id)).email).toBe(email)
    expect(await firstRow(db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, 'novyi@10minutemail.com')))).toBeUndefined()
  })
})
