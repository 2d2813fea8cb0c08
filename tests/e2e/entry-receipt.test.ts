/**
 * Issue #15, items 2 and 3, on a 360 px phone with and without JavaScript: a form sent with no title
 * and no photo comes back once with both in the error summary at its top (focused, linking to the
 * fields); sent again with them, it lands on the receipt with the entry's number and what happens
 * next, printable (the print view without JavaScript). A repeated photo is told as a warning in the
 * warning style. Every page passes axe, contrast included.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, phoneContext } from './browser'

let server: TestServer
let browser: Browser
let fixtures: GeneratedFixtures

beforeAll(async () => {
  fixtures = await generateFixtures()
  server = await startServer({ PHOTO_WORKER: 'off' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function register(page: Page, email: string) {
  await page.goto(server.url + '/register')
  await page.getByLabel('Фамилия, имя и отчество').fill('Снегирёва Полина Игоревна')
  await page.getByLabel('Электронная почта').fill(email)
  await page.getByLabel('Пароль').fill('Skvorec2027')
  await page.getByLabel('Я согласен(на) на обработку персональных данных на этих условиях').check()
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click()
  await page.waitForURL('**/cabinet')
}

async function openApplication(page: Page) {
  await page.goto(server.url + '/my/entries')
  await page.getByRole('link', { name: /Снежный калейдоскоп/ }).click()
  await page.waitForURL('**/apply')
}

/** Everything but the title and the photos. */
async function fillAllButTitle(page: Page) {
  await page.getByLabel(/Пришла зима – отвори ворота!/).check()
  await page.getByLabel('Описание').fill('Горка, крепость и двенадцать снеговиков.')
  await page.getByLabel('Возраст, полных лет').fill('33')
  await page.getByLabel('Количество снежных фигур').fill('12')
  await page.getByLabel(/Я согласен\(на\) на обработку персональных данных/).check()
}

const summary = (page: Page) => page.locator('.error-summary')

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a resident on a 360 px phone, %s', (_name, javaScriptEnabled) => {
  it('gets every problem in one round, the missing photo included, then the receipt with the number', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    await register(page, `e2e-receipt-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`)
    await openApplication(page)
    await fillAllButTitle(page)
    await page.getByRole('button', { name: 'Отправить заявку' }).click()

    // One round: the title and the photo together, in the summary at the top, which has the focus.
    await expect.poll(() => summary(page).isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await summary(page).getByRole('heading', { name: 'Исправьте ошибки' }).isVisible()).toBe(true)
    const titleLink = summary(page).getByRole('link', { name: 'Укажите название работы' })
    const photoLink = summary(page).getByRole('link', { name: 'Приложите хотя бы одну фотографию.' })
    expect(await titleLink.getAttribute('href')).toBe('#entry-form-title')
    expect(await photoLink.getAttribute('href')).toBe('#photos-input')
    // Each link leads to a control on the page.
    for (const link of [titleLink, photoLink]) expect(await page.locator((await link.getAttribute('href'))!).count()).toBe(1)
    if (javaScriptEnabled) await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true)
    else expect(await summary(page).getAttribute('autofocus')).not.toBeNull()
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByLabel('Название работы *').fill(javaScriptEnabled ? 'Горка с предпросмотром' : 'Горка без скриптов')
    await page.locator('#photos-input').setInputFiles(fixtures.orientation[javaScriptEnabled ? 1 : 2])
    if (javaScriptEnabled) await expect.poll(() => page.getByText('Загружено фотографий: 1 из 1').isVisible(), { timeout: 60_000 }).toBe(true)
    await page.getByRole('button', { name: 'Отправить заявку' }).click()

    await page.waitForURL(/\/my\/entries\/\d+\/receipt$/, { timeout: 60_000 })
    const number = (await page.locator('.receipt__number').textContent())!
    expect(number).toMatch(/^СК-\d{4}$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Заявка ${number} отправлена`)
    expect(await page.getByRole('heading', { name: 'Что дальше' }).isVisible()).toBe(true)
    expect(await page.getByText('Заявку проверит модератор').isVisible()).toBe(true)
    expect(await page.locator('.toast--success').textContent()).toBe(`Заявка ${number} сохранена и отправлена на модерацию.`)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    if (!javaScriptEnabled) {
      // The print view: the receipt alone, the site's header hidden.
      await page.getByRole('link', { name: 'Распечатать' }).click()
      await page.waitForURL(/\/receipt\?print$/)
      expect(await page.locator('.receipt__number').textContent()).toBe(number)
      expect(await page.locator('.site-header').isVisible()).toBe(false)
      await expectAccessible(page)
    }
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})

describe('a repeated photo', () => {
  it('is told as a warning, in the warning style, after the success', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    const page = await ctx.context.newPage()
    await register(page, 'e2e-receipt-repeat@example.ru')
    await openApplication(page)
    await fillAllButTitle(page)
    await page.getByLabel('Название работы *').fill('Та же горка')
    // The photo of the run without JavaScript above, sent again by someone else.
    await page.locator('#photos-input').setInputFiles(fixtures.orientation[2])
    await page.getByRole('button', { name: 'Отправить заявку' }).click()
    await page.waitForURL(/\/my\/entries\/\d+\/receipt$/, { timeout: 60_000 })
    const warning = page.locator('.toast--warning')
    expect(await warning.textContent()).toBe('Внимание: такая же фотография уже есть в другой заявке этого конкурса.')
    expect(await page.locator('.toast--success').isVisible()).toBe(true)
    const [colour, background] = await warning.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor])
    const [okColour] = await page.locator('.toast--success').evaluate((el) => [getComputedStyle(el).color])
    expect(colour).not.toBe(okColour)
    expect(background).not.toBe('rgba(0, 0, 0, 0)')
    await expectAccessible(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
