/**
 * In the browser, on a 360 px phone: the organiser reviews and publishes the birdhouse contest
 * («Тепло твоих рук», seeded as announced and brought to review here), a resident downloads their
 * diploma and the verification address printed on it (the one its QR code holds) confirms it.
 */
import fs from 'node:fs'
import { and, eq, like } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, firstRow, schema } from '../../db/client.server'
import { assignJuror, makeContest, makeEntry, makeUser, score } from '../factories'
import { pdfText, userIdByEmail } from '../integration/results-helpers'
import { DEMO, startServer, type TestServer } from '../setup/server'
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, logInAs, phoneContext } from './browser'

let server: TestServer
let browser: Browser
let db: DB
let contest: typeof schema.contest.$inferSelect
let laggard: number

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  db = openDatabase(server.dbPath)
  contest = (await firstRow(db.select().from(schema.contest).where(like(schema.contest.slug, 'teplo-tvoih-ruk-%'))))!
  await db.update(schema.contest).set({ status: 'review', fullRankingPublic: true }).where(eq(schema.contest.id, contest.id))
  const [spring, eco] = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contest.id)).orderBy(schema.nomination.position)
  const criteria = await db.select().from(schema.criterion).where(eq(schema.criterion.contestId, contest.id))
  const stage = (await firstRow(db.select().from(schema.stage).where(eq(schema.stage.contestId, contest.id))))!
  // In review the jury has finished: its judging is closed.
  await db.update(schema.stage).set({ status: 'closed' }).where(eq(schema.stage.id, stage.id))
  const jurors = [await userIdByEmail(db, DEMO.juror), (await makeUser(db, { fullName: 'Орлова Вера Сергеевна', roles: ['juror'] })).id]
  for (const jurorId of jurors) for (const n of [spring, eco]) await assignJuror(db, { stageId: stage.id, jurorId, nominationId: n.id })
  const residentId = await userIdByEmail(db, DEMO.resident)
  const neighbour = await makeUser(db, { fullName: 'Котова Нина Павловна' })
  const entries = [
    { nomination: spring.id, owner: residentId, title: 'Скворечник «Шахтёрская лампа»', authors: [{ fullName: 'Иванова Мария Петровна', userId: residentId }], marks: [9, 8] },
    { nomination: spring.id, owner: neighbour.id, title: 'Домик с резными наличниками', authors: [{ fullName: 'Котова Нина Павловна', userId: neighbour.id }], marks: [7, 7] },
    { nomination: spring.id, owner: neighbour.id, title: 'Поздний домик', authors: [{ fullName: 'Котов Павел Ильич' }], marks: [5] },
    { nomination: eco.id, owner: neighbour.id, title: 'Экодомик из бересты', authors: [{ fullName: 'Котов Артём Павлович', age: 12 }], marks: [6, 8] },
  ]
  for (const [i, e] of entries.entries()) {
    const row = await makeEntry(db, { contestId: contest.id, ownerId: e.owner, nominationId: e.nomination, title: e.title, authors: e.authors, seq: i + 1 })
    if (i === 2) laggard = row.id
    for (const [j, points] of e.marks.entries()) {
      await score(db, { stageId: stage.id, entryId: row.id, jurorId: jurors[j], points: Object.fromEntries(criteria.map((c) => [c.id, Math.min(points, c.maxPoints)])) })
    }
  }
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await browser?.close()
  await server?.stop()
})

const logIn = (page: Page, email: string) => logInAs(page, server.url, email)

