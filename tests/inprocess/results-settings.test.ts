/**
 * The results settings of the contest's settings page, asked of the routes' loaders and actions: every
 * setting round trips with its audit record in Russian, bad values get Russian messages beside their
 * fields, a change after publication is refused, each nomination's own number of winners and the tie
 * rule reach the results page, age categories are ranked and shown apart through to the diplomas, and
 * places computed by another method than the contest's own are published only with a reason, which the
 * audit log and the protocol show.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import { firstRow, schema } from '../../db/client.server'
import * as overviewPage from '../../app/routes/organiser.contests.$contestId._index'
import * as resultsPage from '../../app/routes/organiser.contests.$contestId.results'
import * as auditPage from '../../app/routes/organiser.contests.$contestId.audit'
import * as juryPage from '../../app/routes/organiser.contests.$contestId.jury'
import * as publicResultsPage from '../../app/routes/contests.$slug_.results'
import * as verificationPage from '../../app/routes/diplomas.$number'
import * as protocolPdf from '../../app/routes/resources.contests.$contestId.protocol[.]pdf'
import * as diplomaPdf from '../../app/routes/resources.diplomas.$number[.]pdf'
import { makeUser } from '../factories'
import { settingsForm } from '../factories-organiser'
import { scoredContest, type EntrySpec } from '../factories-results'
import { pdfText } from '../integration/results-helpers'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'

let db: DB
let cookie: string

beforeAll(async () => {
  db = openAppDatabase()
  const organiser = await makeUser(db, { roles: ['organiser'] })
  cookie = await sessionCookie(organiser.id)
})

const shown = (answer: Answer) => JSON.stringify(answer.data)
const at = (contestId: number, page = '') => ({ path: `/organiser/contests/${contestId}${page}`, params: { contestId: String(contestId) }, cookie })
const contestRow = async (id: number) => (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, id))))!
const nominationRows = async (id: number) => await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, id)).orderBy(schema.nomination.position)
const auditOf = async (id: number) => await db.select().from(schema.auditLog).where(eq(schema.auditLog.contestId, id)).orderBy(schema.auditLog.id)

/** The results settings form as the page posts it; `winners` per nomination id ('' — as in the contest). */
function resultsForm(values: Partial<Record<'resultMethod' | 'tieRule' | 'placesPerNomination' | 'laureatesPerNomination' | 'minScoresPerEntry' | 'disagreementThreshold', string>>, winners: [number, string][] = []) {
  const form = new URLSearchParams({
    intent: 'results',
    resultMethod: 'mean',
    tieRule: 'shared',
    placesPerNomination: '3',
    laureatesPerNomination: '0',
    minScoresPerEntry: '2',
    disagreementThreshold: '10',
    ...values,
  })
  winners.forEach(([id, count], i) => {
    form.append(`nominations[${i}].id`, String(id))
    form.append(`nominations[${i}].winnersCount`, count)
  })
  return form
}

const saveResults = (contestId: number, form: URLSearchParams) => act(overviewPage, { ...at(contestId), form })

/** A resource route's PDF, read as a person reads it. */
async function pdfOf(route: { loader: (args: never) => unknown }, path: string, params: Record<string, string>) {
  const request = new Request(`http://konkurs.test${path}`, { headers: { cookie } })
  const response = (await (route.loader as (args: unknown) => Promise<Response>)({ request, params, context: {} }))
  expect(response.status).toBe(200)
  return pdfText(await response.arrayBuffer())
}

const fullyScored: EntrySpec[] = [
  { nomination: 0, totals: [80, 70, 60] },
  { nomination: 0, totals: [50, 60, 70] },
  { nomination: 1, totals: [40, 40, 40] },
]

