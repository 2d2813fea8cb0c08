import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as schema from '../../db/schema'
import type { DB } from '../../db/client.server'
import { testDb } from '../factories'
import { createContest, organiserClient } from '../factories-organiser'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'

let server: TestServer
let db: DB
let contestId: number
const sessions = new Map<string, Client>()

beforeAll(async () => {
  server = await startServer()
  db = testDb(server.dbPath)
  const organiser = await organiserClient(server.url)
  contestId = await createContest(organiser, { title: 'Закрытый черновик', slug: 'zakrytyj-chernovik' })
  for (const role of ['resident', 'juror', 'operator', 'organiser', 'admin'] as const) {
    const client = new Client(server.url)
    await client.login(DEMO[role], DEMO.password)
    sessions.set(role, client)
  }
})
afterAll(async () => {
  db?.$client.close()
  await server?.stop()
})

/**
 * Every organiser page (`:id` is a draft contest), with a form post each accepts from an organiser;
 * null for read-only pages. The overview is an index route: its forms post to `?index`.
 */
const ROUTES: [string, Record<string, string> | null][] = [
  ['/organiser', null],
  ['/organiser/contests/new', { title: 'Чужой конкурс', shortName: 'Чужой', year: '2027', numberPrefix: 'ЧК' }],
  ['/organiser/contests/:id', { intent: 'status', to: 'announced' }],
  ['/organiser/contests/:id/nominations', { intent: 'add-nominations', names: 'Чужая номинация' }],
  ['/organiser/contests/:id/stages', { intent: 'plan', plan: 'district_city', advanceCount: '2' }],
  ['/organiser/contests/:id/fields', { intent: 'add-field', label: 'Чужое поле', kind: 'text' }],
  ['/organiser/contests/:id/jury', { intent: 'invite', email: 'intruder@example.ru' }],
  ['/organiser/contests/:id/progress', { intent: 'threshold', disagreementThreshold: '1' }],
  ['/organiser/contests/:id/audit', null],
  ['/organiser/contests/:id/moderation', { _action: 'accept', entryId: '1' }],
  ['/organiser/contests/:id/extra-jurors', { intent: 'remove', extraId: '1' }],
  ['/organiser/contests/:id/special', { intent: 'revoke', decisionId: '1', reason: 'Чужое решение' }],
  ['/organiser/contests/:id/results', { intent: 'withdraw', reason: 'Чужой отзыв' }],
  ['/organiser/contests/:id/statistics', null],
  ['/organiser/contests/:id/documents', null],
  ['/organiser/outbox', { intent: 'retry', id: '1' }],
]

const postPath = (path: string) => (/\/contests\/\d+$/.test(path) ? `${path}?index` : path)

const at = (template: string) => template.replace(':id', String(contestId))

describe('every organiser page', () => {
  it('sends a guest to log in and back, for pages and their data requests alike', async () => {
    for (const [template, form] of ROUTES) {
      const path = at(template)
      const guest = new Client(server.url)
      const page = await guest.get(path)
      expect(page.status, path).toBe(302)
      expect(page.headers.get('location'), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
      if (form) {
        const post = await guest.post(postPath(path), form)
        expect(post.status, path).toBe(302)
        expect(post.headers.get('location'), path).toMatch(/^\/login\?redirectTo=/)
      }
      const data = await guest.get(`${path}.data`)
      // Single fetch answers a redirect for data requests with 204 and the target in a header.
      expect(data.headers.get('x-remix-redirect') ?? data.headers.get('location'), path).toMatch(/^\/login\?redirectTo=/)
    }
  })

  describe.each(['resident', 'juror', 'operator'] as const)('as %s', (role) => {
    it.each(ROUTES)('refuses %s with 403 in Russian', async (template, form) => {
      const path = at(template)
      const client = sessions.get(role)!
      const page = await client.get(path)
      expect(page.status).toBe(403)
      expect(await page.text()).toContain('Недостаточно прав для этой страницы')
      if (form) expect((await client.post(postPath(path), form)).status).toBe(403)
    })
  })

  it('changes nothing for those refused', () => {
    const contest = db.select().from(schema.contest).where(eq(schema.contest.id, contestId)).get()!
    expect(contest.status).toBe('draft')
    expect(db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contestId)).all()).toEqual([])
    expect(db.select().from(schema.stage).where(eq(schema.stage.contestId, contestId)).all().map((s) => s.kind)).toEqual(['city'])
    expect(db.select().from(schema.formField).where(eq(schema.formField.contestId, contestId)).all()).toEqual([])
    expect(db.select().from(schema.juryInvitation).where(eq(schema.juryInvitation.contestId, contestId)).all()).toEqual([])
    expect(db.select().from(schema.contest).where(eq(schema.contest.title, 'Чужой конкурс')).all()).toEqual([])
    expect(contest.disagreementThreshold).toBe(10)
  })

  it.each(['organiser', 'admin'] as const)('opens every page for the %s', async (role) => {
    for (const [template] of ROUTES) {
      const path = at(template)
      const res = await sessions.get(role)!.get(path)
      expect(res.status, path).toBe(200)
    }
  })

  it('answers a contest that does not exist with a Russian 404', async () => {
    for (const path of ['/organiser/contests/999999', '/organiser/contests/999999/jury', '/organiser/contests/abc/nominations']) {
      const res = await sessions.get('organiser')!.get(path)
      expect(res.status, path).toBe(404)
      expect(await res.text()).toContain('Такого конкурса нет')
    }
  })

  it('keeps a draft off the public site', async () => {
    const home = await new Client(server.url).get('/')
    expect(await home.text()).not.toContain('Закрытый черновик')
    expect((await new Client(server.url).get('/contests/zakrytyj-chernovik')).status).toBe(404)
  })
})

/** The other pages that need a role, with the roles the permission map lets in (an administrator always). */
const ROLE_PAGES: [string, ('resident' | 'juror' | 'operator' | 'organiser' | 'admin')[]][] = [
  ['/admin/users', ['admin']],
  ['/operator/entries/new', ['operator', 'admin']],
  ['/jury', ['juror', 'admin']],
  ['/resources/contests/:id/protocol.pdf', ['organiser', 'admin']],
  ['/resources/contests/:id/statistics.csv', ['organiser', 'admin']],
  ['/resources/contests/:id/diplomas.zip', ['organiser', 'admin']],
]

describe('every page that needs a role', () => {
  it.each(ROLE_PAGES)('%s: refuses the others with 403 in Russian, lets %j in', async (template, allowed) => {
    const path = at(template)
    for (const role of ['resident', 'juror', 'operator', 'organiser', 'admin'] as const) {
      const res = await sessions.get(role)!.get(path)
      if (allowed.includes(role)) {
        expect(res.status, `${role} ${path}`).not.toBe(403)
        await res.arrayBuffer()
      } else {
        expect(res.status, `${role} ${path}`).toBe(403)
        expect(await res.text()).toContain('Недостаточно прав для этой страницы')
      }
    }
  })

  it('sends a guest to log in from every page that needs an account', async () => {
    for (const path of [...ROLE_PAGES.map(([template]) => at(template)), '/cabinet', '/my/entries', '/my/diplomas']) {
      const res = await new Client(server.url).get(path)
      expect(res.status, path).toBe(302)
      expect(res.headers.get('location'), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    }
  })
})
