import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toCityInputValue } from '../../app/utils/format'
import { invitationPath, startMailbox } from '../factories-organiser'
import { DEMO, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, logInAs, phoneContext } from './browser'

let mailbox: Awaited<ReturnType<typeof startMailbox>>
let server: TestServer
let browser: Browser

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

async function checkPage(page: Page) {
  await expectAccessible(page)
  await expectNoHorizontalScroll(page)
}

const logIn = (page: Page, email: string) => logInAs(page, server.url, email)

/** Waits for what the page shows next: a phone-sized page on a shared two-core machine can take a few seconds. */
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 })

const toast = async (page: Page, text: string) => {
  await until(() => page.getByRole('status').filter({ hasText: text }).count()).toBe(1)
  expect(await page.getByRole('status').filter({ hasText: text }).isVisible()).toBe(true)
}

describe('an organiser on a 360 px phone, with JavaScript', () => {
  it('creates «Тепло твоих рук 2027», invites two jurors by e-mail and opens it for entries', async () => {
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)

    await page.getByRole('link', { name: 'Создать конкурс' }).click()
    await page.waitForURL('**/organiser/contests/new')
    await until(() => page.getByRole('heading', { name: 'Новый конкурс' }).isVisible()).toBe(true)
    await checkPage(page)
    await page.getByLabel('Название', { exact: true }).fill('Тепло твоих рук 2027')
    await page.getByLabel('Краткое название').fill('Тепло твоих рук')
    await page.getByLabel('Год').fill('2027')
    await page.getByLabel('Префикс номеров заявок').fill('ТТР')
    await page.getByRole('button', { name: 'Создать' }).click()
    await page.waitForURL(/\/organiser\/contests\/\d+$/)
    const base = page.url()
    await toast(page, 'Конкурс создан')
    expect(await page.getByText('Не добавлено ни одной номинации.').isVisible()).toBe(true)
    await checkPage(page)

    // Entries open today at midnight, Kemerovo time, and close in sixty days.
    const today = toCityInputValue(new Date()).slice(0, 10)
    const lastDay = toCityInputValue(new Date(Date.now() + 60 * 86_400_000)).slice(0, 10)
    await page.getByLabel('Начало приёма').fill(`${today}T00:00`)
    await page.getByLabel('Последний день приёма').fill(lastDay)
    await page.getByLabel('Текст положения').fill('## Условия\n\nСкворечник изготавливается своими руками из натуральных материалов.')
    await page.getByRole('button', { name: 'Сохранить настройки', exact: true }).click()
    await toast(page, 'Настройки сохранены')

    // The cover is made by a photo job, like an entry's photo: «Фото обрабатывается» until a reload shows it.
    const cover = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c84' } }).jpeg().toBuffer()
    await page.getByLabel(/^Фотография \(JPEG, PNG, WebP, HEIC или AVIF/).setInputFiles({ name: 'skvorechnik.jpg', mimeType: 'image/jpeg', buffer: cover })
    await page.getByRole('button', { name: 'Загрузить обложку' }).click()
    await toast(page, 'Обложка загружена и обрабатывается')
    await checkPage(page)
    await until(async () => {
      await page.reload()
      return page.getByRole('img', { name: 'Обложка конкурса' }).count()
    }).toBe(1)
    await checkPage(page)

    await page.getByRole('link', { name: 'Номинации и критерии' }).click()
    await page.waitForURL('**/nominations')
    await until(() => page.getByRole('heading', { name: 'Номинации', exact: true }).isVisible()).toBe(true)
    await page.getByLabel('Названия номинаций, по одной в строке').fill('Весна в шахтерском крае\nЭкодомик\nСпециальный приз жюри')
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    await toast(page, 'Добавлены 3 номинации')
    const special = page.locator('li.org-item', { has: page.getByRole('heading', { name: '«Специальный приз жюри»' }) })
    await special.getByText('Изменить номинацию').click()
    await special.getByLabel('Специальный приз: победителя выбирает жюри, без баллов').check()
    await special.getByRole('button', { name: 'Сохранить номинацию' }).click()
    await toast(page, 'Номинация сохранена')
    await until(() => special.getByText('специальный приз, решением жюри').isVisible()).toBe(true)

    const criteria: [string, string, string][] = [
      ['Оригинальность идеи', '10', '1'],
      ['Качество исполнения', '10', '1,5'],
      ['Экологичность материалов', '5', '1'],
    ]
    for (const [name, max, weight] of criteria) {
      const add = page.locator('details', { has: page.getByText('Добавить общий критерий') })
      // The form is open while the contest has no criteria, folded once it has some.
      if ((await add.getAttribute('open')) === null) await add.getByText('Добавить общий критерий').click()
      await add.getByLabel('Название критерия').fill(name)
      await add.getByLabel('Наибольший балл').fill(max)
      await add.getByLabel('Вес').fill(weight)
      await add.getByRole('button', { name: 'Добавить критерий' }).click()
      await until(() => page.getByText(name, { exact: true }).isVisible()).toBe(true)
    }
    await until(() => page.getByText('от 0 до 10 баллов, вес 1,5').isVisible()).toBe(true)
    await checkPage(page)

    await page.getByRole('link', { name: 'Этапы' }).click()
    await page.waitForURL('**/stages')
    await until(() => page.getByRole('heading', { name: 'Городской этап' }).isVisible()).toBe(true)
    expect(await page.getByLabel('Один городской этап').isChecked()).toBe(true)
    await checkPage(page)

    await page.getByRole('link', { name: 'Жюри' }).click()
    await page.waitForURL('**/jury')
    await until(() => page.getByRole('heading', { name: 'Пригласить в жюри' }).isVisible()).toBe(true)
    await checkPage(page)
    for (const [email, name] of [
      ['lebedeva.e2e@example.ru', 'Лебедева Анна Сергеевна'],
      [DEMO.resident, ''],
    ]) {
      await page.getByLabel('Электронная почта').fill(email)
      await page.getByLabel('ФИО (необязательно)').fill(name)
      await page.getByRole('button', { name: 'Отправить приглашение' }).click()
      await toast(page, `Приглашение отправлено на ${email}`)
    }
    expect(await page.getByRole('cell', { name: /ждёт ответа/ }).count()).toBe(2)
    await checkPage(page)

    // The first juror is new to the site: the link from the e-mail creates the account.
    const first = await mailbox.receive('lebedeva.e2e@example.ru', /Тепло твоих рук 2027/)
    expect(first.subject).toBe('Приглашение в жюри конкурса «Тепло твоих рук 2027»')
    const newcomer = await phoneContext(browser)
    const invited = await newcomer.context.newPage()
    await invited.goto(server.url + invitationPath(first.text))
    await checkPage(invited)
    expect(await invited.getByLabel('Фамилия, имя и отчество').inputValue()).toBe('Лебедева Анна Сергеевна')
    await invited.getByLabel('Пароль').fill('Skvorec2027')
    await invited.getByLabel('Я согласен(на) на обработку персональных данных на этих условиях').check()
    await invited.getByRole('button', { name: 'Создать учётную запись и принять приглашение' }).click()
    await invited.waitForURL('**/cabinet')
    await toast(invited, 'Вы в жюри конкурса «Тепло твоих рук 2027»')
    expect(await invited.getByRole('heading', { name: 'Работа в жюри' }).isVisible()).toBe(true)
    expect(newcomer.problems).toEqual([])
    await newcomer.context.close()

    // The second already has an account: logging in from the invitation brings her back to accept it.
    const second = await mailbox.receive(DEMO.resident, /Тепло твоих рук 2027/)
    const member = await phoneContext(browser)
    const memberPage = await member.context.newPage()
    await memberPage.goto(server.url + invitationPath(second.text))
    await memberPage.getByRole('link', { name: 'Войдите' }).click()
    await memberPage.waitForURL('**/login?redirectTo=*')
    await memberPage.getByLabel('Электронная почта').fill(DEMO.resident)
    await memberPage.getByLabel('Пароль').fill(DEMO.password)
    await memberPage.getByRole('button', { name: 'Войти' }).click()
    await memberPage.waitForURL('**/invitations/**')
    await checkPage(memberPage)
    await memberPage.getByRole('button', { name: 'Принять приглашение' }).click()
    await memberPage.waitForURL('**/cabinet')
    expect(await memberPage.getByRole('heading', { name: 'Работа в жюри' }).isVisible()).toBe(true)
    await member.context.close()

    await page.reload()
    expect(await page.getByRole('cell', { name: /принято/ }).count()).toBe(2)
    const assign = page.locator('details', { has: page.getByText('Назначить члена жюри на этап «Городской этап»') })
    await assign.getByText('Назначить члена жюри на этап «Городской этап»').click()
    await assign.getByLabel('Член жюри').selectOption({ label: 'Лебедева Анна Сергеевна (lebedeva.e2e@example.ru)' })
    await assign.getByRole('button', { name: 'Назначить' }).click()
    await toast(page, 'Назначено: 3 номинации')
    await checkPage(page)

    await page.goto(base)
    await page.getByRole('button', { name: 'Перейти к шагу «Объявлен»' }).click()
    await toast(page, 'Конкурс переведён в состояние «Объявлен»')
    await page.getByRole('button', { name: 'Перейти к шагу «Приём заявок»' }).click()
    await toast(page, 'Конкурс переведён в состояние «Приём заявок»')
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Приём заявок')
    await checkPage(page)

    for (const tab of ['Поля заявки', 'Ход оценки', 'Журнал']) {
      const link = page.getByRole('link', { name: tab, exact: true })
      await link.click()
      // The tab is marked current once the new page has rendered; the old page's heading would pass at once.
      await until(() => link.getAttribute('aria-current')).toBe('page')
      await until(() => page.getByRole('heading', { level: 2 }).first().isVisible()).toBe(true)
      await checkPage(page)
    }
    expect(await page.getByText('Отправлено приглашение в жюри').count()).toBe(2)
    await page.goto(server.url + '/organiser/outbox')
    expect(await page.getByText('отправлено', { exact: true }).count()).toBeGreaterThanOrEqual(2)
    await checkPage(page)

    await page.goto(server.url + '/')
    const card = page.locator('li.card', { has: page.getByRole('link', { name: 'Тепло твоих рук 2027' }) })
    await until(() => card.locator('.badge--ok').textContent()).toBe('Приём заявок')
    expect(await card.getByText(/До окончания приёма заявок (остался|осталось) \d+ (день|дня|дней)/).isVisible()).toBe(true)
    fs.mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/organiser-home-360.png', fullPage: true })

    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})

describe('an organiser without JavaScript', () => {
  it('sets up a contest with plain forms, and sees refusals beside the fields', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    await page.goto(server.url + '/organiser/contests/new')
    await page.getByLabel('Название', { exact: true }).fill('Снежная сказка')
    await page.getByLabel('Краткое название').fill('Снежная сказка')
    await page.getByLabel('Префикс номеров заявок').fill('1')
    await page.getByRole('button', { name: 'Создать' }).click()
    await until(() => page.getByText('Префикс может состоять только из букв').isVisible()).toBe(true)
    expect(await page.getByLabel('Название', { exact: true }).inputValue()).toBe('Снежная сказка')
    await checkPage(page)
    await page.getByLabel('Префикс номеров заявок').fill('СС')
    await page.getByRole('button', { name: 'Создать' }).click()
    await page.waitForURL(/\/organiser\/contests\/\d+$/)

    await page.getByRole('link', { name: 'Номинации и критерии' }).click()
    await page.getByLabel('Названия номинаций, по одной в строке').fill('Пришла зима – отвори ворота!')
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    await until(() => page.getByRole('heading', { name: '«Пришла зима – отвори ворота!»' }).isVisible()).toBe(true)
    const add = page.locator('details', { has: page.getByText('Добавить общий критерий') })
    await add.getByLabel('Название критерия').fill('Масштаб')
    await add.getByLabel('Наибольший балл').fill('0')
    await add.getByLabel('Вес').fill('0')
    await add.getByRole('button', { name: 'Добавить критерий' }).click()
    await until(() => page.getByText('Наибольший балл должен быть больше нуля').isVisible()).toBe(true)
    expect(await page.getByText('Вес должен быть больше нуля').isVisible()).toBe(true)
    await checkPage(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
