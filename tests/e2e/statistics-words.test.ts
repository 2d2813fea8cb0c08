/**
 * In the browser without JavaScript, on a 360 px phone: the organiser gives a contest its words for the
 * statistics on its settings page and a counted field its participle on the fields page; both pages
 * pass axe, and the statistics page then reads as the report does.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/client.server'
import { makeContest, makeEntry, makeUser } from '../factories'
import { DEMO, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, logInAs, phoneContext } from './browser'

let server: TestServer
let browser: Browser
let db: DB

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  db = openDatabase(server.dbPath)
})
afterAll(async () => {
  db?.$client.close()
  await browser?.close()
  await server?.stop()
})

const logIn = (page: Page, email: string) => logInAs(page, server.url, email)

describe('the statistics’ words without JavaScript', () => {
  it('are set on the settings and fields pages and make the report’s sentences', async () => {
    const made = await makeContest(db, { status: 'accepting', title: 'Тепло твоих рук — слова', shortName: 'Тепло твоих рук', nominations: ['Экодомик'] })
    const owner = await makeUser(db)
    for (let i = 0; i < 5; i++) await makeEntry(db, { contestId: made.contest.id, ownerId: owner.id, nominationId: made.nominations[0].id })
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    const base = `${server.url}/organiser/contests/${made.contest.id}`

    await page.goto(base)
    const words = page.locator('fieldset', { has: page.getByText('Статистика словами отчёта', { exact: true }) })
    expect(await words.getByLabel('Заявка называется: один (1, 21…)').inputValue()).toBe('заявка')
    await words.getByLabel('Заявка называется: один (1, 21…)').fill('скворечник')
    await words.getByLabel('два (2, 3, 4…)').fill('скворечника')
    await words.getByLabel('пять (5, 11, 618…)').fill('скворечников')
    await words.getByLabel('Род этого слова').selectOption('masculine')
    await words.getByLabel(/^Винительный падеж/).fill('')
    await words.getByLabel('Что сделали участники: он').fill('изготовил')
    await words.getByLabel('она', { exact: true }).fill('изготовила')
    await words.getByLabel('оно', { exact: true }).fill('изготовило')
    await words.getByLabel('они', { exact: true }).fill('изготовили')
    await words.getByLabel('Победителями …').fill('городского этапа')
    expect(await words.getByLabel('Участник называется: один (1, 21…)').inputValue()).toBe('житель')
    await words.getByLabel('Участник называется: один (1, 21…)').fill('человек')
    await words.getByLabel('участника: 2, 3, 4…').fill('человека')
    await words.getByLabel('участников: 5, 11, 1125…').fill('человек')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await page.getByRole('button', { name: 'Сохранить настройки', exact: true }).click()
    await expect.poll(() => page.getByText('Настройки сохранены').isVisible()).toBe(true)
    expect(await words.getByLabel('Род этого слова').inputValue()).toBe('masculine')

    await page.goto(`${base}/fields`)
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Добавить поле' }) })
    await add.getByLabel('Как поле называется в заявке').fill('Птиц поселилось')
    await add.getByLabel('Тип ответа').selectOption('number')
    await add.getByLabel('Суммировать в статистике конкурса').check()
    await add.getByLabel('после 1', { exact: true }).fill('птица')
    await add.getByLabel('после 2', { exact: true }).fill('птицы')
    await add.getByLabel('после 5', { exact: true }).fill('птиц')
    await add.getByLabel('причастие после 1, 21…').fill('поселена')
    await add.getByLabel('после других чисел').fill('поселено')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await add.getByRole('button', { name: 'Добавить поле' }).click()
    await expect.poll(() => page.getByText('Поле добавлено в заявку').isVisible()).toBe(true)
    expect(await page.getByText('В статистике: поселена 1 птица, поселено 2 птицы, поселено 5 птиц').count()).toBe(1)

    await page.goto(`${base}/statistics`)
    expect(await page.locator('.report-text').innerText()).toContain('В конкурсе приняли участие 5 человек, которые изготовили 5 скворечников.')
    await ctx.context.close()
  })
})