describe('the results settings on the settings page', () => {
  it('shows the defaults, saves every setting, and the audit log names each change in Russian', async () => {
    const scene = await scoredContest(db, { entries: fullyScored, settings: { status: 'judging' } })
    const [first, second] = scene.nominations
    const before = await load(overviewPage, at(scene.contest.id))
    expect(before.status).toBe(200)
    expect(before.data).toMatchObject({
      resultsSettings: {
        refusal: null,
        resultMethod: 'mean',
        tieRule: 'shared',
        placesPerNomination: 3,
        laureatesPerNomination: 0,
        minScoresPerEntry: 2,
        disagreementThreshold: 10,
        nominations: [
          { id: first.id, name: 'Первая номинация', winnersCount: null },
          { id: second.id, name: 'Вторая номинация', winnersCount: null },
        ],
      },
    })

    const res = await saveResults(
      scene.contest.id,
      resultsForm(
        { resultMethod: 'median', tieRule: 'earlier_first', placesPerNomination: '5', laureatesPerNomination: '2', minScoresPerEntry: '3', disagreementThreshold: '7,5' },
        [
          [first.id, '12'],
          [second.id, ''],
        ],
      ),
    )
    expect(res.status).toBe(302)
    expect(res.location).toBe(`/organiser/contests/${scene.contest.id}#results-settings-title`)
    expect(await contestRow(scene.contest.id)).toMatchObject({
      resultMethod: 'median',
      tieRule: 'earlier_first',
      placesPerNomination: 5,
      laureatesPerNomination: 2,
      minScoresPerEntry: 3,
      disagreementThreshold: 7.5,
    })
    expect((await nominationRows(scene.contest.id)).map((n) => n.winnersCount)).toEqual([12, null])
    expect((await load(overviewPage, at(scene.contest.id))).data).toMatchObject({
      resultsSettings: { resultMethod: 'median', tieRule: 'earlier_first', placesPerNomination: 5, nominations: [{ winnersCount: 12 }, { winnersCount: null }] },
    })

    const records = await auditOf(scene.contest.id)
    expect(records.map((r) => r.action)).toEqual(['contest.results_settings', 'nomination.winners'])
    expect(records[0]).toMatchObject({
      before: { resultMethod: 'mean', tieRule: 'shared', placesPerNomination: 3, laureatesPerNomination: 0, minScoresPerEntry: 2, disagreementThreshold: 10 },
      after: { resultMethod: 'median', tieRule: 'earlier_first', placesPerNomination: 5, laureatesPerNomination: 2, minScoresPerEntry: 3, disagreementThreshold: 7.5 },
    })
    const audit = shown(await load(auditPage, at(scene.contest.id, '/audit')))
    for (const words of [
      'Изменены настройки подведения итогов',
      'Способ подсчёта',
      'Медиана взвешенных сумм',
      'При равных баллах',
      'При равных баллах выше заявка, поданная раньше',
      'Призовых мест в номинации',
      'Лауреатов в номинации',
      'Оценок на заявку не меньше',
      'Порог расхождения оценок',
      '7,5',
      'Изменено число победителей номинации',
      'Первая номинация',
    ]) {
      expect(audit).toContain(words)
    }
    expect(audit).not.toMatch(/earlier_first|"median"|contest\.results_settings|nomination\.winners/)

    // The same values again change nothing and write nothing.
    const again = await saveResults(
      scene.contest.id,
      resultsForm(
        { resultMethod: 'median', tieRule: 'earlier_first', placesPerNomination: '5', laureatesPerNomination: '2', minScoresPerEntry: '3', disagreementThreshold: '7.5' },
        [[first.id, '12']],
      ),
    )
    expect(again.status).toBe(302)
    expect(await auditOf(scene.contest.id)).toHaveLength(2)

    // Emptying a nomination's number gives it back the contest's places.
    expect((await saveResults(scene.contest.id, resultsForm({ placesPerNomination: '5' }, [[first.id, '']]))).status).toBe(302)
    expect((await nominationRows(scene.contest.id)).map((n) => n.winnersCount)).toEqual([null, null])
  })

  it('refuses bad values with a Russian message beside each field, and saves nothing', async () => {
    const scene = await scoredContest(db, { entries: fullyScored, settings: { status: 'judging' } })
    const res = await saveResults(
      scene.contest.id,
      resultsForm(
        { resultMethod: 'best', tieRule: 'coin', placesPerNomination: '0', laureatesPerNomination: '-1', minScoresPerEntry: '21', disagreementThreshold: 'много' },
        [[scene.nominations[0].id, '1,5']],
      ),
    )
    expect(res.status).toBe(400)
    const error = (res.data as { result: { error: Record<string, string[]> } }).result.error
    expect(error).toMatchObject({
      resultMethod: ['Выберите способ подсчёта из списка'],
      tieRule: ['Выберите, как делить места при равных баллах'],
      placesPerNomination: ['Призовых мест в номинации — от 1 до 500'],
      laureatesPerNomination: ['Лауреатов в номинации — от 0 до 500'],
      minScoresPerEntry: ['Оценок на заявку — от 1 до 20'],
      disagreementThreshold: ['Порог — число, например 10 или 7,5'],
      'nominations[0].winnersCount': ['Победителей в номинации — от 1 до 500, или оставьте поле пустым'],
    })
    expect(await contestRow(scene.contest.id)).toMatchObject({ resultMethod: 'mean', tieRule: 'shared', placesPerNomination: 3 })
    expect(await auditOf(scene.contest.id)).toHaveLength(0)

    const missing = await saveResults(scene.contest.id, new URLSearchParams({ intent: 'results' }))
    expect(missing.status).toBe(400)
    expect(shown(missing)).toContain('Укажите, сколько призовых мест в номинации')
    expect(shown(missing)).toContain('Укажите порог расхождения')
  })

  it('refuses a nomination of another contest and a number of winners for a special prize', async () => {
    const scene = await scoredContest(db, { entries: fullyScored, settings: { status: 'judging' } })
    const other = await scoredContest(db, { entries: [], settings: { status: 'judging' } })
    const foreign = await saveResults(scene.contest.id, resultsForm({}, [[other.nominations[0].id, '4']]))
    expect(foreign.status).toBe(400)
    expect(shown(foreign)).toContain('Такой номинации нет: обновите страницу.')
    expect((await nominationRows(other.contest.id))[0].winnersCount).toBeNull()

    await db.update(schema.nomination).set({ isSpecialPrize: true }).where(eq(schema.nomination.id, scene.nominations[1].id))
    expect((await load(overviewPage, at(scene.contest.id))).data).toMatchObject({ resultsSettings: { nominations: [{ id: scene.nominations[0].id }] } })
    const special = await saveResults(scene.contest.id, resultsForm({}, [[scene.nominations[1].id, '4']]))
    expect(special.status).toBe(400)
    expect(shown(special)).toContain('Победителей номинации «Вторая номинация» определяет решение жюри: их число не задаётся.')
  })

  it('is refused after publication, on every page that changes a results setting, until the publication is withdrawn', async () => {
    const scene = await scoredContest(db, { entries: fullyScored, settings: { ageCategories: [{ name: 'Взрослые', minAge: 18, maxAge: null }] } })
    const publish = await act(resultsPage, { ...at(scene.contest.id, '/results'), form: { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' } })
    expect(publish.status).toBe(302)
    const message = 'Итоги конкурса опубликованы, и места в них рассчитаны по нынешним настройкам подведения итогов.'

    const page = await load(overviewPage, at(scene.contest.id))
    expect(shown(page)).toContain(message)
    const refused = await saveResults(scene.contest.id, resultsForm({ placesPerNomination: '10' }, [[scene.nominations[0].id, '7']]))
    expect(refused.status).toBe(409)
    expect(shown(refused)).toContain(message)
    expect(shown(refused)).toContain('сначала отзовите публикацию в разделе «Итоги»')
    const k = await act(juryPage, { ...at(scene.contest.id, '/jury'), form: { intent: 'min-scores', minScoresPerEntry: '3' } })
    expect(k.status).toBe(409)
    expect(shown(k)).toContain(message)
    // The age categories are ranked apart: they are a results setting too. The rest of the settings stay editable.
    const base = settingsForm({ title: scene.contest.title, slug: scene.contest.slug, numberPrefix: 'ТК', year: String(scene.contest.year) })
    const ages = (name: string) => new URLSearchParams({ ...base, ageName: name, ageMin: '18', ageMax: '' })
    const categories = await act(overviewPage, { ...at(scene.contest.id), form: ages('Взрослые старше 18') })
    expect(categories.status).toBe(409)
    expect((categories.data as { result: { error: Record<string, string[]> } }).result.error.ageCategories?.[0]).toContain(message)
    expect((await act(overviewPage, { ...at(scene.contest.id), form: ages('Взрослые') })).status).toBe(302)

    expect(await contestRow(scene.contest.id)).toMatchObject({ placesPerNomination: 3, minScoresPerEntry: 2, ageCategories: [{ name: 'Взрослые', minAge: 18, maxAge: null }] })
    expect((await nominationRows(scene.contest.id))[0].winnersCount).toBeNull()
    expect((await auditOf(scene.contest.id)).filter((r) => r.action === 'contest.results_settings' || r.action === 'nomination.winners')).toHaveLength(0)

    const withdraw = await act(resultsPage, { ...at(scene.contest.id, '/results'), form: { formId: 'withdraw', intent: 'withdraw', reason: 'Пересчитываем с десятью местами' } })
    expect(withdraw.status).toBe(302)
    expect((await saveResults(scene.contest.id, resultsForm({ placesPerNomination: '10' }))).status).toBe(302)
    expect((await contestRow(scene.contest.id)).placesPerNomination).toBe(10)
  })
})

describe('the results page follows the settings', () => {
  type Group = { nominationName: string; ageCategory: string | null; placesCount: number; entries: { title: string; outcome: { place: number | null; award: string | null } }[] }
  const groupsOf = async (contestId: number) => ((await load(resultsPage, at(contestId, '/results'))).data as { groups: Group[] }).groups
  const ranking = (g: Group) => g.entries.map((e) => [e.title, e.outcome.place, e.outcome.award])

  it('gives a nomination its own number of winners, and lets a decision use those places only', async () => {
    const entries: EntrySpec[] = Array.from({ length: 6 }, (_, i) => ({ nomination: i < 5 ? 0 : 1, totals: [90 - i * 5, 90 - i * 5, 90 - i * 5] }))
    const scene = await scoredContest(db, { entries, settings: { status: 'judging' } })
    expect((await saveResults(scene.contest.id, resultsForm({ placesPerNomination: '1' }, [[scene.nominations[0].id, '4']]))).status).toBe(302)
    const [first, second] = await groupsOf(scene.contest.id)
    expect(first.placesCount).toBe(4)
    expect(ranking(first).map(([, , award]) => award)).toEqual(['place', 'place', 'place', 'place', null])
    expect(second.placesCount).toBe(1)

    const decide = (entryId: number, place: string) =>
      act(resultsPage, {
        ...at(scene.contest.id, '/results'),
        form: { formId: `decide-${entryId}`, intent: 'decide', stageId: String(scene.stage.id), entryId: String(entryId), kind: 'place', place, reason: 'Решение жюри на заседании' },
      })
    expect((await decide(scene.entries[4].id, '4')).status).toBe(302)
    const refused = await decide(scene.entries[5].id, '2')
    expect(refused.status).toBe(400)
    expect(shown(refused)).toContain('Выберите место от 1 до 1: столько призовых мест в номинации.')
  })

  it('breaks a tie by the earlier submission once the organiser chooses that rule', async () => {
    const scene = await scoredContest(db, {
      settings: { status: 'judging', placesPerNomination: 1 },
      entries: [
        { nomination: 0, totals: [70, 70, 70], title: 'Поданная позже', submittedAt: new Date('2027-03-05T10:00:00Z') },
        { nomination: 0, totals: [70, 70, 70], title: 'Поданная раньше', submittedAt: new Date('2027-03-01T10:00:00Z') },
      ],
    })
    expect(ranking((await groupsOf(scene.contest.id))[0])).toEqual([
      ['Поданная раньше', 1, 'place'],
      ['Поданная позже', 1, 'place'],
    ])
    expect((await saveResults(scene.contest.id, resultsForm({ placesPerNomination: '1', tieRule: 'earlier_first' }))).status).toBe(302)
    expect(ranking((await groupsOf(scene.contest.id))[0])).toEqual([
      ['Поданная раньше', 1, 'place'],
      ['Поданная позже', 2, null],
    ])
  })
})

describe('age categories ranked apart', () => {
  it('in the review, the public results, the protocol and the diplomas', async () => {
    const AGES = [
      { name: 'Дети до 14 лет', minAge: 0, maxAge: 13 },
      { name: 'Взрослые', minAge: 18, maxAge: null },
    ]
    const scene = await scoredContest(db, {
      nominations: ['Экодомик'],
      settings: { ageCategories: AGES, placesPerNomination: 1, fullRankingPublic: true, title: 'Скворечники по возрастам' },
      entries: [
        { nomination: 0, totals: [90, 90, 90], title: 'Дворец для скворца', authors: [{ fullName: 'Мамина Ольга', age: 38 }, { fullName: 'Мамин Илья', age: 9 }] },
        { nomination: 0, totals: [60, 60, 60], title: 'Домик из коробки', authors: [{ fullName: 'Юный Пётр', age: 10 }] },
        { nomination: 0, totals: [50, 50, 50], title: 'Скворечник-ракета', authors: [{ fullName: 'Смелая Аня', age: 12 }] },
        { nomination: 0, totals: [80, 80, 80], title: 'Терем', authors: [{ fullName: 'Старший Иван', age: 45 }] },
      ],
    })
    const groups = ((await load(resultsPage, at(scene.contest.id, '/results'))).data as {
      groups: { ageCategory: string | null; entries: { title: string; outcome: { place: number | null; award: string | null } }[] }[]
    }).groups
    expect(groups.map((g) => [g.ageCategory, g.entries.map((e) => [e.title, e.outcome.place, e.outcome.award])])).toEqual([
      [
        'Дети до 14 лет',
        [
          ['Домик из коробки', 1, 'place'],
          ['Скворечник-ракета', 2, null],
        ],
      ],
      [
        'Взрослые',
        [
          // A family with an adult competes with adults.
          ['Дворец для скворца', 1, 'place'],
          ['Терем', 2, null],
        ],
      ],
    ])

    expect((await act(resultsPage, { ...at(scene.contest.id, '/results'), form: { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' } })).status).toBe(302)

    const slug = scene.contest.slug
    const results = await load(publicResultsPage, { path: `/contests/${slug}/results`, params: { slug } })
    const [nomination] = (results.data as { nominations: { parts: { ageCategory: string; winners: { title: string }[]; ranking: unknown[] }[] }[] }).nominations
    expect(nomination.parts.map((p) => [p.ageCategory, p.winners.map((w) => w.title), p.ranking.length])).toEqual([
      ['Дети до 14 лет', ['Домик из коробки'], 2],
      ['Взрослые', ['Дворец для скворца'], 2],
    ])

    const protocol = await pdfOf(protocolPdf, `/resources/contests/${scene.contest.id}/protocol.pdf`, { contestId: String(scene.contest.id) })
    expect(protocol).toMatch(/Возрастная категория «Дети до 14 лет».*I ТК-0002 Домик из коробки.*Победители и призёры: — I место: ТК-0002 «Домик из коробки».*Возрастная категория «Взрослые».*— I место: ТК-0001 «Дворец для скворца»/)

    const diploma = (await db.select().from(schema.diploma).where(eq(schema.diploma.recipientName, 'Юный Пётр')))[0]
    const check = await load(verificationPage, { path: `/diplomas/${diploma.number}`, params: { number: diploma.number } })
    expect(check.data).toMatchObject({ found: true, diploma: { nominationName: 'Экодомик', ageCategory: 'Дети до 14 лет', place: 'I место' } })
    const pdf = await pdfOf(diplomaPdf, `/resources/diplomas/${diploma.number}.pdf`, { number: diploma.number })
    expect(pdf).toContain('за I место в номинации «Экодомик» (возрастная категория «Дети до 14 лет»)')
  })
})

describe('publishing with another method than the contest’s own', () => {
  const REASON = 'Жюри решило считать медиану: один член жюри оценивал заметно строже'

  it('is refused without a reason, and with one the audit log and the protocol show it', async () => {
    const scene = await scoredContest(db, { entries: fullyScored })
    const publish = (form: Record<string, string>) =>
      act(resultsPage, { ...at(scene.contest.id, '/results?method=median'), form: { formId: 'publish', intent: 'publish', method: 'median', confirm: 'on', ...form } })

    const preview = await load(resultsPage, at(scene.contest.id, '/results?method=median'))
    expect(preview.data).toMatchObject({ method: 'median', contest: { resultMethod: 'mean' } })

    const refused = await publish({})
    expect(refused.status).toBe(409)
    expect((refused.data as { result: { error: Record<string, string[]> } }).result.error.methodReason).toEqual([
      'Места рассчитаны способом «медиана взвешенных сумм», а в положении о конкурсе указан способ «среднее взвешенных сумм (сумма баллов ÷ число оценивших)». Чтобы опубликовать итоги, рассчитанные не по положению, укажите причину: она попадёт в протокол и в журнал действий.',
    ])
    expect(await db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, scene.contest.id))).toHaveLength(0)
    expect((await contestRow(scene.contest.id)).status).toBe('review')
    const short = await publish({ methodReason: 'так' })
    expect(short.status).toBe(400)
    expect(shown(short)).toContain('не короче 5 символов')

    expect((await publish({ methodReason: REASON })).status).toBe(302)
    const [publication] = await db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, scene.contest.id))
    expect(publication.method).toBe('median')
    const logged = (await auditOf(scene.contest.id)).find((a) => a.action === 'result.publish')
    expect(logged?.after).toMatchObject({ method: 'median', contestMethod: 'mean', methodReason: REASON })
    const audit = shown(await load(auditPage, at(scene.contest.id, '/audit')))
    expect(audit).toContain('Причина подсчёта не по положению')
    expect(audit).toContain(REASON)
    expect(audit).toContain('Способ подсчёта по положению')

    const protocol = await pdfOf(protocolPdf, `/resources/contests/${scene.contest.id}/protocol.pdf`, { contestId: String(scene.contest.id) })
    expect(protocol).toContain('Способ подсчёта: Медиана взвешенных сумм.')
    expect(protocol).toContain('Положением о конкурсе предусмотрен способ «среднее взвешенных сумм (сумма баллов ÷ число оценивших)»; места рассчитаны иначе по решению организатора.')
    expect(protocol).toContain(`Причина: ${REASON}`)
  })

  it('needs no reason for the contest’s own method', async () => {
    const scene = await scoredContest(db, { entries: fullyScored, settings: { resultMethod: 'median' } })
    const res = await act(resultsPage, { ...at(scene.contest.id, '/results'), form: { formId: 'publish', intent: 'publish', method: 'median', confirm: 'on' } })
    expect(res.status).toBe(302)
    const protocol = await pdfOf(protocolPdf, `/resources/contests/${scene.contest.id}/protocol.pdf`, { contestId: String(scene.contest.id) })
    expect(protocol).not.toContain('Положением о конкурсе предусмотрен')
  })
})
