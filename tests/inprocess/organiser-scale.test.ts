/**
 * The organiser's pages of a contest at the city's scale (618 entries, tests/factories-scale.ts), asked
 * of the routes' loaders and actions. Moderation: paging, search by number, title or author, filters by
 * nomination and district, accepting and rejecting the ticked entries with a reason from the list, the
 * duplicate-photo warning. Results and progress: read a page at a time, nothing lost. The pages' HTML
 * size at that scale is in tests/integration/organiser-scale.test.ts (it needs the built app).
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import * as moderation from '../../app/routes/organiser.contests.$contestId.moderation'
import * as results from '../../app/routes/organiser.contests.$contestId.results'
import * as progress from '../../app/routes/organiser.contests.$contestId.progress'
import { MODERATION_PAGE_SIZE } from '../../app/modules/entries/moderation.server'
import { REJECTION_TEMPLATES } from '../../app/modules/entries/validation'
import { makeContest, makeEntry, makeUser } from '../factories'
import { cityScaleContest, SCALE, type ScaleEntry } from '../factories-scale'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'
import { readToast } from '../../app/utils/toast.server'

let db: DB
let scene: Awaited<ReturnType<typeof cityScaleContest>>
let organiser: string
let elsewhere: { id: number }

beforeAll(async () => {
  db = openAppDatabase()
  scene = await cityScaleContest(db)
  organiser = await sessionCookie(scene.organiser.id)
  const other = await makeContest(db, { status: 'accepting', numberPrefix: 'ДР' })
  elsewhere = await makeEntry(db, { contestId: other.contest.id, ownerId: (await makeUser(db)).id, status: 'submitted', seq: 1 })
}, 60_000)

type Page = Awaited<ReturnType<typeof moderation.loader>>
const path = () => `/organiser/contests/${scene.contest.id}/moderation`
const params = () => ({ contestId: String(scene.contest.id) })

async function list(query: Record<string, string>) {
  const answer = await load(moderation, { path: `${path()}?${new URLSearchParams(query)}`, params: params(), cookie: organiser })
  expect(answer.status).toBe(200)
  return answer.data as Page
}

const numbers = (page: Page) => page.entries.map((e) => e.number)
const expected = (filter: (e: ScaleEntry) => boolean) => scene.entries.filter(filter).map((e) => e.number)

async function post(form: [string, string][]) {
  return await act(moderation, { path: `${path()}?status=submitted`, params: params(), cookie: organiser, form: new URLSearchParams(form) })
}
const entryRows = async (ids: number[]) => await db.select().from(schema.entry).where(inArray(schema.entry.id, ids)).orderBy(asc(schema.entry.id))
const auditOf = async (ids: number[], action: string) =>
  await db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.action, action), inArray(schema.auditLog.entityId, ids.map(String))))
/** The text of the toast a redirect carries. */
async function toast(setCookies: string[]) {
  const cookie = setCookies.find((c) => c.startsWith('toast='))!
  return (await readToast(new Request('http://konkurs.test/', { headers: { cookie: cookie.split(';')[0] } }))).toasts.map((t) => t.message).join('\n')
}

describe('the moderation list of 618 entries', () => {
  it('shows one page at a time, oldest first, with the page in the address', async () => {
    const accepted = expected((e) => e.status === 'accepted')
    const first = await list({ status: 'accepted' })
    expect(first.counts).toEqual({ submitted: SCALE.submitted, accepted: SCALE.accepted, rejected: SCALE.entries - SCALE.accepted - SCALE.submitted })
    expect(first).toMatchObject({ found: SCALE.accepted, page: 1, pages: Math.ceil(SCALE.accepted / MODERATION_PAGE_SIZE) })
    expect(numbers(first)).toEqual(accepted.slice(0, MODERATION_PAGE_SIZE))
    const third = await list({ status: 'accepted', page: '3' })
    expect(numbers(third)).toEqual(accepted.slice(2 * MODERATION_PAGE_SIZE, 3 * MODERATION_PAGE_SIZE))
    const last = await list({ status: 'accepted', page: '999' })
    expect(last.page).toBe(first.pages)
    expect(numbers(last)).toEqual(accepted.slice((first.pages - 1) * MODERATION_PAGE_SIZE))
  })

  it('finds an entry by its number, typed in full or as digits', async () => {
    for (const q of ['СК-0012', 'ск 12', '12']) expect(numbers(await list({ status: 'accepted', q }))).toEqual(['СК-0012'])
    expect(numbers(await list({ status: 'submitted', q: 'СК-0012' }))).toEqual([])
  })

  it('finds entries by words of the title or of an author’s name, whatever the case', async () => {
    const byTitle = await list({ status: 'accepted', q: 'ледяная горка' })
    const titled = expected((e) => e.status === 'accepted' && e.title.startsWith('Ледяная горка'))
    expect(byTitle.found).toBe(titled.length)
    expect(numbers(byTitle)).toEqual(titled.slice(0, MODERATION_PAGE_SIZE))
    const byAuthor = await list({ status: 'submitted', q: 'снегирёв павел' })
    const authored = expected((e) => e.status === 'submitted' && e.author.startsWith('Снегирёв Павел'))
    expect(authored.length).toBeGreaterThan(0)
    expect(numbers(byAuthor)).toEqual(authored)
    expect((await list({ status: 'accepted', q: 'Нет такой заявки' })).entries).toEqual([])
  })

  it('filters by nomination and by district, together with the search and the status', async () => {
    const [, nomination] = scene.nominations
    const district = scene.districts[1]
    const page = await list({ status: 'submitted', nomination: String(nomination.id), district: String(district.id) })
    const wanted = expected((e) => e.status === 'submitted' && e.nominationId === nomination.id && e.districtId === district.id)
    expect(wanted.length).toBeGreaterThan(0)
    expect(numbers(page)).toEqual(wanted)
    const onlyNomination = await list({ status: 'accepted', nomination: String(nomination.id) })
    expect(onlyNomination.found).toBe(expected((e) => e.status === 'accepted' && e.nominationId === nomination.id).length)
    expect(page.nominations.map((n) => n.name)).toEqual(scene.nominations.map((n) => n.name))
  })

  it('warns of a photo that another entry of the contest also has', async () => {
    // The 40th entry sent the 39th's first photo again (tests/factories-scale.ts): both are on page 2.
    const page = await list({ status: 'accepted', page: '2' })
    const warning = (number: string) => page.entries.find((e) => e.number === number)!.photos[0].duplicateOf
    expect(warning('СК-0040')).toEqual(['СК-0039'])
    expect(warning('СК-0039')).toEqual(['СК-0040'])
    expect(page.entries.find((e) => e.number === 'СК-0041')!.photos.every((p) => p.duplicateOf.length === 0)).toBe(true)
  })
})

