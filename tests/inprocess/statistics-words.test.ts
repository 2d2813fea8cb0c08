/**
 * Statistics in the report's words (#13 item 4), asked of the routes' loaders and actions: a contest's
 * words for its entries and a counted field's participle round trip through the settings and fields
 * pages with Russian audit records and Russian refusals; and the snow and birdhouse contests, their entries
 * submitted and moderated through the product's services with the 2020 report's figures, read as the report
 * does, on the page and in the CSV; the birdhouses then judged (a juror assigned, 412 evaluations saved, the
 * stage closed) and their results published through the services, for the report's sentence on the winners.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema, type DB } from '../../db/client.server'
import * as overviewPage from '../../app/routes/organiser.contests.$contestId._index'
import * as fieldsPage from '../../app/routes/organiser.contests.$contestId.fields'
import * as auditPage from '../../app/routes/organiser.contests.$contestId.audit'
import * as statisticsPage from '../../app/routes/organiser.contests.$contestId.statistics'
import * as statisticsCsv from '../../app/routes/resources.contests.$contestId.statistics[.]csv'
import { createHash, randomUUID } from 'node:crypto'
import { changeStatus, createContest } from '../../app/modules/contests/organiser.server'
import { updateResultsSettings } from '../../app/modules/contests/results-settings.server'
import { closeStageJudging, listStages } from '../../app/modules/contests/stages.server'
import { assignJuror } from '../../app/modules/jury/assignments.server'
import { getStageAccess } from '../../app/modules/jury/queue.server'
import { criteriaOfEntry, saveEvaluation } from '../../app/modules/jury/scoring.server'
import { publishResults } from '../../app/modules/results/results.server'
import { addCriterion, addNominations, updateNomination } from '../../app/modules/contests/nominations.server'
import { saveEntry, withdrawEntry } from '../../app/modules/entries/entries.server'
import { acceptEntries, rejectEntry } from '../../app/modules/entries/moderation.server'
import { originalKey } from '../../app/modules/photos/pipeline.server'
import type { AcceptedUpload } from '../../app/modules/photos/uploads.server'
import { makeUser } from '../factories'
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

/**
 * Entries as the product makes them: saveEntry, the entries module's own function behind the application form
 * and the operator's paper intake (one transaction each, with its number, letter and photo job), then the
 * moderation's acceptEntries (in one batch) and rejectEntry. The photos stand as uploads already accepted:
 * their bytes and processing are not what is counted here.
 */
/** In the report's year, so that judging can open after the closing day without running ahead of the clock. */
const ENTRY_DAY = new Date('2020-03-01T05:00:00Z')
const JUDGING_DAY = new Date('2021-01-11T05:00:00Z')

async function openForEntries(id: number, settings: Record<string, string>) {
  const answer = await act(overviewPage, { ...at(id), form: settingsForm({ maxEntriesPerUser: '100', minPhotos: '1', opensAt: '2020-01-01T09:00', closingDay: '2020-12-31', ...settings }) })
  expect(answer.status).toBe(302)
  await changeStatus(organiserId, id, 'announced', ENTRY_DAY)
  await changeStatus(organiserId, id, 'accepting', ENTRY_DAY)
  return (await contestRow(id))!
}

function upload(): AcceptedUpload {
  const id = randomUUID()
  return { id, sha256: createHash('sha256').update(id).digest('hex'), width: 1200, height: 900, originalName: 'foto.jpg', originalKey: originalKey(id) }
}

type Contest = Awaited<ReturnType<typeof contestRow>>

