/**
 * A committee as the entrant (issue #13, item 2): in «Лучший комитет ТОС» the committee takes part, not
 * a person. Its application cannot be sent without the committee; the committee wins, the public results
 * name it as the entrant with its chairperson as representative, its one diploma is issued to it (the PDF
 * says so), and the chairperson who submitted the entry finds that diploma in their cabinet.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import { schema } from '../../db/client.server'
import * as applyPage from '../../app/routes/contests.$slug_.apply'
import * as suggestions from '../../app/routes/resources.contests.$slug.organisations'
import * as resultsPage from '../../app/routes/organiser.contests.$contestId.results'
import * as publicResultsPage from '../../app/routes/contests.$slug_.results'
import * as myDiplomasPage from '../../app/routes/my.diplomas'
import * as publicEntryPage from '../../app/routes/contests.$slug_.entries.$number'
import { renderDiploma } from '../../app/modules/documents/diploma-pdf.server'
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

beforeAll(async () => {
  db = openAppDatabase()
  const district = (await db.insert(schema.district).values({ name: 'Рудничный район', kind: 'district' }).returning())[0].id
  const committees = await db
    .insert(schema.organisation)
    .values([COMMITTEE, RIVAL].map((name) => ({ name, kind: 'tos_committee' as const, tosLevel: 'district' as const, districtId: district })))
    .returning()
  ;[committee, rival] = committees.map((c) => c.id)
  const user = await makeUser(db, { fullName: CHAIR })
  chair = { id: user.id, cookie: await sessionCookie(user.id) }
})

describe('the committee’s application', () => {
  it('cannot be sent without the committee it is submitted for, and the form offers the committees', async () => {
    const scene = await makeContest(db, TOS_CONTEST)
    const apply = { path: `/contests/${scene.contest.slug}/apply`, params: { slug: scene.contest.slug }, cookie: chair.cookie }
    const page = await load(applyPage, apply)
    expect(page.data).toMatchObject({ form: { ctx: { spec: { asksOrganisation: true, requireOrganisation: true } } } })
    // Typed, the field suggests the committee (organisation-choice.test.ts: among the city's thousands).
    const suggested = await load(suggestions, { path: `/resources/contests/${scene.contest.slug}/organisations?q=${encodeURIComponent('Лесная')}`, params: { slug: scene.contest.slug }, cookie: chair.cookie })
    expect(suggested.data).toEqual({ options: [`${COMMITTEE}, Рудничный район (код ${committee})`] })

    const form = { save: 'submit', nominationId: String(scene.nominations[0].id), title: 'Год добрых дел', 'authors[0].fullName': CHAIR, 'authors[0].age': '52', consent: 'on' }
    const answer = await act(applyPage, { ...apply, form })
    expect(answer.status).toBe(400)
    expect((answer.data as { error?: Record<string, string[]> }).error?.organisation).toEqual(['Выберите комитет или организацию: в этом конкурсе участвуют они, а диплом выдаётся им'])
    expect(await db.select().from(schema.entry).where(eq(schema.entry.contestId, scene.contest.id))).toHaveLength(0)
  })
})

describe('a committee that wins', () => {
  it('is the entrant in the public results, and its one diploma is issued to it and reaches its chairperson', async () => {
    const organiser = await makeUser(db, { roles: ['organiser'] })
    const scene = await scoredContest(db, {
      settings: { ...TOS_CONTEST, authorsPublic: true },
      nominations: ['Лучший окружной комитет'],
      entries: [
        { nomination: 0, totals: [95, 90, 92], title: 'Год добрых дел', ownerId: chair.id, organisationId: committee, authors: [{ fullName: CHAIR, userId: chair.id }] },
        { nomination: 0, totals: [60, 65, 70], title: 'Чистый двор', organisationId: rival, authors: [{ fullName: 'Соседова Анна Львовна' }, { fullName: 'Дворов Пётр Ильич' }] },
      ],
    })
    const published = await act(resultsPage, {
      path: `/organiser/contests/${scene.contest.id}/results`,
      params: { contestId: String(scene.contest.id) },
      cookie: await sessionCookie(organiser.id),
      form: { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' },
    })
    expect(published.status).toBe(302)

    // One diploma per committee, named for it — not one per representative.
    const diplomas = await db.select().from(schema.diploma).where(eq(schema.diploma.contestId, scene.contest.id))
    expect(diplomas.map((d) => [d.entryId, d.recipientName, d.kind, d.place]).sort()).toEqual(
      [
        [scene.entries[0].id, COMMITTEE, 'winner', 1],
        [scene.entries[1].id, RIVAL, 'winner', 2],
      ].sort(),
    )

    const slug = scene.contest.slug
    const results = await load(publicResultsPage, { path: `/contests/${slug}/results`, params: { slug } })
    const winners = (results.data as { nominations: { parts: { winners: { title: string; entrant?: string | null; authors: string[] }[] }[] }[] }).nominations[0].parts[0].winners
    expect(winners.map((w) => [w.title, w.entrant, w.authors])).toEqual([
      ['Год добрых дел', COMMITTEE, [CHAIR]],
      ['Чистый двор', RIVAL, ['Соседова Анна Львовна', 'Дворов Пётр Ильич']],
    ])

    const number = 'ТОС-0001'
    const entryPage = await load(publicEntryPage, { path: `/contests/${slug}/entries/${number}`, params: { slug, number } })
    expect((entryPage.data as { entry: { entrant: string | null; authors: string[] } }).entry).toMatchObject({ entrant: COMMITTEE, authors: [CHAIR] })

    const won = diplomas.find((d) => d.entryId === scene.entries[0].id)!
    const text = await pdfText(await renderDiploma((await findDiploma(won.number))!, 'https://konkurs.example.ru'))
    expect(text).toContain(`награждается ${COMMITTEE}`)

    const cabinet = await load(myDiplomasPage, { path: '/my/diplomas', cookie: chair.cookie })
    expect((cabinet.data as { diplomas: { number: string; recipientName: string }[] }).diplomas).toEqual([expect.objectContaining({ number: won.number, recipientName: COMMITTEE })])
  })
})
