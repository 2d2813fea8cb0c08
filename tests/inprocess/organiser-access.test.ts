/**
 * Who may open the organiser's pages and the other pages that need a role, asked of the loaders and
 * actions themselves (the guest's redirect over HTTP, single fetch included, stays in
 * tests/integration/organiser-access.test.ts).
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import type { Role } from '../../db/schema'
import * as adminUsers from '../../app/routes/admin.users'
import * as home from '../../app/routes/_index'
import * as jury from '../../app/routes/jury._index'
import * as operatorNew from '../../app/routes/operator.entries.new'
import * as organiserHome from '../../app/routes/organiser._index'
import * as contestLayout from '../../app/routes/organiser.contests.$contestId'
import * as contestOverview from '../../app/routes/organiser.contests.$contestId._index'
import * as audit from '../../app/routes/organiser.contests.$contestId.audit'
import * as documents from '../../app/routes/organiser.contests.$contestId.documents'
import * as extraJurors from '../../app/routes/organiser.contests.$contestId.extra-jurors'
import * as fields from '../../app/routes/organiser.contests.$contestId.fields'
import * as contestJury from '../../app/routes/organiser.contests.$contestId.jury'
import * as moderation from '../../app/routes/organiser.contests.$contestId.moderation'
import * as nominations from '../../app/routes/organiser.contests.$contestId.nominations'
import * as progress from '../../app/routes/organiser.contests.$contestId.progress'
import * as results from '../../app/routes/organiser.contests.$contestId.results'
import * as special from '../../app/routes/organiser.contests.$contestId.special'
import * as stages from '../../app/routes/organiser.contests.$contestId.stages'
import * as statistics from '../../app/routes/organiser.contests.$contestId.statistics'
import * as voting from '../../app/routes/organiser.contests.$contestId.voting'
import * as contestNew from '../../app/routes/organiser.contests.new'
import * as outbox from '../../app/routes/organiser.outbox'
import * as publicContest from '../../app/routes/contests.$slug'
import * as cabinet from '../../app/routes/cabinet'
import * as myEntries from '../../app/routes/my.entries._index'
import * as myDiplomas from '../../app/routes/my.diplomas'
import * as diplomasZip from '../../app/routes/resources.contests.$contestId.diplomas[.]zip'
import * as protocolPdf from '../../app/routes/resources.contests.$contestId.protocol[.]pdf'
import * as statisticsCsv from '../../app/routes/resources.contests.$contestId.statistics[.]csv'
import { makeContest, makeUser } from '../factories'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'
import { firstRow, schema } from '../../db/client.server'

const ROLES = ['resident', 'juror', 'operator', 'organiser', 'admin'] as const satisfies Role[]

let db: DB
let contestId: number
const cookies = new Map<Role, string>()

beforeAll(async () => {
  db = openAppDatabase()
  contestId = (await makeContest(db, { status: 'draft', title: 'Закрытый черновик', slug: 'zakrytyj-chernovik', nominations: [], criteria: [] })).contest.id
  await makeContest(db, { status: 'accepting', title: 'Открытый конкурс', slug: 'otkrytyj-konkurs' })
  for (const role of ROLES) cookies.set(role, await sessionCookie((await makeUser(db, { roles: [role] })).id))
})

type Route = Parameters<typeof load>[0]

/**
 * Every organiser page (`:id` is a draft contest) with the route modules whose loaders make it, and a
 * form post each accepts from an organiser; null for read-only pages.
 */
const ROUTES: [string, Route[], Record<string, string> | null][] = [
  ['/organiser', [organiserHome], null],
  ['/organiser/contests/new', [contestNew], { title: 'Чужой конкурс', shortName: 'Чужой', year: '2027', numberPrefix: 'ЧК' }],
  ['/organiser/contests/:id', [contestLayout, contestOverview], { intent: 'status', to: 'announced' }],
  ['/organiser/contests/:id/nominations', [contestLayout, nominations], { intent: 'add-nominations', names: 'Чужая номинация' }],
  ['/organiser/contests/:id/stages', [contestLayout, stages], { intent: 'plan', plan: 'district_city', advanceCount: '2' }],
  ['/organiser/contests/:id/fields', [contestLayout, fields], { intent: 'add-field', label: 'Чужое поле', kind: 'text' }],
  ['/organiser/contests/:id/jury', [contestLayout, contestJury], { intent: 'invite', email: 'intruder@example.ru' }],
  ['/organiser/contests/:id/progress', [contestLayout, progress], { intent: 'threshold', disagreementThreshold: '1' }],
  ['/organiser/contests/:id/audit', [contestLayout, audit], null],
  ['/organiser/contests/:id/moderation', [contestLayout, moderation], { _action: 'accept', entryId: '1' }],
  ['/organiser/contests/:id/extra-jurors', [contestLayout, extraJurors], { intent: 'remove', extraId: '1' }],
  ['/organiser/contests/:id/special', [contestLayout, special], { intent: 'revoke', decisionId: '1', reason: 'Чужое решение' }],
  ['/organiser/contests/:id/results', [contestLayout, results], { intent: 'withdraw', reason: 'Чужой отзыв' }],
  ['/organiser/contests/:id/statistics', [contestLayout, statistics], null],
  ['/organiser/contests/:id/voting', [contestLayout, voting], { voteIds: '1', reason: 'Чужое аннулирование' }],
  ['/organiser/contests/:id/documents', [contestLayout, documents], null],
  ['/organiser/outbox', [outbox], { intent: 'retry', id: '1' }],
]

