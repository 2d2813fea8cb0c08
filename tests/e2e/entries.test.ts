/**
 * A resident on a 360 px phone submits an entry with three real photos, with JavaScript (previews,
 * progress bar, reordering) and without it (the plain multipart form), and finds it in «Мои заявки»;
 * the organiser moderates it and the public sees it in the gallery. Every page passes axe. Photos are
 * processed by a worker of their own (PHOTO_WORKER=off on the server), started only after both
 * entries are sent: until then the entry shows «Фото обрабатывается» in each photo's place.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures } from '../fixtures/generate'
import { fixturePath, fixturesAvailable } from '../setup/fixtures'
import { photoJobsDone } from '../factories-entries'
import { startPhotoWorker, startServer, type TestServer, type TestWorker } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, phoneContext } from './browser'

const REAL = ['gps/apple_iphone4.jpg', 'orientation/Portrait_6.jpg', 'formats/htc_desire_gps.webp']

let server: TestServer
let worker: TestWorker | undefined
let browser: Browser
let photos: string[]

beforeAll(async () => {
  const generated = await generateFixtures()
  const shared = fixturesAvailable('images') && REAL.every((p) => existsSync(fixturePath('images', p)))
  photos = shared ? REAL.map((p) => fixturePath('images', p)) : [generated.large, generated.orientation[6], generated.exifRotatedWebp]
  if (!shared) console.warn('[e2e] shared photos absent: the generated fixtures stand in for them')
  server = await startServer({ PHOTO_WORKER: 'off' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await worker?.kill('SIGTERM')
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

async function login(page: Page, email: string) {
  await page.goto(server.url + '/login')
  await page.getByLabel('Электронная почта').fill(email)
  await page.getByLabel('Пароль').fill('Konkurs-2027')
  await page.getByRole('button', { name: 'Войти' }).click()
  await page.waitForURL('**/cabinet')
}

