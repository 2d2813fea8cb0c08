/**
 * The holes found from outside (issue «Accounts people can recover…», items 7 and 8), probed over
 * real HTTP against the built server: session ids kept only as hashes, the log-in limit counted by
 * route whatever the spelling of its address, Remix's old `?_data=` requests refused without a stack
 * trace, unknown form fields never echoed back, posts capped at what their forms need, `%` and `_` in
 * the administrators' account search taken literally, and pages for signed-in people never cached.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema } from '../../db/client.server'
import { hashSecret } from '../../app/utils/secret-token.server'
import { closeServerDb, seededContest, serverDb } from '../factories-entries'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

const PASSWORD = 'Skvorec2027'
let people = 0
const newEmail = (name: string) => `${name}-${++people}@example.ru`

async function register(email: string) {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: 'Лаптева Нина Олеговна', email, password: PASSWORD, consent: 'on' })
  expect(res.status).toBe(302)
  return client
}

async function userId(email: string) {
  return (await firstRow(serverDb(server).select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, email))))!.id
}

/** Lines of a stack trace in the server's log («    at handleDataRequest (…)»). */
const stackLines = (log: string) => log.split('\n').filter((line) => /^\s+at\s/.test(line))

describe('sessions', () => {
  it('are kept in the database by the hash of their id only, and a stored id opens nothing', async () => {
    const email = newEmail('hashed')
    const client = await register(email)
    const id = await userId(email)
    const cookie = client.cookies.get('session')!
    const rows = await serverDb(server).select({ id: schema.session.id }).from(schema.session).where(eq(schema.session.userId, id))
    expect(rows).toEqual([{ id: hashSecret(cookie) }])
    expect((await client.get('/cabinet')).status).toBe(200)

    // What a copy of the database holds is no key: sent as a cookie, it signs no one in.
    const stolen = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${rows[0].id}` } })
    expect(stolen.status).toBe(302)
    expect(stolen.headers.get('location')).toContain('/login')
  })
})

describe("Remix's data requests of before single fetch (?_data=)", () => {
  it('are refused with 400 on every page, signed in or not, and leave no stack trace in the log', async () => {
    const { contest } = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    const admin = new Client(server.url)
    await admin.login(DEMO.admin, DEMO.password)
    const logBefore = server.output().length
    const probes: [Client, 'get' | 'post', string][] = [
      [new Client(server.url), 'get', '/login?_data=routes/login'],
      [new Client(server.url), 'post', '/login?_data=routes/login'],
      [new Client(server.url), 'get', '/register?_data=routes/register'],
      [new Client(server.url), 'post', '/register?_data=root'],
      [admin, 'get', '/organiser/outbox?_data=routes/organiser.outbox'],
      [organiser, 'get', `/organiser/contests/${contest.id}/moderation?_data=routes/organiser.contests.$contestId.moderation`],
      [organiser, 'post', `/organiser/contests/${contest.id}/moderation?_data=routes/organiser.contests.$contestId.moderation`],
      [organiser, 'get', `/organiser/contests/${contest.id}/moderation?status=submitted&_d%61ta=`],
    ]
    for (const [client, method, path] of probes) {
      const res = method === 'get' ? await client.get(path) : await client.post(path, { email: DEMO.resident, password: 'wrong-1234' })
      expect([path, res.status]).toEqual([path, 400])
      expect(await res.text()).toContain('не поддерживается')
    }
    // The same pages' own data requests (`.data`) still work.
    const data = await organiser.get(`/organiser/contests/${contest.id}/moderation.data`)
    expect(data.status).toBe(200)
    await data.text()
    expect(stackLines(server.output().slice(logBefore))).toEqual([])
  })
})

describe('a post to a page without a form', () => {
  it('answers 405, with its data request too, and leaves no stack trace in the log', async () => {
    const logBefore = server.output().length
    for (const path of ['/', '/.data', '/statistics', '/statistics.data', '/no-such-page', '/no-such-page.data']) {
      const res = await new Client(server.url).post(path, { x: '1' })
      expect([path, res.status]).toEqual([path, 405])
      await res.text()
    }
    expect(stackLines(server.output().slice(logBefore))).toEqual([])
  })
})

describe('fields a form does not have', () => {
  const junk = (count: number) => Array.from({ length: count }, (_, i) => [`junk${i}`, `value-of-junk-${i}`] as [string, string])

  it('are not echoed back into a refused registration form', async () => {
    const form = { fullName: 'Лаптева Нина Олеговна', email: newEmail('echo'), password: 'short1' }
    const plain = await (await new Client(server.url).post('/register', form)).text()
    // 2 000 fields (about 50 KB) stay under what a guest may send.
    const res = await new Client(server.url).post('/register', new URLSearchParams([...Object.entries(form), ...junk(2000)]))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Пароль должен быть не короче 8 символов')
    expect(html).toContain('value="Лаптева Нина Олеговна"')
    expect(html).not.toContain('junk1999')
    expect(html.length).toBeLessThan(plain.length + 2000)
  })

  it('are not echoed back into a signed-in person’s refused form either (10 000 fields)', async () => {
    const client = await register(newEmail('echo-signed'))
    const res = await client.post('/account', new URLSearchParams([['intent', 'profile'], ['fullName', 'Лаптева Нина'], ['phone', '12345'], ...junk(10_000)]))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Номер телефона в формате')
    expect(html).toContain('value="Лаптева Нина"')
    expect(html).not.toContain('junk9999')
    expect(html.length).toBeLessThan(200_000)
  })
})

describe('the size of a post', () => {
  const tooLarge = async (res: Response) => {
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('<html lang="ru">')
    expect(html).toContain('Слишком большой запрос')
  }

  it('is at most 64 KB from a guest, whatever the form and its type, refused with 413 and a Russian page', async () => {
    const guest = new Client(server.url)
    const login = { email: DEMO.resident, password: 'wrong-password-1' }
    // Just under: the form is read, and refused for what it says.
    expect((await guest.post('/login', { ...login, pad: 'x'.repeat(60_000) })).status).toBe(400)
    await tooLarge(await guest.post('/login', { ...login, pad: 'x'.repeat(70_000) }))
    await tooLarge(await guest.post('/Register/', { fullName: 'Я'.repeat(20 * 1024 * 1024 / 6), email: 'big@example.ru', password: PASSWORD }))
    const multipart = new FormData()
    multipart.append('email', DEMO.resident)
    multipart.append('password', DEMO.password)
    multipart.append('file', new Blob([new Uint8Array(200_000)]), 'big.bin')
    await tooLarge(await guest.post('/login', multipart))
    // Nothing reached the action: no account was made.
    expect(await firstRow(serverDb(server).select().from(schema.user).where(eq(schema.user.email, 'big@example.ru')))).toBeUndefined()
  })

  it('of unknown length is refused from a guest before it is read', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`email=${encodeURIComponent(DEMO.resident)}&password=${DEMO.password}`))
        controller.close()
      },
    })
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(411)
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('is at most 1 MB for a signed-in person’s form without files', async () => {
    const client = await register(newEmail('big-form'))
    await tooLarge(await client.post('/account', { intent: 'profile', fullName: 'Я'.repeat(200_000), phone: '' }))
    // A long form under the limit is read and answered beside its field.
    const long = await client.post('/account', { intent: 'profile', fullName: 'Я'.repeat(100_000), phone: '' })
    expect(long.status).toBe(400)
    expect(await long.text()).toContain('ФИО должно быть не длиннее 200 символов')
  })
})

describe("the administrators' account search", () => {
  it('takes % and _ as the characters they are, not as wildcards', async () => {
    const email = newEmail('snake_case')
    await register(email)
    const admin = new Client(server.url)
    await admin.login(DEMO.admin, DEMO.password)
    const found = async (q: string) => pageText(await (await admin.get(`/admin/users?q=${encodeURIComponent(q)}`)).text())

    const percent = await found('%')
    expect(percent).not.toContain(DEMO.resident)
    expect(percent).not.toContain(email)
    const underscore = await found('_')
    expect(underscore).toContain(email)
    expect(underscore).not.toContain(DEMO.resident)
    expect(await found('e_c')).toContain(email)
    expect(await found('es_dent')).not.toContain(DEMO.resident)
    // An ordinary part of an address still finds it.
    expect(await found('resident@demo')).toContain(DEMO.resident)
  })
})

describe('caching of pages for someone signed in', () => {
  let cached: TestServer
  beforeAll(async () => {
    cached = await startServer({ PAGE_CACHE_SECONDS: '60' })
  })
  afterAll(() => cached?.stop())

  it('forbids keeping any copy of their pages and route data, and the guests’ page cache never stores one', async () => {
    const resident = new Client(cached.url)
    await resident.login(DEMO.resident, DEMO.password)
    for (const path of ['/', '/cabinet', '/statistics', '/_root.data', '/cabinet.data']) {
      const res = await resident.get(path)
      await res.text()
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'private, no-store'])
      expect(res.headers.get('x-page-cache')).toBeNull()
    }
    const home = await resident.get('/')
    expect(pageText(await home.text())).toContain('Выйти')

    // Guests get the home page from their cache, never the resident's.
    const first = await fetch(`${cached.url}/`)
    const firstHtml = pageText(await first.text())
    expect(first.headers.get('cache-control') ?? '').not.toContain('no-store')
    const second = await fetch(`${cached.url}/`)
    const secondHtml = pageText(await second.text())
    expect(second.headers.get('x-page-cache')).toBe('hit')
    for (const html of [firstHtml, secondHtml]) {
      expect(html).not.toContain('Выйти')
    }
  })
})

describe('the log-in and registration limit', () => {
  let limited: TestServer
  beforeAll(async () => {
    limited = await startServer({ RATE_LIMIT_AUTH: '3' })
  })
  afterAll(() => limited?.stop())

  it('counts the route, whatever the letter case, trailing slash, encoding or `.data` of its address', async () => {
    const guest = new Client(limited.url)
    const wrong = { email: DEMO.resident, password: 'wrong-password-1' }
    for (let i = 0; i < 3; i++) expect((await guest.post('/login', wrong)).status).toBe(400)
    expect((await guest.post('/login', wrong)).status).toBe(429)
    for (const path of ['/Login', '/login/', '/LOGIN.data', '/%6Cogin', '/login?index', '/Register/', '/register.data']) {
      const res = await guest.post(path, wrong)
      expect([path, res.status]).toEqual([path, 429])
      expect(await res.text()).toContain('Слишком много попыток')
    }
    // The right password does not get through either.
    expect((await guest.post('/LOGIN', { email: DEMO.resident, password: DEMO.password })).status).toBe(429)
    // Other forms and the pages themselves are not under this limit.
    expect((await guest.get('/login')).status).toBe(200)
    expect((await guest.post('/forgot-password', { email: 'nobody@example.ru' })).status).toBe(200)
  })
})