const call = (template: string, cookie?: string): Parameters<typeof load>[1] => ({
  path: template.replace(':id', String(contestId)),
  params: template.includes(':id') ? { contestId: String(contestId) } : {},
  cookie,
})

/** A page as the user gets it: the first of its loaders' answers that is not a success, or the last one. */
async function page(routes: Route[], request: Parameters<typeof load>[1]): Promise<Answer> {
  let last: Answer | undefined
  for (const route of routes) {
    last = await load(route, request)
    if (last.status !== 200) return last
  }
  return last!
}

const leaf = (routes: Route[]) => routes.at(-1)!

describe('every organiser page', () => {
  it('sends a guest to log in and back, from the page and its form alike', async () => {
    for (const [template, routes, form] of ROUTES) {
      const { path } = call(template)
      expect(await page(routes, call(template)), path).toMatchObject({ status: 302, location: `/login?redirectTo=${encodeURIComponent(path)}` })
      if (form) expect((await act(leaf(routes), { ...call(template), form })).location, path).toMatch(/^\/login\?redirectTo=/)
    }
  })

  describe.each(['resident', 'juror', 'operator'] as const)('as %s', (role) => {
    it.each(ROUTES)('refuses %s with 403 in Russian', async (template, routes, form) => {
      expect(await page(routes, call(template, cookies.get(role)))).toMatchObject({ status: 403, location: null, data: 'Недостаточно прав для этой страницы' })
      if (form) expect((await act(leaf(routes), { ...call(template, cookies.get(role)), form })).status).toBe(403)
    })
  })

  it('changes nothing for those refused', async () => {
    const contest = (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, contestId))))!
    expect(contest.status).toBe('draft')
    expect(await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contestId))).toEqual([])
    expect((await db.select().from(schema.stage).where(eq(schema.stage.contestId, contestId))).map((s) => s.kind)).toEqual(['city'])
    expect(await db.select().from(schema.formField).where(eq(schema.formField.contestId, contestId))).toEqual([])
    expect(await db.select().from(schema.juryInvitation).where(eq(schema.juryInvitation.contestId, contestId))).toEqual([])
    expect(await db.select().from(schema.contest).where(eq(schema.contest.title, 'Чужой конкурс'))).toEqual([])
    expect(contest.disagreementThreshold).toBe(10)
  })

  it.each(['organiser', 'admin'] as const)('opens every page for the %s', async (role) => {
    for (const [template, routes] of ROUTES) {
      expect((await page(routes, call(template, cookies.get(role)))).status, template).toBe(200)
    }
  })

  it('answers a contest that does not exist with a Russian 404', async () => {
    for (const [id, route] of [['999999', contestOverview], ['999999', contestJury], ['abc', nominations]] as const) {
      const answer = await page([contestLayout, route], { path: `/organiser/contests/${id}`, params: { contestId: id }, cookie: cookies.get('organiser') })
      expect(answer.status, id).toBe(404)
      expect(answer.data).toContain('Такого конкурса нет')
    }
  })

  it('keeps a draft off the public site', async () => {
    const listed = JSON.stringify((await load(home, { path: '/' })).data)
    expect(listed).toContain('Открытый конкурс')
    expect(listed).not.toContain('Закрытый черновик')
    expect((await load(publicContest, { path: '/contests/zakrytyj-chernovik', params: { slug: 'zakrytyj-chernovik' } })).status).toBe(404)
  })
})

/** The other pages that need a role, with the roles the permission map lets in (an administrator always). */
const ROLE_PAGES: [string, Route, Role[]][] = [
  ['/admin/users', adminUsers, ['admin']],
  ['/operator/entries/new', operatorNew, ['operator', 'admin']],
  ['/jury', jury, ['juror', 'admin']],
  ['/resources/contests/:id/protocol.pdf', protocolPdf, ['organiser', 'admin']],
  ['/resources/contests/:id/statistics.csv', statisticsCsv, ['organiser', 'admin']],
  ['/resources/contests/:id/diplomas.zip', diplomasZip, ['organiser', 'admin']],
]

describe('every page that needs a role', () => {
  it.each(ROLE_PAGES)('%s: refuses the others with 403 in Russian, lets %j in', async (template, route, allowed) => {
    for (const role of ROLES) {
      const answer = await load(route, call(template, cookies.get(role)))
      if (allowed.includes(role)) expect(answer.status, `${role} ${template}`).not.toBe(403)
      else expect(answer, `${role} ${template}`).toMatchObject({ status: 403, location: null, data: 'Недостаточно прав для этой страницы' })
    }
  })

  it('sends a guest to log in from every page that needs an account', async () => {
    const pages: [string, Route][] = [...ROLE_PAGES.map(([template, route]): [string, Route] => [template, route]), ['/cabinet', cabinet], ['/my/entries', myEntries], ['/my/diplomas', myDiplomas]]
    for (const [template, route] of pages) {
      const { path } = call(template)
      expect(await load(route, call(template)), path).toMatchObject({ status: 302, location: `/login?redirectTo=${encodeURIComponent(path)}` })
    }
  })
})
