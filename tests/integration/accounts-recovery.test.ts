/**
 * Accounts people can get back into, over real HTTP against the built server, with letters delivered
 * to a real SMTP server started here: password reset (the letter, the link, the new password, other
 * sessions ended, a link used or expired refused, the same answer for an unknown address, the limits
 * per address and per IP), the address confirmed by link and by code, the cabinet's reminder, the way
 * back to the application form after registering, open redirects refused, and the account page (name
 * and phone, password, the address changed only once the new one is confirmed, the sessions).
 */
import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema } from '../../db/client.server'
import { closeServerDb, seededContest, serverDb } from '../factories-entries'
import { startMailbox } from '../factories-organiser'
import { Client, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer
let mailbox: Awaited<ReturnType<typeof startMailbox>>

beforeAll(async () => {
  mailbox = await startMailbox()
  server = await startServer({ SMTP_URL: mailbox.url })
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await mailbox?.stop()
})

const PASSWORD = 'Skvorec2027'
let people = 0
const newEmail = (name: string) => `${name}-${++people}@example.ru`

/** Registers through the form; the client is signed in. */
async function register(email: string, client = new Client(server.url), extra: Record<string, string> = {}) {
  const res = await client.post('/register', { fullName: 'Воронова Ирина Петровна', email, password: PASSWORD, consent: 'on', ...extra })
  expect(res.status).toBe(302)
  return { client, res }
}

async function signedIn(email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const client = new Client(server.url)
  const res = await client.post('/login', { email, password }, headers)
  expect(res.status).toBe(302)
  return client
}

/** Whether the client's session still opens the cabinet. */
async function opensCabinet(client: Client) {
  return (await client.get('/cabinet')).status === 200
}

/** The path of a link to this site in a letter: `/reset-password/…` or `/verify-email/…`. */
function linkIn(text: string, route: 'reset-password' | 'verify-email') {
  const m = new RegExp(`https?://[^\\s/]+(/${route}/[^\\s]+)`).exec(text)
  if (!m) throw new Error(`No ${route} link in:\n${text}`)
  return m[1]
}

const codeIn = (text: string) => /код (\d{6})/.exec(text)![1]

/** The page's own content, without the per-response nonce and honeypot stamp around it. */
const mainOf = (html: string) => pageText(/<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1])

/** The application form of the demo's contest that takes entries now. */
async function applyPath() {
  return `/contests/${(await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')).contest.slug}/apply`
}

/** The audit records about the account with this address, oldest first. */
async function auditOf(email: string) {
  const db = serverDb(server)
  const { id } = (await firstRow(db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, email))))!
  const { auditLog } = schema
  return db
    .select({ action: auditLog.action, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, id)))
    .orderBy(auditLog.id)
}

