/**
 * The organiser's results over real HTTP: the ranking with every juror's marks, the method preview,
 * decisions with reasons, publication as a frozen snapshot, e-mails, withdrawal, and the district → city advance.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, firstRow, schema } from '../../db/client.server'
import { makeContest, makeEntry, makeUser, score, assignJuror, inOrder } from '../factories'
import { rescore, scoredContest } from '../factories-results'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { pdfText, userIdByEmail } from './results-helpers'

let server: TestServer
let db: DB
let organiser: Client
let setup: Awaited<ReturnType<typeof scoredContest>>
let url: string

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  const residentId = await userIdByEmail(db, DEMO.resident)
  const other = await makeUser(db, { fullName: 'Соседова Анна Ильинична' })
  const noEmail = await makeUser(db, { fullName: 'Бумажный Заявитель', email: null })
  /*
   * Totals of jurors 1, 2, 3 (criteria weigh 1):
   *   nomination 0: e1 40 42 44 (mean 42) · e2 38 38 38 · e3 50 50 10 (mean 36.67, median 50, spread 40)
   *                 e4 30 31 29 (4th: laureate) · e5 45 — — (one score: unranked)
   *   nomination 1: e6 20 20 20 · e7 25 25 25
   */
  setup = await scoredContest(db, {
    ownerId: residentId,
    specialPrizes: ['Специальный приз жюри'],
    settings: { title: 'Конкурс скворечников для проверки итогов', authorsPublic: true, laureatesPerNomination: 1, disagreementThreshold: 10 },
    entries: [
      {
        nomination: 0,
        totals: [40, 42, 44],
        title: 'Шахтёрский домик',
        authors: [
          { fullName: 'Иванова Мария Петровна', userId: residentId },
          { fullName: 'Иванов Пётр Сергеевич', age: 10 },
        ],
      },
      { nomination: 0, totals: [38, 38, 38], title: 'Синичкин дом' },
      { nomination: 0, totals: [50, 50, 10], title: 'Спорный скворечник' },
      { nomination: 0, totals: [30, 31, 29], title: 'Лауреатский' },
      { nomination: 0, totals: [45, null, null], title: 'Недооценённый' },
      { nomination: 1, totals: [20, 20, 20], title: 'Экодом из коры', ownerId: other.id },
      { nomination: 1, totals: [25, 25, 25], title: 'Берестяной', ownerId: noEmail.id },
    ],
  })
  url = `/organiser/contests/${setup.contest.id}/results`
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

/** The page's own content, without the per-request nonces around it. */
const mainOf = (html: string) => pageText(html).split('<main')[1].split('</main>')[0]
/** Whether the titles come in this order in the ranking (the publication panel above it names the entries short of scores). */
const rowOrder = (html: string, titles: string[]) => {
  const ranking = html.slice(html.indexOf('class="results-group"'))
  return titles.map((t) => ranking.indexOf(t)).every((i, k, all) => i > 0 && (k === 0 || i > all[k - 1]))
}
/** «Недооценённый» has one score of the two needed: the organiser publishes anyway, saying why. */
const SHORTFALL_REASON = 'Двое из жюри не оценили «Недооценённый»: оргкомитет публикует итоги без их оценок'

