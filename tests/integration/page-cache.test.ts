/**
 * The server's page cache (app/utils/page-cache.server.ts) on the real server with the cache on:
 * a page is reused only for the same person and URL, never after the database has changed, never
 * past a renewed or ended session, and never when a one-time message is waiting.
 */
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/client.server'
import { judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer
let db: DB
let scene: ReturnType<typeof judgingContest>

beforeAll(async () => {
  server = await startServer({ PAGE_CACHE_SECONDS: '60' })
  db = openDatabase(server.dbPath)
  scene = judgingContest(db)
})
afterAll(async () => {
  db?.$client.close()
  await server?.stop()
})

const cacheOf = (res: Response) => res.headers.get('x-page-cache')

function scriptNonces(html: string) {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((m) => /nonce="([^"]+)"/.exec(m[0])?.[1])
}

describe('guests', () => {
  it('get the same page again with a fresh nonce, and a fresh render as soon as the data changes', async () => {
    await (await fetch(`${server.url}/`)).text()
    const again = await fetch(`${server.url}/`)
    expect(cacheOf(again)).toBe('hit')
    const nonce = /'nonce-([^']+)'/.exec(again.headers.get('content-security-policy')!)![1]
    const nonces = scriptNonces(await again.text())
    expect(nonces.length).toBeGreaterThan(0)
    expect(new Set(nonces)).toEqual(new Set([nonce]))

    // A change committed by another connection (a script, another process).
    const other = new Database(server.dbPath)
    other.prepare("update contest set title = 'Переименованный конкурс' where slug like 'teplo-tvoih-ruk-%'").run()
    other.close()
    const changed = await fetch(`${server.url}/`)
    expect(cacheOf(changed)).toBe('miss')
    expect(pageText(await changed.text())).toContain('Переименованный конкурс')
  })
})

describe('signed-in people', () => {
  it('each get their own page, never another person’s', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    // The first page after logging in shows the welcome message and clears it; the next one may be reused.
    await (await resident.get('/cabinet')).text()
    await (await organiser.get('/cabinet')).text()
    await (await resident.get('/cabinet')).text()
    const residentAgain = await resident.get('/cabinet')
    expect(cacheOf(residentAgain)).toBe('hit')
    const organiserPage = await organiser.get('/cabinet')
    const organiserHtml = pageText(await organiserPage.text())
    const residentHtml = pageText(await residentAgain.text())
    expect(organiserHtml).not.toBe(residentHtml)
    expect(organiserHtml).toContain('Организатор')
    expect(residentHtml).not.toContain('Организатор')
  })

  it('see their own change at once, with its message: a juror’s saved score', async () => {
    const juror = makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const entry = scene.entries.find((e) => e.nominationId === scene.yard.id)!
    const url = `/jury/stages/${scene.stage.id}/entries/${entry.id}`
    // The first page clears the welcome message; the second is kept.
    await (await client.get(url)).text()
    await (await client.get(url)).text()
    const before = await client.get(url)
    expect(cacheOf(before)).toBe('hit')
    expect(await before.text()).not.toContain('Оценено 1 из')

    const [aesthetics, care] = scene.criteria
    const saved = await client.post(url, { intent: 'score', [`c${aesthetics.id}`]: '7', [`c${care.id}`]: '4', comment: 'Светлый двор' })
    expect(saved.status).toBe(302)
    // The one-time message is shown, not a page kept from before it.
    const withMessage = await client.get(url)
    expect(cacheOf(withMessage)).toBeNull()
    const html = pageText(await withMessage.text())
    expect(html).toContain('Оценено 1 из')
    expect(html).toContain('Светлый двор')
    // And the page without the message, rendered afresh since the score changed the data.
    const after = await client.get(url)
    expect(pageText(await after.text())).toContain('Светлый двор')
  })

  it('get nothing from the cache once logged out', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    await (await resident.get('/cabinet')).text()
    await (await resident.get('/cabinet')).text()
    const session = resident.cookies.get('session')!
    expect(cacheOf(await resident.get('/cabinet'))).toBe('hit')
    expect((await resident.post('/logout', {})).status).toBe(302)
    const stale = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${session}` } })
    expect(stale.status).toBe(302)
    expect(stale.headers.get('location')).toContain('/login')
  })

  it('get the log-in page, not a kept page, once the session has expired', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    await (await resident.get('/cabinet')).text()
    await (await resident.get('/cabinet')).text()
    expect(cacheOf(await resident.get('/cabinet'))).toBe('hit')
    const session = resident.cookies.get('session')!
    const other = new Database(server.dbPath)
    other.prepare('update session set expires_at = ? where id = ?').run(Math.floor(Date.now() / 1000) - 60, session)
    const expired = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${session}` } })
    expect(expired.status).toBe(302)
    expect(expired.headers.get('location')).toContain('/login')
    expect(other.prepare('select count(*) as n from session where id = ?').get(session)).toEqual({ n: 0 })
    other.close()
  })

  it('get a session due for renewal rendered by the app, which sends the renewed cookie', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    await (await resident.get('/cabinet')).text()
    await (await resident.get('/cabinet')).text()
    // Ten days left of thirty: lucia renews the session on the next request.
    const other = new Database(server.dbPath)
    other.prepare('update session set expires_at = ? where id = ?').run(Math.floor(Date.now() / 1000) + 10 * 86400, resident.cookies.get('session'))
    other.close()
    const renewed = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${resident.cookies.get('session')}` } })
    expect(renewed.status).toBe(200)
    expect(cacheOf(renewed)).toBeNull()
    expect(renewed.headers.getSetCookie().join('\n')).toMatch(/session=[^;]+;.*Max-Age=259\d{4}/i)
  })
})