describe('password reset', () => {
  it('is offered on the log-in page', async () => {
    const html = await (await new Client(server.url).get('/login')).text()
    expect(html).toContain('href="/forgot-password"')
    expect(html).toContain('Забыли пароль?')
  })

  it('goes from the request to the letter, the link, the new password and a signed-in browser, ending every other session; the link works once', async () => {
    const email = newEmail('reset')
    const { client: registered } = await register(email)
    const elsewhere = await signedIn(email)
    expect(await opensCabinet(registered)).toBe(true)

    const browser = new Client(server.url)
    const asked = await browser.post('/forgot-password', { email })
    expect(asked.status).toBe(200)
    expect(pageText(await asked.text())).toContain(`Если адрес ${email} зарегистрирован на сайте, на него отправлено письмо`)

    const letter = await mailbox.receive(email, /Восстановление пароля/)
    expect(letter.text).toContain('Ссылка действует 1 час, до ')
    const link = linkIn(letter.text, 'reset-password')
    // The database keeps only the secret's hash.
    const { verification, outboxMessage } = schema
    const stored = (await firstRow(serverDb(server).select().from(verification).where(eq(verification.id, Number(/\/(\d+)\./.exec(link)![1])))))!
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(link).not.toContain(stored.tokenHash)
    // Once sent, the outbox keeps the letter without its link.
    await expect
      .poll(async () => (await firstRow(serverDb(server).select().from(outboxMessage).where(eq(outboxMessage.to, email)).orderBy(desc(outboxMessage.id))))!.text, { timeout: 10_000 })
      .toContain('[удалено после отправки]')
    const kept = await serverDb(server).select({ text: outboxMessage.text }).from(outboxMessage).where(eq(outboxMessage.to, email))
    expect(kept.map((m) => m.text).join('\n')).not.toContain(link.split('.')[1])

    const form = await browser.get(link)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('Новый пароль')

    const done = await browser.post(link, { password: 'Novyi-parol-2028' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/cabinet')
    expect(browser.cookies.has('session')).toBe(true)
    expect(pageText(await (await browser.get('/cabinet')).text())).toContain('Пароль изменён, вы вошли')

    expect(await opensCabinet(registered)).toBe(false)
    expect(await opensCabinet(elsewhere)).toBe(false)

    const again = await new Client(server.url).get(link)
    expect(again.status).toBe(410)
    expect(pageText(await again.text())).toContain('По этой ссылке уже воспользовались')
    const reused = await new Client(server.url).post(link, { password: 'Tretii-parol-2029' })
    expect(reused.status).toBe(400)
    expect(pageText(await reused.text())).toContain('По этой ссылке уже воспользовались')

    expect((await new Client(server.url).post('/login', { email, password: PASSWORD })).status).toBe(400)
    expect((await new Client(server.url).post('/login', { email, password: 'Tretii-parol-2029' })).status).toBe(400)
    await signedIn(email, 'Novyi-parol-2028')

    expect(await auditOf(email)).toEqual(
      expect.arrayContaining([
        { action: 'account.password_change', after: { via: 'reset' } },
        { action: 'account.sessions_end', after: { sessions: 2, via: 'reset' } },
      ]),
    )
  })

  it('refuses a link whose hour is over, with a message and a way to ask for a new one', async () => {
    const email = newEmail('expired')
    await register(email)
    await new Client(server.url).post('/forgot-password', { email })
    const link = linkIn((await mailbox.receive(email, /Восстановление пароля/)).text, 'reset-password')
    await serverDb(server)
      .update(schema.verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.verification.id, Number(/\/(\d+)\./.exec(link)![1])))

    const page = await new Client(server.url).get(link)
    expect(page.status).toBe(410)
    const html = pageText(await page.text())
    expect(html).toContain('Срок действия ссылки истёк.')
    expect(html).toContain('href="/forgot-password"')
    const post = await new Client(server.url).post(link, { password: 'Novyi-parol-2028' })
    expect(post.status).toBe(400)
    expect(pageText(await post.text())).toContain('Срок действия ссылки истёк.')
    await signedIn(email)
  })

  it('answers an unknown address exactly as a registered one, and sends it nothing', async () => {
    const known = newEmail('known')
    await register(known)
    const unknown = newEmail('nobody')
    const a = await new Client(server.url).post('/forgot-password', { email: known })
    const b = await new Client(server.url).post('/forgot-password', { email: unknown })
    expect(a.status).toBe(b.status)
    expect(mainOf(await a.text()).replaceAll(known, 'X')).toBe(mainOf(await b.text()).replaceAll(unknown, 'X'))
    await mailbox.receive(known, /Восстановление пароля/)
    expect(mailbox.messages.filter((m) => m.to.includes(unknown))).toEqual([])
  })

  it('limits the letters asked for one address, registered or not, with 429 and a Russian message', async () => {
    for (const [email, registered] of [
      [newEmail('limited'), true],
      [newEmail('limited-unknown'), false],
    ] as const) {
      if (registered) await register(email)
      const client = new Client(server.url)
      for (let i = 0; i < 3; i++) expect((await client.post('/forgot-password', { email })).status).toBe(200)
      const over = await client.post('/forgot-password', { email: email.toUpperCase() })
      expect(over.status).toBe(429)
      expect(pageText(await over.text())).toContain('Для этого адреса уже несколько раз просили восстановить пароль')
      // Another address from the same browser is not held back by it.
      expect((await client.post('/forgot-password', { email: newEmail('other') })).status).toBe(200)
    }
  })

  it('limits the letters asked from one IP with 429 and a Russian message', async () => {
    const strict = await startServer({ RATE_LIMIT_RESET: '2' })
    try {
      const client = new Client(strict.url)
      for (let i = 0; i < 2; i++) expect((await client.post('/forgot-password', { email: newEmail('ip') })).status).toBe(200)
      const over = await client.post('/forgot-password', { email: newEmail('ip') })
      expect(over.status).toBe(429)
      expect(await over.text()).toContain('Слишком много запросов на восстановление пароля')
    } finally {
      await strict.stop()
    }
  })

  it('is linked from the registration error of an address that has an account', async () => {
    const email = newEmail('taken')
    await register(email)
    const res = await new Client(server.url).post('/register', { fullName: 'Другая Анна Ивановна', email, password: PASSWORD, consent: 'on' })
    expect(res.status).toBe(400)
    const html = pageText(await res.text())
    expect(html).toMatch(/Этот адрес уже зарегистрирован\. <a [^>]*href="\/login"[^>]*>Войдите<\/a> или <a [^>]*href="\/forgot-password"[^>]*>восстановите пароль<\/a>/)
  })
})

describe('confirming the address', () => {
  it('sends a link and a code at registration, reminds in the cabinet, and takes the code', async () => {
    const email = newEmail('code')
    const { client } = await register(email)
    const letter = await mailbox.receive(email, /Подтвердите адрес/)
    expect(letter.text).toContain('/verify-email/')
    const code = codeIn(letter.text)

    const cabinet = pageText(await (await client.get('/cabinet')).text())
    expect(cabinet).toContain('Подтвердите адрес электронной почты')
    expect(cabinet).toContain('href="/account#email"')

    const wrong = await client.post('/account', { intent: 'code', code: code === '000000' ? '111111' : '000000' })
    expect(wrong.status).toBe(400)
    expect(pageText(await wrong.text())).toContain('Код не подходит')

    const right = await client.post('/account', { intent: 'code', code: `${code.slice(0, 3)} ${code.slice(3)}` })
    expect(right.status).toBe(302)
    expect(pageText(await (await client.get('/cabinet')).text())).not.toContain('Подтвердите адрес электронной почты')
    expect(pageText(await (await client.get('/account')).text())).toMatch(/подтверждён</)
    expect(await auditOf(email)).toContainEqual({ action: 'account.email_verify', after: { email, via: 'code' } })
    // The letter's link was for the same confirmation: used up with it.
    expect((await new Client(server.url).get(linkIn(letter.text, 'verify-email'))).status).toBe(410)
  })

  it('takes the link, opened on another device without signing in, after a press of a button', async () => {
    const email = newEmail('link')
    const { client } = await register(email)
    const link = linkIn((await mailbox.receive(email, /Подтвердите адрес/)).text, 'verify-email')

    const phone = new Client(server.url)
    const page = await phone.get(link)
    expect(page.status).toBe(200)
    expect(pageText(await page.text())).toContain(`Подтвердите, что адрес ${email} — ваш.`)
    // Opening it confirmed nothing yet.
    expect(pageText(await (await client.get('/cabinet')).text())).toContain('Подтвердите адрес электронной почты')

    const done = await phone.post(link, {})
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/login')
    expect(pageText(await (await client.get('/cabinet')).text())).not.toContain('Подтвердите адрес электронной почты')
    const twice = await phone.post(link, {})
    expect(twice.status).toBe(400)
    expect(pageText(await twice.text())).toContain('По этой ссылке уже воспользовались')
  })

  it('lets an account that is not confirmed open the application form', async () => {
    const { client } = await register(newEmail('unconfirmed'))
    const form = await client.get(await applyPath())
    expect(form.status).toBe(200)
    expect(pageText(await form.text())).toContain('Заявка на конкурс')
  })
})

describe('the way back after signing in', () => {
  it('brings a guest who pressed «Подать заявку» and registered from the log-in page back to the application form', async () => {
    const apply = await applyPath()
    const guest = new Client(server.url)
    const sent = await guest.get(apply)
    expect(sent.status).toBe(302)
    const login = sent.headers.get('location')!
    expect(login).toBe(`/login?redirectTo=${encodeURIComponent(apply)}`)

    const loginPage = await (await guest.get(login)).text()
    const registerLink = /href="(\/register\?redirectTo=[^"]+)"/.exec(loginPage)![1].replaceAll('&amp;', '&')
    const registerPage = await (await guest.get(registerLink)).text()
    const redirectTo = /name="redirectTo" value="([^"]*)"/.exec(registerPage)![1]
    expect(redirectTo).toBe(apply)

    const res = await guest.post(registerLink, { fullName: 'Гостева Алла Юрьевна', email: newEmail('back'), password: PASSWORD, consent: 'on', redirectTo })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(apply)
    expect((await guest.get(apply)).status).toBe(200)
  })

  it.each([
    ['a tab that browsers drop', '/\t/evil.example'],
    ['a protocol-relative address', '//evil.example'],
    ['a backslash', '/\\evil.example'],
    ['another site', 'https://evil.example/'],
    ['a line break into the headers', '/cabinet\r\nSet-Cookie: x=1'],
    ['an encoded line break', '/%0d%0a/evil.example'],
  ])('goes to the cabinet, not to %s, after log-in and registration', async (_name, redirectTo) => {
    const email = newEmail('redirect')
    const { res } = await register(email, new Client(server.url), { redirectTo })
    const login = await new Client(server.url).post('/login', { email, password: PASSWORD, redirectTo })
    for (const answer of [res, login]) {
      expect(answer.status).toBe(302)
      const location = answer.headers.get('location')!
      // This site's path as the browser reads it: no character it would drop, nothing it would take for a host.
      expect(location).toMatch(/^\/(?!\/)/)
      expect(location).not.toMatch(/[\t\r\n\\]/)
      expect(new URL(location, server.url).origin).toBe(server.url)
    }
  })
})

