/**
 * The server's page cache (app/utils/page-cache.server.ts) on the real server with the cache on:
 * guests' pages are reused with their own headers, never after the database has changed, and a crowd
 * of identical requests is rendered once; signed-in people always get a page rendered for them
 * (docs/decisions/011).
 */
import { eq, like, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, schema, type DB } from '../../db/client.server'
import { hashSecret } from '../../app/utils/secret-token.server'
import { judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { Client, DEMO, pageAfterChange, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer
let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>

beforeAll(async () => {
  server = await startServer({ PAGE_CACHE_SECONDS: '60' })
  db = openDatabase(server.dbPath)
  scene = await judgingContest(db)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

const cacheOf = (res: Response) => res.headers.get('x-page-cache')

/** A change committed by another connection (a script, another process, another instance), through a handle of its own. */
async function changeElsewhere(change: (other: DB) => Promise<unknown>) {
  const other = openDatabase(server.dbPath)
  await change(other)
  await closeDatabase(other)
}


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

    await changeElsewhere((other) => other.update(schema.contest).set({ title: 'Переименованный конкурс' }).where(like(schema.contest.slug, 'teplo-tvoih-ruk-%')))
    const changed = await pageAfterChange(`${server.url}/`)
    expect(cacheOf(changed)).toBe('miss')
    expect(pageText(await changed.text())).toContain('Переименованный конкурс')
  })
})

describe('guests, over HTTP', () => {
  const perResponse = new Set(['date', 'x-page-cache', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-security-policy'])
  const withoutNonces = (html: string) => pageText(html).replace(/ nonce="[^"]+"/g, '')
  const ownHeaders = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => !perResponse.has(name)))

  it('get on a hit the headers the page was sent with on its miss', async () => {
    const slug = /href="\/contests\/([^"/]+)"/.exec(await (await fetch(`${server.url}/`)).text())![1]
    const url = `${server.url}/contests/${slug}`
    // In the cache before the change: its first render, made before the change's notice reached the server
    // on PostgreSQL, would be emptied again by that notice, and its next view be another miss.
    await (await fetch(url)).text()
    await changeElsewhere((other) => other.update(schema.contest).set({ title: sql`${schema.contest.title} || ' '` }).where(eq(schema.contest.slug, slug)))
    const miss = await pageAfterChange(url)
    expect(cacheOf(miss)).toBe('miss')
    const hit = await fetch(url)
    expect(cacheOf(hit)).toBe('hit')
    expect(ownHeaders(hit)).toEqual(ownHeaders(miss))
    expect(hit.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(hit.headers.get('x-frame-options')).toBe(miss.headers.get('x-frame-options'))
    expect(withoutNonces(await hit.text())).toBe(withoutNonces(await miss.text()))
  })

  it('render a crowd of identical requests once', async () => {
    // A page no request has asked for yet (the query makes it a key of its own).
    const url = `${server.url}/?from=telegram`
    const crowd = await Promise.all(Array.from({ length: 12 }, () => fetch(url)))
    for (const res of crowd) expect(res.status).toBe(200)
    expect(crowd.map(cacheOf).filter((c) => c === 'miss')).toEqual(['miss'])
    const pages = new Set(await Promise.all(crowd.map(async (res) => withoutNonces(await res.text()))))
    expect(pages.size).toBe(1)
  })
})

describe('signed-in people', () => {
  it('always get a page rendered for them, their own', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    for (let i = 0; i < 3; i++) {
      const [residentPage, organiserPage] = [await resident.get('/cabinet'), await organiser.get('/cabinet')]
      expect(cacheOf(residentPage)).toBeNull()
      expect(cacheOf(organiserPage)).toBeNull()
      const [residentHtml, organiserHtml] = [pageText(await residentPage.text()), pageText(await organiserPage.text())]
      expect(organiserHtml).toContain('Организатор')
      expect(residentHtml).not.toContain('Организатор')
    }
    // A guest's page kept at that moment is not what they get either.
    await (await fetch(`${server.url}/`)).text()
    expect(cacheOf(await fetch(`${server.url}/`))).toBe('hit')
    expect(cacheOf(await resident.get('/'))).toBeNull()
  })

  it('see their own change at once, with its message: a juror’s saved score', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const entry = scene.entries.find((e) => e.nominationId === scene.yard.id)!
    const url = `/jury/stages/${scene.stage.id}/entries/${entry.id}`
    await (await client.get(url)).text()
    const before = await client.get(url)
    expect(cacheOf(before)).toBeNull()
    expect(await before.text()).not.toContain('Оценено 1 из')

    const [aesthetics, care] = scene.criteria
    const saved = await client.post(url, { intent: 'score', [`c${aesthetics.id}`]: '7', [`c${care.id}`]: '4', comment: 'Светлый двор' })
    expect(saved.status).toBe(302)
    const withMessage = await client.get(url)
    const html = pageText(await withMessage.text())
    expect(html).toContain('Оценено 1 из')
    expect(html).toContain('Светлый двор')
    const after = await client.get(url)
    expect(pageText(await after.text())).toContain('Светлый двор')
  })

  it('get the log-in page once logged out or once the session has expired', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    await (await resident.get('/cabinet')).text()
    const session = resident.cookies.get('session')!
    expect((await resident.post('/logout', {})).status).toBe(302)
    const stale = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${session}` } })
    expect(stale.status).toBe(302)
    expect(stale.headers.get('location')).toContain('/login')

    const again = new Client(server.url)
    await again.login(DEMO.resident, DEMO.password)
    await (await again.get('/cabinet')).text()
    const current = again.cookies.get('session')!
    await changeElsewhere((other) => other.update(schema.session).set({ expiresAt: Math.floor(Date.now() / 1000) - 60 }).where(eq(schema.session.id, hashSecret(current))))
    const expired = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${current}` } })
    expect(expired.status).toBe(302)
    expect(expired.headers.get('location')).toContain('/login')
    expect(await db.select().from(schema.session).where(eq(schema.session.id, hashSecret(current)))).toEqual([])
  })

  it('get a session due for renewal renewed: the app sends the new cookie', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    await (await resident.get('/cabinet')).text()
    // Ten days left of thirty: lucia renews the session on the next request.
    await changeElsewhere((other) =>
      other.update(schema.session).set({ expiresAt: Math.floor(Date.now() / 1000) + 10 * 86400 }).where(eq(schema.session.id, hashSecret(resident.cookies.get('session')!))),
    )
    const renewed = await fetch(`${server.url}/cabinet`, { redirect: 'manual', headers: { cookie: `session=${resident.cookies.get('session')}` } })
    expect(renewed.status).toBe(200)
    expect(cacheOf(renewed)).toBeNull()
    expect(renewed.headers.getSetCookie().join('\n')).toMatch(/session=[^;]+;.*Max-Age=259\d{4}/i)
  })
})
