import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, schema } from '../../db/client.server'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server?.stop())

const valid = { fullName: 'Орлова Дарья Сергеевна', email: 'orlova@example.ru', phone: '+7 905 111-22-33', password: 'Skvorec2027', consent: 'on' }

describe('registration', () => {
  it('creates the account, signs the resident in and shows the cabinet', async () => {
    const client = new Client(server.url)
    const res = await client.post('/register', valid)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/cabinet')
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('session='))!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    const cabinet = await client.get('/cabinet')
    expect(cabinet.status).toBe(200)
    const html = await cabinet.text()
    expect(html).toContain('Орлова Дарья Сергеевна')
    expect(html).toContain('Вы зарегистрированы')
  })

  const cases: [string, Record<string, string>, string][] = [
    ['a duplicate e-mail', { ...valid, email: 'ORLOVA@example.ru' }, 'Этот адрес уже зарегистрирован'],
    ['a malformed e-mail', { ...valid, email: 'orlova@@example' }, 'Адрес электронной почты указан неверно'],
    ['an empty password', { ...valid, email: 'a1@example.ru', password: '' }, 'Придумайте пароль'],
    ['a short password', { ...valid, email: 'a2@example.ru', password: 'abc12' }, 'Пароль должен быть не короче 8 символов'],
    ['a password without digits', { ...valid, email: 'a3@example.ru', password: 'skvorechnik' }, 'Пароль должен содержать буквы и цифры'],
    ['a missing name', { ...valid, email: 'a4@example.ru', fullName: '   ' }, 'Укажите фамилию, имя и отчество'],
    ['a name of 5 000 letters', { ...valid, email: 'a5@example.ru', fullName: 'Я'.repeat(5000) }, 'ФИО должно быть не длиннее 200 символов'],
    ['a malformed phone', { ...valid, email: 'a6@example.ru', phone: '12345' }, 'Номер телефона в формате'],
  ]
  it.each(cases)('refuses %s with a Russian message beside the field and status 400', async (_name, form, message) => {
    const client = new Client(server.url)
    const res = await client.post('/register', form)
    expect(res.status).toBe(400)
    const html = await res.text()
    // A huge value is not sent back into the page.
    expect(html.length).toBeLessThan(100_000)
    expect(html).toContain(message)
    expect(html).toMatch(/aria-invalid="true"/)
    // The password is never echoed back into the page.
    if (form.password) expect(html).not.toContain(`value="${form.password}"`)
    expect(client.cookies.has('session')).toBe(false)
  })

  it('answers a form far larger than a guest may send (42 MB) with a Russian page once the browser has sent it, not a reset connection', async () => {
    const res = await new Client(server.url).post('/register', { ...valid, email: 'huge@example.ru', fullName: 'Я'.repeat(7 * 1024 * 1024) })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('<html lang="ru">')
    expect(html).toContain('Слишком большой запрос')
    expect(html).toContain('сократите текст')
  })

  it('tells clients it keeps an idle connection open longer than they do, so none sends a form into a closed one', async () => {
    const res = await new Client(server.url).get('/register')
    await res.text()
    const timeout = Number(/timeout=(\d+)/.exec(res.headers.get('keep-alive') ?? '')?.[1])
    expect(timeout).toBeGreaterThan(60)
  })

  it('ignores a field name with a huge list index instead of building that list', async () => {
    const res = await new Client(server.url).post('/register', { ...valid, email: 'x@example.ru', password: 'short1', 'x[100000000]': '1' })
    expect(res.status).toBe(400)
    expect((await res.text()).length).toBeLessThan(100_000)
  })

  it('keeps what the resident typed when the form is refused', async () => {
    const res = await new Client(server.url).post('/register', { ...valid, email: 'x@example.ru', password: 'short1' })
    const html = await res.text()
    expect(html).toContain('value="Орлова Дарья Сергеевна"')
    expect(html).toContain('value="x@example.ru"')
  })

  it('refuses a form posted from another site with 403', async () => {
    const res = await new Client(server.url).post('/register', { ...valid, email: 'csrf@example.ru' }, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('другого сайта')
    const login = await new Client(server.url).post('/login', { email: 'csrf@example.ru', password: valid.password })
    expect(login.status).toBe(400)
  })

  it('refuses a post with neither Origin nor Referer', async () => {
    const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: DEMO.admin, password: DEMO.password }), redirect: 'manual' })
    expect(res.status).toBe(403)
  })
})

