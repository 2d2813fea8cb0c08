import fs from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMailbox } from '../factories-organiser'
import { Client, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, phoneContext } from './browser'

const CONTESTS = ['Снежный калейдоскоп', '#Вновыйгодвместе', 'Тепло твоих рук', 'Город друзей – город идей', 'Любимому городу – красивый дом и двор', 'Лучший комитет ТОС']

let server: TestServer
let browser: Browser
let mailbox: Awaited<ReturnType<typeof startMailbox>>

beforeAll(async () => {
  mailbox = await startMailbox()
  server = await startServer({ SMTP_URL: mailbox.url })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await mailbox?.stop()
})

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a resident on a 360 px phone, %s', (_name, javaScriptEnabled) => {
  it('registers, confirms the address by the code from the letter, logs out, logs in, sees the six contests and logs out', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    const email = `e2e-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`

    await page.goto(server.url + '/')
    for (const name of CONTESTS) await expect.poll(() => page.getByText(name, { exact: false }).first().isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    if (javaScriptEnabled) {
      fs.mkdirSync('test-results', { recursive: true })
      await page.screenshot({ path: 'test-results/home-360.png', fullPage: true })
    }

    await page.getByRole('link', { name: 'Регистрация' }).click()
    await page.waitForURL('**/register')
    await expectAccessible(page)
    // A refused form first: the message appears beside the field.
    await page.getByLabel('Фамилия, имя и отчество').fill('Тестова Анна Ивановна')
    await page.getByLabel('Электронная почта').fill('not-an-email')
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click()
    await expect.poll(() => page.getByText('Адрес электронной почты указан неверно').isVisible()).toBe(true)
    await expectAccessible(page)

    await page.getByLabel('Электронная почта').fill(email)
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByLabel('Я согласен(на) на обработку персональных данных на этих условиях').check()
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click()
    await page.waitForURL('**/cabinet')
    await expect.poll(() => page.getByRole('heading', { name: 'Личный кабинет' }).isVisible()).toBe(true)
    expect(await page.getByText('Тестова Анна Ивановна').isVisible()).toBe(true)
    expect(await page.getByRole('heading', { name: 'Подтвердите адрес электронной почты' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    // The reminder leads to the code from the letter.
    await page.getByRole('link', { name: 'Ввести код или отправить письмо ещё раз' }).click()
    await page.waitForURL('**/account*')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    const code = /код (\d{6})/.exec((await mailbox.receive(email, /Подтвердите адрес/)).text)![1]
    await page.getByLabel('Код из письма').fill(code)
    await page.getByRole('button', { name: 'Подтвердить адрес' }).click()
    await expect.poll(() => page.getByText(`Адрес ${email} подтверждён.`).isVisible()).toBe(true)
    await page.getByRole('link', { name: 'Кабинет', exact: true }).click()
    await page.waitForURL('**/cabinet')
    expect(await page.getByRole('heading', { name: 'Подтвердите адрес электронной почты' }).count()).toBe(0)

    await page.getByRole('button', { name: 'Выйти' }).click()
    await expect.poll(() => page.getByRole('link', { name: 'Войти' }).isVisible()).toBe(true)

    await page.getByRole('link', { name: 'Войти' }).click()
    await page.waitForURL('**/login')
    await expectAccessible(page)
    await page.getByLabel('Электронная почта').fill(email)
    await page.getByLabel('Пароль').fill('Skvorec2027')
    await page.getByRole('button', { name: 'Войти' }).click()
    await page.waitForURL('**/cabinet')

    await page.getByRole('link', { name: 'Конкурсы', exact: true }).click()
    await page.waitForURL(server.url + '/')
    for (const name of CONTESTS) expect(await page.getByText(name, { exact: false }).first().isVisible()).toBe(true)

    await page.getByRole('link', { name: /Тепло твоих рук/ }).click()
    await page.waitForURL('**/contests/**')
    await expect.poll(() => page.getByRole('heading', { name: 'Номинации' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByRole('button', { name: 'Выйти' }).click()
    await expect.poll(() => page.getByRole('link', { name: 'Регистрация' }).isVisible()).toBe(true)

    await page.goto(server.url + '/no-such-page')
    await expectAccessible(page)

    // The CSP the server sends lets the app run: no violation, no script error.
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a resident who forgot the password, on a 360 px phone, %s', (_name, javaScriptEnabled) => {
  it('asks for a letter, follows its link, sets a new password, is signed in, and finds the account page', async () => {
    const email = `forgot-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`
    const registered = new Client(server.url)
    expect((await registered.post('/register', { fullName: 'Забывчивая Ольга Ивановна', email, password: 'Skvorec2027', consent: 'on' })).status).toBe(302)

    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    // The confirmation link of the registration letter asks for a press before it confirms anything.
    const confirmation = /https?:\/\/[^\s/]+(\/verify-email\/\S+)/.exec((await mailbox.receive(email, /Подтвердите адрес/)).text)![1]
    await page.goto(server.url + confirmation)
    await expect.poll(() => page.getByRole('button', { name: 'Подтвердить адрес' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.goto(server.url + '/login')
    await page.getByRole('link', { name: 'Забыли пароль?' }).click()
    await page.waitForURL('**/forgot-password')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await page.getByLabel('Электронная почта').fill(email)
    await page.getByRole('button', { name: 'Отправить ссылку' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Проверьте почту' }).isVisible()).toBe(true)
    await expectAccessible(page)

    const letter = await mailbox.receive(email, /Восстановление пароля/)
    const link = /https?:\/\/[^\s/]+(\/reset-password\/\S+)/.exec(letter.text)![1]
    await page.goto(server.url + link)
    await expect.poll(() => page.getByRole('heading', { name: 'Новый пароль' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    // Too short first: the message appears beside the field.
    await page.getByRole('textbox', { name: 'Новый пароль' }).fill('short1')
    await page.getByRole('button', { name: 'Сохранить пароль' }).click()
    await expect.poll(() => page.getByText('Пароль должен быть не короче 8 символов').isVisible()).toBe(true)
    await page.getByRole('textbox', { name: 'Новый пароль' }).fill('Novyi-parol-2028')
    await page.getByRole('button', { name: 'Сохранить пароль' }).click()
    await page.waitForURL('**/cabinet')
    await expect.poll(() => page.getByText('Пароль изменён, вы вошли').isVisible()).toBe(true)
    // The letter reached the address: nothing left to confirm.
    expect(await page.getByText('Подтвердите адрес электронной почты').count()).toBe(0)
    expect(await registered.get('/cabinet').then((r) => r.status)).toBe(302)

    await page.getByRole('link', { name: /Учётная запись/ }).click()
    await page.waitForURL('**/account')
    await expect.poll(() => page.getByRole('heading', { name: 'Где выполнен вход' }).isVisible()).toBe(true)
    expect(await page.getByText('это устройство').isVisible()).toBe(true)
    expect(await page.getByText('подтверждён', { exact: true }).isVisible()).toBe(true)
    expect(await page.getByLabel('Код из письма').count()).toBe(0)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByRole('button', { name: 'Выйти на всех устройствах' }).click()
    await page.waitForURL('**/login')
    await page.getByLabel('Электронная почта').fill(email)
    await page.getByLabel('Пароль').fill('Novyi-parol-2028')
    await page.getByRole('button', { name: 'Войти' }).click()
    await page.waitForURL('**/cabinet')

    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})

describe('the administrator', () => {
  it('grants a role from the admin page, which passes axe', async () => {
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await page.goto(server.url + '/login')
    await page.getByLabel('Электронная почта').fill('admin@demo.konkurs')
    await page.getByLabel('Пароль').fill('Konkurs-2027')
    await page.getByRole('button', { name: 'Войти' }).click()
    await page.waitForURL('**/cabinet')
    await page.getByRole('link', { name: 'Учётные записи и роли' }).click()
    await page.waitForURL('**/admin/users')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await page.getByLabel('Поиск по ФИО или почте').fill('resident@demo')
    await page.getByRole('button', { name: 'Найти' }).click()
    await page.waitForURL('**/admin/users?q=*')
    const toggle = page.getByRole('button', { name: /Оператор ЦРН: выдать роль — Иванова Мария Петровна/ })
    await toggle.click()
    await expect.poll(() => page.getByText('Роль «Оператор ЦРН» выдана').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: /Оператор ЦРН: снять роль — Иванова Мария Петровна/ }).getAttribute('aria-pressed')).toBe('true')
    // The site's log, linked from the page, names the grant and passes axe too.
    await page.getByRole('link', { name: 'Журнал действий сайта' }).click()
    await page.waitForURL('**/admin/audit')
    await expect.poll(() => page.getByText('Выдана роль').first().isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
