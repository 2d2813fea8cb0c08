/**
 * Every letter a participant expects, as it arrives through a real SMTP server started here: «заявка
 * получена» on submission, accepted, rejected with the reason, results published (diplomas ready),
 * results withdrawn. Each has a plain-text and an HTML part saying the same, absolute links to the
 * public address (APP_URL), and a footer that says why it was sent.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schema } from '../../db/client.server'
import { closeServerDb, entryIdFrom, multipart, seededContest, serverDb } from '../factories-entries'
import { startMailbox, type ReceivedMail } from '../factories-organiser'
import { scoredContest } from '../factories-results'
import { makeUser } from '../factories'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'

const SITE = 'https://konkurs.example.ru'

let server: TestServer
let mailbox: Awaited<ReturnType<typeof startMailbox>>
let fixtures: GeneratedFixtures
let organiser: Client

beforeAll(async () => {
  mailbox = await startMailbox()
  ;[server, fixtures] = await Promise.all([startServer({ SMTP_URL: mailbox.url, APP_URL: SITE }), generateFixtures()])
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await mailbox?.stop()
})

/** What every letter has: both parts, the links absolute, the footer. */
function expectWholeLetter(letter: ReceivedMail, link: string, why: RegExp) {
  expect(letter.text).toContain(link)
  expect(letter.text).toMatch(why)
  expect(letter.text).toContain('Городские конкурсы, администрация города Кемерово')
  // No link in the text is relative to a site the reader is not on.
  expect(letter.text).not.toMatch(/(^|\s)\/(my|contests|jury|organiser)\//m)
  expect(letter.html).toContain(`<a href="${link}">${link}</a>`)
  expect(letter.html).toMatch(why)
  expect(letter.html).toContain('<html lang="ru">')
}

describe('an entrant’s letters', () => {
  let client: Client
  const email = 'pisma-uchastnika@example.ru'
  let snow: Awaited<ReturnType<typeof seededContest>>

  async function submit(title: string) {
    const res = await client.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart(
        { save: 'submit', nominationId: String(snow.nominations[0].id), title, 'authors[0].fullName': 'Письмова Ольга Ивановна', 'authors[0].age': '44', consent: 'on' },
        [{ name: 'dvor.jpg', file: fixtures.large }],
      ),
    )
    return entryIdFrom(res)
  }

  beforeAll(async () => {
    snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
    client = new Client(server.url)
    await client.post('/register', { fullName: 'Письмова Ольга Ивановна', email, password: 'Skvorec2027', consent: 'on' })
  })

  it('says the entry was received: its number, what happens next, the dates', async () => {
    const id = await submit('Горка во дворе')
    const { seq } = (await serverDb(server).select({ seq: schema.entry.seq }).from(schema.entry).where(eq(schema.entry.id, id)))[0]
    const number = `СК-${String(seq).padStart(4, '0')}`
    const letter = await mailbox.receive(email, new RegExp(`Заявка ${number} получена`))
    expect(letter.text).toContain(`Заявка ${number} «Горка во дворе» на конкурс`)
    expect(letter.text).toContain('Заявку проверит модератор')
    expect(letter.text).toContain(`${SITE}/contests/${snow.contest.slug}/results`)
    expect(letter.text).toMatch(/Исправить заявку можно на её странице по \d{1,2} [а-я]+ \d{4} г\. включительно/)
    expectWholeLetter(letter, `${SITE}/my/entries/${id}`, /потому что подали заявку на конкурс/)
  })

  it('says it was accepted, and another rejected with the reason', async () => {
    const accepted = await submit('Снежная крепость')
    const rejected = await submit('Без подписи')
    const moderation = `/organiser/contests/${snow.contest.id}/moderation?status=submitted`
    expect((await organiser.post(moderation, { _action: 'accept', entryId: String(accepted) })).status).toBe(302)
    expect((await organiser.post(moderation, { _action: 'reject', entryId: String(rejected), reason: 'На фотографиях не видно двора' })).status).toBe(302)

    const yes = await mailbox.receive(email, /принята$/)
    expect(yes.text).toContain('прошла модерацию и передана жюри')
    expectWholeLetter(yes, `${SITE}/my/entries/${accepted}`, /потому что подали заявку на конкурс/)
    const no = await mailbox.receive(email, /отклонена$/)
    expect(no.text).toContain('Причина: На фотографиях не видно двора')
    expectWholeLetter(no, `${SITE}/my/entries/${rejected}`, /потому что подали заявку на конкурс/)
  })
})

describe('the results’ letters', () => {
  it('say the results are out and the diplomas ready, then that they were withdrawn and why', async () => {
    const db = serverDb(server)
    const owner = await makeUser(db, { fullName: 'Итогова Вера Павловна', email: 'itogi-pisma@example.ru' })
    const setup = await scoredContest(db, {
      ownerId: owner.id,
      settings: { title: 'Конкурс для писем об итогах' },
      entries: [
        { nomination: 0, totals: [40, 42, 44], title: 'Первый домик' },
        { nomination: 0, totals: [30, 30, 30], title: 'Второй домик' },
      ],
    })
    const url = `/organiser/contests/${setup.contest.id}/results`
    expect((await organiser.post(url, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' })).status).toBe(302)
    const out = await mailbox.receive(owner.email!, /^Итоги конкурса «Конкурс для писем об итогах»$/)
    expect(out.text).toContain('ТК-0001 «Первый домик» — I место в номинации «Первая номинация»')
    expect(out.text).toContain(`Дипломы готовы: ${SITE}/my/diplomas`)
    expectWholeLetter(out, `${SITE}/contests/${setup.contest.slug}/results`, /потому что участвуете в конкурсе/)

    expect((await organiser.post(url, { formId: 'withdraw', intent: 'withdraw', reason: 'В подсчёт вкралась ошибка' })).status).toBe(302)
    const withdrawn = await mailbox.receive(owner.email!, /отозваны$/)
    expect(withdrawn.text).toContain('Причина: В подсчёт вкралась ошибка')
    expectWholeLetter(withdrawn, `${SITE}/contests/${setup.contest.slug}`, /потому что участвуете в конкурсе/)
  })
})