describe('the organiser’s results view', () => {
  it('is for organisers only: a guest is sent to log in, a juror or resident gets 403', async () => {
    const guest = await new Client(server.url).get(url)
    expect(guest.status).toBe(302)
    expect(guest.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
    for (const email of [DEMO.juror, DEMO.resident]) {
      const client = new Client(server.url)
      await client.login(email, DEMO.password)
      expect((await client.get(url)).status).toBe(403)
      expect((await client.post(url, { intent: 'withdraw', reason: 'попытка без прав' })).status).toBe(403)
    }
  })

  it('ranks each nomination by the mean with every juror’s totals, the spread and the flags', async () => {
    const html = pageText(await (await organiser.get(url)).text())
    expect(rowOrder(html, ['Шахтёрский домик', 'Синичкин дом', 'Спорный скворечник', 'Лауреатский', 'Недооценённый'])).toBe(true)
    expect(html).toContain('Судьин Жюри Первый')
    expect(html).toContain('36,67') // e3's mean
    expect(html).toContain('мало оценок') // e5
    expect(html).toContain('расхождение') // e3: spread 40 > 10
    expect(html).toContain('Лауреат')
    expect(html).toMatch(/без места из-за недостатка оценок \(нужно не меньше 2\): 1/)
    expect(html).toMatch(/с сильным расхождением оценок \(разброс больше 10\): 1/)
  })

  it('previews another method without changing the contest’s', async () => {
    const html = pageText(await (await organiser.get(`${url}?method=median`)).text())
    expect(rowOrder(html, ['Спорный скворечник', 'Шахтёрский домик', 'Синичкин дом'])).toBe(true)
    expect(html).toContain('Предварительный просмотр')
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, setup.contest.id))))!.resultMethod).toBe('mean')
  })

  it('refuses a decision without a reason, beside the field, with status 400', async () => {
    const res = await organiser.post(url, {
      formId: `decide-${setup.entries[1].id}`,
      intent: 'decide',
      stageId: String(setup.stage.id),
      entryId: String(setup.entries[1].id),
      kind: 'place',
      place: '1',
      reason: '',
    })
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('Укажите причину решения')
    expect(await db.select().from(schema.resultDecision)).toHaveLength(0)
  })

  it('overrides a place with a written reason, shows it and logs it', async () => {
    const e = setup.entries[4]
    const res = await organiser.post(url, {
      formId: `decide-${e.id}`,
      intent: 'decide',
      stageId: String(setup.stage.id),
      entryId: String(e.id),
      kind: 'place',
      place: '3',
      reason: 'Два члена жюри не смогли выехать на адрес; комиссия решила присудить III место.',
    })
    expect(res.status).toBe(302)
    const html = pageText(await (await organiser.get(url)).text())
    expect(html).toContain('Решение записано')
    expect(html).toContain('комиссия решила присудить III место')
    expect(html).toMatch(/решение, расчёт: без места/)
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'result.decide'))
    expect(audit).toHaveLength(1)
    expect(audit[0].after).toMatchObject({ award: 'place', place: 3 })
  })

  it('records a special prize in the prize’s own nomination, not in the entry’s, and asks before a decision replaces it', async () => {
    const e = setup.entries[5]
    const special = setup.nominations.find((n) => n.isSpecialPrize)!
    const decide = (fields: Record<string, string>) =>
      organiser.post(url, { formId: `decide-${e.id}`, intent: 'decide', stageId: String(setup.stage.id), entryId: String(e.id), reason: 'Лучшее использование природных материалов', ...fields })
    // Not from the entry's own nomination: a special prize has a nomination of its own.
    const misplaced = await decide({ kind: 'special_prize' })
    expect(misplaced.status).toBe(400)
    expect(pageText(await misplaced.text())).toContain('на странице «Специальные призы» выберите номинацию приза')

    const awarded = await organiser.post(`/organiser/contests/${setup.contest.id}/special`, {
      intent: 'award',
      nominationId: String(special.id),
      entry: 'ТК-0006',
      reason: 'Протокол жюри № 3: лучшее использование природных материалов',
    })
    expect(awarded.status).toBe(302)
    const decision = (await firstRow(db.select().from(schema.resultDecision).where(eq(schema.resultDecision.entryId, e.id))))!
    expect(decision).toMatchObject({ award: 'special_prize', nominationId: special.id })

    // The organiser's view lists it under the prize, and in its own nomination with its computed place.
    const html = pageText(await (await organiser.get(url)).text())
    const prizeSection = html.slice(html.indexOf('«Специальный приз жюри»'))
    expect(prizeSection).toContain('Экодом из коры')
    expect(html).toContain('Специальный приз в номинации «Специальный приз жюри»: заявка указана и там.')

    // A place recorded over the prize is refused until the organiser says it replaces the prize.
    const over = await decide({ kind: 'place', place: '1' })
    expect(over.status).toBe(409)
    const refused = pageText(await over.text())
    expect(refused).toContain('У заявки ТК-0006 специальный приз в номинации «Специальный приз жюри». Новое решение заменит его')
    expect(refused).toContain('Заменить специальный приз в номинации «Специальный приз жюри»')
    expect((await firstRow(db.select().from(schema.resultDecision).where(eq(schema.resultDecision.entryId, e.id))))!.award).toBe('special_prize')
  })
})

