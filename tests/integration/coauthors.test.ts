/**
 * Co-authors are people with accounts (docs/decisions/026-…): the application form takes each author's
 * e-mail; an author whose address belongs to a confirmed account — at once, or when the account confirms
 * it later — is linked to it, reads the entry (never changes it), gets its letters, and is kept out of
 * that entry as a juror.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema } from '../../db/client.server'
import { closeServerDb, entryIdFrom, multipart, seededContest, serverDb } from '../factories-entries'
import { startMailbox } from '../factories-organiser'
import { scoredContest } from '../factories-results'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer
let mailbox: Awaited<ReturnType<typeof startMailbox>>
let fixtures: GeneratedFixtures

beforeAll(async () => {
  mailbox = await startMailbox()
  ;[server, fixtures] = await Promise.all([startServer({ SMTP_URL: mailbox.url }), generateFixtures()])
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await mailbox?.stop()
})

/** A resident who registered and confirmed the address by the letter's link. */
async function confirmedResident(fullName: string, email: string) {
  const client = new Client(server.url)
  expect((await client.post('/register', { fullName, email, password: 'Skvorec2027', consent: 'on' })).status).toBe(302)
  const letter = await mailbox.receive(email, /Подтвердите адрес/)
  const path = /https?:\/\/[^\s/]+(\/verify-email\/\S+)/.exec(letter.text)![1]
  expect((await client.post(path, {})).status).toBe(302)
  return client
}

const authorsOf = async (entryId: number) =>
  await serverDb(server).select().from(schema.author).where(eq(schema.author.entryId, entryId)).orderBy(schema.author.position)

