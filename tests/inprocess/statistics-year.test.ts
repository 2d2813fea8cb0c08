/**
 * The public year page of statistics (#13 item 4), asked of its loader and its downloads: the demo year's six
 * contests as the seed makes them, each listed; a contest whose results are not out says only what it received
 * and that its results are not out, nothing its jury or moderation decided; once the judging contest's results
 * are published through the results service, its figures appear; the CSV and XLSX hold the page's figures.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { and, count, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema, type DB } from '../../db/client.server'
import { judgingContestSlug, seed } from '../../db/seed'
import { DEMO_ENTRIES } from '../../db/seed-judging'
import * as yearPage from '../../app/routes/statistics.$year'
import * as yearsPage from '../../app/routes/statistics._index'
import * as yearCsv from '../../app/routes/resources.statistics.$year[.]csv'
import * as yearXlsx from '../../app/routes/resources.statistics.$year[.]xlsx'
import { decide, publishResults } from '../../app/modules/results/results.server'
import { RECEIVED_STATUSES, type YearStatistics } from '../../app/modules/results/statistics.server'
import { RESULTS_NOT_OUT, yearRow, yearTotals } from '../../app/modules/results/statistics-figures'
import { storePhoto } from '../../app/modules/photos/pipeline.server'
import { createLocalStorage } from '../../app/utils/storage.server'
import { load, openAppDatabase } from '../setup/in-process'

let db: DB
const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-year-'))
afterAll(() => fs.rmSync(uploads, { recursive: true, force: true }))

/**
 * Early December in the city, when the seed's dates around `now` run from July into the next spring: the
 * six contests are still the one year's, the seed's city year.
 */
const NOW = new Date('2026-12-03T05:00:00Z')
const YEAR = '2026'

beforeAll(async () => {
  db = openAppDatabase()
  await seed(db, NOW, { storage: createLocalStorage(uploads), storePhoto })
})

const page = async () => {
  const answer = await load(yearPage, { path: `/statistics/${YEAR}`, params: { year: YEAR } })
  expect(answer.status).toBe(200)
  return answer.data as YearStatistics
}

const download = async (route: typeof yearCsv | typeof yearXlsx, ext: string) => {
  const request = new Request(`http://konkurs.test/resources/statistics/${YEAR}.${ext}`)
  return (await route.loader({ request, params: { year: YEAR }, context: {} })) as Response
}

/** The CSV's first table (the year's), as rows of cells. */
async function csvYearTable() {
  const text = new TextDecoder().decode(await (await download(yearCsv, 'csv')).arrayBuffer()).replace(/^\ufeff/, '')
  const [table] = text.split('\r\n\r\n')
  return table.split('\r\n').map((line) => line.split(';'))
}

/** A figure as the page's table shows it, and as the files hold it: the number (or the note) and what it counts. */
const cells = (row: ReturnType<typeof yearRow>) => [row.contest, ...row.figures.flatMap((f) => [String(f.value), typeof f.value === 'number' && f.forms ? f.forms[2] : ''])]

async function judgingContest() {
  return (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.slug, judgingContestSlug(2026)))))!
}

describe('the demo year before any results are out', () => {
  it('lists all six contests, each by what it received and that its results are not out', async () => {
    const y = await page()
    expect(y.contests.map((c) => c.contest.shortName).sort()).toEqual(
      ['#Вновыйгодвместе', 'Город друзей – город идей', 'Красивый дом и двор', 'Лучший комитет ТОС', 'Снежный калейдоскоп', 'Тепло твоих рук'].sort(),
    )
    const judging = await judgingContest()
    const received = (await firstRow(db.select({ n: count() }).from(schema.entry).where(and(eq(schema.entry.contestId, judging.id), inArray(schema.entry.status, RECEIVED_STATUSES)))))!.n
    expect(received).toBe(DEMO_ENTRIES.length)
    const byName = Object.fromEntries(y.contests.map((c) => [c.contest.shortName, c]))
    expect(byName['Красивый дом и двор'].sentences).toEqual([`На конкурс подано ${received} заявок.`, 'Итоги конкурса ещё не подведены.'])
    expect(byName['Тепло твоих рук'].sentences).toEqual(['На конкурс пока ничего не подано.', 'Итоги конкурса ещё не подведены.'])
    expect(y.contests.every((c) => c.shown === 'received')).toBe(true)
    expect(y.published).toEqual({ contests: 0, participants: 0, entries: 0, winners: 0 })
  })

  it('tells nothing the jury or the moderation decided: no participants, breakdowns, sums, winners or entries’ titles', async () => {
    const judging = (await page()).contests.find((c) => c.contest.shortName === 'Красивый дом и двор')!
    expect(Object.keys(judging).sort()).toEqual(['contest', 'nouns', 'published', 'received', 'sentences', 'shown'])
    const everything = JSON.stringify(await page())
    for (const e of DEMO_ENTRIES) expect(everything).not.toContain(e.title)
    expect(everything).not.toContain('Мой двор — моя гордость') // its nominations are not broken down
  })

  it('lists the year among the years', async () => {
    const answer = await load(yearsPage, { path: '/statistics' })
    expect(answer.data).toEqual({ years: [{ year: 2026, contests: 6, published: 0 }] })
  })
})

