/**
 * Issue #15, item 1, on the throttled phone (slow 3G, CPU ×4): nothing chosen is dropped. With
 * JavaScript, a photo chosen before the page's scripts have started (they are held back until the
 * file is set) is taken over by the picker when they start, sent, and saved with the entry. Without
 * JavaScript, «Добавить автора» brings the form back with the photos already chosen, listed and
 * carried by the form, and the entry is saved with them. Both forms pass axe.
 */
import { eq } from 'drizzle-orm'
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schema } from '../../db/client.server'
import { closeServerDb, serverDb } from '../factories-entries'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { Client, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, phoneContext, throttleAsSlowPhone } from './browser'

let server: TestServer
let browser: Browser
let fixtures: GeneratedFixtures

beforeAll(async () => {
  ;[fixtures, server, browser] = await Promise.all([generateFixtures(), startServer({ PHOTO_WORKER: 'off' }), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  if (server) await closeServerDb(server)
  await server?.stop()
})

/** A resident registered over HTTP (the throttled link is for the form, not for the sign-up), signed in in the browser's context. */
async function signedIn(context: BrowserContext, email: string) {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: 'Снегирёва Полина Игоревна', email, password: 'Skvorec2027', consent: 'on' })
  expect(res.status).toBe(302)
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })))
}

async function applyUrl() {
  const [contest] = await serverDb(server).select({ slug: schema.contest.slug }).from(schema.contest).where(eq(schema.contest.shortName, 'Снежный калейдоскоп'))
  return `${server.url}/contests/${contest.slug}/apply`
}

async function fillTheRest(page: Page) {
  await page.getByLabel(/Пришла зима – отвори ворота!/).check()
  await page.getByLabel('Возраст, полных лет').first().fill('33')
  await page.getByLabel('Количество снежных фигур').fill('12')
  await page.getByLabel(/Я согласен\(на\) на обработку персональных данных/).check()
}

/** The photos' names of the entry the receipt page is about, in order. */
async function photosOfReceipt(page: Page) {
  await page.waitForURL(/\/my\/entries\/\d+\/receipt$/, { timeout: 90_000 })
  const entryId = Number(/\/my\/entries\/(\d+)\/receipt$/.exec(page.url())![1])
  const rows = await serverDb(server).select().from(schema.photo).where(eq(schema.photo.entryId, entryId)).orderBy(schema.photo.position)
  return rows.map((r) => r.originalName)
}

describe('nothing chosen is dropped, on a throttled phone', () => {
  it('with JavaScript: a photo chosen before the scripts start is taken over when they do, and sent with the entry', async () => {
    const ctx = await phoneContext(browser)
    await signedIn(ctx.context, 'kept-before-hydration@example.ru')
    const page = await ctx.context.newPage()
    await throttleAsSlowPhone(page)
    // The page's scripts are held back until the photo is chosen: the slow phone's 7 s before its 15 s.
    const held: Route[] = []
    let released = false
    await page.route('**/assets/**/*.js', (route) => (released ? route.continue() : held.push(route)))
    await page.goto(await applyUrl(), { waitUntil: 'commit' })
    await page.locator('#photos-input').setInputFiles(fixtures.orientation[2])
    await page.getByLabel('Название работы *').fill('Горка, выбранная до скриптов')
    expect(held.length, 'the scripts were asked for and held').toBeGreaterThan(0)
    expect(await page.locator('input[name="photosManaged"]').count(), 'not started yet').toBe(0)

    released = true
    await Promise.all(held.splice(0).map((route) => route.continue()))
    // Started: the picker lists the photo chosen before, and sends it.
    const list = page.getByRole('list', { name: 'Выбранные фотографии' })
    await expect.poll(() => list.getByText('orientation_2.jpg').isVisible(), { timeout: 90_000 }).toBe(true)
    await expect.poll(() => page.getByText('Загружено фотографий: 1 из 1').isVisible(), { timeout: 90_000 }).toBe(true)
    expect(await page.getByLabel('Название работы *').inputValue()).toBe('Горка, выбранная до скриптов')
    await fillTheRest(page)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByRole('button', { name: 'Отправить заявку' }).click()
    expect(await photosOfReceipt(page)).toEqual(['orientation_2.jpg'])
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })

  it('without JavaScript: «Добавить автора» keeps the photos chosen, and the entry is saved with them', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    await signedIn(ctx.context, 'kept-add-author@example.ru')
    const page = await ctx.context.newPage()
    await throttleAsSlowPhone(page)
    await page.goto(await applyUrl())
    await page.getByLabel('Название работы *').fill('Крепость двух авторов')
    await fillTheRest(page)
    await page.locator('#photos-input').setInputFiles([fixtures.orientation[3], fixtures.orientation[4]])
    await page.getByRole('button', { name: 'Добавить автора' }).click()

    // The same form, one author row more, with both photos listed and carried (nothing to choose again).
    await page.getByText('Автор 2').waitFor({ timeout: 60_000 })
    const photos = page.locator('.photos')
    expect(await photos.locator('.photo-item__name').allTextContents()).toEqual(['orientation_3.jpg', 'orientation_4.jpg'])
    expect(await photos.locator('input[type="hidden"][name="pendingPhoto"]').count()).toBe(2)
    expect(await photos.getByLabel('Удалить эту фотографию').count()).toBe(2)
    expect(await photos.locator('.field__error').count()).toBe(0)
    expect(await page.getByLabel('Название работы *').inputValue()).toBe('Крепость двух авторов')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByLabel('Фамилия, имя и отчество').nth(1).fill('Снегирёв Павел Игоревич')
    await page.getByLabel('Возраст, полных лет').nth(1).fill('35')
    await page.getByRole('button', { name: 'Отправить заявку' }).click()
    expect(await photosOfReceipt(page)).toEqual(['orientation_3.jpg', 'orientation_4.jpg'])
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