describe('a co-author with an account', () => {
  let entryId: number
  let coauthor: Client
  const coauthorEmail = 'soavtor-zhyuri@example.ru'
  const laterEmail = 'pozzhe-soavtor@example.ru'

  it('is linked to the entry by the address given on the form, once the account has confirmed it', async () => {
    coauthor = await confirmedResident('Соавторова Ирина Павловна', coauthorEmail)
    const owner = await confirmedResident('Заявителева Ольга Петровна', 'zayavitel-soavtory@example.ru')
    const snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
    const res = await owner.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart(
        {
          save: 'submit',
          title: 'Двор всей семьёй',
          nominationId: String(snow.nominations[0].id),
          'authors[0].fullName': 'Заявителева Ольга Петровна',
          'authors[0].age': '40',
          'authors[1].fullName': 'Соавторова Ирина Павловна',
          'authors[1].age': '38',
          // Typed with capitals: addresses are kept in lower case.
          'authors[1].email': 'Soavtor-Zhyuri@example.ru',
          'authors[2].fullName': 'Позднякова Анна Игоревна',
          'authors[2].age': '12',
          'authors[2].parentConsent': 'on',
          'authors[2].email': laterEmail,
          consent: 'on',
        },
        [{ name: 'dvor.jpg', file: fixtures.large }],
      ),
    )
    entryId = entryIdFrom(res)

    const authors = await authorsOf(entryId)
    const account = (await firstRow(serverDb(server).select().from(schema.user).where(eq(schema.user.email, coauthorEmail))))!
    expect(authors.map((a) => [a.fullName, a.email, a.userId])).toEqual([
      ['Заявителева Ольга Петровна', null, null],
      ['Соавторова Ирина Павловна', coauthorEmail, account.id],
      ['Позднякова Анна Игоревна', laterEmail, null],
    ])
  })

  it('reads the entry and finds it among her entries, but cannot change it', async () => {
    expect(pageText(await (await coauthor.get('/my/entries')).text())).toContain('Двор всей семьёй')
    const page = pageText(await (await coauthor.get(`/my/entries/${entryId}`)).text())
    expect(page).toContain('Вы указаны автором этой заявки. Её подал(а) Заявителева Ольга Петровна')
    expect(page).toContain('Двор всей семьёй')
    expect(page).not.toContain('Изменить заявку')
    expect(page).not.toContain('Отозвать заявку')
    const edit = await coauthor.post(`/my/entries/${entryId}`, multipart({ save: 'submit', title: 'Захват чужой заявки' }))
    expect(edit.status).toBe(403)
    const withdraw = await coauthor.post(`/my/entries/${entryId}`, { _action: 'withdraw', confirm: 'on' })
    expect(withdraw.status).toBe(403)
    expect((await firstRow(serverDb(server).select().from(schema.entry).where(eq(schema.entry.id, entryId))))).toMatchObject({ title: 'Двор всей семьёй', status: 'submitted' })
  })

  it('gets the entry’s letters as its owner does', async () => {
    const received = await mailbox.receive(coauthorEmail, /получена$/)
    expect(received.text).toContain('Здравствуйте, Соавторова Ирина Павловна!')
    expect(received.text).toContain('«Двор всей семьёй»')
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    const contestId = (await firstRow(serverDb(server).select({ id: schema.entry.contestId }).from(schema.entry).where(eq(schema.entry.id, entryId))))!.id
    expect((await organiser.post(`/organiser/contests/${contestId}/moderation?status=submitted`, { _action: 'accept', entryId: String(entryId) })).status).toBe(302)
    expect((await mailbox.receive(coauthorEmail, /принята$/)).text).toContain('прошла модерацию и передана жюри')
    expect((await mailbox.receive('zayavitel-soavtory@example.ru', /принята$/)).text).toContain('Здравствуйте, Заявителева Ольга Петровна!')
  })

  it('is kept out of that entry when she judges the contest', async () => {
    const db = serverDb(server)
    const account = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, coauthorEmail))))!
    const e = (await firstRow(db.select().from(schema.entry).where(eq(schema.entry.id, entryId))))!
    const stage = (await firstRow(db.select().from(schema.stage).where(eq(schema.stage.contestId, e.contestId))))!
    await db.update(schema.contest).set({ status: 'judging' }).where(eq(schema.contest.id, e.contestId))
    await db.update(schema.stage).set({ status: 'judging' }).where(eq(schema.stage.id, stage.id))
    await db.insert(schema.userRole).values({ userId: account.id, role: 'juror' })
    await db.insert(schema.juryAssignment).values({ stageId: stage.id, jurorId: account.id, nominationId: e.nominationId! })

    const queue = pageText(await (await coauthor.get(`/jury/stages/${stage.id}`)).text())
    expect(queue).not.toContain('Двор всей семьёй')
    const page = await coauthor.get(`/jury/stages/${stage.id}/entries/${entryId}`)
    expect(page.status).toBe(403)
    expect(pageText(await page.text())).toContain('Конфликт интересов (своя заявка): эту заявку оценивают другие члены жюри.')
  })

  it('finds her diploma in «Мои дипломы» once the results are out, as the owner does', async () => {
    const db = serverDb(server)
    const account = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, coauthorEmail))))!
    const owner = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, 'zayavitel-soavtory@example.ru'))))!
    const setup = await scoredContest(db, {
      ownerId: owner.id,
      settings: { title: 'Конкурс команд для проверки дипломов' },
      entries: [
        {
          nomination: 0,
          totals: [40, 42, 44],
          title: 'Командный скворечник',
          authors: [
            { fullName: 'Заявителева Ольга Петровна', userId: owner.id },
            { fullName: 'Соавторова Ирина Павловна', userId: account.id },
          ],
        },
        { nomination: 0, totals: [30, 30, 30], title: 'Другой скворечник' },
      ],
    })
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    expect((await organiser.post(`/organiser/contests/${setup.contest.id}/results`, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' })).status).toBe(302)
    const diplomas = pageText(await (await coauthor.get('/my/diplomas')).text())
    expect(diplomas).toContain('Конкурс команд для проверки дипломов')
    expect(diplomas).toContain('Соавторова Ирина Павловна')
    expect(diplomas).not.toContain('Заявителева Ольга Петровна')
  })

  it('is linked when she registers later and confirms her address; an unconfirmed account with the address is not', async () => {
    expect((await authorsOf(entryId))[2].userId).toBeNull()
    const later = await confirmedResident('Позднякова Анна Игоревна', laterEmail)
    const account = (await firstRow(serverDb(server).select().from(schema.user).where(eq(schema.user.email, laterEmail))))!
    expect((await authorsOf(entryId))[2].userId).toBe(account.id)
    expect((await later.get(`/my/entries/${entryId}`)).status).toBe(200)

    // An unconfirmed account with an author's address is not linked: anyone can type someone else's address.
    const squatter = new Client(server.url)
    await squatter.post('/register', { fullName: 'Чужой Адрес', email: 'ne-podtverzhden@example.ru', password: 'Skvorec2027', consent: 'on' })
    await serverDb(server).insert(schema.author).values({ entryId, fullName: 'Чужой Адрес', email: 'ne-podtverzhden@example.ru', position: 9 })
    expect((await squatter.get(`/my/entries/${entryId}`)).status).toBe(404)
    await serverDb(server).delete(schema.author).where(and(eq(schema.author.entryId, entryId), eq(schema.author.position, 9)))
  })
})
