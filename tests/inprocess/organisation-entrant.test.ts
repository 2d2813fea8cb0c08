/**
 * A committee as the entrant (issue #13, item 2): in «Лучший комитет ТОС» the committee takes part, not
 * a person. Its application cannot be sent without the committee (and a contest of residents takes no
 * organisation's); an operator of a ЦРН enters a committee's paper application; the directory names the
 * committee's chairperson, who sees its entries and diplomas in the cabinet, whoever submitted them. The
 * committee wins: it is the entrant on every page that shows one — the organiser's moderation and results
 * pages, the protocol, the results letters, the public results, gallery and entry page (these once the
 * results are out) —, its one diploma is issued to it, and the statistics count committees, not people.
 */
import { desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import { schema } from '../../db/client.server'
import * as applyPage from '../../app/routes/contests.$slug_.apply'
import * as suggestions from '../../app/routes/resources.contests.$slug.organisations'
import * as resultsPage from '../../app/routes/organiser.contests.$contestId.results'
import * as publicResultsPage from '../../app/routes/contests.$slug_.results'
import * as myDiplomasPage from '../../app/routes/my.diplomas'
import * as publicEntryPage from '../../app/routes/contests.$slug_.entries.$number'
import * as galleryPage from '../../app/routes/contests.$slug_.gallery'
import * as moderationPage from '../../app/routes/organiser.contests.$contestId.moderation'
import * as directoryItemPage from '../../app/routes/organiser.directory.$list_.$id'
import * as operatorNew from '../../app/routes/operator.entries.new'
import * as myEntriesPage from '../../app/routes/my.entries._index'
import * as myEntryPage from '../../app/routes/my.entries.$entryId'
import * as diplomaPdf from '../../app/routes/resources.diplomas.$number[.]pdf'
import { renderDiploma } from '../../app/modules/documents/diploma-pdf.server'
import { renderProtocol } from '../../app/modules/documents/protocol-pdf.server'
import { stageProtocol } from '../../app/modules/results/results.server'
import { getContestStatistics } from '../../app/modules/results/statistics.server'
import { findDiploma } from '../../app/modules/documents/diplomas.server'
import { makeContest, makeUser } from '../factories'
import { scoredContest } from '../factories-results'
import { pdfText } from '../integration/results-helpers'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'

const COMMITTEE = 'Окружной комитет ТОС «Лесная Поляна»'
const RIVAL = 'Окружной комитет ТОС «Кировский»'
const CHAIR = 'Председателева Нина Ивановна'
const TOS_CONTEST = { title: 'Лучший комитет ТОС', shortName: 'Лучший комитет ТОС', numberPrefix: 'ТОС', organisationEntrant: true, organisationKinds: ['tos_committee' as const] }

let db: DB
let committee: number
let rival: number
let chair: { id: string; cookie: string }
let organiserCookie: string

/** A page's data as one text, to look for what a person would read on it. */
const text = (answer: { data: unknown }) => JSON.stringify(answer.data)

beforeAll(async () => {
  db = openAppDatabase()
  const district = (await db.insert(schema.district).values({ name: 'Рудничный район', kind: 'district' }).returning())[0].id
  const committees = await db
    .insert(schema.organisation)
    .values([COMMITTEE, RIVAL].map((name) => ({ name, kind: 'tos_committee' as const, tosLevel: 'district' as const, districtId: district })))
    .returning()
  ;[committee, rival] = committees.map((c) => c.id)
  const user = await makeUser(db, { fullName: CHAIR, email: 'chair@tos.example.ru' })
  chair = { id: user.id, cookie: await sessionCookie(user.id) }
  organiserCookie = await sessionCookie((await makeUser(db, { roles: ['organiser'] })).id)
})

describe('the committee’s chairperson', () => {
  it('is named on the directory’s page by the e-mail of their account; an unknown address is refused in Russian', async () => {
    const call = { path: `/organiser/directory/committees/${committee}`, params: { list: 'committees', id: String(committee) }, cookie: organiserCookie }
    const unknown = await act(directoryItemPage, { ...call, form: { intent: 'chairperson', email: 'nobody@tos.example.ru' } })
    expect(unknown.status).toBe(400)
    expect(text(unknown)).toContain('Учётной записи с адресом nobody@tos.example.ru нет: председатель сначала регистрируется на сайте.')

    const named = await act(directoryItemPage, { ...call, form: { intent: 'chairperson', email: 'Chair@tos.example.ru' } })
    expect(named.status, text(named)).toBe(302)
    const page = await load(directoryItemPage, call)
    expect((page.data as { chairperson: { fullName: string } | null }).chairperson).toMatchObject({ fullName: CHAIR })
  })
})

describe('the committee’s application', () => {
  it('cannot be sent without the committee it is submitted for, and the form offers the committees, its chairperson’s chosen', async () => {
    const scene = await makeContest(db, TOS_CONTEST)
    const apply = { path: `/contests/${scene.contest.slug}/apply`, params: { slug: scene.contest.slug }, cookie: chair.cookie }
    const page = await load(applyPage, apply)
    expect(page.data).toMatchObject({ form: { ctx: { spec: { asksOrganisation: true, requireOrganisation: true } } } })
    // Typed, the field suggests the committee (organisation-choice.test.ts: among the city's thousands).
    const suggested = await load(suggestions, { path: `/resources/contests/${scene.contest.slug}/organisations?q=${encodeURIComponent('Лесная')}`, params: { slug: scene.contest.slug }, cookie: chair.cookie })
    expect(suggested.data).toEqual({ options: [`${COMMITTEE}, Рудничный район (код ${committee})`] })
    // The committee's chairperson finds their committee chosen already.
    expect((page.data as { form: { defaultValue: { organisation?: string } } }).form.defaultValue.organisation).toBe(`${COMMITTEE}, Рудничный район (код ${committee})`)

    const form = { save: 'submit', nominationId: String(scene.nominations[0].id), title: 'Год добрых дел', 'authors[0].fullName': CHAIR, 'authors[0].age': '52', consent: 'on' }
    const answer = await act(applyPage, { ...apply, form })
    expect(answer.status).toBe(400)
    expect((answer.data as { error?: Record<string, string[]> }).error?.organisation).toEqual(['Выберите комитет или организацию: в этом конкурсе участвуют они, а диплом выдаётся им'])
    expect(await db.select().from(schema.entry).where(eq(schema.entry.contestId, scene.contest.id))).toHaveLength(0)
  })
})

describe('a contest of residents', () => {
  it('refuses an organisation’s entry, in Russian', async () => {
    const scene = await makeContest(db, { title: 'Двор мечты', numberPrefix: 'ДМ', organisationKinds: [], minPhotos: 0 })
    const apply = { path: `/contests/${scene.contest.slug}/apply`, params: { slug: scene.contest.slug }, cookie: chair.cookie }
    const form = { save: 'submit', nominationId: String(scene.nominations[0].id), title: 'Наш двор', organisation: COMMITTEE, 'authors[0].fullName': CHAIR, 'authors[0].age': '52', consent: 'on' }
    const answer = await act(applyPage, { ...apply, form })
    expect(answer.status).toBe(400)
    expect((answer.data as { error?: Record<string, string[]> }).error?.organisation).toEqual(['Этот конкурс не принимает заявки от организаций: в нём участвуют жители'])
    expect(await db.select().from(schema.entry).where(eq(schema.entry.contestId, scene.contest.id))).toHaveLength(0)
  })
})

describe('a committee’s paper application', () => {
  it('is entered by an operator of a ЦРН for the committee, shown to the organiser under the committee, and reaches its chairperson’s cabinet', async () => {
    const scene = await makeContest(db, { ...TOS_CONTEST, minPhotos: 0 })
    const district = (await db.select().from(schema.district))[0]
    const [centre] = await db.insert(schema.centre).values({ name: 'ЦРН Рудничного района', districtId: district.id, address: 'пр. Шахтёров, 1' }).returning()
    const operator = await makeUser(db, { roles: ['resident', 'operator'], fullName: 'Соколова Анна Викторовна', centreId: centre.id })
    const representative = await makeUser(db, { fullName: 'Секретарёва Ольга Петровна' })
    const path = `/operator/entries/new?contest=${scene.contest.slug}&resident=${representative.id}`
    const cookie = await sessionCookie(operator.id)
    const form = { save: 'submit', nominationId: String(scene.nominations[0].id), title: 'Двор без мусора', 'authors[0].fullName': 'Секретарёва Ольга Петровна', 'authors[0].age': '61', paperConsent: 'on' }

    const without = await act(operatorNew, { path, cookie, form })
    expect(without.status).toBe(400)
    expect((without.data as { entry: { error?: Record<string, string[]> } }).entry.error?.organisation).toEqual(['Выберите комитет или организацию: в этом конкурсе участвуют они, а диплом выдаётся им'])

    const entered = await act(operatorNew, { path, cookie, form: { ...form, organisation: `${COMMITTEE}, Рудничный район (код ${committee})` } })
    expect(entered.status, text(entered)).toBe(302)
    const [row] = await db.select().from(schema.entry).where(eq(schema.entry.contestId, scene.contest.id))
    expect(row).toMatchObject({ organisationId: committee, centreId: centre.id, enteredById: operator.id, ownerId: representative.id, status: 'submitted' })

    // The organiser moderates it as the committee's: the committee is the entrant, the person its representative.
    const queue = await load(moderationPage, { path: `/organiser/contests/${scene.contest.id}/moderation`, params: { contestId: String(scene.contest.id) }, cookie: organiserCookie })
    expect((queue.data as { entries: { entrant: string | null; authors: { fullName: string }[] }[] }).entries).toEqual([
      expect.objectContaining({ entrant: COMMITTEE, authors: [expect.objectContaining({ fullName: 'Секретарёва Ольга Петровна' })] }),
    ])

    // The chairperson submitted nothing, yet finds the committee's application in the cabinet and reads it.
    const mine = await load(myEntriesPage, { path: '/my/entries', cookie: chair.cookie })
    expect((mine.data as { entries: { id: number; title: string }[] }).entries).toEqual([expect.objectContaining({ id: row.id, title: 'Двор без мусора', entrant: COMMITTEE, ownerName: null })])
    const opened = await load(myEntryPage, { path: `/my/entries/${row.id}`, params: { entryId: String(row.id) }, cookie: chair.cookie })
    expect(opened.data).toMatchObject({ entry: { title: 'Двор без мусора', organisation: COMMITTEE, ownerName: 'Секретарёва Ольга Петровна' }, asChairperson: true, form: null })
    // Reading is all: the chairperson cannot change what someone else submitted.
    const edit = await act(myEntryPage, { path: `/my/entries/${row.id}`, params: { entryId: String(row.id) }, cookie: chair.cookie, form: { save: 'submit', title: 'Захват' } })
    expect(edit.status).toBe(403)
    // Someone who is not its chairperson does not.
    const stranger = await sessionCookie((await makeUser(db)).id)
    expect((await load(myEntryPage, { path: `/my/entries/${row.id}`, params: { entryId: String(row.id) }, cookie: stranger })).status).toBe(404)
  })
})

describe('a committee that wins', () => {
  it('is the entrant wherever the entry is shown, its one diploma is issued to it and reaches its chairperson, and the statistics count committees', async () => {
    const organiser = await makeUser(db, { roles: ['organiser'] })
    const representative = await makeUser(db, { fullName: 'Активистова Вера Павловна', email: 'vera@tos.example.ru' })
    const scene = await scoredContest(db, {
      settings: { ...TOS_CONTEST, authorsPublic: true },
      nominations: ['Лучший окружной комитет'],
      entries: [
        // Submitted by another of the committee's people: its chairperson sees it all the same.
        { nomination: 0, totals: [95, 90, 92], title: 'Год добрых дел', ownerId: representative.id, organisationId: committee, authors: [{ fullName: 'Активистова Вера Павловна', userId: representative.id }] },
        { nomination: 0, totals: [60, 65, 70], title: 'Чистый двор', organisationId: rival, authors: [{ fullName: 'Соседова Анна Львовна' }, { fullName: 'Дворов Пётр Ильич' }] },
      ],
    })
    const slug = scene.contest.slug
    const number = 'ТОС-0001'
    const contestCall = { params: { contestId: String(scene.contest.id) }, cookie: await sessionCookie(organiser.id) }

    // The organiser's results page names the committees.
    const ranking = await load(resultsPage, { ...contestCall, path: `/organiser/contests/${scene.contest.id}/results` })
    expect((ranking.data as { groups: { entries: { title: string; entrant: string | null }[] }[] }).groups[0].entries.map((e) => [e.title, e.entrant])).toEqual([
      ['Год добрых дел', COMMITTEE],
      ['Чистый двор', RIVAL],
    ])

    // Before the results are out the public gallery names nobody, not even a committee.
    const galleryCall = { path: `/contests/${slug}/gallery`, params: { slug } }
    const entryCall = { path: `/contests/${slug}/entries/${number}`, params: { slug, number } }
    expect((await load(galleryPage, galleryCall)).status).toBe(200)
    expect(text(await load(galleryPage, galleryCall))).not.toContain(COMMITTEE)
    expect((await load(publicEntryPage, entryCall)).data).toMatchObject({ entry: { entrant: null } })

    const published = await act(resultsPage, { ...contestCall, path: `/organiser/contests/${scene.contest.id}/results`, form: { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' } })
    expect(published.status).toBe(302)

    // One diploma per committee, named for it — not one per representative.
    const diplomas = await db.select().from(schema.diploma).where(eq(schema.diploma.contestId, scene.contest.id))
    expect(diplomas.map((d) => [d.entryId, d.recipientName, d.kind, d.place]).sort()).toEqual(
      [
        [scene.entries[0].id, COMMITTEE, 'winner', 1],
        [scene.entries[1].id, RIVAL, 'winner', 2],
      ].sort(),
    )

    const results = await load(publicResultsPage, { path: `/contests/${slug}/results`, params: { slug } })
    const winners = (results.data as { nominations: { parts: { winners: { title: string; entrant?: string | null; authors: string[] }[] }[] }[] }).nominations[0].parts[0].winners
    expect(winners.map((w) => [w.title, w.entrant, w.authors])).toEqual([
      ['Год добрых дел', COMMITTEE, ['Активистова Вера Павловна']],
      ['Чистый двор', RIVAL, ['Соседова Анна Львовна', 'Дворов Пётр Ильич']],
    ])

    const gallery = await load(galleryPage, galleryCall)
    expect((gallery.data as { items: { title: string; entrant: string | null }[] }).items.map((i) => [i.title, i.entrant])).toEqual([
      ['Год добрых дел', COMMITTEE],
      ['Чистый двор', RIVAL],
    ])
    const entryPage = await load(publicEntryPage, entryCall)
    expect((entryPage.data as { entry: { entrant: string | null; authors: string[] } }).entry).toMatchObject({ entrant: COMMITTEE, authors: ['Активистова Вера Павловна'] })

    // The protocol names each committee in its ranking and among the winners.
    const protocol = (await stageProtocol(scene.contest.id))!
    const protocolText = await pdfText(await renderProtocol(protocol.snapshot, { date: protocol.date, draft: protocol.draft }))
    expect(protocolText).toContain(`I место: ТОС-0001 «Год добрых дел» (${COMMITTEE})`)
    expect(protocolText).toContain(`(${RIVAL})`)

    // The results letter names the committee, and goes to its chairperson as well as to the one who submitted it.
    for (const to of ['chair@tos.example.ru', 'vera@tos.example.ru']) {
      const [letter] = await db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, to)).orderBy(desc(schema.outboxMessage.id)).limit(1)
      expect(letter?.text, to).toContain(`• ТОС-0001 «Год добрых дел» (${COMMITTEE}) — I место`)
    }

    const won = diplomas.find((d) => d.entryId === scene.entries[0].id)!
    const pdf = await pdfText(await renderDiploma((await findDiploma(won.number))!, 'https://konkurs.example.ru'))
    expect(pdf).toContain(`награждается ${COMMITTEE}`)

    // The chairperson did not submit the entry, yet finds the committee's diploma in the cabinet and downloads it.
    const cabinet = await load(myDiplomasPage, { path: '/my/diplomas', cookie: chair.cookie })
    expect((cabinet.data as { diplomas: { number: string; recipientName: string }[] }).diplomas).toEqual([expect.objectContaining({ number: won.number, recipientName: COMMITTEE })])
    const download = { path: `/resources/diplomas/${won.number}.pdf`, params: { number: won.number } }
    expect((await load(diplomaPdf, { ...download, cookie: chair.cookie })).status).toBe(200)
    expect((await load(diplomaPdf, { ...download, cookie: await sessionCookie((await makeUser(db)).id) })).status).toBe(404)

    // The statistics count the committees that took part (2), not their people (3), and call them organisations.
    const stats = (await getContestStatistics(scene.contest.id))!
    expect(stats.participants).toBe(2)
    expect(stats.sentences[0]).toBe('В конкурсе приняли участие 2 организации, которые подали 2 заявки.')
  })
})