async function submit(c: Contest, owner: { id: string }, input: { nominationId: number; authors: string[]; fields?: { fieldId: number; value: number }[] }, save: 'draft' | 'submit' = 'submit') {
  const saved = await saveEntry({
    actor: { id: owner.id, roles: ['resident'] },
    contest: c,
    entryId: null,
    ownerId: owner.id,
    operator: false,
    input: {
      nominationId: input.nominationId,
      title: 'Зимний двор',
      description: '',
      districtId: null,
      address: '',
      organisationId: null,
      authors: input.authors.map((fullName) => ({ fullName, age: 35, parentConsent: false, email: null })),
      fieldValues: (input.fields ?? []).map((f) => ({ fieldId: f.fieldId, value: String(f.value), numberValue: f.value })),
      consent: true,
      paperConsent: false,
    },
    save,
    plan: { mode: 'list', ids: [] },
    newPhotos: [upload()],
    now: ENTRY_DAY,
    appUrl: 'http://konkurs.test',
  })
  return saved.entryId
}

/** `n` entrants, each allowed the contest's 100 entries. */
const entrants = async (n: number) => await Promise.all(Array.from({ length: n }, async () => await makeUser(db)))

describe('the snow contest with the 2020 report’s figures, its entries submitted and moderated through the services', () => {
  const TOTALS = [81, 1015, 6077, 15012]
  const RECEIVED = 618
  const REJECTED = 13
  const ACCEPTED = RECEIVED - REJECTED
  /** Accepted entry i's share of a total, so that the shares add up to it exactly. */
  const share = (total: number, i: number) => Math.floor((total * (i + 1)) / ACCEPTED) - Math.floor((total * i) / ACCEPTED)
  let id: number
  let seconds: number

  beforeAll(async () => {
    id = await newContest('Снежный калейдоскоп — 2020/21', 'Снежный калейдоскоп')
    const fields: ReturnType<typeof numberField>[] = [
      numberField('Количество снежных городков', ['снежный городок', 'снежных городка', 'снежных городков'], ['построен', 'построено']),
      numberField('Количество снежных фигур', ['снежная фигура', 'снежные фигуры', 'снежных фигур'], ['построена', 'построено']),
      numberField('Украшено подъездов', ['подъезд', 'подъезда', 'подъездов'], ['украшен', 'украшено']),
      numberField('Оформлено балконов и окон', ['балкон и окно', 'балкона и окна', 'балконов и окон'], ['оформлен', 'оформлено']),
    ]
    for (const form of fields) expect((await act(fieldsPage, { ...at(id, '/fields'), form })).status).toBe(302)
    await addNominations(organiserId, id, ['Пришла зима – отвори ворота!'])
    await addCriterion(organiserId, id, { name: 'Художественная выразительность', description: '', maxPoints: 10, weight: 1 })
    const c = await openForEntries(id, {
      shortName: 'Снежный калейдоскоп',
      contestIn: 'традиционном городском смотре-конкурсе',
      sumsBy: 'Только в этом году усилиями неравнодушных кемеровчан',
    })
    const [nomination] = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, id))
    const rows = await fieldRows(id)
    const owners = await entrants(7)
    const started = performance.now()
    const ids: number[] = []
    for (let i = 0; i < RECEIVED; i++) {
      // The rejected ones count what a rejected entry would have added: the sums must leave it out.
      const values = i < ACCEPTED ? rows.map((f, k) => ({ fieldId: f.id, value: share(TOTALS[k], i) })) : rows.map((f) => ({ fieldId: f.id, value: 50 }))
      ids.push(await submit(c, owners[i % owners.length], { nominationId: nomination.id, authors: [`Снегова Анна ${i}`], fields: values }))
    }
    // Neither a draft nor an entry its entrant took back was received.
    await submit(c, owners[0], { nominationId: nomination.id, authors: ['Черновикова Вера'], fields: rows.map((f) => ({ fieldId: f.id, value: 7 })) }, 'draft')
    const withdrawn = await submit(c, owners[1], { nominationId: nomination.id, authors: ['Отозванная Ольга'], fields: rows.map((f) => ({ fieldId: f.id, value: 7 })) })
    await withdrawEntry({ id: owners[1].id, roles: ['resident'] }, withdrawn, ENTRY_DAY)
    const organiser = { id: organiserId }
    expect(await acceptEntries(organiser, id, ids.slice(0, ACCEPTED), ENTRY_DAY, 'http://konkurs.test')).toHaveLength(ACCEPTED)
    for (const rejected of ids.slice(ACCEPTED)) await rejectEntry(organiser, id, rejected, 'Фотографии не того двора', ENTRY_DAY, 'http://konkurs.test')
    seconds = (performance.now() - started) / 1000
  })

  it('submits all 618 entries through the entries service within 10 seconds', () => {
    // All of them, one saveEntry each, then the moderation: 1.4 s on the shared 2-core machine (SQLite).
    expect(seconds).toBeLessThan(10)
  })

  it('reads as the report does: «было подано» counts every entry received, the sums only the accepted ones', async () => {
    const answer = await load(statisticsPage, at(id, '/statistics'))
    expect(answer.status).toBe(200)
    const { stats } = answer.data as { stats: { sentences: string[]; received: number; entries: number } }
    expect(stats.sentences).toEqual([
      'На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.',
      `Только в этом году усилиями неравнодушных кемеровчан построен 81 снежный городок, 1015 снежных фигур, украшено 6077 подъездов, оформлено 15${NBSP}012 балконов и окон.`,
    ])
    expect([stats.received, stats.entries]).toEqual([RECEIVED, ACCEPTED])
  })

  it('downloads the same figures and sentences as CSV', async () => {
    const request = new Request(`http://konkurs.test/resources/contests/${id}/statistics.csv`, { headers: { cookie } })
    const response = (await statisticsCsv.loader({ request, params: { contestId: String(id) }, context: {} })) as Response
    const lines = new TextDecoder().decode(await response.arrayBuffer()).split('\r\n')
    expect(lines).toContain('Подано;618;заявок')
    expect(lines).toContain('Приняты к участию;605;заявок')
    expect(lines).toContain('Количество снежных городков;81;снежных городков')
    expect(lines).toContain('Оформлено балконов и окон;15012;балконов и окон')
    expect(lines).toContain('На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.')
  })
})

