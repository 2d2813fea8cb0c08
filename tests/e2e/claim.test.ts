/**
 * A resident without e-mail claims the account an operator made for their paper application, on a
 * 360 px phone, with JavaScript and without: the operator prints the receipt (its print view shows the
 * receipt alone), the resident types the entry's number and the code (a wrong code first), an address
 * and a password, and lands signed in on the cabinet that lists the entry; one with an address does the
 * same from the letter's link. Every page passes axe.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { firstRow, schema } from '../../db/client.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, multipart, seededContest, serverDb } from '../factories-entries'
import { startMailbox } from '../factories-organiser'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, phoneContext } from './browser'

let server: TestServer
let browser: Browser
let mailbox: Awaited<ReturnType<typeof startMailbox>>
let fixtures: GeneratedFixtures

beforeAll(async () => {
  mailbox = await startMailbox()
  ;[server, fixtures] = await Promise.all([startServer({ SMTP_URL: mailbox.url }), generateFixtures()])
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  if (server) await closeServerDb(server)
  await server?.stop()
  await mailbox?.stop()
})

/** The operator enters a paper application for a new resident without e-mail, over HTTP: the entry's id and number. */
async function paperApplication(fullName: string, phone: string, email?: string) {
  const snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  const operator = new Client(server.url)
  await operator.login(DEMO.operator, DEMO.password)
  const created = await operator.post(`/operator/entries/new?contest=${snow.contest.slug}`, { fullName, phone, ...(email ? { email } : {}) })
  const residentId = new URL(created.headers.get('location')!, server.url).searchParams.get('resident')!
  const res = await operator.post(
    `/operator/entries/new?contest=${snow.contest.slug}&resident=${residentId}`,
    multipart(
      { save: 'submit', nominationId: String(snow.nominations[0].id), title: 'Горка во дворе', 'authors[0].fullName': fullName, 'authors[0].age': '68', paperConsent: 'on' },
      [{ name: 'scan.jpg', file: fixtures.orientation[1] }],
    ),
  )
  const entryId = entryIdFrom(res)
  const { seq } = (await firstRow(serverDb(server).select({ seq: schema.entry.seq }).from(schema.entry).where(eq(schema.entry.id, entryId))))!
  return { entryId, number: `${snow.contest.numberPrefix}-${String(seq).padStart(4, '0')}` }
}

describe.each([
  ['with JavaScript', true, '+7 907 100-00-01'],
  ['without JavaScript', false, '+7 907 100-00-02'],
])('claiming by a printed receipt on a 360 px phone, %s', (_name, javaScriptEnabled, phone) => {
  it('the operator prints the receipt, the resident claims the account with its number and code and sees the entry', async () => {
    const { entryId, number } = await paperApplication(`Петрова Зоя ${javaScriptEnabled ? 'Ивановна' : 'Павловна'}`, phone)

    const operatorCtx = await phoneContext(browser, { javaScriptEnabled })
    const op = await operatorCtx.context.newPage()
    await op.goto(server.url + '/login')
    await op.getByLabel('Электронная почта').fill(DEMO.operator)
    await op.getByLabel('Пароль').fill(DEMO.password)
    await op.getByRole('button', { name: 'Войти' }).click()
    await op.waitForURL('**/cabinet')
    await op.goto(`${server.url}/my/entries/${entryId}`)
    await op.getByRole('link', { name: 'Квитанция для жителя: как войти на сайт' }).click()
    await op.waitForURL(`**/operator/entries/${entryId}/receipt`)
    await expectAccessible(op)
    await op.getByRole('button', { name: 'Выдать код и показать квитанцию' }).click()
    await expect.poll(() => op.getByRole('heading', { name: 'Квитанция о приёме заявки' }).isVisible()).toBe(true)
    const code = (await op.locator('.receipt__code').textContent())!.trim()
    expect(code).toMatch(/^[ACEHKMPTX2-9]{5}-[ACEHKMPTX2-9]{5}$/)
    expect(await op.locator('.receipt').getByText(number).first().isVisible()).toBe(true)
    await expectAccessible(op)
    await expectNoHorizontalScroll(op)
    // Printed, the page is the receipt alone.
    await op.emulateMedia({ media: 'print' })
    expect(await op.locator('.site-header').isVisible()).toBe(false)
    expect(await op.locator('.site-footer').isVisible()).toBe(false)
    expect(await op.getByRole('heading', { name: 'Квитанция для жителя' }).isVisible()).toBe(false)
    expect(await op.locator('.receipt__code').isVisible()).toBe(true)
    await operatorCtx.context.close()
    expect(operatorCtx.problems).toEqual([])

    const residentCtx = await phoneContext(browser, { javaScriptEnabled })
    const page = await residentCtx.context.newPage()
    await page.goto(server.url + '/claim')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    const email = `claim-e2e-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`
    await page.getByLabel('Номер заявки').fill(number)
    await page.getByLabel('Код с квитанции').fill('AAAAA-AAAAA')
    await page.getByLabel('Электронная почта').fill(email)
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByRole('button', { name: 'Получить учётную запись' }).click()
    await expect.poll(() => page.getByText('Номер заявки или код не подходят').isVisible()).toBe(true)
    await expectAccessible(page)

    await page.getByLabel('Код с квитанции').fill(code.toLowerCase())
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByRole('button', { name: 'Получить учётную запись' }).click()
    await page.waitForURL('**/cabinet')
    await expect.poll(() => page.getByRole('link', { name: `${number} Горка во дворе` }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await residentCtx.context.close()
    expect(residentCtx.problems).toEqual([])
  })
})

describe('claiming by the letter’s link on a 360 px phone', () => {
  it('the resident opens the link from the letter, sets a password and sees the entry in the cabinet', async () => {
    const email = 'claim-e2e-letter@example.ru'
    const { number } = await paperApplication('Сидорова Раиса Петровна', '+7 907 100-00-03', email)
    const link = /https?:\/\/[^\s/]+(\/claim\/\S+)/.exec((await mailbox.receive(email, /задайте пароль/)).text)![1]
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await page.goto(server.url + link)
    await expect.poll(() => page.getByRole('heading', { name: 'Ваша учётная запись' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByRole('button', { name: 'Задать пароль и войти' }).click()
    await page.waitForURL('**/cabinet')
    await expect.poll(() => page.getByRole('link', { name: `${number} Горка во дворе` }).isVisible()).toBe(true)
    await expectAccessible(page)
    await ctx.context.close()
    expect(ctx.problems).toEqual([])
  })
})