describe('the account page', () => {
  it('is linked from the cabinet and changes the name and the phone', async () => {
    const email = newEmail('profile')
    const { client } = await register(email)
    expect(await (await client.get('/cabinet')).text()).toContain('href="/account"')
    const res = await client.post('/account', { intent: 'profile', fullName: 'Воронова-Лис Ирина Петровна', phone: '8 (905) 111-22-33' })
    expect(res.status).toBe(302)
    expect(pageText(await (await client.get('/cabinet')).text())).toContain('Воронова-Лис Ирина Петровна')
    expect(await (await client.get('/account')).text()).toContain('value="+79051112233"')
    const bad = await client.post('/account', { intent: 'profile', fullName: '', phone: '12' })
    expect(bad.status).toBe(400)
    expect(pageText(await bad.text())).toContain('Укажите фамилию, имя и отчество')
  })

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const email = newEmail('password')
    const { client } = await register(email)
    const other = await signedIn(email)

    const wrong = await client.post('/account', { intent: 'password', currentPassword: 'Ne-tot-2027', password: 'Novyi-parol-2028' })
    expect(wrong.status).toBe(400)
    expect(pageText(await wrong.text())).toContain('Неверный пароль')
    expect(await opensCabinet(other)).toBe(true)

    const done = await client.post('/account', { intent: 'password', currentPassword: PASSWORD, password: 'Novyi-parol-2028' })
    expect(done.status).toBe(302)
    expect(await opensCabinet(client)).toBe(true)
    expect(await opensCabinet(other)).toBe(false)
    await signedIn(email, 'Novyi-parol-2028')
    expect(await auditOf(email)).toEqual(
      expect.arrayContaining([
        { action: 'account.password_change', after: { via: 'account' } },
        { action: 'account.sessions_end', after: { sessions: 1, via: 'account' } },
      ]),
    )
  })

  it('changes the address only once the new one is confirmed, from a letter sent to the new one', async () => {
    const email = newEmail('old')
    const { client } = await register(email)
    const changed = newEmail('new')
    const lettersToOld = () => mailbox.messages.filter((m) => m.to.includes(email)).length
    await mailbox.receive(email, /Подтвердите адрес/)
    const before = lettersToOld()

    const wrong = await client.post('/account', { intent: 'email', email: changed, password: 'Ne-tot-2027' })
    expect(wrong.status).toBe(400)
    expect(pageText(await wrong.text())).toContain('Неверный пароль')

    const asked = await client.post('/account', { intent: 'email', email: changed, password: PASSWORD })
    expect(asked.status).toBe(302)
    const letter = await mailbox.receive(changed, /Подтвердите адрес/)
    expect(letter.text).toContain('заменит прежний, когда вы его подтвердите')
    expect(lettersToOld()).toBe(before)

    // Until then the account keeps its address.
    expect((await new Client(server.url).post('/login', { email: changed, password: PASSWORD })).status).toBe(400)
    await signedIn(email)
    expect(pageText(await (await client.get('/account')).text())).toContain(`Новый адрес ${changed} ждёт подтверждения`)

    const confirmed = await client.post('/account', { intent: 'code', code: codeIn(letter.text) })
    expect(confirmed.status).toBe(302)
    await signedIn(changed)
    expect((await new Client(server.url).post('/login', { email, password: PASSWORD })).status).toBe(400)
    const notice = await mailbox.receive(email, /Адрес электронной почты изменён/)
    expect(notice.text).toContain(changed)
    expect(notice.text).not.toMatch(/verify-email|\d{6}/)
    expect(await auditOf(changed)).toContainEqual({ action: 'account.email_change', after: { email: changed, via: 'code' } })
  })

  it('lists the sessions with their browsers, ends one of them, and then all', async () => {
    const email = newEmail('sessions')
    await register(email)
    const phone = await signedIn(email, PASSWORD, {
      'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    })
    const laptop = await signedIn(email, PASSWORD, { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0' })

    const html = pageText(await (await phone.get('/account')).text())
    expect(html).toContain('Chrome 120, Android 14, телефон')
    expect(html).toContain('Firefox 128, Windows 10, компьютер')
    expect(html).toMatch(/Chrome 120, Android 14, телефон<\/strong> <span class="badge badge--ok">это устройство/)
    // A session is named by a handle, never by its id (the cookie's secret).
    expect(html).not.toContain(phone.cookies.get('session')!)
    expect(html).not.toContain(laptop.cookies.get('session')!)

    const laptopHandle = /Firefox 128[\s\S]*?name="handle" value="([0-9a-f]{32})"/.exec(html)![1]
    const one = await phone.post('/account', { intent: 'end-session', handle: laptopHandle })
    expect(one.status).toBe(302)
    expect(await opensCabinet(laptop)).toBe(false)
    expect(await opensCabinet(phone)).toBe(true)

    const all = await phone.post('/account', { intent: 'end-all' })
    expect(all.status).toBe(302)
    expect(all.headers.get('location')).toBe('/login')
    expect(await opensCabinet(phone)).toBe(false)
    expect((await auditOf(email)).filter((r) => r.action === 'account.sessions_end').map((r) => r.after)).toEqual([
      { sessions: 1, via: 'sessions' },
      { sessions: 2, via: 'sessions' },
    ])
  })
})