describe('the demo year once the judging contest’s results are published', () => {
  beforeAll(async () => {
    const judging = await judgingContest()
    const organiser = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, 'organiser@demo.konkurs'))))!
    // The demo's entries wait for their scores: the organiser gives two of them places by decision, then publishes.
    const stage = (await firstRow(db.select().from(schema.stage).where(eq(schema.stage.contestId, judging.id))))!
    const [first, second] = await db.select().from(schema.entry).where(and(eq(schema.entry.contestId, judging.id), eq(schema.entry.status, 'accepted'))).orderBy(schema.entry.id).limit(2)
    await decide(organiser.id, judging.id, stage.id, first.id, { kind: 'place', place: 1, reason: 'Решение жюри на выезде' })
    await decide(organiser.id, judging.id, stage.id, second.id, { kind: 'place', place: 2, reason: 'Решение жюри на выезде' })
    await publishResults(organiser.id, judging.id, judging.resultMethod, 'http://konkurs.test', 'Итоги подведены по решению жюри на выезде: проверка страницы статистики')
  })

  it('shows the published contest’s figures in its own words beside the five that only received entries', async () => {
    const y = await page()
    const published = y.contests.filter((c) => c.shown === 'all')
    expect(published.map((c) => c.contest.shortName)).toEqual(['Красивый дом и двор'])
    const [c] = published
    if (c.shown !== 'all') throw new Error('unreachable')
    expect(c.winners).toBe(2)
    expect(c.sentences[0]).toMatch(/^В конкурсе приняли? участие \d+ жител(ь|я|ей), которы[йе] подали? \d+ заяв(ку|ки|ок)\.$/)
    expect(y.published).toMatchObject({ contests: 1, participants: c.participants, winners: c.winners })
    expect(y.contests.filter((x) => x.shown === 'received')).toHaveLength(5)
  })

  it('downloads as CSV with the page’s figures, row for row', async () => {
    const y = await page()
    const table = await csvYearTable()
    expect(table[0]).toEqual([`Итоги ${YEAR} года`])
    expect(table[1]).toEqual(['Конкурс', 'Подано', 'Чего', 'Приняли участие', 'Чего', 'Победители', 'Чего'])
    expect(table.slice(2)).toEqual([...y.contests.map((c) => cells(yearRow(c))), cells(yearTotals(y))])
    // Written out, for the contests with and without results.
    const judging = y.contests.find((c) => c.shown === 'all')!
    if (judging.shown !== 'all') throw new Error('unreachable')
    expect(table).toContainEqual([judging.contest.title, String(judging.received), 'заявок', String(judging.participants), 'жителей', String(judging.winners), 'заявок'])
    const birdhouses = y.contests.find((c) => c.contest.shortName === 'Тепло твоих рук')!
    expect(table).toContainEqual([birdhouses.contest.title, '0', 'скворечников', RESULTS_NOT_OUT, '', RESULTS_NOT_OUT, ''])
  })

  it('downloads as XLSX with the same figures', async () => {
    const y = await page()
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await (await download(yearXlsx, 'xlsx')).arrayBuffer())
    const sheet = book.worksheets[0]
    const rows: string[][] = []
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(rows.slice(1)).toEqual([...y.contests.map((c) => cells(yearRow(c))), cells(yearTotals(y))])
  })

  it('lists the year as one of six contests with results', async () => {
    expect((await load(yearsPage, { path: '/statistics' })).data).toEqual({ years: [{ year: 2026, contests: 6, published: 1 }] })
  })
})
