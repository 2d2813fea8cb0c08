import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server?.stop())

describe('public pages', () => {
  it('lists the six contests of the city on the home page, open ones with the time left', async () => {
    const html = pageText(await (await new Client(server.url).get('/')).text())
    for (const name of ['Снежный калейдоскоп', '#Вновыйгодвместе', 'Тепло твоих рук', 'Город друзей – город идей', 'Любимому городу – красивый дом и двор', 'Лучший комитет ТОС']) {
      expect(html).toContain(name)
    }
    expect(html).toMatch(/До окончания приёма заявок (остался|осталось) \d+ (день|дня|дней)/)
  })

  it('shows a contest with its nominations, criteria and dates', async () => {
    const client = new Client(server.url)
    const home = await (await client.get('/')).text()
    const slug = /href="\/contests\/(teplo-tvoih-ruk-\d{4})"/.exec(home)![1]
    const res = await client.get(`/contests/${slug}`)
    expect(res.status).toBe(200)
    const html = pageText(await res.text())
    for (const n of ['Весна в шахтерском крае', 'Экодомик', 'Специальный приз жюри', 'Качество исполнения', 'Начало приёма заявок']) {
      expect(html).toContain(n)
    }
    expect(html).toContain('от 0 до 10 баллов')
  })

  it('answers an unknown contest and an unknown page with a Russian 404', async () => {
    const client = new Client(server.url)
    const contest = await client.get('/contests/no-such-contest')
    expect(contest.status).toBe(404)
    expect(await contest.text()).toContain('Такого конкурса нет')
    const page = await client.get('/no/such/page')
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('Страница не найдена')
  })

  it('sends security headers with a CSP nonce that every inline script carries', async () => {
    const res = await new Client(server.url).get('/')
    const csp = res.headers.get('content-security-policy')!
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const html = await res.text()
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    const second = await new Client(server.url).get('/')
    expect(/'nonce-([^']+)'/.exec(second.headers.get('content-security-policy')!)![1]).not.toBe(nonce)
  })

  it('compresses pages and caches built assets for a year', async () => {
    const res = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const html = await res.text()
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]
    const asset = await fetch(server.url + css)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/)
  })
})

describe('rate limits', () => {
  let limited: TestServer
  beforeAll(async () => {
    limited = await startServer({ RATE_LIMIT_AUTH: '3', RATE_LIMIT_POST: '5' })
  })
  afterAll(() => limited?.stop())

  it('stops a fourth log in attempt within the window with a Russian 429', async () => {
    const client = new Client(limited.url)
    for (let i = 0; i < 3; i++) expect((await client.post('/login', { email: 'x@example.ru', password: 'Wrong12345' })).status).toBe(400)
    const blocked = await client.post('/login', { email: 'x@example.ru', password: 'Wrong12345' })
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain('Слишком много попыток')
    // Reading pages is not limited.
    expect((await client.get('/login')).status).toBe(200)
  })

  it('limits every other form post too', async () => {
    const client = new Client(limited.url)
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await client.post('/logout', {})).status)
    expect(statuses.slice(0, 2)).toEqual([302, 302])
    expect(statuses.at(-1)).toBe(429)
  })
})