describe('the organiser without JavaScript', () => {
  it('records a place for an entry with too few scores, after a refused attempt without a reason', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false })
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    await page.goto(`${server.url}/organiser/contests/${contest.id}/results`)
    await expect.poll(() => page.getByText('мало оценок').first().isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    const details = page.locator(`#entry-${laggard}`)
    await details.locator('summary').click()
    await details.getByLabel(/Решение по заявке/).selectOption('place')
    await details.getByLabel('Место (для решения «Место»)').selectOption('3')
    await details.getByRole('button', { name: 'Записать решение' }).click()
    await expect.poll(() => page.getByText('Укажите причину решения').isVisible()).toBe(true)
    await expectAccessible(page)

    const again = page.locator(`#entry-${laggard}`)
    await again.getByLabel('Причина решения').fill('Второй член жюри не смог оценить работу: жюри решило очно')
    await again.getByRole('button', { name: 'Записать решение' }).click()
    await expect.poll(() => page.getByText('Решение записано').isVisible()).toBe(true)
    expect((await firstRow(db.select().from(schema.resultDecision).where(eq(schema.resultDecision.entryId, laggard))))?.place).toBe(3)
    await ctx.context.close()
  })
})

describe('publication waits for the jury', () => {
  it('the organiser tries to publish mid-judging, reads why not, closes judging and publishes', async () => {
    // A contest of its own whose every entry has its two scores, while its stage is still being judged.
    const mid = await makeContest(db, { status: 'judging', title: 'Двор без границ 2027', nominations: ['Лучший двор'] })
    const stage = mid.stages[0]
    await db.update(schema.stage).set({ status: 'judging' }).where(eq(schema.stage.id, stage.id))
    const jurors = [(await makeUser(db, { roles: ['juror'] })).id, (await makeUser(db, { roles: ['juror'] })).id]
    const owner = (await makeUser(db)).id
    for (const [i, title] of ['Двор на Весенней', 'Двор на Садовой'].entries()) {
      const entry = await makeEntry(db, { contestId: mid.contest.id, ownerId: owner, nominationId: mid.nominations[0].id, title, seq: i + 1 })
      for (const [j, jurorId] of jurors.entries()) {
        await score(db, { stageId: stage.id, entryId: entry.id, jurorId, points: Object.fromEntries(mid.criteria.map((c) => [c.id, 9 - i - j])) })
      }
    }

    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    await page.goto(`${server.url}/organiser/contests/${mid.contest.id}/results`)
    await expect.poll(() => page.getByText('Итоги пока нельзя опубликовать:').isVisible()).toBe(true)
    await expect.poll(() => page.getByText('Оценка на этапе «Городской этап» ещё не завершена.').isVisible()).toBe(true)
    await expectAccessible(page)
    // Without a reason the server refuses, whatever the browser sends.
    await page.getByLabel('Итоги проверены, решения записаны').check()
    await page.getByRole('button', { name: 'Опубликовать несмотря на это' }).click()
    await expect
      .poll(() =>
        page
          .getByText(/Чтобы опубликовать несмотря на это, укажите причину/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, mid.contest.id))))!.status).toBe('judging')

    await page.goto(`${server.url}/organiser/contests/${mid.contest.id}/stages`)
    await page.getByRole('button', { name: 'Завершить оценку этапа' }).click()
    await expect.poll(() => page.getByText('Оценка завершена').first().isVisible()).toBe(true)

    await page.goto(`${server.url}/organiser/contests/${mid.contest.id}/results`)
    await expect.poll(() => page.getByRole('button', { name: 'Опубликовать итоги' }).isVisible()).toBe(true)
    expect(await page.getByText('Итоги пока нельзя опубликовать:').count()).toBe(0)
    await page.getByLabel('Итоги проверены, решения записаны').check()
    await page.getByRole('button', { name: 'Опубликовать итоги' }).click()
    await expect
      .poll(() =>
        page
          .getByText(/Итоги опубликованы/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, mid.contest.id))))!.status).toBe('published')
    await ctx.context.close()
  })
})

