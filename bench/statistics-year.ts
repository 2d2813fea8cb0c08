/**
 * Times the public year page of statistics (#13 item 4) with the six contests of the 2020 report at its sizes,
 * every one's results published: «Тепло твоих рук» 412 birdhouses by 1125 residents, «Снежный калейдоскоп» 618
 * applications with its four counted fields, «#Вновыйгодвместе» 170 photographs, «Красивый дом и двор» 430 yards
 * with 325 flowerbeds, «Город друзей – город идей» 8 projects, «Лучший комитет ТОС» 1123 people. The page's
 * loader (getYearStatistics, what the server computes for it; React's render aside) and its CSV download, median of 9
 * after one warm-up.
 *
 *   npx tsx bench/statistics-year.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeDatabase, schema, transaction } from '../db/client.server'
import type { StatisticsWords } from '../db/schema/enums'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-bench-'))
// Before the first getDb(): the services open this database.
process.env.DATABASE_PATH = path.join(dir, 'bench.db')

const { getDb } = await import('../db/client.server')
const { scoredContest } = await import('../tests/factories-results')
const { makeUser } = await import('../tests/factories')
const { publishResults } = await import('../app/modules/results/results.server')
// The routes import their stylesheets (Vite's business): the page's loader is getYearStatistics, its download yearStatisticsDownload.
const { getYearStatistics } = await import('../app/modules/results/statistics.server')
const { yearStatisticsDownload } = await import('../app/modules/documents/statistics-routes.server')

const RUNS = 9
const TARGET_MS = 150

const db = getDb()
const organiser = await makeUser(db, { roles: ['organiser'] })
let person = 0
const people = (n: number) => Array.from({ length: n }, () => ({ fullName: `Участникова Анна ${++person}`, age: 20 + (person % 50) }))
const totals = (i: number) => [100 - (i % 100), 90 - (i % 90), 80 - (i % 80)]

type Field = { label: string; forms: [string, string, string]; participle: [string, string]; total: number }
type Spec = { title: string; shortName: string; nominations: string[]; entries: number; authors: (i: number) => number; fields?: Field[]; words?: StatisticsWords }

const CONTESTS: Spec[] = [
  {
    title: 'Тепло твоих рук — 2020',
    shortName: 'Тепло твоих рук',
    nominations: ['Весна в шахтерском крае', 'Экодомик'],
    entries: 412,
    authors: (i) => (i < 301 ? 3 : 2),
    words: { entryForms: ['скворечник', 'скворечника', 'скворечников'], entryGender: 'masculine', entryVerb: ['изготовил', 'изготовила', 'изготовило', 'изготовили'], winnersOf: 'городского этапа' },
  },
  {
    title: 'Снежный калейдоскоп — 2020/21',
    shortName: 'Снежный калейдоскоп',
    nominations: ['Лучшая совместная инициатива населения и управляющей компании', 'Пришла зима – отвори ворота!', 'Верность традиции', 'Новогодняя мастерская', 'Зимнее кружево на морозном стекле'],
    entries: 618,
    authors: () => 1,
    fields: [
      { label: 'Количество снежных городков', forms: ['снежный городок', 'снежных городка', 'снежных городков'], participle: ['построен', 'построено'], total: 81 },
      { label: 'Количество снежных фигур', forms: ['снежная фигура', 'снежные фигуры', 'снежных фигур'], participle: ['построена', 'построено'], total: 1015 },
      { label: 'Украшено подъездов', forms: ['подъезд', 'подъезда', 'подъездов'], participle: ['украшен', 'украшено'], total: 6077 },
      { label: 'Оформлено балконов и окон', forms: ['балкон и окно', 'балкона и окна', 'балконов и окон'], participle: ['оформлен', 'оформлено'], total: 15012 },
    ],
  },
  { title: '#Вновыйгодвместе — 2020', shortName: '#Вновыйгодвместе', nominations: ['Новогодняя фотография'], entries: 170, authors: () => 1 },
  {
    title: 'Любимому городу – красивый дом и двор — 2020',
    shortName: 'Красивый дом и двор',
    nominations: ['Мой двор — моя гордость', 'Подъезд мечты', 'Цветущий балкон'],
    entries: 430,
    authors: () => 2,
    fields: [{ label: 'Количество клумб', forms: ['клумба', 'клумбы', 'клумб'], participle: ['оформлена', 'оформлено'], total: 325 }],
  },
  { title: 'Город друзей – город идей — 2020', shortName: 'Город друзей – город идей', nominations: ['Социально значимый проект'], entries: 8, authors: () => 5 },
  // 1123 people on 100 committees' entries.
  { title: 'Лучший комитет ТОС — 2020', shortName: 'Лучший комитет ТОС', nominations: ['Лучший окружной комитет', 'Лучший уличный комитет (старший улицы)', 'Лучший домовый комитет (старший дома)'], entries: 100, authors: (i) => (i < 23 ? 12 : 11) },
]

const setupStart = performance.now()
let entries = 0
for (const c of CONTESTS) {
  const made = await transaction(
    db,
    async () =>
      await scoredContest(db, {
        nominations: c.nominations,
        settings: { title: c.title, shortName: c.shortName, year: 2020, placesPerNomination: 3, statisticsWords: c.words ?? null },
        entries: Array.from({ length: c.entries }, (_, i) => ({ nomination: i % c.nominations.length, totals: totals(i), authors: people(c.authors(i)) })),
      }),
  )
  entries += c.entries
  for (const [k, f] of (c.fields ?? []).entries()) {
    const [field] = await db
      .insert(schema.formField)
      .values({ contestId: made.contest.id, key: `f${k}`, label: f.label, kind: 'number', summedInStats: true, unitForms: f.forms, participle: f.participle, position: k })
      .returning()
    const share = (i: number) => Math.floor((f.total * (i + 1)) / c.entries) - Math.floor((f.total * i) / c.entries)
    await transaction(db, async (tx) => {
      for (const [i, e] of made.entries.entries()) await tx.insert(schema.entryFieldValue).values({ entryId: e.id, fieldId: field.id, value: String(share(i)), numberValue: share(i) })
    })
  }
  await publishResults(organiser.id, made.contest.id, 'mean', 'https://konkurs.kemerovo.ru')
}
console.log(`Six contests of 2020, ${entries} entries, ${person} authors, all published: made in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`)

async function median(what: () => Promise<unknown>) {
  await what()
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    await what()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(RUNS / 2)], best: times[0], worst: times[RUNS - 1] }
}

const data = (await getYearStatistics(2020))!
const loader = await median(async () => await getYearStatistics(2020))
const csv = await median(async () => {
  const request = new Request('http://konkurs.test/resources/statistics/2020.csv')
  return await (await yearStatisticsDownload({ request, params: { year: '2020' }, context: {} }, 'csv')).arrayBuffer()
})
console.log(`  ${data.published.participants} participants, ${data.published.winners} winners; «${data.contests.flatMap((c) => c.sentences).find((s) => s.includes('1125'))}»`)
console.log(`  year page's loader  median ${loader.median.toFixed(0)} ms (best ${loader.best.toFixed(0)}, worst ${loader.worst.toFixed(0)}); under ${TARGET_MS} ms: ${loader.median < TARGET_MS ? 'yes' : 'NO'}`)
console.log(`  its CSV             median ${csv.median.toFixed(0)} ms (best ${csv.best.toFixed(0)}, worst ${csv.worst.toFixed(0)})`)

await closeDatabase(db)
fs.rmSync(dir, { recursive: true, force: true })
