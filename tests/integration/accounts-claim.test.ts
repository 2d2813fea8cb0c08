/**
 * Accounts an operator made for paper applications, claimed by their residents over real HTTP against
 * the built server, with letters delivered to a real SMTP server started here: by the letter's link
 * when the paper gave an address, by the printed receipt's entry number and code when it did not (the
 * code works once, a wrong one is refused, and wrong codes are limited), the claimed entry in the
 * cabinet; and the operator printing the diplomas of the paper applications they entered, and no others.
 */
import { and, desc, eq } from 'drizzle-orm'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema } from '../../db/client.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { makeUser } from '../factories'
import { closeServerDb, entryIdFrom, multipart, seededContest, serverDb } from '../factories-entries'
import { startMailbox } from '../factories-organiser'
import { scoredContest } from '../factories-results'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { userIdByEmail } from './results-helpers'

const APP_URL = 'https://konkurs.example.ru'
const PASSWORD = 'Skvorec2027'

let server: TestServer
let mailbox: Awaited<ReturnType<typeof startMailbox>>
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>
let operator: Client

beforeAll(async () => {
  mailbox = await startMailbox()
  ;[server, fixtures] = await Promise.all([startServer({ SMTP_URL: mailbox.url, APP_URL }), generateFixtures()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  operator = new Client(server.url)
  await operator.login(DEMO.operator, DEMO.password)
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await mailbox?.stop()
})

const db = () => serverDb(server)
let people = 0

/** The operator creates the resident's account (no password) and enters their paper application; the entry's id, number and the toast's page. */
async function paperApplication(resident: { fullName: string; email?: string }, title: string) {
  const n = ++people
  const created = await operator.post(`/operator/entries/new?contest=${snow.contest.slug}`, { ...resident, phone: `+7 906 ${String(3_000_000 + n).slice(-7)}` })
  expect(created.status).toBe(302)
  const residentId = new URL(created.headers.get('location')!, server.url).searchParams.get('resident')!
  const res = await operator.post(
    `/operator/entries/new?contest=${snow.contest.slug}&resident=${residentId}`,
    multipart(
      { save: 'submit', nominationId: String(snow.nominations[0].id), title, 'authors[0].fullName': resident.fullName, 'authors[0].age': '70', paperConsent: 'on' },
      [{ name: 'scan.jpg', file: fixtures.orientation[1] }],
    ),
  )
  const entryId = entryIdFrom(res)
  const row = (await firstRow(db().select().from(schema.entry).where(eq(schema.entry.id, entryId))))!
  const number = `${snow.contest.numberPrefix}-${String(row.seq).padStart(4, '0')}`
  const toast = pageText(await (await operator.get(`/my/entries/${entryId}`)).text())
  return { residentId, entryId, number, toast }
}

/** The claim records about the account, oldest first. */
async function claimAudit(userId: string) {
  const { auditLog } = schema
  return db()
    .select({ action: auditLog.action, actorId: auditLog.actorId, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)))
    .orderBy(auditLog.id)
}

/** The operator prints the resident's receipt: the page's text, and the code on it. */
async function printReceipt(entryId: number) {
  const res = await operator.post(`/operator/entries/${entryId}/receipt`, { intent: 'code' })
  expect(res.status).toBe(200)
  const html = pageText(await res.text())
  const code = /class="receipt__code"[^>]*>([^<]+)</.exec(html)?.[1]
  if (!code) throw new Error(`No code on the receipt:\n${html}`)
  return { html, code }
}

/** A code as someone types it on a Russian keyboard: Cyrillic twins, lower case, no dash. */
const typedInCyrillic = (code: string) =>
  code
    .replace('-', '')
    .replace(/[ACEHKMPTX]/g, (c) => ({ A: 'А', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', P: 'Р', T: 'Т', X: 'Х' })[c]!)
    .toLocaleLowerCase('ru')

describe('claiming by the letter’s link', () => {
  it('sends the resident with an address a letter after intake; the link sets a password once, signs in, and the cabinet shows the entry', async () => {
    const email = `claim-letter-${Date.now()}@example.ru`
    const { residentId, number, toast } = await paperApplication({ fullName: 'Кузнецова Валентина Ивановна', email }, 'Снежная баба у подъезда')
    expect(toast).toContain('Жителю отправлено письмо со ссылкой, чтобы задать пароль')

    const letter = await mailbox.receive(email, /задайте пароль/)
    expect(letter.text).toContain(`бумажную заявку ${number}`)
    const link = /https:\/\/konkurs\.example\.ru(\/claim\/\S+)/.exec(letter.text)![1]
    const stored = (await firstRow(db().select().from(schema.verification).where(eq(schema.verification.id, Number(/\/(\d+)\./.exec(link)![1])))))!
    expect(stored).toMatchObject({ purpose: 'claim', userId: residentId })
    expect(link).not.toContain(stored.tokenHash)

    const browser = new Client(server.url)
    const page = await browser.get(link)
    expect(page.status).toBe(200)
    expect(pageText(await page.text())).toContain(`Кузнецова Валентина Ивановна, оператор ЦРН внёс вашу бумажную заявку на сайт и создал для вас учётную запись ${email}`)

    const done = await browser.post(link, { password: PASSWORD })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/cabinet')
    const cabinet = pageText(await (await browser.get('/cabinet')).text())
    expect(cabinet).toContain('Пароль задан, вы вошли')
    expect(cabinet).toContain(`${number} Снежная баба у подъезда`)
    expect((await browser.get('/my/entries')).status).toBe(200)

    // The letter reached the address: it counts as confirmed. The account is the resident's now.
    expect(await firstRow(db().select().from(schema.user).where(eq(schema.user.id, residentId)))).toMatchObject({ email, emailVerifiedAt: expect.any(Date) })
    await new Client(server.url).login(email, PASSWORD)

    const again = await new Client(server.url).get(link)
    expect(again.status).toBe(410)
    expect(pageText(await again.text())).toContain('По этой ссылке уже воспользовались')
    const reused = await new Client(server.url).post(link, { password: 'Chuzhoi-parol-2029' })
    expect(reused.status).toBe(400)
    expect((await new Client(server.url).post('/login', { email, password: 'Chuzhoi-parol-2029' })).status).toBe(400)

    expect(await claimAudit(residentId)).toEqual([{ action: 'account.claim', actorId: residentId, after: { via: 'link' } }])
  })

  it('lets the operator send the letter again (the earlier link stops working), a few times an hour, and prints no code for a resident with an address', async () => {
    const email = `claim-again-${Date.now()}@example.ru`
    const { entryId } = await paperApplication({ fullName: 'Лебедева Галина Фёдоровна', email }, 'Снежный городок')
    const first = /https:\/\/konkurs\.example\.ru(\/claim\/\S+)/.exec((await mailbox.receive(email, /задайте пароль/)).text)![1]
    const page = pageText(await (await operator.get(`/operator/entries/${entryId}/receipt`)).text())
    expect(page).toContain(`Когда заявка была внесена, жителю отправлено письмо на ${email} со ссылкой`)
    expect(page).not.toContain('Выдать код')
    const code = await operator.post(`/operator/entries/${entryId}/receipt`, { intent: 'code' })
    expect(code.status).toBe(400)
    expect(pageText(await code.text())).toContain(`У жителя есть адрес ${email}`)

    const again = await operator.post(`/operator/entries/${entryId}/receipt`, { intent: 'letter' })
    expect(again.status).toBe(200)
    expect(pageText(await again.text())).toContain(`Письмо отправлено ещё раз на ${email}`)
    await expect.poll(() => mailbox.messages.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(2)
    expect((await new Client(server.url).get(first)).status).toBe(410)

    for (let i = 0; i < 2; i++) expect((await operator.post(`/operator/entries/${entryId}/receipt`, { intent: 'letter' })).status).toBe(200)
    const over = await operator.post(`/operator/entries/${entryId}/receipt`, { intent: 'letter' })
    expect(over.status).toBe(429)
    expect(pageText(await over.text())).toContain('Жителю уже несколько раз отправляли письмо за этот час')
  })

  it('refuses a link that was never issued', async () => {
    const res = await new Client(server.url).get('/claim/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
    expect(res.status).toBe(404)
    expect(pageText(await res.text())).toContain('Ссылка не подходит')
  })
})

describe('claiming by the printed receipt', () => {
  it('prints the entry’s number, the code and where to go; the code, typed in any layout, claims the account once, and the cabinet shows the entry', async () => {
    const { residentId, entryId, number } = await paperApplication({ fullName: 'Орлов Пётр Семёнович' }, 'Ледяная горка')
    const entryPage = pageText(await (await operator.get(`/my/entries/${entryId}`)).text())
    expect(entryPage).toContain(`href="/operator/entries/${entryId}/receipt"`)
    const before = pageText(await (await operator.get(`/operator/entries/${entryId}/receipt`)).text())
    expect(before).toContain('У жителя нет электронной почты')
    expect(before).not.toContain('class="receipt__code"')

    const { html, code } = await printReceipt(entryId)
    expect(code).toMatch(/^[ACEHKMPTX2-9]{5}-[ACEHKMPTX2-9]{5}$/)
    expect(html).toContain(`<strong class="receipt__number">${number}</strong>`)
    expect(html).toContain(`${APP_URL}/claim`)
    expect(html).toContain('Орлов Пётр Семёнович')
    expect(html).toMatch(/Код действует до \d{1,2} \S+ \d{4} г\. в \d{1,2}:\d{2} \(время кемеровское\) и только один раз/)
    // What happens next, as the resident's own receipt says it (modules/entries/next-steps.ts).
    expect(html).toContain('Заявку проверит модератор')
    expect(html).toContain('Итоги будут опубликованы на странице конкурса')
    // Only the code's hash is kept.
    const token = (await firstRow(db().select().from(schema.verification).where(and(eq(schema.verification.userId, residentId), eq(schema.verification.purpose, 'claim')))))!
    expect(token.codeHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(token)).not.toContain(code.replace('-', ''))

    expect(pageText(await (await new Client(server.url).get('/login')).text())).toContain('Заявку приняли на бумаге в ЦРН? <a data-discover="true" href="/claim">Вход по квитанции</a>')
    const claimPage = await new Client(server.url).get('/claim')
    expect(claimPage.status).toBe(200)
    expect(pageText(await claimPage.text())).toContain('Вход по квитанции ЦРН')

    const email = `claim-code-${Date.now()}@example.ru`
    const wrong = await new Client(server.url).post('/claim', { number, code: 'AAAAA-AAAAA', email, password: PASSWORD })
    expect(wrong.status).toBe(400)
    expect(pageText(await wrong.text())).toContain('Номер заявки или код не подходят. Проверьте их по квитанции')
    const otherNumber = await new Client(server.url).post('/claim', { number: `${snow.contest.numberPrefix}-9999`, code, email, password: PASSWORD })
    expect(otherNumber.status).toBe(400)

    const browser = new Client(server.url)
    const done = await browser.post('/claim', { number: number.toLocaleLowerCase('ru'), code: typedInCyrillic(code), email, password: PASSWORD })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/cabinet')
    const cabinet = pageText(await (await browser.get('/cabinet')).text())
    expect(cabinet).toContain(`Учётная запись ваша, вы вошли. Мы отправили на ${email} письмо`)
    expect(cabinet).toContain(`${number} Ледяная горка`)
    const entry = pageText(await (await browser.get(`/my/entries/${entryId}`)).text())
    expect(entry).toContain(`Заявка ${number}`)

    // The address is the account's now, waiting for its confirmation letter; the password signs in.
    expect(await firstRow(db().select().from(schema.user).where(eq(schema.user.id, residentId)))).toMatchObject({ email, emailVerifiedAt: null })
    const confirmation = await mailbox.receive(email, /Подтвердите адрес/)
    expect(confirmation.text).toMatch(/код \d{6}/)
    await new Client(server.url).login(email, PASSWORD)

    // Once only.
    const again = await new Client(server.url).post('/claim', { number, code, email: `someone-${Date.now()}@example.ru`, password: 'Chuzhoi-parol-2029' })
    expect(again.status).toBe(400)
    expect(pageText(await again.text())).toContain('Номер заявки или код не подходят')

    const operatorId = await userIdByEmail(db(), DEMO.operator)
    expect(await claimAudit(residentId)).toEqual([
      { action: 'account.claim_code', actorId: operatorId, after: { entryId } },
      { action: 'account.claim', actorId: residentId, after: { via: 'code' } },
    ])
    // The operator's receipt page knows it is done.
    expect(pageText(await (await operator.get(`/operator/entries/${entryId}/receipt`)).text())).toContain('Житель уже задал пароль')
  })

  it('voids an earlier receipt’s code when a new one is printed', async () => {
    const { entryId, number } = await paperApplication({ fullName: 'Зайцева Нина Павловна' }, 'Снеговик')
    const first = await printReceipt(entryId)
    const second = await printReceipt(entryId)
    const stale = await new Client(server.url).post('/claim', { number, code: first.code, email: `stale-${Date.now()}@example.ru`, password: PASSWORD })
    expect(stale.status).toBe(400)
    const fresh = await new Client(server.url).post('/claim', { number, code: second.code, email: `fresh-${Date.now()}@example.ru`, password: PASSWORD })
    expect(fresh.status).toBe(302)
  })

  it('limits wrong codes for an account: past the limit even the right code waits, with 429 and a Russian message', async () => {
    const { entryId, number } = await paperApplication({ fullName: 'Медведев Олег Ильич' }, 'Крепость')
    const { code } = await printReceipt(entryId)
    const email = `limited-${Date.now()}@example.ru`
    for (let i = 0; i < 10; i++) {
      const res = await new Client(server.url).post('/claim', { number, code: `CCCCC-CCCC${(i % 8) + 2}`, email, password: PASSWORD })
      expect(res.status).toBe(400)
    }
    const over = await new Client(server.url).post('/claim', { number, code, email, password: PASSWORD })
    expect(over.status).toBe(429)
    expect(pageText(await over.text())).toContain('Слишком много неверных попыток ввести код для этой заявки')
  })

  it('checks the form: empty fields and a weak password get messages beside them, nothing is claimed', async () => {
    const res = await new Client(server.url).post('/claim', { number: '', code: '', email: 'не адрес', password: 'short' })
    expect(res.status).toBe(400)
    const html = pageText(await res.text())
    expect(html).toContain('Введите номер заявки с квитанции')
    expect(html).toContain('Введите код с квитанции')
    expect(html).toContain('Пароль должен быть не короче 8 символов')
  })

  it('is the operator’s own: another operator gets 404 for a paper application they did not enter, a resident 403', async () => {
    const { entryId } = await paperApplication({ fullName: 'Соловьёва Ольга Игоревна' }, 'Горка')
    const other = new Client(server.url)
    await other.login((await anotherOperator()).email!, DEMO.password)
    expect((await other.get(`/operator/entries/${entryId}/receipt`)).status).toBe(404)
    expect((await other.post(`/operator/entries/${entryId}/receipt`, { intent: 'code' })).status).toBe(404)
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    expect((await resident.get(`/operator/entries/${entryId}/receipt`)).status).toBe(403)
    expect((await resident.post(`/operator/entries/${entryId}/receipt`, { intent: 'code' })).status).toBe(403)
    expect(await firstRow(db().select().from(schema.verification).where(eq(schema.verification.purpose, 'claim')).orderBy(desc(schema.verification.id)))).not.toMatchObject({
      userId: (await firstRow(db().select({ ownerId: schema.entry.ownerId }).from(schema.entry).where(eq(schema.entry.id, entryId))))!.ownerId,
    })
  })
})

/** A second ЦРН operator, signing in with the demo password. */
async function anotherOperator() {
  const { passwordHash } = (await firstRow(db().select({ passwordHash: schema.user.passwordHash }).from(schema.user).where(eq(schema.user.email, DEMO.operator))))!
  return makeUser(db(), { roles: ['resident', 'operator'], passwordHash, fullName: 'Другой Оператор ЦРН' })
}

describe('the operator’s diplomas of paper applications', () => {
  let contestId: number
  let ownDiplomas: string[]
  let ownFiles: string[]
  let otherDiplomas: string[]

  beforeAll(async () => {
    const operatorId = await userIdByEmail(db(), DEMO.operator)
    const otherOperator = await anotherOperator()
    const paperOwner = await makeUser(db(), { fullName: 'Бумажная Анна Петровна', email: null })
    const setup = await scoredContest(db(), {
      settings: { title: 'Тепло твоих рук — 2027', shortName: 'Тепло твоих рук', numberPrefix: 'ТТР' },
      nominations: ['Весна'],
      jurors: 2,
      entries: [
        { nomination: 0, totals: [90, 88], title: 'Бумажный терем', ownerId: paperOwner.id, authors: [{ fullName: 'Бумажная Анна Петровна' }] },
        { nomination: 0, totals: [80, 78], title: 'Чужой бумажный', authors: [{ fullName: 'Чужая Вера Львовна' }] },
        { nomination: 0, totals: [70, 72], title: 'Через сайт', authors: [{ fullName: 'Сайтова Ирина Олеговна' }] },
        { nomination: 0, totals: [60, 62], title: 'Коллегин бумажный', authors: [{ fullName: 'Коллегина Нина Ивановна' }] },
      ],
    })
    contestId = setup.contest.id
    // The demo operator's ЦРН took two: one the demo operator entered, one a colleague there; another ЦРН took the third.
    const centre = (await firstRow(db().select().from(schema.user).where(eq(schema.user.id, operatorId))))!.centreId!
    const otherCentre = (await db().insert(schema.centre).values({ name: 'ЦРН Кировского района', districtId: 1, address: 'ул. Кирова, 1' }).returning())[0].id
    const colleague = await makeUser(db(), { roles: ['resident', 'operator'], fullName: 'Коллега Оператора', centreId: centre })
    await db().update(schema.entry).set({ enteredById: operatorId, centreId: centre }).where(eq(schema.entry.id, setup.entries[0].id))
    await db().update(schema.entry).set({ enteredById: otherOperator.id, centreId: otherCentre }).where(eq(schema.entry.id, setup.entries[1].id))
    await db().update(schema.entry).set({ enteredById: colleague.id, centreId: centre }).where(eq(schema.entry.id, setup.entries[3].id))
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    const published = await organiser.post(`/organiser/contests/${contestId}/results`, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' })
    expect(published.status).toBe(302)
    const diplomas = await db().select().from(schema.diploma).where(eq(schema.diploma.contestId, contestId))
    const ours = [setup.entries[0].id, setup.entries[3].id]
    ownDiplomas = diplomas.filter((d) => ours.includes(d.entryId)).map((d) => d.number)
    ownFiles = diplomas.filter((d) => ours.includes(d.entryId)).map((d) => `${d.number} ${d.recipientName}.pdf`)
    expect(ownFiles.map((f) => f.replace(/^\S+ /, '')).sort()).toEqual(['Бумажная Анна Петровна.pdf', 'Коллегина Нина Ивановна.pdf'])
    otherDiplomas = diplomas.filter((d) => !ours.includes(d.entryId)).map((d) => d.number)
    expect(ownDiplomas).toHaveLength(2)
    expect(otherDiplomas).toHaveLength(2)
  })

  it('lists the diplomas of the paper applications of the operator’s ЦРН, each as a PDF, and no others', async () => {
    const cabinet = pageText(await (await operator.get('/cabinet')).text())
    expect(cabinet).toContain('href="/operator/diplomas"')
    const page = pageText(await (await operator.get('/operator/diplomas')).text())
    expect(page).toContain('Тепло твоих рук — 2027')
    expect(page).toContain('Бумажная Анна Петровна')
    expect(page).toContain('Коллегина Нина Ивановна')
    expect(page).not.toContain('Чужая Вера Львовна')
    expect(page).not.toContain('Сайтова Ирина Олеговна')
    expect(page).toContain(`href="/resources/operator/contests/${contestId}/diplomas.zip"`)

    for (const number of ownDiplomas) {
      const own = await operator.get(`/resources/diplomas/${encodeURIComponent(number)}.pdf`)
      expect(own.status).toBe(200)
      expect(own.headers.get('content-type')).toBe('application/pdf')
    }
    for (const number of otherDiplomas) expect((await operator.get(`/resources/diplomas/${encodeURIComponent(number)}.pdf`)).status).toBe(404)
  })

  it('gives a contest’s diplomas of the ЦРН’s paper applications as one ZIP, and nothing for a contest without them', async () => {
    const res = await operator.get(`/resources/operator/contests/${contestId}/diplomas.zip`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    expect(Object.keys(zip.files).sort()).toEqual(ownFiles.sort())
    expect((await operator.get(`/resources/operator/contests/${snow.contest.id}/diplomas.zip`)).status).toBe(404)
  })

  it('is for operators: a resident gets 403 on the page and the ZIP', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    expect((await resident.get('/operator/diplomas')).status).toBe(403)
    expect((await resident.get(`/resources/operator/contests/${contestId}/diplomas.zip`)).status).toBe(403)
  })
})