describe('publication and a diploma that verifies', () => {
  it('the organiser publishes the birdhouse contest', async () => {
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.organiser)
    await page.getByRole('link', { name: contest.title }).click()
    await page.getByRole('link', { name: 'Итоги', exact: true }).click()
    await page.waitForURL('**/results')
    await expect.poll(() => page.getByRole('heading', { name: 'Номинация «Весна в шахтерском крае»' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    fs.mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/results-organiser-360.png', fullPage: true })

    // «Поздний домик» has one score of the two needed: the page says so, and publishing needs a reason.
    await expect.poll(() => page.getByText('У заявки ТТР-0003 «Поздний домик» только 1 оценка, а нужно не меньше 2.').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Опубликовать несмотря на это' }).click()
    await expect.poll(() => page.getByText('Подтвердите, что итоги проверены').isVisible()).toBe(true)
    await page.getByLabel('Итоги проверены, решения записаны').check()
    await page.getByLabel('Причина публикации несмотря на это').fill('Второй член жюри не смог оценить «Поздний домик»: жюри решило очно')
    await page.getByRole('button', { name: 'Опубликовать несмотря на это' }).click()
    await expect.poll(() => page.getByText(/Итоги опубликованы: 4 диплома/).isVisible()).toBe(true)
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, contest.id))))!.status).toBe('published')

    await page.goto(`${server.url}/contests/${contest.slug}/results`)
    await expect.poll(() => page.getByText('Скворечник «Шахтёрская лампа»').first().isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.goto(`${server.url}/organiser/contests/${contest.id}/statistics`)
    await expect.poll(() => page.getByText('В конкурсе приняли участие 4 жителя, которые изготовили 4 скворечника.').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.goto(`${server.url}/organiser/contests/${contest.id}/documents`)
    await expect.poll(() => page.getByText('Выдано 4 диплома').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    await page.goto(`${server.url}/statistics`)
    await page.getByRole('link', { name: `${contest.year} год` }).click()
    await expect.poll(() => page.getByRole('heading', { name: `Конкурсы ${contest.year} года в цифрах` }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })

  it('a resident downloads their diploma from the cabinet and its QR address verifies it', async () => {
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await logIn(page, DEMO.resident)
    await page.getByRole('link', { name: 'Мои дипломы' }).click()
    await page.waitForURL('**/my/diplomas')
    await expect.poll(() => page.getByRole('heading', { name: 'Диплом I степени' }).isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать диплом (PDF)' }).click()])
    const text = await pdfText(fs.readFileSync((await download.path())!))
    expect(text).toContain('Иванова Мария Петровна')
    expect(text).toContain('за I место в номинации «Весна в шахтерском крае»')
    const number = /Диплом № (\S+)/.exec(text)![1]
    const stored = (await firstRow(
      db
        .select()
        .from(schema.diploma)
        .where(and(eq(schema.diploma.contestId, contest.id), eq(schema.diploma.recipientName, 'Иванова Мария Петровна'))),
    ))!
    expect(number).toBe(stored.number)
    // The address printed beside the QR code is what the code holds, the prefix ТТР in the Latin letters it
    // looks like; the PDF text may break it across lines.
    const address = `${server.url}/diplomas/${number.replace(/^ТТР/, 'TTP')}`
    expect(text.replace(/ /g, '')).toContain(address)

    await page.goto(address)
    await expect.poll(() => page.getByText('Диплом подлинный').isVisible()).toBe(true)
    expect(await page.getByText('Иванова Мария Петровна').isVisible()).toBe(true)
    expect(await page.getByText('I место').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    // Typed from the paper diploma into the check form.
    await page.goto(`${server.url}/diplomas`)
    await expectAccessible(page)
    await page.getByLabel('Номер диплома').fill(number.toLowerCase())
    await page.getByRole('button', { name: 'Проверить' }).click()
    await expect.poll(() => page.getByText('Диплом подлинный').isVisible()).toBe(true)

    await page.goto(`${server.url}/diplomas/${encodeURIComponent('ТТР-2027-000999-AAAAA')}`)
    await expect.poll(() => page.getByText('Диплома с таким номером нет').isVisible()).toBe(true)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