describe('the birdhouse contest: 1125 residents and 412 birdhouses through the services, its participants named on its settings page', () => {
  let id: number
  const birdhouseSettings = { shortName: 'Тепло твоих рук', ...BIRDHOUSE_WORDS }

  beforeAll(async () => {
    id = await newContest('Тепло твоих рук — 2020', 'Тепло твоих рук')
    await addNominations(organiserId, id, ['Весна в шахтерском крае', 'Экодомик', 'Специальный приз жюри'])
    await addCriterion(organiserId, id, { name: 'Оригинальность идеи', description: '', maxPoints: 100, weight: 1 })
    const nominations = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, id)).orderBy(schema.nomination.position)
    const special = nominations[2]
    await updateNomination(organiserId, id, { id: special.id, name: special.name, description: '', isSpecialPrize: true })
    const c = await openForEntries(id, birdhouseSettings)
    // 412 birdhouses (206 + 206) by 1125 residents: 301 entries by three authors and 111 by two.
    const owners = await entrants(5)
    let person = 0
    const ids: number[] = []
    for (let i = 0; i < 412; i++) {
      const authors = Array.from({ length: i < 301 ? 3 : 2 }, () => `Скворцова Анна ${++person}`)
      ids.push(await submit(c, owners[i % owners.length], { nominationId: nominations[i % 2].id, authors }))
    }
    await acceptEntries({ id: organiserId }, id, ids, ENTRY_DAY, 'http://konkurs.test')
  })

  const sentences = async () => ((await load(statisticsPage, at(id, '/statistics'))).data as { stats: { sentences: string[] } }).stats.sentences

  it('writes the report’s sentence and leaves the empty jury-only nomination out', async () => {
    expect(await sentences()).toEqual([
      'В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.',
      'Конкурс прошел по 2 номинациям: «Весна в шахтерском крае» — 206 скворечников, «Экодомик» — 206 скворечников.',
    ])
  })

  it('names its participants as its settings page says: «1125 человек»', async () => {
    const people = { participantOne: 'человек', participantFew: 'человека', participantMany: 'человек', participantGender: 'masculine' }
    expect((await act(overviewPage, { ...at(id), form: settingsForm({ ...birdhouseSettings, ...people, maxEntriesPerUser: '100', opensAt: '2020-01-01T09:00', closingDay: '2020-12-31' }) })).status).toBe(302)
    expect((await contestRow(id)).statisticsWords).toMatchObject({ participantForms: ['человек', 'человека', 'человек'], participantGender: 'masculine' })
    expect((await sentences())[0]).toBe('В конкурсе приняли участие 1125 человек, которые изготовили 412 скворечников.')
    expect(shown(await load(auditPage, at(id, '/audit')))).toContain('Участник называется: человек; человека; человек')
    // Residents, as the page shows them by default, are no word of the contest's own.
    const residents = { participantOne: 'житель', participantFew: 'жителя', participantMany: 'жителей', participantGender: 'masculine' }
    expect((await act(overviewPage, { ...at(id), form: settingsForm({ ...birdhouseSettings, ...residents, maxEntriesPerUser: '100', opensAt: '2020-01-01T09:00', closingDay: '2020-12-31' }) })).status).toBe(302)
    expect((await contestRow(id)).statisticsWords).not.toHaveProperty('participantForms')
    const half = await act(overviewPage, { ...at(id), form: settingsForm({ ...birdhouseSettings, participantOne: 'семья' }) })
    expect(half.status).toBe(400)
    expect(shown(half)).toContain('"participantMany":["Укажите все три формы слова или ни одной"]')
  })

  it('is judged and its results published through the services: «Победителями городского этапа стали 95 скворечников.»', async () => {
    const started = performance.now()
    const [spring, eco] = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, id)).orderBy(schema.nomination.position)
    // 48 and 47 winners, as the results settings page sets them; one score an entry is enough here.
    await updateResultsSettings(organiserId, id, {
      resultMethod: 'mean',
      tieRule: 'shared',
      placesPerNomination: 3,
      laureatesPerNomination: 0,
      minScoresPerEntry: 1,
      nominations: [
        { id: spring.id, winnersCount: 48 },
        { id: eco.id, winnersCount: 47 },
      ],
    })
    const juror = await makeUser(db, { roles: ['resident', 'juror'] })
    const [stage] = await listStages(id)
    await assignJuror(organiserId, id, { stageId: stage.id, jurorId: juror.id, nominationIds: [spring.id, eco.id], districtIds: [] })
    await changeStatus(organiserId, id, 'judging', JUDGING_DAY)
    const access = (await getStageAccess(juror, stage.id))!
    // Each nomination's k-th entry gets 100 − k points: no two of the first hundred tie.
    for (const n of [spring, eco]) {
      const criteria = await criteriaOfEntry(id, n.id)
      const entries = await db.select({ id: schema.entry.id }).from(schema.entry).where(eq(schema.entry.nominationId, n.id)).orderBy(schema.entry.id)
      for (const [k, e] of entries.entries()) {
        await saveEvaluation(juror, access, e.id, { points: Object.fromEntries(criteria.map((c) => [c.id, Math.max(100 - k, 0)])), comment: '' }, criteria)
      }
    }
    await closeStageJudging(organiserId, id, stage.id)
    await publishResults(organiserId, id, 'mean', 'http://konkurs.test')
    const seconds = (performance.now() - started) / 1000

    expect(await sentences()).toEqual([
      'В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.',
      'Конкурс прошел по 2 номинациям: «Весна в шахтерском крае» — 206 скворечников, «Экодомик» — 206 скворечников.',
      'Победителями городского этапа стали 95 скворечников.',
    ])
    // 412 evaluations, one saveEvaluation each, and the publication: about 1 s on the shared 2-core machine.
    expect(seconds).toBeLessThan(10)
  })
})
