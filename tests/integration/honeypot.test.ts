import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContest, invitationPath, organiserClient, startMailbox } from '../factories-organiser'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'

let mailbox: Awaited<ReturnType<typeof startMailbox>>
let server: TestServer

// The guests' page cache is on, as deployed: a cached page must carry a time stamp the server still accepts.
beforeAll(async () => {
  mailbox = await startMailbox()
  server = await startServer({ PAGE_CACHE_SECONDS: '5', SMTP_URL: mailbox.url })
})
afterAll(async () => {
  await server?.stop()
  await mailbox?.stop()
})

const person = { fullName: 'Соколова Вера Ивановна', phone: '', password: 'Skvorec2027', consent: 'on' }

/** The honeypot fields exactly as the server rendered them into the page: what a browser without JavaScript posts. */
async function hiddenFields(client: Client, pathname: string) {
  const res = await client.get(pathname)
  expect(res.status).toBe(200)
  const html = await res.text()
  expect(html).toMatch(/<div class="honeypot"/)
  expect(html).toContain('name="name__confirm"')
  const stamp = /name="from__confirm"[^>]*value="([^"]+)"/.exec(html)
  expect(stamp).not.toBeNull()
  return { fields: { name__confirm: '', from__confirm: stamp![1] }, cache: res.headers.get('x-page-cache') }
}

describe('the honeypot on guest forms', () => {
  it('lets a person register and log in with the hidden fields left empty, as a browser without JavaScript posts them', async () => {
    const client = new Client(server.url)
    const { fields } = await hiddenFields(client, '/register')
    const res = await client.post('/register', { ...person, email: 'sokolova@example.ru', ...fields })
    expect(res.status).toBe(302)
    expect(client.cookies.has('session')).toBe(true)

    const again = new Client(server.url)
    const login = await hiddenFields(again, '/login')
    const signedIn = await again.post('/login', { email: 'sokolova@example.ru', password: person.password, ...login.fields })
    expect(signedIn.status).toBe(302)
    expect(again.cookies.has('session')).toBe(true)
  })

  it('accepts the time stamp of a page served again from the page cache', async () => {
    const first = new Client(server.url)
    const rendered = await hiddenFields(first, '/register')
    const second = new Client(server.url)
    const cached = await hiddenFields(second, '/register')
    expect(cached.cache).toBe('hit')
    expect(cached.fields.from__confirm).toBe(rendered.fields.from__confirm)
    const res = await second.post('/register', { ...person, email: 'from-cache@example.ru', ...cached.fields })
    expect(res.status).toBe(302)
  })

  it('refuses a registration whose hidden field is filled, with a Russian message, and creates no account', async () => {
    const client = new Client(server.url)
    const { fields } = await hiddenFields(client, '/register')
    const res = await client.post('/register', { ...person, email: 'bot@example.ru', ...fields, name__confirm: 'Бот' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Форма похожа на отправленную программой')
    expect(client.cookies.has('session')).toBe(false)
    // No account was made: the address is still free and its password opens nothing.
    const login = await new Client(server.url).post('/login', { email: 'bot@example.ru', password: person.password })
    expect(login.status).toBe(400)
    expect(await login.text()).toContain('Неверная электронная почта или пароль')
  })

  it('refuses a log-in whose hidden field is filled, even with the right password, and starts no session', async () => {
    const client = new Client(server.url)
    const { fields } = await hiddenFields(client, '/login')
    const res = await client.post('/login', { email: DEMO.resident, password: DEMO.password, ...fields, name__confirm: 'x' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Обновите страницу и отправьте форму ещё раз')
    expect(client.cookies.has('session')).toBe(false)
    expect((await client.get('/cabinet')).status).toBe(302)
  })

  it('refuses a forged time stamp', async () => {
    const client = new Client(server.url)
    const res = await client.post('/register', { ...person, email: 'forged@example.ru', name__confirm: '', from__confirm: 'U2FsdGVkX1+forged' })
    expect(res.status).toBe(400)
    expect(client.cookies.has('session')).toBe(false)
  })

  it('refuses a new juror account from an invitation whose hidden field is filled, and accepts it left empty', async () => {
    const organiser = await organiserClient(server.url)
    const contestId = await createContest(organiser, { slug: 'honeypot-zhyuri' })
    const invited = await organiser.post(`/organiser/contests/${contestId}/jury`, { intent: 'invite', email: 'zaytseva@example.ru', fullName: 'Зайцева Нина' })
    expect(invited.status).toBe(302)
    const path = invitationPath((await mailbox.receive('zaytseva@example.ru')).text)

    const guest = new Client(server.url)
    const { fields } = await hiddenFields(guest, path)
    const form = { intent: 'register', fullName: 'Зайцева Нина Петровна', phone: '', password: 'Zhyuri2027', consent: 'on' }
    const bot = await guest.post(path, { ...form, ...fields, name__confirm: 'http://spam.example' })
    expect(bot.status).toBe(400)
    expect(await bot.text()).toContain('Форма похожа на отправленную программой')
    expect(guest.cookies.has('session')).toBe(false)
    expect((await new Client(server.url).post('/login', { email: 'zaytseva@example.ru', password: form.password })).status).toBe(400)

    const person = await guest.post(path, { ...form, ...fields })
    expect(person.status).toBe(302)
    expect(guest.cookies.has('session')).toBe(true)
  })
})
