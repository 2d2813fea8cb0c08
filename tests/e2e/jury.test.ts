import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, schema } from '../../db/client.server'
import { DEMO_PASSWORD } from '../../db/seed'
import { judgingContest, makeJuror } from '../factories-jury'
import { startServer, type TestServer } from '../setup/server'
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
  if (db) await closeDatabase(db)
  await browser?.close()
  await server?.stop()
})

const logIn = (page: Page, email: string) => logInAs(page, server.url, email, '/jury')

/** Presses Tab until the focused element has the text; fails after 40 presses. */
async function tabTo(page: Page, text: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab')
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')) === text) return
  }
  throw new Error(`Tab never reached «${text}»`)
}

/** Presses Tab until a criterion's mark has the focus; fails after 60 presses. */
async function tabToMark(page: Page) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab')
    if (/^c\d+$/.test(await focusedName(page))) return
  }
  throw new Error('Tab never reached a mark')
}

const entryNumberText = (page: Page) => page.locator('.jury-entry__number').textContent()
const progressText = (page: Page) => page.locator('.jury-entry__progress .jury-progress__text').first().textContent()
const focusedName = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '')

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a juror on a 360 px phone, %s', (label, javaScriptEnabled) => {
  it('scores five entries with the keyboard only and sees the progress change; the pages pass axe', async () => {
    const scene = await judgingContest(db, { perNomination: 3, prefix: javaScriptEnabled ? 'ЭК' : 'БС', uploadsDir: path.join(server.dir, 'uploads') })
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id, scene.special.id] })
    const ctx = await phoneContext(browser, { javaScriptEnabled })
    const page = await ctx.context.newPage()
    await logIn(page, juror.email!)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await expect.poll(() => page.getByText('Оценено 0 из 6').isVisible()).toBe(true)

    // From the cabinet to the first entry of the juror's own queue, by keyboard.
    await tabTo(page, 'Начать оценку')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/entries/*')

    const seen: string[] = []
    for (let n = 1; n <= 5; n++) {
      await expect.poll(() => progressText(page)).toBe(`Оценено ${n - 1} из 6`)
      if (n === 1) {
        await expectAccessible(page)
        await expectNoHorizontalScroll(page)
        if (javaScriptEnabled) {
          fs.mkdirSync('test-results', { recursive: true })
          await page.screenshot({ path: 'test-results/jury-scoring-360.png', fullPage: true })
        }
      }
      seen.push(page.url())
      // The page opens on the photo, not scrolled past it to the form.
      expect(await page.evaluate(() => window.scrollY)).toBe(0)
      if (javaScriptEnabled) {
        // The first criterion has the focus on arrival: digits, Tab, digits … Enter.
        await expect.poll(() => focusedName(page)).toMatch(/^c\d+$/)
      } else {
        // Without JavaScript nothing takes the focus (autofocus would scroll): Tab leads to the first mark.
        await tabToMark(page)
      }
      const inputs = await page.locator('input.score-input').count()
      for (let i = 0; i < inputs; i++) {
        if (i > 0) await page.keyboard.press('Tab')
        if (n === 1 && i === 0 && javaScriptEnabled) {
          // A digit replaces the value and a second one extends it while it fits: 9, 1, 0 is ten on a ten-point criterion.
          const max = Number(await page.locator('input.score-input').first().getAttribute('max'))
          for (const key of ['9', '1', '0']) await page.keyboard.press(key)
          expect(await page.locator('input.score-input').first().inputValue()).toBe(max >= 10 ? '10' : '0')
        } else {
          await page.keyboard.press(String((n + i) % 5))
        }
      }
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => url.toString() !== seen.at(-1))
    }
    await expect.poll(() => progressText(page)).toBe('Оценено 5 из 6')
    expect(new Set(seen).size).toBe(5)

    const evaluations = await db.select().from(schema.evaluation).where(and(eq(schema.evaluation.jurorId, juror.id), eq(schema.evaluation.stageId, scene.stage.id)))
    expect(evaluations.map((e) => `${server.url}/jury/stages/${scene.stage.id}/entries/${e.entryId}`).sort()).toEqual([...seen].sort())

    if (javaScriptEnabled) {
      // Arrows move between entries; with unsaved marks they refuse and say why.
      // The page, not only the address, must have changed before the next key: React renders a navigation after the URL moves.
      const here = page.url()
      const hereNumber = await entryNumberText(page)
      await page.keyboard.press('ArrowLeft')
      await expect.poll(() => entryNumberText(page)).not.toBe(hereNumber)
      expect(page.url()).not.toBe(here)
      await expect.poll(() => focusedName(page)).toMatch(/^c\d+$/)
      await page.keyboard.press('ArrowRight')
      await expect.poll(() => entryNumberText(page)).toBe(hereNumber)
      expect(page.url()).toBe(here)
      await expect.poll(() => focusedName(page)).toMatch(/^c\d+$/)
      await page.keyboard.press('3')
      await page.keyboard.press('ArrowLeft')
      await expect.poll(() => page.getByText('Оценка не сохранена').isVisible()).toBe(true)
      expect(page.url()).toBe(here)
    }

    // The queue: its filter of entries still to score shows the one left.
    await page.goto(`${server.url}/jury/stages/${scene.stage.id}?filter=unscored`)
    expect(await page.locator('.jury-queue__item').count()).toBe(1)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    // The special prize: a proposal from the list of candidates.
    await page.getByRole('link', { name: /предложить кандидатов/ }).click()
    await page.waitForURL('**/special/*')
    await page.getByRole('button', { name: `Предложить ${scene.entries[0].number}` }).click()
    await expect.poll(() => page.getByText('Заявка предложена на специальный приз').isVisible()).toBe(true)
    expect(await page.getByText('Вы предложили: 1').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)

    expect(ctx.problems, label).toEqual([])
    await ctx.context.close()
  })
})

describe('the organiser’s jury pages', () => {
  it('pass axe at 360 px', async () => {
    const scene = await judgingContest(db, { perNomination: 1, prefix: 'ОА' })
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.special.id] })
    await db.insert(schema.specialPrizeProposal).values({ nominationId: scene.special.id, entryId: scene.entries[0].id, jurorId: juror.id, note: 'Достойна' })
    const ctx = await phoneContext(browser)
    const page = await ctx.context.newPage()
    await page.goto(`${server.url}/login`)
    await page.getByLabel('Электронная почта').fill('organiser@demo.konkurs')
    await page.getByLabel('Пароль').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Войти' }).click()
    await page.waitForURL('**/cabinet')
    for (const path of ['special', 'extra-jurors']) {
      await page.goto(`${server.url}/organiser/contests/${scene.contest.id}/${path}`)
      await expectAccessible(page)
      await expectNoHorizontalScroll(page)
    }
    // A refused form: the message is beside the field, and the page still passes.
    await page.getByLabel('Номер заявки').fill('ОА-0999')
    await page.getByRole('button', { name: 'Назначить' }).click()
    await expect.poll(() => page.getByText('Выберите члена жюри').first().isVisible()).toBe(true)
    await expectAccessible(page)
    expect(ctx.problems).toEqual([])
    await ctx.context.close()
  })
})
