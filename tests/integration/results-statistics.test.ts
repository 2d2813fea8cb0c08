/**
 * Statistics over real HTTP: the 2020 report's figures reproduced word for word, Russian plurals,
 * distinct participants, breakdowns by nomination, district and age, sums of numeric fields, and the
 * CSV and XLSX downloads; the public per-year pages.
 */
import ExcelJS from 'exceljs'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, transaction, firstRow, schema } from '../../db/client.server'
import { makeEntry, makeUser } from '../factories'
import { scoredContest, type EntrySpec } from '../factories-results'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer
let db: DB
let organiser: Client

const AGES = [
  { name: 'Дети до 14 лет', minAge: 0, maxAge: 13 },
  { name: 'Молодёжь 14–17 лет', minAge: 14, maxAge: 17 },
  { name: 'Взрослые', minAge: 18, maxAge: null },
]
const BIRDHOUSES = {
  shortName: 'Тепло твоих рук',
  numberPrefix: 'ТТР',
  ageCategories: AGES,
  year: 2020,
  // The contest's words for its statistics, as its settings page stores them.
  statisticsWords: {
    entryForms: ['скворечник', 'скворечника', 'скворечников'] as [string, string, string],
    entryGender: 'masculine' as const,
    entryVerb: ['изготовил', 'изготовила', 'изготовило', 'изготовили'] as [string, string, string, string],
    winnersOf: 'городского этапа',
  },
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

async function publish(contestId: number) {
  const res = await organiser.post(`/organiser/contests/${contestId}/results`, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' })
  expect(res.status).toBe(302)
}

/** Three jurors' totals whose sum is 300 − k: distinct means for k = 0…300, so no ties. */
const distinctTotals = (k: number) => [100 - Math.max(k - 200, 0), 100 - Math.min(Math.max(k - 100, 0), 100), 100 - Math.min(k, 100)]

async function sentencesOf(contestId: number) {
  const html = pageText(await (await organiser.get(`/organiser/contests/${contestId}/statistics`)).text())
  const block = html.split('<div class="report-text">')[1].split('</div>')[0]
  return [...block.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1].replace(/&quot;/g, '"'))
}

describe('the birdhouse contest with the 2020 figures', () => {
  let contestId: number

  beforeAll(async () => {
    // 412 birdhouses (206 + 205 + 1) by 1125 residents: 301 entries by three authors and 111 by two.
    let person = 0
    const entries: EntrySpec[] = Array.from({ length: 412 }, (_, i) => ({
      nomination: i < 206 ? 0 : i < 411 ? 1 : 2,
      totals: i === 411 ? [null, null, null] : distinctTotals(i < 206 ? i : i - 206),
      authors: Array.from({ length: i < 301 ? 3 : 2 }, () => ({ fullName: `Участникова Анна ${++person}`, age: person % 10 === 0 ? 10 : 35 })),
    }))
    const made = await transaction(
      db,
      async () =>
        await scoredContest(db, {
          nominations: ['Весна в шахтерском крае', 'Экодомик', 'Специальный приз жюри'],
          settings: { ...BIRDHOUSES, title: 'Тепло твоих рук — 2020' },
          entries,
        }),
    )
    await db.update(schema.nomination).set({ isSpecialPrize: true }).where(eq(schema.nomination.id, made.nominations[2].id))
    contestId = made.contest.id
    // 47 winners in each scored nomination, set on the settings page: no decision by hand but the special prize.
    const settings = await organiser.post(`/organiser/contests/${contestId}?index`, {
      intent: 'results',
      resultMethod: 'mean',
      tieRule: 'shared',
      placesPerNomination: '3',
      laureatesPerNomination: '0',
      minScoresPerEntry: '2',
      disagreementThreshold: '10',
      'nominations[0].id': String(made.nominations[0].id),
      'nominations[0].winnersCount': '47',
      'nominations[1].id': String(made.nominations[1].id),
      'nominations[1].winnersCount': '47',
    })
    expect(settings.status).toBe(302)
    const special = made.entries[411]
    const res = await organiser.post(`/organiser/contests/${contestId}/results`, {
      formId: `decide-${special.id}`,
      intent: 'decide',
      stageId: String(made.stage.id),
      entryId: String(special.id),
      kind: 'special_prize',
      reason: 'Решение жюри: лучший скворечник из природных материалов',
    })
    expect(res.status).toBe(302)
    await publish(contestId)
  })

  it('writes the report’s sentences word for word', async () => {
    expect(await sentencesOf(contestId)).toEqual([
      'В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.',
      'Конкурс прошел по 3 номинациям: «Весна в шахтерском крае» — 206 скворечников, «Экодомик» — 205 скворечников, «Специальный приз жюри» — 1 скворечник.',
      'Победителями городского этапа стали 95 скворечников.',
    ])
  })

  it('shows the figures as charts that need no inline styles', async () => {
    const html = pageText(await (await organiser.get(`/organiser/contests/${contestId}/statistics`)).text())
    expect(html).toContain('<dt>Подано</dt><dd>412 скворечников</dd>')
    expect(html).toContain('<dt>Приняли участие</dt><dd>1125 жителей</dd>')
    expect(html).toContain('<dt>Победители</dt><dd>95 скворечников</dd>')
    // The charts count in the contest's own nouns.
    expect(html).toMatch(/Весна в шахтерском крае<\/span><span class="bar-chart__value">206 скворечников<\/span>/)
    // Every tenth resident is a child of 10.
    expect(html).toMatch(/Дети до 14 лет<\/span><span class="bar-chart__value">112 жителей<\/span>/)
    expect(html).toMatch(/<rect x="0" y="0" width="100" height="4" class="bar-chart__fill"/)
    expect(html).not.toMatch(/\sstyle="/)
  })

  it('downloads as CSV for Russian Excel: BOM, semicolons, the same sentences', async () => {
    const res = await organiser.get(`/resources/contests/${contestId}/statistics.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    const lines = text.split('\r\n')
    expect(lines).toContain('Подано;412;скворечников')
    expect(lines).toContain('Приняли участие;1125;жителей')
    expect(lines).toContain('Приняты к участию;412;скворечников')
    expect(lines).toContain('Победители;95;скворечников')
    expect(lines).toContain('Весна в шахтерском крае;206;47')
    expect(lines).toContain('Специальный приз жюри;1;1')
    expect(lines).toContain('Победителями городского этапа стали 95 скворечников.')
  })

  it('downloads as XLSX with a sheet per table', async () => {
    const res = await organiser.get(`/resources/contests/${contestId}/statistics.xlsx`)
    expect(res.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    expect(book.worksheets.map((s) => s.name)).toEqual(['Итоги', 'Номинации', 'Районы', 'Возраст', 'Текст отчёта'])
    const summary = book.getWorksheet('Итоги')!
    expect(summary.getRow(5).values).toEqual([undefined, 'Приняли участие', 1125, 'жителей'])
    expect(book.getWorksheet('Номинации')!.getRow(2).values).toEqual([undefined, 'Весна в шахтерском крае', 206, 47])
  })

  it('is for organisers: a resident gets 403', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    expect((await resident.get(`/resources/contests/${contestId}/statistics.csv`)).status).toBe(403)
    expect((await resident.get(`/organiser/contests/${contestId}/statistics`)).status).toBe(403)
  })
})

describe('Russian plural forms', () => {
  it.each([
    [1, 'В конкурсе принял участие 1 житель, который изготовил 1 скворечник.', 'Победителем городского этапа стал 1 скворечник.'],
    [2, 'В конкурсе приняли участие 2 жителя, которые изготовили 2 скворечника.', 'Победителями городского этапа стали 2 скворечника.'],
    [5, 'В конкурсе приняли участие 5 жителей, которые изготовили 5 скворечников.', 'Победителями городского этапа стали 5 скворечников.'],
    [11, 'В конкурсе приняли участие 11 жителей, которые изготовили 11 скворечников.', 'Победителями городского этапа стали 11 скворечников.'],
    [21, 'В конкурсе принял участие 21 житель, который изготовил 21 скворечник.', 'Победителем городского этапа стал 21 скворечник.'],
  ])('agree with %i residents, birdhouses and winners', async (n, participation, winners) => {
    const made = await scoredContest(db, {
      nominations: ['Весна в шахтерском крае'],
      settings: { ...BIRDHOUSES, title: `Тепло твоих рук — ${n}`, placesPerNomination: n },
      entries: Array.from({ length: n }, (_, i) => ({ nomination: 0, totals: distinctTotals(i) })),
    })
    await publish(made.contest.id)
    expect(await sentencesOf(made.contest.id)).toEqual([participation, winners])
  })
})

describe('participants, districts, ages and numeric fields', () => {
  let contestId: number

  beforeAll(async () => {
    const made = await scoredContest(db, {
      nominations: ['Мой двор — моя гордость'],
      settings: { title: 'Красивый двор — проверка', shortName: 'Красивый двор', ageCategories: AGES, year: 2021, status: 'review' },
      entries: [],
    })
    contestId = made.contest.id
    const [field] = await db
      .insert(schema.formField)
      .values({ contestId, key: 'flowerbeds', label: 'Количество клумб', kind: 'number', summedInStats: true, unitForms: ['клумба', 'клумбы', 'клумб'] })
      .returning()
    const district = async (name: string) => (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, name))))!.id
    const resident = await makeUser(db)
    const neighbour = await makeUser(db)
    const add = async (input: {
      districtId: number | null
      authors: { fullName: string; age?: number; userId?: string }[]
      ownerId: string
      beds: number
      status?: 'accepted' | 'rejected'
    }) => {
      const e = await makeEntry(db, { contestId, nominationId: made.nominations[0].id, ...input, status: input.status ?? 'accepted' })
      await db.insert(schema.entryFieldValue).values({ entryId: e.id, fieldId: field.id, value: String(input.beds), numberValue: input.beds })
    }
    // The same account twice, the same typed name twice under one entrant, and a namesake of another entrant: 4 people.
    await add({
      districtId: await district('Заводский район'),
      ownerId: resident.id,
      beds: 3,
      authors: [
        { fullName: 'Жукова Ирина', userId: resident.id, age: 40 },
        { fullName: 'Жуков Илья', age: 10 },
      ],
    })
    await add({
      districtId: await district('ж.р. Ягуновский'),
      ownerId: resident.id,
      beds: 4,
      authors: [
        { fullName: 'Жукова Ирина', userId: resident.id, age: 40 },
        { fullName: 'жуков  илья', age: 10 },
      ],
    })
    await add({ districtId: null, ownerId: neighbour.id, beds: 21, authors: [{ fullName: 'Жуков Илья', age: 15 }] })
    await add({ districtId: await district('Ленинский район'), ownerId: neighbour.id, beds: 100, status: 'rejected', authors: [{ fullName: 'Отклонённый Автор' }] })
  })

  it('counts distinct people, rolls residential areas into districts and sums accepted entries only', async () => {
    expect(await sentencesOf(contestId)).toEqual([
      'В конкурсе приняли участие 3 жителя, которые подали 3 заявки.',
      'По районам: Заводский район — 2 заявки.',
      'По данным заявок: 28 клумб.',
    ])
    const html = pageText(await (await organiser.get(`/organiser/contests/${contestId}/statistics`)).text())
    expect(html).toMatch(/Район не указан<\/span><span class="bar-chart__value">1 заявка<\/span>/)
    expect(html).toMatch(/Дети до 14 лет<\/span><span class="bar-chart__value">1 житель<\/span>/)
    expect(html).toMatch(/Молодёжь 14–17 лет<\/span><span class="bar-chart__value">1 житель<\/span>/)
    expect(html).toMatch(/Взрослые<\/span><span class="bar-chart__value">1 житель<\/span>/)
    expect(html).toContain('<dt>Количество клумб</dt><dd>28 клумб</dd>')
    // The rejected entry was received, and counts nowhere else.
    expect(html).toContain('<dt>Подано</dt><dd>4 заявки</dd>')
    expect(html).toContain('<dt>Приняты к участию</dt><dd>3 заявки</dd>')
    expect(html).toContain('<dt>Победители</dt><dd>итоги не подведены</dd>')
  })
})

describe('public statistics per year', () => {
  it('lists the years with their contests and shows a year’s contests with charts in their own nouns', async () => {
    const guest = new Client(server.url)
    const index = pageText(await (await guest.get('/statistics')).text())
    expect(index).toMatch(/href="\/statistics\/2020">2020 год<\/a> — 6 конкурсов, итоги подведены во всех</)
    expect(index).toMatch(/href="\/statistics\/2021">2021 год<\/a> — 1 конкурс, итоги ещё не подведены</)
    const year = pageText(await (await guest.get('/statistics/2020')).text())
    expect(year).toContain('Конкурсы 2020 года в цифрах')
    expect(year).toContain('В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.')
    // People and entries never share a figure: the year's applications, then its people, then its winning applications.
    expect(year).toMatch(/6 конкурсов, на них подано [\d\u00a0]+ заяв(?:ка|ки|ок)\. Итоги подведены во? [\d]+ конкурсах? из 6: в них приняли участие [\d\u00a0]+ участник(?:а|ов)?, победителями стали [\d\u00a0]+ заяв(?:ка|ки|ок)\./)
    expect(year).toMatch(/Тепло твоих рук — 2020<\/span><span class="bar-chart__value">412 скворечников<\/span>/)
    const csv = await guest.get('/resources/statistics/2020.csv')
    expect(csv.status).toBe(200)
    expect(new TextDecoder().decode(await csv.arrayBuffer())).toContain('Тепло твоих рук — 2020;412;скворечников;1125;жителей;95;скворечников')
  })

  it('shows a contest whose results are not out by what it received only', async () => {
    const year = pageText(await (await new Client(server.url).get('/statistics/2021')).text())
    expect(year).toContain('<p>На конкурс подано 4 заявки.</p><p>Итоги конкурса ещё не подведены.</p>')
    expect(year).not.toContain('Заводский район')
    expect(year).not.toContain('клумб')
  })

  it('answers a year without results with a Russian 404', async () => {
    const res = await new Client(server.url).get('/statistics/1990')
    expect(res.status).toBe(404)
    expect(pageText(await res.text())).toContain('За этот год конкурсов нет')
  })
})
