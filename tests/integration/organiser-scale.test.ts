/**
 * The organiser's pages of a contest at the city's scale (618 entries, 10 jurors: tests/factories-scale.ts)
 * stay small enough to open on a phone: each page's HTML under 300 KB (issue #13, item 5), read from
 * the built server as a browser gets it. What the pages list is in tests/inprocess/moderation-scale.test.ts;
 * their time is measured by bench/organiser-scale.ts, never here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeServerDb, serverDb } from '../factories-entries'
import { cityScaleContest, SCALE } from '../factories-scale'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { countOf, NOUNS } from '../../app/utils/format'

const LIMIT = 300 * 1024

let server: TestServer
let scene: Awaited<ReturnType<typeof cityScaleContest>>
let organiser: Client

beforeAll(async () => {
  server = await startServer()
  scene = await cityScaleContest(serverDb(server), { prefix: 'МС' })
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
}, 60_000)
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

async function page(path: string) {
  const res = await organiser.get(`/organiser/contests/${scene.contest.id}${path}`)
  expect(res.status).toBe(200)
  const html = await res.text()
  return { bytes: Buffer.byteLength(html), text: pageText(html), html }
}

describe(`a contest of ${SCALE.entries} entries and ${SCALE.jurors} jurors`, () => {
  it('lists the accepted entries a page at a time, under 300 KB', async () => {
    const { bytes, text } = await page('/moderation?status=accepted')
    expect(bytes).toBeLessThan(LIMIT)
    expect(text).toContain(`Принятые (${SCALE.accepted})`)
    expect(text).toContain('Страница 1 из 21')
    expect(text).toContain('МС-0025')
    expect(text).not.toContain('МС-0026')
    const last = await page('/moderation?status=accepted&page=21')
    expect(last.text).toContain('МС-0505')
  })

  it('searches and filters on either engine: words in any case, a number, a nomination', async () => {
    const titled = scene.entries.filter((e) => e.status === 'accepted' && e.title.startsWith('Ледяная горка')).length
    expect((await page(`/moderation?status=accepted&q=${encodeURIComponent('ледяная ГОРКА')}`)).text).toContain(`Найдено: ${countOf(titled, NOUNS.entry)}`)
    const author = scene.entries.find((e) => e.status === 'submitted')!
    const byAuthor = await page(`/moderation?status=submitted&q=${encodeURIComponent(author.author.toLowerCase())}`)
    expect(byAuthor.text).toContain(author.number)
    const nomination = scene.nominations[3]
    const inNomination = scene.entries.filter((e) => e.status === 'accepted' && e.nominationId === nomination.id).length
    expect((await page(`/moderation?status=accepted&nomination=${nomination.id}&q=`)).text).toContain(`Найдено: ${countOf(inNomination, NOUNS.entry)}`)
  })

  it('shows the results a page at a time, with every nomination reachable and any entry found by its number, under 300 KB', async () => {
    const first = await page('/results')
    expect(first.bytes).toBeLessThan(LIMIT)
    expect(first.text).toContain('Номинации этапа')
    for (const n of scene.nominations) expect(first.text).toContain(n.name)
    const sought = scene.entries[300]
    const found = await page(`/results?entry=${encodeURIComponent(sought.number)}`)
    expect(found.bytes).toBeLessThan(LIMIT)
    expect(found.text).toContain(`Заявка ${sought.number} — на этой странице`)
    expect(found.html).toContain(`id="entry-${sought.id}"`)
  })

  it('shows the jury’s progress under 300 KB', async () => {
    const { bytes, text } = await page('/progress')
    expect(bytes).toBeLessThan(LIMIT)
    expect(text).toContain('Сколько заявок оценил каждый член жюри')
    for (const j of scene.jurors) expect(text).toContain(j.fullName)
  })
})