describe('log in and log out', () => {
  it('gives the same message for an unknown e-mail and a wrong password', async () => {
    const unknown = await new Client(server.url).post('/login', { email: 'nobody@example.ru', password: 'Whatever123' })
    const wrong = await new Client(server.url).post('/login', { email: DEMO.resident, password: 'Whatever123' })
    expect(unknown.status).toBe(400)
    expect(wrong.status).toBe(400)
    const a = await unknown.text()
    const b = await wrong.text()
    expect(a).toContain('Неверная электронная почта или пароль')
    expect(b).toContain('Неверная электронная почта или пароль')
  })

  it('returns to the page that asked for log in, and only within the site', async () => {
    const client = new Client(server.url)
    const res = await client.post('/login', { email: DEMO.resident, password: DEMO.password, redirectTo: '/cabinet?tab=1' })
    expect(res.headers.get('location')).toBe('/cabinet?tab=1')
    const evil = await new Client(server.url).post('/login', { email: DEMO.resident, password: DEMO.password, redirectTo: '//evil.example' })
    expect(evil.headers.get('location')).toBe('/cabinet')
  })

  it('logs out: the session no longer opens the cabinet', async () => {
    const client = new Client(server.url)
    await client.login(DEMO.resident, DEMO.password)
    const stolen = client.cookies.get('session')!
    expect((await client.get('/cabinet')).status).toBe(200)
    const out = await client.post('/logout', {})
    expect(out.status).toBe(302)
    const again = await fetch(`${server.url}/cabinet`, { headers: { cookie: `session=${stolen}` }, redirect: 'manual' })
    expect(again.status).toBe(302)
    expect(again.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('roles', () => {
  it('sends a guest to log in from the admin pages', async () => {
    const res = await new Client(server.url).get('/admin/users')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fadmin%2Fusers')
  })

  it.each(['resident', 'operator', 'juror', 'organiser'] as const)('gives a %s 403 on the admin pages, page and data', async (role) => {
    const client = new Client(server.url)
    await client.login(DEMO[role], DEMO.password)
    const page = await client.get('/admin/users')
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('Доступ запрещён')
    const data = await client.get('/admin/users.data')
    expect(data.status).toBe(403)
    const post = await client.post('/admin/users', { userId: '00000000-0000-4000-8000-000000000000', role: 'admin', grant: '1' })
    expect(post.status).toBe(403)
  })

  it('lets the admin grant and revoke a role, and records it in the audit log', async () => {
    const resident = new Client(server.url)
    await resident.post('/register', { ...valid, email: 'future-juror@example.ru' })
    expect((await resident.get('/cabinet')).status).toBe(200)

    const admin = new Client(server.url)
    await admin.login(DEMO.admin, DEMO.password)
    const list = await (await admin.get('/admin/users?q=future-juror')).text()
    const userId = /name="userId" value="([0-9a-f-]{36})"/.exec(list)![1]
    const grant = await admin.post('/admin/users?q=future-juror', { userId, role: 'juror', grant: '1' })
    expect(grant.status).toBe(302)
    expect(await (await resident.get('/cabinet')).text()).toContain('Работа в жюри')

    const revoke = await admin.post('/admin/users', { userId, role: 'juror', grant: '0' })
    expect(revoke.status).toBe(302)
    expect(await (await resident.get('/cabinet')).text()).not.toContain('Работа в жюри')

    const bad = await admin.post('/admin/users', { userId, role: 'emperor', grant: '1' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Неизвестная роль')

    const db = openDatabase(server.dbPath)
    const rows = await db.select({ action: schema.auditLog.action }).from(schema.auditLog).where(eq(schema.auditLog.entityId, userId)).orderBy(schema.auditLog.id)
    await closeDatabase(db)
    expect(rows.map((r) => r.action)).toEqual(['role.grant', 'role.revoke'])

    // The site's own log, which no contest's page shows, names the account and who acted.
    const log = pageText(await (await admin.get('/admin/audit?type=user')).text())
    expect(log).toContain('Выдана роль')
    expect(log).toContain('Роль отозвана')
    expect(log).toContain(`Учётная запись: ${valid.fullName} (future-juror@example.ru)`)
    expect(log).toContain("<dt>Роль</dt><dd><del>Член жюри</del> → <ins>Член жюри</ins></dd>")
    for (const email of [DEMO.organiser, DEMO.resident]) {
      const other = new Client(server.url)
      await other.login(email, DEMO.password)
      expect((await other.get('/admin/audit')).status).toBe(403)
    }
  })

  it('does not let the admin remove their own admin role', async () => {
    const admin = new Client(server.url)
    await admin.login(DEMO.admin, DEMO.password)
    const list = await (await admin.get('/admin/users?q=admin@demo')).text()
    const userId = /name="userId" value="([0-9a-f-]{36})"/.exec(list)![1]
    const res = await admin.post('/admin/users', { userId, role: 'admin', grant: '0' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Нельзя снять роль администратора с самого себя')
  })
})
