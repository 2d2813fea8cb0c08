/**
 * Statistics in the report's words (#13 item 4), asked of the routes' loaders and actions: a contest's
 * words for its entries and a counted field's participle round trip through the settings and fields
 * pages with Russian audit records and Russian refusals; and the snow contest, made through the
 * organiser's own pages with the 2020 report's figures, reads as the report does, on the page and in
 * the CSV.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema, type DB } from '../../db/client.server'
import * as overviewPage from '../../app/routes/organiser.contests.$contestId._index'
import * as fieldsPage from '../../app/routes/organiser.contests.$contestId.fields'
import * as auditPage from '../../app/routes/organiser.contests.$contestId.audit'
import * as statisticsPage from '../../app/routes/organiser.contests.$contestId.statistics'
import * as statisticsCsv from '../../app/routes/resources.contests.$contestId.statistics[.]csv'
import { createContest } from '../../app/modules/contests/organiser.server'
import { makeEntry, makeUser } from '../factories'
import { settingsForm } from '../factories-organiser'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'

let db: DB
let cookie: string
let organiserId: string

beforeAll(async () => {
  db = openAppDatabase()
  const organiser = await makeUser(db, { roles: ['organiser'] })
  organiserId = organiser.id
  cookie = await sessionCookie(organiser.id)
})

const NBSP = '\u00a0'
const shown = (answer: Answer) => JSON.stringify(answer.data)
const at = (contestId: number, page = '') => ({ path: `/organiser/contests/${contestId}${page}`, params: { contestId: String(contestId) }, cookie })
const contestRow = async (id: number) => (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, id))))!
const fieldRows = async (id: number) => await db.select().from(schema.formField).where(eq(schema.formField.contestId, id)).orderBy(schema.formField.position)

const newContest = async (title: string, shortName: string) => await createContest(organiserId, { title, shortName, year: 2020, numberPrefix: 'СК', summary: '' })

const BIRDHOUSE_WORDS = {
  entryOne: 'скворечник',
  entryFew: 'скворечника',
  entryMany: 'скворечников',
  entryGender: 'masculine',
  entryAccusative: '',
  verbHe: 'изготовил',
  verbShe: 'изготовила',
  verbIt: 'изготовило',
  verbThey: 'изготовили',
  winnersOf: 'городского этапа',
}

const numberField = (label: string, forms: [string, string, string], participle: [string, string] | ['', '']) => ({
  intent: 'add-field',
  label,
  kind: 'number',
  summedInStats: 'on',
  unitOne: forms[0],
  unitFew: forms[1],
  unitMany: forms[2],
  participleOne: participle[0],
  participleOther: participle[1],
})

describe('a contest’s words on its settings page', () => {
  it('saves the words, shows them again, and the audit log names them in Russian', async () => {
    const id = await newContest('Тепло твоих рук — слова', 'Тепло твоих рук')
    // Saved unchanged, a new contest speaks of applications and records no change of its words.
    expect((await act(overviewPage, { ...at(id), form: settingsForm({ shortName: 'Тепло твоих рук' }) })).status).toBe(302)
    expect((await contestRow(id)).statisticsWords).toBeNull()
    // As the page shows them: the applications' words, which save as none of the contest's own.
    const asShown = { entryOne: 'заявка', entryFew: 'заявки', entryMany: 'заявок', entryGender: 'feminine', entryAccusative: 'заявку', verbHe: 'подал', verbShe: 'подала', verbIt: 'подало', verbThey: 'подали', winnersOf: 'конкурса' }
    expect((await act(overviewPage, { ...at(id), form: settingsForm({ shortName: 'Тепло твоих рук', ...asShown }) })).status).toBe(302)
    expect((await contestRow(id)).statisticsWords).toBeNull()
    const page = shown(await load(overviewPage, at(id)))
    expect(page).not.toContain('изготовил')

    const saved = await act(overviewPage, { ...at(id), form: settingsForm({ shortName: 'Тепло твоих рук', ...BIRDHOUSE_WORDS }) })
    expect(saved.status).toBe(302)
    expect((await contestRow(id)).statisticsWords).toEqual({
      entryForms: ['скворечник', 'скворечника', 'скворечников'],
      entryGender: 'masculine',
      entryVerb: ['изготовил', 'изготовила', 'изготовило', 'изготовили'],
      winnersOf: 'городского этапа',
    })
    expect(shown(await load(overviewPage, at(id)))).toContain('"entryForms":["скворечник","скворечника","скворечников"]')
    const audit = shown(await load(auditPage, at(id, '/audit')))
    expect(audit).toContain('Статистика словами отчёта')
    expect(audit).toContain('Заявка называется: скворечник; скворечника; скворечников')
    expect(audit).toContain('Род: мужской (один скворечник)')
    expect(audit).toContain('Победителями …: городского этапа')
  })

  it.each([
    [{ entryOne: 'скворечник', entryFew: '', entryMany: '' }, 'entryMany', 'Укажите все три формы слова или ни одной'],
    [{ verbHe: 'изготовил', verbShe: '', verbIt: '', verbThey: '' }, 'verbThey', 'Укажите все четыре формы глагола или ни одной'],
    [{ entryGender: 'plural' }, 'entryGender', 'Выберите род слова из списка'],
    [{ contestIn: 'к'.repeat(151) }, 'contestIn', 'Оборот — не длиннее 150 символов'],
  ])('refuses %j with a Russian message beside the field', async (words, field, message) => {
    const id = await newContest(`Слова — ${field}`, 'Слова')
    const answer = await act(overviewPage, { ...at(id), form: settingsForm({ ...BIRDHOUSE_WORDS, ...words }) })
    expect(answer.status).toBe(400)
    expect(shown(answer)).toContain(`"${field}":["${message}"]`)
    expect((await contestRow(id)).statisticsWords).toBeNull()
  })
})

describe('a counted field’s participle on the fields page', () => {
  it('saves it, changes it, and refuses one form of two', async () => {
    const id = await newContest('Поля — причастие', 'Поля')
    expect((await act(fieldsPage, { ...at(id, '/fields'), form: numberField('Количество клумб', ['клумба', 'клумбы', 'клумб'], ['оформлена', 'оформлено']) })).status).toBe(302)
    const [field] = await fieldRows(id)
    expect(field.participle).toEqual(['оформлена', 'оформлено'])
    const changed = await act(fieldsPage, {
      ...at(id, '/fields'),
      form: { ...numberField('Количество клумб', ['клумба', 'клумбы', 'клумб'], ['разбита', 'разбито']), intent: 'update-field', id: String(field.id), formId: `field-${field.id}` },
    })
    expect(changed.status).toBe(302)
    expect((await fieldRows(id))[0].participle).toEqual(['разбита', 'разбито'])
    expect(shown(await load(auditPage, at(id, '/audit')))).toContain('Причастие в статистике')
    const half = await act(fieldsPage, { ...at(id, '/fields'), form: { ...numberField('Скамейки', ['скамейка', 'скамейки', 'скамеек'], ['', '']), participleOne: 'установлена' } })
    expect(half.status).toBe(400)
    expect(shown(half)).toContain('Укажите обе формы причастия или ни одной')
  })
})

describe('the snow contest with the 2020 report’s figures, made on the organiser’s pages', () => {
  const TOTALS = [81, 1015, 6077, 15012]
  const ENTRIES = 618
  /** Entry i's share of a total, so that the shares add up to it exactly. */
  const share = (total: number, i: number) => Math.floor((total * (i + 1)) / ENTRIES) - Math.floor((total * i) / ENTRIES)
  let id: number

  beforeAll(async () => {
    id = await newContest('Снежный калейдоскоп — 2020/21', 'Снежный калейдоскоп')
    const settings = await act(overviewPage, {
      ...at(id),
      form: settingsForm({
        shortName: 'Снежный калейдоскоп',
        contestIn: 'традиционном городском смотре-конкурсе',
        sumsBy: 'Только в этом году усилиями неравнодушных кемеровчан',
      }),
    })
    expect(settings.status).toBe(302)
    const fields: ReturnType<typeof numberField>[] = [
      numberField('Количество снежных городков', ['снежный городок', 'снежных городка', 'снежных городков'], ['построен', 'построено']),
      numberField('Количество снежных фигур', ['снежная фигура', 'снежные фигуры', 'снежных фигур'], ['построена', 'построено']),
      numberField('Украшено подъездов', ['подъезд', 'подъезда', 'подъездов'], ['украшен', 'украшено']),
      numberField('Оформлено балконов и окон', ['балкон и окно', 'балкона и окна', 'балконов и окон'], ['оформлен', 'оформлено']),
    ]
    for (const form of fields) expect((await act(fieldsPage, { ...at(id, '/fields'), form })).status).toBe(302)
    const [nomination] = await db.insert(schema.nomination).values({ contestId: id, name: 'Пришла зима – отвори ворота!' }).returning()
    const rows = await fieldRows(id)
    const owner = await makeUser(db)
    for (let i = 0; i < ENTRIES; i++) {
      const e = await makeEntry(db, { contestId: id, ownerId: owner.id, nominationId: nomination.id })
      const values = rows.map((f, k) => ({ entryId: e.id, fieldId: f.id, value: String(share(TOTALS[k], i)), numberValue: share(TOTALS[k], i) }))
      await db.insert(schema.entryFieldValue).values(values)
    }
  })

  it('reads as the report does', async () => {
    const answer = await load(statisticsPage, at(id, '/statistics'))
    expect(answer.status).toBe(200)
    const { stats } = answer.data as { stats: { sentences: string[] } }
    expect(stats.sentences).toEqual([
      'На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.',
      `Только в этом году усилиями неравнодушных кемеровчан построен 81 снежный городок, 1015 снежных фигур, украшено 6077 подъездов, оформлено 15${NBSP}012 балконов и окон.`,
    ])
  })

  it('downloads the same figures and sentences as CSV', async () => {
    const request = new Request(`http://konkurs.test/resources/contests/${id}/statistics.csv`, { headers: { cookie } })
    const response = (await statisticsCsv.loader({ request, params: { contestId: String(id) }, context: {} })) as Response
    const lines = new TextDecoder().decode(await response.arrayBuffer()).split('\r\n')
    expect(lines).toContain('Заявок;618')
    expect(lines).toContain('Количество снежных городков;81')
    expect(lines).toContain('Оформлено балконов и окон;15012')
    expect(lines).toContain('На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.')
  })
})
