/**
 * The city's directory in the browser on a 360 px phone: the organiser opens it from the cabinet, adds a
 * street committee under a seeded district-level one, is refused a house committee under a district-level
 * one and a file with a bad row; every page state passes axe and does not scroll sideways.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, logInAs, phoneContext } from './browser'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the directory on a phone', () => {
  it('lists, adds, refuses a wrong parent and a bad file, and passes axe', async () => {
    const { context, problems } = await phoneContext(browser)
    const page = await context.newPage()
    await logInAs(page, server.url, DEMO.organiser)
    await page.goto(`${server.url}/cabinet`)
    await page.getByRole('link', { name: 'Справочник города' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Справочник города' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByRole('link', { name: 'Комитеты ТОС' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Комитеты ТОС', level: 1 }).isVisible()).toBe(true)
    expect(await page.getByRole('link', { name: 'Окружной комитет ТОС «Оптимист»' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByLabel('Название', { exact: true }).fill('Уличный комитет ул. Весенняя')
    await page.getByLabel('Уровень', { exact: true }).selectOption('Уличный (старший улицы)')
    await page.getByLabel('Район', { exact: true }).selectOption('Ленинский район')
    await page.getByLabel('Вышестоящий комитет', { exact: true }).fill('Окружной комитет ТОС «Оптимист»')
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    await expect.poll(() => page.getByText('Добавлено: «Уличный комитет ул. Весенняя»').isVisible()).toBe(true)
    expect(await page.getByRole('link', { name: 'Уличный комитет ул. Весенняя' }).isVisible()).toBe(true)

    await page.getByLabel('Название', { exact: true }).fill('Старший дома ул. Весенняя, 1')
    await page.getByLabel('Уровень', { exact: true }).selectOption('Домовый (старший дома)')
    await page.getByLabel('Район', { exact: true }).selectOption('Ленинский район')
    await page.getByLabel('Вышестоящий комитет', { exact: true }).fill('Окружной комитет ТОС «Оптимист»')
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    await expect.poll(() => page.getByText('Домовый комитет входит в уличный, а «Окружной комитет ТОС „Оптимист“» — окружной.').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.getByLabel('Файл CSV или XLSX').setInputFiles({
      name: 'tos.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Название;Уровень;Район;Вышестоящий комитет\nКомитет без района;Окружной;;\n', 'utf8'),
    })
    await page.getByRole('button', { name: 'Загрузить', exact: true }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Файл не загружен' })
    await expect.poll(() => alert.textContent()).toBe('Файл не загружен, ничего не изменено: ошибки в строке 2. Строка 2: не указан район.')
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.goto(`${server.url}/organiser/directory/centres`)
    await page.getByRole('link', { name: 'ЦРН Центрального района' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Операторы ЦРН' }).isVisible()).toBe(true)
    expect(await page.getByText('Соколова Анна Викторовна').first().isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    expect(problems).toEqual([])
  })
})
