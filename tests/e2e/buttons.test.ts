/**
 * Every button variant is readable on the pages that show it: axe's colour-contrast rule on the
 * buttons (violations, and needs-review items decided by measuring the rendered pixels), and the
 * computed text and background colours at a WCAG ratio of at least 4.5:1, at rest and under the pointer.
 * The danger buttons that were red on red («Отозвать заявку», «Отклонить», «Удалить», «Отозвать»
 * an invitation) are checked on their real pages.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeContest, makeEntry } from '../factories'
import { closeServerDb, serverDb } from '../factories-entries'
import { makeLoginUser } from '../factories-jury'
import { DEMO, startServer, type TestServer } from '../setup/server'
import { contrastProblems, contrastRatio, launchBrowser, logInAs, over, parseColour, phoneContext, requiredRatio, type RGBA } from './browser'
import { firstRow, schema } from '../../db/client.server'

let server: TestServer
let browser: Browser
let scene: Awaited<ReturnType<typeof makeContest>>
let resident: Awaited<ReturnType<typeof makeLoginUser>>
let entryId: number

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const db = serverDb(server)
  scene = await makeContest(db, { stages: ['district', 'city'], numberPrefix: 'КН' })
  const contestId = scene.contest.id
  await db.insert(schema.formField).values({ contestId, key: 'flowerbeds', label: 'Количество клумб', kind: 'number' })
  const organiser = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, DEMO.organiser))))!
  await db.insert(schema.juryInvitation)
    .values({ contestId, email: 'invited@example.ru', fullName: 'Приглашённая Анна', tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 7 * 86_400_000), invitedById: organiser.id })
  resident = await makeLoginUser(db)
  entryId = (await makeEntry(db, { contestId, ownerId: resident.id, nominationId: scene.nominations[0].id, status: 'submitted', title: 'Скворечник-терем' })).id
  await makeEntry(db, { contestId, ownerId: organiser.id, nominationId: scene.nominations[1].id, status: 'submitted', title: 'Снежная горка' })
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await browser?.close()
  await server?.stop()
})

const BUTTONS = ['.button', '.link-button', '.chip']

type Colours = { text: string; className: string; disabled: boolean; fg: RGBA; bg: RGBA; fontSize: number; fontWeight: number }

/** The text colour of each visible button and the colour behind it: its own background laid over its ancestors'. */
async function buttonColours(page: Page): Promise<Colours[]> {
  const raw = await page.evaluate((selector) => {
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const layers: string[] = []
        for (let n: HTMLElement | null = el; n; n = n.parentElement) layers.push(getComputedStyle(n).backgroundColor)
        const s = getComputedStyle(el)
        return {
          text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
          className: el.className,
          disabled: (el as HTMLButtonElement).disabled === true,
          color: s.color,
          opacity: Number(s.opacity),
          layers,
          fontSize: parseFloat(s.fontSize),
          fontWeight: Number(s.fontWeight) || 400,
        }
      })
  }, BUTTONS.join(', '))
  return raw.map((b) => {
    // The page's own background is white (canvas) under the body's --bg.
    const bg = b.layers.reverse().reduce<RGBA>((under, layer) => over(parseColour(layer), under), [255, 255, 255, 1])
    const colour = parseColour(b.color)
    const fg = over([colour[0], colour[1], colour[2], colour[3] * b.opacity], bg)
    return { text: b.text, className: b.className, disabled: b.disabled, fg, bg, fontSize: b.fontSize, fontWeight: b.fontWeight }
  })
}

const unreadable = (colours: Colours[]) =>
  colours
    .map((c) => ({ ...c, ratio: Number(contrastRatio(c.fg, c.bg).toFixed(2)) }))
    .filter((c) => c.ratio < requiredRatio(c.fontSize, c.fontWeight))
    .map((c) => `«${c.text}» (${c.className}${c.disabled ? ', disabled' : ''}): ${c.ratio}:1, text rgb(${c.fg.slice(0, 3)}) on rgb(${c.bg.slice(0, 3)})`)

/**
 * Checks the buttons of the page at rest and each of the named ones under the pointer, and that the
 * named ones were there to check: a page that stopped showing them must not pass by checking nothing.
 */