async function fillApplication(page: Page, title: string) {
  await page.getByLabel(/Пришла зима – отвори ворота!/).check()
  await page.getByLabel('Название работы *').fill(title)
  await page.getByLabel('Описание').fill('Горка, крепость и двенадцать снеговиков.')
  await page.getByLabel('Возраст, полных лет').fill('33')
  await page.getByLabel('Количество снежных фигур').fill('12')
  await page.getByLabel(/Я согласен\(на\) на обработку персональных данных/).check()
}

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a resident on a 360 px phone, %s', (_name, javaScriptEnabled) => {
  it('submits an entry with three photos and finds it in «Мои заявки»', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    await register(page, `e2e-entry-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`)

    await page.getByRole('link', { name: 'Мои заявки' }).first().click()
    await page.waitForURL('**/my/entries')
    await expect.poll(() => page.getByText('У вас пока нет заявок').isVisible()).toBe(true)
    await expectAccessible(page)
    await page.getByRole('link', { name: /Снежный калейдоскоп/ }).click()
    await page.waitForURL('**/apply')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    const title = javaScriptEnabled ? 'Крепость с предпросмотром' : 'Крепость без скриптов'
    await fillApplication(page, title)
    await page.locator('#photos-input').setInputFiles(photos)

    if (javaScriptEnabled) {
      // Each file is sent as soon as it is chosen: the bar and the previews show while they travel.
      const progress = page.locator('progress#upload-progress')
      await expect.poll(() => progress.isVisible()).toBe(true)
      await expect.poll(() => page.getByText('Загружено фотографий: 3 из 3').isVisible(), { timeout: 90_000 }).toBe(true)
      expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'))
      const previews = page.locator('.photo-list--managed img')
      await expect.poll(() => previews.count()).toBe(3)
      for (let i = 0; i < 3; i++) await expect.poll(() => previews.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
      const names = () => page.locator('.photo-list--managed .photo-item__name').allTextContents()
      const before = await names()
      expect(before).toEqual(photos.map((p) => path.basename(p)))
      await page.getByRole('button', { name: 'Переместить фотографию 1 ниже' }).click()
      expect(await names()).toEqual([before[1], before[0], before[2]])
      await expectAccessible(page)
      await expectNoHorizontalScroll(page)
    }

    await page.getByRole('button', { name: 'Отправить заявку' }).click()
    // The receipt first (tests/e2e/entry-receipt.test.ts), then the entry's page.
    await page.waitForURL(/\/my\/entries\/\d+\/receipt$/, { timeout: 90_000 })
    await expect.poll(() => page.getByText(/Заявка СК-\d{4} сохранена и отправлена на модерацию/).isVisible()).toBe(true)
    const number = (await page.locator('.receipt__number').textContent())!
    await page.getByRole('link', { name: 'Перейти к заявке' }).click()
    await page.waitForURL(/\/my\/entries\/\d+$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Заявка ${number}`)
    // No worker runs yet: words stand in each photo's place.
    await expect.poll(() => page.locator('.photo-placeholder:not(.photo-placeholder--failed)').count()).toBe(3)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByRole('link', { name: 'Мои заявки' }).first().click()
    await page.waitForURL('**/my/entries')
    const card = page.locator('.entry-card', { hasText: title })
    await expect.poll(() => card.isVisible()).toBe(true)
    expect(await card.textContent()).toContain(number)
    expect(await card.textContent()).toContain('На модерации')
    expect(await card.textContent()).toContain('3 фотографии')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})

describe('after submission', () => {
  it('the organiser accepts the entries at once, and the public sees them in the gallery with a lightbox', async () => {
    worker = await startPhotoWorker(server)
    await photoJobsDone(server)
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await login(page, 'organiser@demo.konkurs')
    await page.getByRole('table').getByRole('link', { name: /Снежный калейдоскоп/ }).click()
    await page.getByRole('link', { name: 'Модерация' }).click()
    await page.waitForURL('**/moderation')
    await expect.poll(() => page.getByRole('heading', { name: 'Модерация заявок' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    for (const box of await page.getByLabel(/Отметить заявку СК-/).all()) await box.check()
    // With JavaScript the page counts what is ticked; the reasons to reject by are one tap away.
    await expect.poll(() => page.getByText('Отмечено: 2 заявки').isVisible()).toBe(true)
    await page.getByText('Отклонить отмеченные…').click()
    await expect.poll(() => page.getByLabel('Причина', { exact: true }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await page.getByRole('button', { name: 'Принять отмеченные' }).click()
    await expect.poll(() => page.getByText(/Принято: 2 заявки/).isVisible()).toBe(true)

    const guest = await (await phoneContext(browser)).context.newPage()
    await guest.goto(server.url + '/')
    await guest.getByRole('link', { name: /Снежный калейдоскоп/ }).click()
    await guest.waitForURL('**/contests/**')
    await guest.goto(guest.url() + '/gallery')
    await expect.poll(() => guest.getByText('2 работы').isVisible()).toBe(true)
    await expectAccessible(guest)
    await expectNoHorizontalScroll(guest)
    await guest.getByRole('link', { name: 'Крепость с предпросмотром' }).click()
    await guest.waitForURL(/\/entries\//)
    await expect.poll(() => guest.getByRole('button', { name: 'Поделиться' }).isVisible()).toBe(true)
    await expectAccessible(guest)
    await guest.getByRole('link', { name: 'Открыть фотографию 1 из 3' }).click()
    const lightbox = guest.locator('#photo-1')
    await expect.poll(() => lightbox.isVisible()).toBe(true)
    await guest.keyboard.press('ArrowRight')
    await expect.poll(() => guest.locator('#photo-2').isVisible()).toBe(true)
    await guest.keyboard.press('Escape')
    await expect.poll(() => guest.locator('#photo-2').isVisible()).toBe(false)
    await expectNoHorizontalScroll(guest)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })

  it('the operator’s intake page passes axe at 360 px', async () => {
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await login(page, 'operator@demo.konkurs')
    await page.getByRole('link', { name: 'Внести бумажную заявку' }).click()
    await page.waitForURL('**/operator/entries/new')
    await expectAccessible(page)
    const contest = page.getByLabel('Конкурс', { exact: true })
    await contest.selectOption({ label: (await contest.locator('option').nth(1).textContent())! })
    await page.getByLabel('Электронная почта или телефон жителя').fill('resident@demo.konkurs')
    await page.getByRole('button', { name: 'Найти жителя' }).click()
    await page.getByRole('link', { name: 'Выбрать: Иванова Мария Петровна' }).click()
    await expect.poll(() => page.getByText('Подписанное жителем согласие на обработку персональных данных получено').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