describe('the results and the progress of 505 accepted entries', () => {
  type Results = Awaited<ReturnType<typeof results.loader>>
  const resultsPage = async (query: string) =>
    (await load(results, { path: `/organiser/contests/${scene.contest.id}/results${query}`, params: params(), cookie: organiser })).data as Results

  it('shows the rankings 30 rows a page, every entry on exactly one page, every nomination in the index', async () => {
    const first = await resultsPage('')
    expect(first.index.map((g) => [g.nominationName, g.entries])).toEqual(
      scene.nominations.map((n) => [n.name, scene.entries.filter((e) => e.status === 'accepted' && e.nominationId === n.id).length]),
    )
    expect(first.pages).toBe(Math.ceil(SCALE.accepted / 30))
    const seen: number[] = []
    for (let p = 1; p <= first.pages; p++) {
      const page = p === 1 ? first : await resultsPage(`?page=${p}`)
      expect(page.groups.reduce((n, g) => n + g.entries.length, 0)).toBe(p < first.pages ? 30 : SCALE.accepted - 30 * (first.pages - 1))
      seen.push(...page.groups.flatMap((g) => g.entries.map((e) => e.entryId)))
    }
    expect(seen.sort((a, b) => a - b)).toEqual(scene.entries.filter((e) => e.status === 'accepted').map((e) => e.id))
    // The second nomination starts on the page the index says.
    const second = first.index[1]
    expect((await resultsPage(`?page=${second.page}`)).groups.map((g) => g.nominationName)).toContain(second.nominationName)
  })

  it('finds an entry’s page by its number', async () => {
    const sought = scene.entries[333]
    const page = await resultsPage(`?entry=${encodeURIComponent(sought.number.toLowerCase())}`)
    expect(page.sought).toEqual({ number: sought.number.toLowerCase(), entryId: sought.id })
    expect(page.groups.flatMap((g) => g.entries.map((e) => e.entryId))).toContain(sought.id)
    expect((await resultsPage('?entry=СК-9999')).sought).toEqual({ number: 'СК-9999', entryId: null })
  })

  it('lists the entries with too few scores 30 a page, with their number', async () => {
    type Progress = Awaited<ReturnType<typeof progress.loader>>
    const at = async (query: string) =>
      ((await load(progress, { path: `/organiser/contests/${scene.contest.id}/progress${query}`, params: params(), cookie: organiser })).data as Progress).progress!
    // One score only on every seventh accepted entry (tests/factories-scale.ts).
    const few = scene.entries.filter((e, i) => e.status === 'accepted' && i % 7 === 0).map((e) => e.number)
    const first = await at('')
    expect(first.tooFew).toMatchObject({ total: few.length, page: 1, pages: Math.ceil(few.length / 30) })
    expect(first.tooFew.items.map((e) => e.number)).toEqual(few.slice(0, 30))
    expect((await at(`?few=${first.tooFew.pages}`)).tooFew.items.map((e) => e.number)).toEqual(few.slice(30 * (first.tooFew.pages - 1)))
    expect(first.jurors).toHaveLength(SCALE.jurors)
  })
})

