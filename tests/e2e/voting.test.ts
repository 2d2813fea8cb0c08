/**
 * People's choice voting in the browser on a 360 px phone (#16): a resident with a confirmed address
 * votes from the gallery without JavaScript (the form posts, the page comes back with a toast) and
 * with it (the altcha widget solves the proof of work, the fetcher posts, no reload), sees the vote, and
 * is offered no button on their own entry; the gallery passes axe. The organiser's «Голосование» tab,
 * with a suspicious cluster paged, passes axe at 360 px too.
 */
import { and, eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, schema, transaction, type DB } from '../../db/client.server'
import { makeContest, makeEntry, makeUser } from '../factories'
import { makeLoginUser } from '../factories-jury'
import { startServer, type TestServer } from '../setup/server'
import { signedIn } from '../integration/voting-helpers'
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
  db?.$client.close()
  await browser?.close()
  await server?.stop()
})

describe('a resident votes', () => {
  it('without and with JavaScript, sees the vote, and cannot vote for their own entry', async () => {
    const made = await makeContest(db, { status: 'accepting', nominations: ['Зимняя сказка'] })
    const nomination = made.nominations[0]
    await db
      .update(schema.contest)
      .set({ votingEnabled: true, votingOpensAt: new Date(Date.now() - 3_600_000), votingClosesAt: new Date(Date.now() + 3_600_000), votingNominationIds: [nomination.id] })
      .where(eq(schema.contest.id, made.contest.id))
    const resident = await makeLoginUser(db, { emailVerifiedAt: new Date() })
    const other = await makeUser(db)
    const own = await makeEntry(db, { contestId: made.contest.id, ownerId: resident.id, nominationId: nomination.id, title: 'Моя горка' })
    const theirs = await makeEntry(db, { contestId: made.contest.id, ownerId: other.id, nominationId: nomination.id, title: 'Снежная крепость' })
    const numberOf = (seq: number | null) => `${made.contest.numberPrefix}-${String(seq).padStart(4, '0')}`
    const gallery = `${server.url}/contests/${made.contest.slug}/gallery`
    const votes = async () => await db.select().from(schema.vote).where(and(eq(schema.vote.voterId, resident.id), eq(schema.vote.entryId, theirs.id)))

    for (const javaScriptEnabled of [false, true]) {
      const ctx = await phoneContext(browser, { javaScriptEnabled })
      const page = await ctx.context.newPage()
      await logInAs(page, server.url, resident.email!)
      await page.goto(gallery)
      const ownItem = page.locator('.gallery__item', { hasText: 'Моя горка' })
      const item = page.locator('.gallery__item', { hasText: 'Снежная крепость' })
      await expect.poll(() => ownItem.getByText('Ваша работа: за неё голосовать нельзя').isVisible()).toBe(true)
      expect(await ownItem.getByRole('button').count()).toBe(0)
      await expectAccessible(page)
      await expectNoHorizontalScroll(page)

      await item.getByRole('button', { name: `Голосовать (работа ${numberOf(theirs.seq)})` }).click()
      await expect.poll(() => item.getByText('Вы проголосовали').isVisible(), { timeout: 15_000 }).toBe(true)
      await expect.poll(() => page.getByText(`Ваш голос за работу ${numberOf(theirs.seq)} принят`).isVisible()).toBe(true)
      const [given] = await votes()
      // With JavaScript, the widget's proof came with it; without, the form posted none.
      expect(given.withProof).toBe(javaScriptEnabled)
      await expectAccessible(page)

      await item.getByRole('button', { name: `Отозвать голос (работа ${numberOf(theirs.seq)})` }).click()
      await expect.poll(() => item.getByRole('button', { name: `Голосовать (работа ${numberOf(theirs.seq)})` }).isVisible()).toBe(true)
      expect(await votes()).toHaveLength(0)
      expect(own.id).toBeGreaterThan(0)
      await ctx.context.close()
    }
  })
})

describe('the organiser', () => {
  it('reads the «Голосование» tab with a suspicious cluster, a page of its votes open, at 360 px, and it passes axe', async () => {
    const made = await makeContest(db, { status: 'accepting', nominations: ['Ледяная горка'] })
    const owner = await makeUser(db)
    const target = await makeEntry(db, { contestId: made.contest.id, ownerId: owner.id, nominationId: made.nominations[0].id })
    // 60 votes from one address within minutes: one cluster, its votes on two pages.
    const at = Date.now() - 3_600_000
    await transaction(db, async (tx) => {
      for (let i = 0; i < 60; i++) {
        const voter = await makeUser(tx, { createdAt: new Date(at - 86_400_000) })
        await tx.insert(schema.vote).values({ contestId: made.contest.id, nominationId: made.nominations[0].id, entryId: target.id, voterId: voter.id, ip: '192.0.2.9', withProof: true, createdAt: new Date(at + i * 1000) })
      }
    })
    // Signed in by a session row of the organiser's own (the login form is tested elsewhere).
    const organiser = await signedIn(db, server.url, (await makeUser(db, { roles: ['organiser'] })).id)
    const ctx = await phoneContext(browser)
    await ctx.context.addCookies([...organiser.cookies].map(([name, value]) => ({ name, value, url: server.url })))
    const page = await ctx.context.newPage()
    await page.goto(`${server.url}/organiser/contests/${made.contest.id}/voting`)
    await page.getByText('Голоса группы (60)').click()
    await expect.poll(() => page.getByText('Страница 1 из 2 (всего 60)').isVisible()).toBe(true)
    await expectAccessible(page)
    await expectNoHorizontalScroll(page)
    await ctx.context.close()
  })
})
