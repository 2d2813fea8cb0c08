/**
 * In the browser without JavaScript, on a 360 px phone: the organiser reads the results settings with
 * their defaults on the contest's settings page, is refused a bad value with the message beside the
 * field and what was typed kept, saves every setting, and finds the form read-only once the results
 * are published; on the results page, each age category is ranked under its own heading, and places
 * computed by another method than the contest's own are published only with a written reason.
 */
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, schema, type DB, firstRow } from '../../db/client.server'
import { makeContest } from '../factories'
import { scoredContest } from '../factories-results'
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

describe('the results settings without JavaScript', () => {
  it('shows the defaults, refuses a bad value beside its field, saves, and is read-only once published', async () => {
    const made = await makeContest(db, {
      status: 'judging',
      title: 'Тепло твоих рук — настройки итогов',
      nominations: ['Весна в шахтерском крае', 'Экодомик', 'Специальный приз жюри'],
    })
    await db.update(schema.nomination).set({ isSpecialPrize: true }).where(eq(schema.nomination.id, made.nominations[2].id))
    const [spring, eco] = made.nominations
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    await page.goto(`${server.url}/organiser/contests/${made.contest.id}`)

    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Подведение итогов' }) })
    await expect.poll(() => section.isVisible()).toBe(true)
    expect(await section.getByLabel(/^Среднее взвешенных сумм .*\(по умолчанию\)$/).isChecked()).toBe(true)
    expect(await section.getByLabel(/^Равные баллы делят место .*\(по умолчанию\)$/).isChecked()).toBe(true)
    expect(await section.getByLabel('Призовых мест в номинации').inputValue()).toBe('3')
    expect(await section.getByLabel('Оценок на заявку не меньше (K)').inputValue()).toBe('2')
    expect(await section.getByText('По умолчанию — 3.').count()).toBe(1)
    // A special prize is decided by the jury: it has no number of winners to set.
    expect(await section.getByLabel('Номинация «Специальный приз жюри»').count()).toBe(0)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await section.getByLabel('Медиана взвешенных сумм').check()
    await section.getByLabel('При равных баллах выше заявка, поданная раньше').check()
    await section.getByLabel('Призовых мест в номинации').fill('5')
    await section.getByLabel('Лауреатов в номинации').fill('2')
    await section.getByLabel('Оценок на заявку не меньше (K)').fill('3')
    await section.getByLabel('Порог расхождения оценок').fill('много')
    await section.getByLabel('Номинация «Весна в шахтерском крае»').fill('48')
    await section.getByRole('button', { name: 'Сохранить настройки подведения итогов' }).click()

    const again = page.locator('section', { has: page.getByRole('heading', { name: 'Подведение итогов' }) })
    await expect.poll(() => again.getByText('Порог — число, например 10 или 7,5').isVisible()).toBe(true)
    expect(await again.getByLabel('Призовых мест в номинации').inputValue()).toBe('5')
    expect(await again.getByLabel('Номинация «Весна в шахтерском крае»').inputValue()).toBe('48')
    expect(await again.getByLabel('Медиана взвешенных сумм').isChecked()).toBe(true)
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, made.contest.id))))!.placesPerNomination).toBe(3)
    await expectAccessible(page)

    await again.getByLabel('Порог расхождения оценок').fill('7,5')
    await again.getByRole('button', { name: 'Сохранить настройки подведения итогов' }).click()
    await expect.poll(() => page.getByText('Настройки подведения итогов сохранены').isVisible()).toBe(true)
    expect(await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, made.contest.id)))).toMatchObject({
      resultMethod: 'median',
      tieRule: 'earlier_first',
      placesPerNomination: 5,
      laureatesPerNomination: 2,
      minScoresPerEntry: 3,
      disagreementThreshold: 7.5,
    })
    const counts = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, made.contest.id))
    expect(counts.find((n) => n.id === spring.id)?.winnersCount).toBe(48)
    expect(counts.find((n) => n.id === eco.id)?.winnersCount).toBeNull()
    expect(await page.getByLabel('Номинация «Весна в шахтерском крае»').inputValue()).toBe('48')

    await db.update(schema.contest).set({ status: 'published' }).where(eq(schema.contest.id, made.contest.id))
    await page.reload()
    await expect.poll(() => page.getByText('Итоги конкурса опубликованы, и места в них рассчитаны по нынешним настройкам').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Сохранить настройки подведения итогов' }).count()).toBe(0)
    expect(await page.getByLabel('Призовых мест в номинации').isDisabled()).toBe(true)
    await expectAccessible(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})

describe('the results page without JavaScript', () => {
  it('ranks the age categories apart and asks a reason for another method before publishing', async () => {
    const scene = await scoredContest(db, {
      nominations: ['Экодомик'],
      settings: {
        title: 'Скворечники по возрастам',
        placesPerNomination: 1,
        ageCategories: [
          { name: 'Дети до 14 лет', minAge: 0, maxAge: 13 },
          { name: 'Взрослые', minAge: 18, maxAge: null },
        ],
      },
      entries: [
        { nomination: 0, totals: [90, 80, 70], title: 'Терем', authors: [{ fullName: 'Старший Иван', age: 45 }] },
        { nomination: 0, totals: [60, 60, 60], title: 'Домик из коробки', authors: [{ fullName: 'Юный Пётр', age: 10 }] },
        { nomination: 0, totals: [50, 55, 50], title: 'Скворечник-ракета', authors: [{ fullName: 'Смелая Аня', age: 12 }] },
      ],
    })
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    await page.goto(`${server.url}/organiser/contests/${scene.contest.id}/results?method=median`)
    await expect.poll(() => page.getByRole('heading', { name: 'Номинация «Экодомик», возрастная категория «Дети до 14 лет»' }).isVisible()).toBe(true)
    expect(await page.getByRole('heading', { name: 'Номинация «Экодомик», возрастная категория «Взрослые»' }).isVisible()).toBe(true)
    expect(await page.getByText('места рассчитаны не тем способом, что указан в положении о конкурсе').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByLabel('Итоги проверены, решения записаны').check()
    await page.getByRole('button', { name: 'Опубликовать итоги' }).click()
    await expect.poll(() => page.getByText('Чтобы опубликовать итоги, рассчитанные не по положению, укажите причину').isVisible()).toBe(true)
    expect(await db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, scene.contest.id))).toHaveLength(0)
    await expectAccessible(page)

    await page.getByLabel('Итоги проверены, решения записаны').check()
    await page.getByLabel('Почему места считаются не тем способом, что указан в положении').fill('Один член жюри оценивал заметно строже остальных')
    await page.getByRole('button', { name: 'Опубликовать итоги' }).click()
    await expect.poll(() => page.getByText(/^Итоги опубликованы:/).isVisible()).toBe(true)
    const [publication] = await db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, scene.contest.id))
    expect(publication.method).toBe('median')

    await page.goto(`${server.url}/contests/${scene.contest.slug}/results`)
    await expect.poll(() => page.getByRole('heading', { name: 'Возрастная категория «Дети до 14 лет»' }).isVisible()).toBe(true)
    expect(await page.getByRole('heading', { name: 'Возрастная категория «Взрослые»' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