describe('acting on the ticked entries', () => {
  const submitted = () => scene.entries.filter((e) => e.status === 'submitted')

  it('accepts exactly the ticked entries of this contest, each recorded as a single acceptance is', async () => {
    const picked = submitted().slice(0, 3)
    const ids = picked.map((e) => e.id)
    const answer = await post([['_action', 'accept'], ...[...ids, elsewhere.id].map((id): [string, string] => ['entryId', String(id)])])
    expect(answer.status).toBe(302)
    expect(answer.location).toBe(`${path()}?status=submitted`)
    expect(await toast(answer.setCookies)).toContain(`Принято: 3 заявки (${picked.map((e) => e.number).join(', ')})`)
    expect((await entryRows(ids)).map((e) => e.status)).toEqual(['accepted', 'accepted', 'accepted'])
    expect((await entryRows([elsewhere.id]))[0].status).toBe('submitted')
    expect((await entryRows([submitted()[3].id]))[0].status).toBe('submitted')
    expect((await auditOf(ids, 'entry.accept')).map((r) => [r.entityId, r.actorId, r.before, r.after])).toEqual(
      ids.map((id) => [String(id), scene.organiser.id, { status: 'submitted' }, { status: 'accepted' }]),
    )
  })

  it('rejects exactly the ticked entries with the chosen reason and the organiser’s words, which the entrants read', async () => {
    const picked = submitted().slice(4, 6)
    const ids = picked.map((e) => e.id)
    const answer = await post([
      ['_action', 'reject-selected'],
      ['template', 'photos'],
      ['reason', 'Пришлите фотографии двора днём.'],
      ...[...ids, elsewhere.id].map((id): [string, string] => ['entryId', String(id)]),
    ])
    expect(answer.status).toBe(302)
    expect(await toast(answer.setCookies)).toContain(`Отклонено: 2 заявки (${picked.map((e) => e.number).join(', ')})`)
    const reason = `${REJECTION_TEMPLATES.photos} Пришлите фотографии двора днём.`
    expect((await entryRows(ids)).map((e) => [e.status, e.rejectionReason])).toEqual([
      ['rejected', reason],
      ['rejected', reason],
    ])
    expect((await entryRows([elsewhere.id]))[0].status).toBe('submitted')
    expect((await auditOf(ids, 'entry.reject')).map((r) => [r.entityId, r.before, r.after])).toEqual(
      ids.map((id) => [String(id), { status: 'submitted' }, { status: 'rejected', reason }]),
    )
    // The entrant's letter, as a single rejection sends it.
    const owners = await db.select({ email: schema.user.email }).from(schema.user).innerJoin(schema.entry, eq(schema.entry.ownerId, schema.user.id)).where(inArray(schema.entry.id, ids))
    const letters = await db.select().from(schema.outboxMessage).where(inArray(schema.outboxMessage.to, owners.map((o) => o.email!)))
    expect(letters.map((l) => [l.kind, l.text.includes(`Причина: ${reason}`)])).toEqual([
      ['entry.rejected', true],
      ['entry.rejected', true],
    ])
  })

  it('rejects with a template alone, or with the organiser’s words alone', async () => {
    const [a, b] = submitted().slice(6, 8)
    expect((await post([['_action', 'reject-selected'], ['template', 'nomination'], ['entryId', String(a.id)]])).status).toBe(302)
    expect((await post([['_action', 'reject-selected'], ['reason', 'Это не снежная фигура.'], ['entryId', String(b.id)]])).status).toBe(302)
    expect((await entryRows([a.id, b.id])).map((e) => e.rejectionReason)).toEqual([REJECTION_TEMPLATES.nomination, 'Это не снежная фигура.'])
  })

  it('refuses an empty selection or a missing reason in Russian, and changes nothing', async () => {
    const noneAccepted = await post([['_action', 'accept']])
    expect(noneAccepted.status).toBe(400)
    expect(JSON.stringify(noneAccepted.data)).toContain('Отметьте заявки, которые нужно принять')
    const noneRejected = await post([['_action', 'reject-selected'], ['template', 'photos']])
    expect(noneRejected.status).toBe(400)
    expect(JSON.stringify(noneRejected.data)).toContain('Отметьте заявки, которые нужно отклонить')
    const entry = submitted()[9]
    for (const form of [
      [['_action', 'reject-selected'], ['entryId', String(entry.id)]],
      [['_action', 'reject-selected'], ['reason', '   '], ['entryId', String(entry.id)]],
    ] as [string, string][][]) {
      const answer = await post(form)
      expect(answer.status).toBe(400)
      expect(JSON.stringify(answer.data)).toContain('Выберите причину из списка или напишите свою')
    }
    const unknown = await post([['_action', 'reject-selected'], ['template', 'weather'], ['entryId', String(entry.id)]])
    expect(unknown.status).toBe(400)
    expect((await entryRows([entry.id]))[0].status).toBe('submitted')
  })

  it('acts on no entry of another contest, and says so', async () => {
    const answer = await post([['_action', 'reject-selected'], ['template', 'dates'], ['entryId', String(elsewhere.id)]])
    expect(answer.status).toBe(302)
    expect(await toast(answer.setCookies)).toContain('Ни одна заявка не отклонена')
    expect((await entryRows([elsewhere.id]))[0].status).toBe('submitted')
  })
})