describe('publication', () => {
  it('needs a confirmation', async () => {
    const res = await organiser.post(url, { formId: 'publish', intent: 'publish', method: 'mean' })
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('Подтвердите, что итоги проверены')
  })

  it('freezes the results, marks the contest published, logs it and writes to every entrant with an e-mail', async () => {
    const res = await organiser.post(url, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on', reason: SHORTFALL_REASON })
    expect(res.status).toBe(302)
    const html = pageText(await (await organiser.get(url)).text())
    // «Экодом из коры»: II place in its nomination and the special prize, a diploma for each.
    expect(html).toMatch(/Итоги опубликованы: 9 дипломов, 2 письма участникам/)
    expect(html).toContain('опубликовал(а): Кузнецова Ольга Игоревна')

    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, setup.contest.id))))!.status).toBe('published')
    const publication = (await firstRow(db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, setup.contest.id))))!
    expect(publication.method).toBe('mean')
    expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'result.publish'))).toHaveLength(1)

    const mails = await db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.contestId, setup.contest.id))
    expect(mails.map((m) => m.to).sort()).toEqual(
      [DEMO.resident, (await firstRow(db.select().from(schema.user).where(eq(schema.user.id, setup.entries[5].ownerId))))!.email].sort(),
    )
    const mine = mails.find((m) => m.to === DEMO.resident)!
    expect(mine.subject).toBe('Итоги конкурса «Конкурс скворечников для проверки итогов»')
    expect(mine.text).toContain('ТК-0001 «Шахтёрский домик» — I место в номинации «Первая номинация»')
    expect(mine.text).toContain('ТК-0004 «Лауреатский» — Лауреат в номинации «Первая номинация»')
    expect(mine.text).toContain(`/contests/${setup.contest.slug}/results`)
    const theirs = mails.find((m) => m.to !== DEMO.resident)!
    expect(theirs.text).toContain('ТК-0006 «Экодом из коры» — II место в номинации «Вторая номинация»; специальный приз «Специальный приз жюри»')
  })

  it('shows the special prize under its own nomination on the public page, on the diploma and in the protocol', async () => {
    const html = mainOf(await (await new Client(server.url).get(`/contests/${setup.contest.slug}/results`)).text())
    const sections = html.split('<section').slice(1)
    const prize = sections.find((x) => x.includes('Номинация «Специальный приз жюри»'))!
    expect(prize).toContain('Экодом из коры')
    expect(prize).not.toContain('Награды в номинации не присуждены')
    expect(sections.find((x) => x.includes('Номинация «Вторая номинация»'))).toContain('Экодом из коры')

    const diplomas = await db.select().from(schema.diploma).where(eq(schema.diploma.entryId, setup.entries[5].id))
    expect(diplomas.map((d) => [d.kind, d.nominationName]).sort()).toEqual([
      ['special_prize', 'Специальный приз жюри'],
      ['winner', 'Вторая номинация'],
    ])
    const prizeDiploma = diplomas.find((d) => d.kind === 'special_prize')!
    const pdf = await pdfText(await (await organiser.get(`/resources/diplomas/${encodeURIComponent(prizeDiploma.number)}.pdf`)).arrayBuffer())
    expect(pdf).toContain('Специальный приз жюри')
    expect(pdf).not.toContain('Вторая номинация')

    const protocol = await pdfText(await (await organiser.get(`/resources/contests/${setup.contest.id}/protocol.pdf`)).arrayBuffer())
    const prizePart = protocol.slice(protocol.indexOf('Специальный приз жюри'))
    expect(prizePart).toContain('Экодом из коры')
  })

  it('shows the winners publicly, with authors where the contest allows, and not the full ranking', async () => {
    const html = pageText(await (await new Client(server.url).get(`/contests/${setup.contest.slug}/results`)).text())
    for (const text of [
      'Шахтёрский домик',
      'Иванова Мария Петровна, Иванов Пётр Сергеевич',
      'I место',
      'Синичкин дом',
      'Недооценённый',
      'Экодом из коры',
      'Специальный приз жюри',
    ]) {
      expect(html).toContain(text)
    }
    expect(html).not.toContain('Полный рейтинг')
  })

  it('locks decisions while the publication stands', async () => {
    const e = setup.entries[1]
    const res = await organiser.post(url, {
      formId: `decide-${e.id}`,
      intent: 'decide',
      stageId: String(setup.stage.id),
      entryId: String(e.id),
      kind: 'none',
      reason: 'Попытка изменить опубликованное',
    })
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('сначала отзовите публикацию')
  })

  it('cannot be changed by a later score: the public page and the diplomas stay as published', async () => {
    const client = new Client(server.url)
    const before = mainOf(await (await client.get(`/contests/${setup.contest.slug}/results`)).text())
    const diploma = (await firstRow(db.select().from(schema.diploma).where(eq(schema.diploma.recipientName, 'Иванова Мария Петровна'))))!
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    const pdfBefore = await pdfText(await (await resident.get(`/resources/diplomas/${encodeURIComponent(diploma.number)}.pdf`)).arrayBuffer())

    // A late correction drops the winner to the bottom.
    for (const juror of setup.jurors) await rescore(db, { stageId: setup.stage.id, entryId: setup.entries[0].id, jurorId: juror.id, points: 1 })

    expect(mainOf(await (await client.get(`/contests/${setup.contest.slug}/results`)).text())).toBe(before)
    const pdfAfter = await pdfText(await (await resident.get(`/resources/diplomas/${encodeURIComponent(diploma.number)}.pdf`)).arrayBuffer())
    expect(pdfAfter.replace(/\d{1,2} \S+ \d{4} г\./, '')).toBe(pdfBefore.replace(/\d{1,2} \S+ \d{4} г\./, ''))
    expect(pdfAfter).toContain('за I место в номинации «Первая номинация»')
    // The organiser's live view does see the change.
    const live = pageText(await (await organiser.get(url)).text())
    expect(rowOrder(live, ['Синичкин дом', 'Спорный скворечник', 'Лауреатский', 'Шахтёрский домик'])).toBe(true)
  })

  it('is withdrawn only with a reason, which takes the results and diplomas out of force', async () => {
    const refused = await organiser.post(url, { formId: 'withdraw', intent: 'withdraw', reason: '' })
    expect(refused.status).toBe(400)
    expect(pageText(await refused.text())).toContain('Укажите причину отзыва итогов')

    const res = await organiser.post(url, { formId: 'withdraw', intent: 'withdraw', reason: 'Обнаружена ошибка в оценках одной из заявок' })
    expect(res.status).toBe(302)
    const publication = (await firstRow(db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, setup.contest.id))))!
    expect(publication.withdrawReason).toBe('Обнаружена ошибка в оценках одной из заявок')
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, setup.contest.id))))!.status).toBe('review')
    expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'result.withdraw'))).toHaveLength(1)

    const publicPage = pageText(await (await new Client(server.url).get(`/contests/${setup.contest.slug}/results`)).text())
    expect(publicPage).toContain('Итоги ещё не подведены')
    expect(publicPage).not.toContain('Шахтёрский домик')
    const old = (await firstRow(db.select().from(schema.diploma).where(eq(schema.diploma.publicationId, publication.id))))!
    expect(pageText(await (await new Client(server.url).get(`/diplomas/${encodeURIComponent(old.number)}`)).text())).toContain('Диплом недействителен')
  })

  it('publishes again with the corrected scores and new diploma numbers', async () => {
    const res = await organiser.post(url, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on', reason: SHORTFALL_REASON })
    expect(res.status).toBe(302)
    const html = pageText(await (await new Client(server.url).get(`/contests/${setup.contest.slug}/results`)).text())
    expect(html.indexOf('Синичкин дом')).toBeLessThan(html.indexOf('Спорный скворечник'))
    const diplomas = await db.select().from(schema.diploma).where(eq(schema.diploma.contestId, setup.contest.id))
    expect(diplomas).toHaveLength(18)
    expect(new Set(diplomas.map((d) => d.number)).size).toBe(18)
    const sequence = diplomas.map((d) => /^ТК-2027-(\d{6})-[0-9A-HJKMNP-TV-Z]{5}$/.exec(d.number)![1]).map(Number)
    expect(sequence.sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1))
  })
})