async function expectReadableButtons(page: Page, named: (string | RegExp)[] = []) {
  const atRest = await buttonColours(page)
  for (const name of named) expect(atRest.some((c) => (typeof name === 'string' ? c.text === name : name.test(c.text))), `${page.url()}: no button «${name}»`).toBe(true)
  expect(unreadable(atRest), page.url()).toEqual([])
  expect(await contrastProblems(page, BUTTONS), page.url()).toEqual([])
  for (const name of named) {
    const button = page.locator(BUTTONS.join(', ')).filter({ hasText: name }).first()
    await button.scrollIntoViewIfNeeded()
    await button.hover()
    const hovered = (await buttonColours(page)).filter((c) => (typeof name === 'string' ? c.text === name : name.test(c.text)))
    expect(unreadable(hovered), `${page.url()}, pointer over «${name}»`).toEqual([])
    await page.mouse.move(0, 0)
  }
  return atRest
}

const logIn = (page: Page, email: string) => logInAs(page, server.url, email)

describe('button variants at 360 px', () => {
  it('renders every variant of the shared kit readable, disabled ones included', async () => {
    const { context } = await phoneContext(browser)
    const page = await context.newPage()
    await page.goto(server.url + '/')
    // Injected only once React has hydrated <main>: a section found there during hydration is a mismatch,
    // and React renders the page afresh without it.
    await page.waitForFunction(() => Object.keys(document.querySelector('main')!).some((key) => key.startsWith('__reactFiber')))
    // The kit's variants side by side on a real page with the real stylesheet: each one the app uses,
    // and the disabled states, which no page shows until a form disables a button.
    await page.evaluate(() => {
      const kit = document.createElement('section')
      kit.innerHTML = `
        <button class="button">Основная</button>
        <a class="button" href="#">Основная ссылка</a>
        <button class="button button--secondary">Второстепенная</button>
        <a class="button button--secondary" href="#" aria-current="page">Выбранная</a>
        <button class="button button--danger">Удалить</button>
        <button class="button" disabled>Недоступна</button>
        <button class="button button--danger" disabled>Недоступно удаление</button>
        <button class="link-button">Ссылка-кнопка</button>
        <div class="chips"><a class="chip" href="#">Фильтр</a><a class="chip chip--on" href="#">Выбранный фильтр</a></div>
        <button class="chip">Выше</button>
        <button class="chip" disabled>Ниже</button>`
      document.querySelector('main')!.prepend(kit)
    })
    const checked = await expectReadableButtons(page, ['Основная', 'Второстепенная', 'Выбранная', 'Удалить', 'Ссылка-кнопка', 'Выбранный фильтр', 'Выше'])
    expect(checked.filter((c) => c.disabled).map((c) => c.text)).toEqual(['Недоступна', 'Недоступно удаление', 'Ниже'])
    // The header's «Выйти» is a link-button on the blue bar: checked once signed in.
    await logIn(page, DEMO.resident)
    await expectReadableButtons(page, ['Выйти'])
    await context.close()
  })

  it('shows the resident’s «Отозвать заявку» readable', async () => {
    const { context } = await phoneContext(browser)
    const page = await context.newPage()
    await logIn(page, resident.email!)
    await page.goto(`${server.url}/my/entries/${entryId}`)
    await expectReadableButtons(page, ['Отозвать заявку'])
    await context.close()
  })

  it('shows the organiser’s danger buttons readable: «Отклонить», «Удалить», «Отозвать» an invitation', async () => {
    const { context } = await phoneContext(browser)
    const page = await context.newPage()
    await logIn(page, DEMO.organiser)
    const base = `${server.url}/organiser/contests/${scene.contest.id}`
    await page.goto(`${base}/moderation`)
    await expectReadableButtons(page, [/^Отклонить КН-/])
    await page.goto(`${base}/nominations`)
    await expectReadableButtons(page, [/^Удалить/])
    await page.goto(`${base}/fields`)
    await expectReadableButtons(page, [/^Удалить/])
    await page.goto(`${base}/jury`)
    await expectReadableButtons(page, [/^Отозвать/, /^Отправить ещё раз/])
    // The stage picker: secondary buttons, the chosen one filled.
    await page.goto(`${base}/progress`)
    await expectReadableButtons(page, ['Районный этап', 'Городской этап'])
    await context.close()
  })
})
