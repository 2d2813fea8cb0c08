/**
 * Personal data in the browser, at 360 px with and without JavaScript: the policy, accessibility and
 * contacts pages reached from the footer pass axe and do not scroll sideways; a resident deletes the
 * account from the account page (refused first without the confirmation), and is signed out.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, phoneContext } from './browser'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  server = await startServer({ PRIVACY_OPERATOR: 'Администрация города Кемерово', PRIVACY_EMAIL: 'pd@konkurs.example' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('on a 360 px phone, %s', (_name, javaScriptEnabled) => {
  it('opens the policy, accessibility and contacts pages from the footer', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    await page.goto(server.url + '/')
    for (const [link, heading, url] of [
      ['Персональные данные', 'Политика обработки персональных данных', '**/privacy'],
      ['Доступность', 'Заявление о доступности', '**/accessibility'],
      ['Контакты', 'Контакты', '**/contacts'],
    ]) {
      await page.getByRole('contentinfo').getByRole('link', { name: link }).click()
      await page.waitForURL(url)
      await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible()).toBe(true)
      await expectAccessible(page)
      await expectNoHorizontalScroll(page)
    }
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })

  it('deletes the account from the account page, with the password and the confirmation', async () => {
    const email = `delete-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`
    expect((await new Client(server.url).post('/register', { fullName: 'Уходящая Вера Павловна', email, password: 'Skvorec2027', consent: 'on' })).status).toBe(302)
    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    await page.goto(server.url + '/login')
    await page.getByLabel('Электронная почта').fill(email)
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByRole('button', { name: 'Войти' }).click()
    await page.waitForURL('**/cabinet')
    await page.goto(server.url + '/account')
    const section = page.locator('#delete')
    await expect.poll(() => section.getByRole('heading', { name: 'Удалить учётную запись' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await section.getByLabel('Пароль').fill('Skvorec2027')
    await section.getByRole('button', { name: 'Удалить учётную запись' }).click()
    await expect.poll(() => page.getByText('Отметьте, что понимаете: учётную запись нельзя будет восстановить').isVisible()).toBe(true)
    await expectAccessible(page)

    await page.locator('#delete').getByLabel('Я понимаю, что учётная запись будет удалена без возможности восстановления').check()
    await page.locator('#delete').getByLabel('Пароль').fill('Skvorec2027')
    await page.locator('#delete').getByRole('button', { name: 'Удалить учётную запись' }).click()
    await page.waitForURL(server.url + '/')
    await expect.poll(() => page.getByText('Учётная запись удалена, согласие на обработку персональных данных отозвано.').isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('link', { name: 'Войти' }).isVisible()).toBe(true)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