describe('a contest whose results may not be published yet', () => {
  it('refuses to publish while entries are still accepted', async () => {
    const open = await makeContest(db, { status: 'accepting' })
    const res = await organiser.post(`/organiser/contests/${open.contest.id}/results`, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' })
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('Итоги публикуются после окончания приёма заявок')
    expect(await db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, open.contest.id))).toHaveLength(0)
  })

  it('answers an unknown contest with a Russian 404', async () => {
    const res = await organiser.get('/organiser/contests/999999/results')
    expect(res.status).toBe(404)
    expect(pageText(await res.text())).toContain('Такого конкурса нет')
  })
})

describe('district stage → city stage', () => {
  it('sends the best N of every district (residential areas included) and nomination on, and the city stage ranks them', async () => {
    const made = await makeContest(db, { status: 'review', stages: ['district', 'city'], nominations: ['Окружной комитет'], criteria: [{ name: 'Работа', maxPoints: 10 }] })
    const [districtStage, cityStage] = made.stages
    await db.update(schema.stage).set({ advanceCount: 1 }).where(eq(schema.stage.id, districtStage.id))
    const district = async (name: string) => (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, name))))!
    const [d1, area, d2] = [await district('Заводский район'), await district('ж.р. Ягуновский'), await district('Ленинский район')]
    const juror = await makeUser(db, { roles: ['juror'] })
    await assignJuror(db, { stageId: districtStage.id, jurorId: juror.id, nominationId: made.nominations[0].id })
    const juror2 = await makeUser(db, { roles: ['juror'] })
    await assignJuror(db, { stageId: districtStage.id, jurorId: juror2.id, nominationId: made.nominations[0].id })
    // A member of the Leninsky district's commission alone.
    const lenin = await makeUser(db, { roles: ['juror'], fullName: 'Ленинская Ирина Олеговна' })
    await assignJuror(db, { stageId: districtStage.id, jurorId: lenin.id, nominationId: made.nominations[0].id, districtId: d2.id })
    const owner = await makeUser(db)
    const entries = await inOrder(
      [
        [d1.id, 9, 'Комитет А1'],
        // A residential area of the same district: judged by the same commission, so it competes with А1.
        [area.id, 7, 'Комитет А2'],
        [d2.id, 5, 'Комитет Б1'],
        [d2.id, 3, 'Комитет Б2'],
      ],
      async ([districtId, points, title]) => {
        const e = await makeEntry(db, {
          contestId: made.contest.id,
          ownerId: owner.id,
          nominationId: made.nominations[0].id,
          districtId: districtId as number,
          title: title as string,
        })
        for (const j of [juror, juror2]) await score(db, { stageId: districtStage.id, entryId: e.id, jurorId: j.id, points: { [made.criteria[0].id]: points as number } })
        return e
      },
    )
    const base = `/organiser/contests/${made.contest.id}/results`
    const districtView = pageText(await (await organiser.get(`${base}?stage=${districtStage.id}`)).text())
    expect(districtView).toContain(`Номинация «Окружной комитет» — ${d1.name}`)
    expect(districtView).toContain(`Номинация «Окружной комитет» — ${d2.name}`)

    const draftOfZavodsky = await pdfText(await (await organiser.get(`/resources/contests/${made.contest.id}/protocol.pdf?stage=${districtStage.id}&district=${d1.id}`)).arrayBuffer())
    expect(draftOfZavodsky).toContain('ПРОЕКТ — оценка этапа ещё не закрыта')
    // The commissions have finished: judging closed, the best go on.
    await db.update(schema.stage).set({ status: 'closed' }).where(eq(schema.stage.id, districtStage.id))
    const res = await organiser.post(`${base}?stage=${districtStage.id}`, { formId: 'advance', intent: 'advance', stageId: String(districtStage.id) })
    expect(res.status).toBe(302)
    const advanced = await db.select().from(schema.stageEntry).where(eq(schema.stageEntry.stageId, cityStage.id))
    expect(advanced.map((r) => r.entryId).sort()).toEqual([entries[0].id, entries[2].id].sort())
    expect(
      await db
        .select()
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.action, 'result.advance'), eq(schema.auditLog.contestId, made.contest.id))),
    ).toHaveLength(1)

    const cityView = pageText(await (await organiser.get(base)).text())
    expect(cityView).toContain('Комитет А1')
    expect(cityView).toContain('Комитет Б1')
    expect(cityView).not.toContain('Комитет А2')

    // Each district's commission has its protocol: its own rankings and its own members.
    const documents = pageText(await (await organiser.get(`/organiser/contests/${made.contest.id}/documents`)).text())
    const protocolUrl = `/resources/contests/${made.contest.id}/protocol.pdf`
    expect(documents).toContain(`${protocolUrl}?stage=${districtStage.id}&amp;district=${d1.id}`)
    expect(documents).toContain(`«${districtStage.name}»: комиссия — ${d2.name}`)
    const protocolOf = async (query: string) => {
      const res = await organiser.get(`${protocolUrl}${query}`)
      expect(res.status).toBe(200)
      return await pdfText(await res.arrayBuffer())
    }
    const zavodsky = await protocolOf(`?stage=${districtStage.id}&district=${d1.id}`)
    expect(zavodsky).toContain(`Комиссия: ${d1.name}.`)
    for (const title of ['Комитет А1', 'Комитет А2']) expect(zavodsky).toContain(title)
    expect(zavodsky).not.toContain('Комитет Б1')
    expect(zavodsky).not.toContain('Ленинская Ирина Олеговна')
    expect(zavodsky).not.toContain('ПРОЕКТ')
    const leninsky = await protocolOf(`?stage=${districtStage.id}&district=${d2.id}`)
    expect(leninsky).toContain('Ленинская Ирина Олеговна')
    expect(leninsky).toContain('Комитет Б2')

    // The city stage's draft protocol prints the organiser's decision with its reason.
    const decided = await organiser.post(base, {
      formId: `decide-${entries[2].id}`,
      intent: 'decide',
      stageId: String(cityStage.id),
      entryId: String(entries[2].id),
      kind: 'place',
      place: '1',
      reason: 'Городская комиссия не собралась; решение оргкомитета по протоколу № 7',
    })
    expect(decided.status).toBe(302)
    const city = await protocolOf(`?stage=${cityStage.id}`)
    expect(city).toContain('ПРОЕКТ — итоги ещё не опубликованы')
    expect(city).toMatch(/Комитет Б1»: I место \(по расчёту — без места\) — решение организатора\. Основание: Городская комиссия не собралась; решение\s+оргкомитета по протоколу № 7/)

    for (const query of [`?stage=999999`, `?stage=${districtStage.id}&district=999999`, '?stage=abc']) {
      expect((await organiser.get(`${protocolUrl}${query}`)).status).toBe(404)
    }
  })
})
