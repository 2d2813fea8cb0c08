import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB } from '../../db/client.server'
import { conflictCases, judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

/**
 * What a conflicted juror's refusal shows over HTTP: the error page and the single-fetch data name the
 * reason and leak nothing of the entry, and the organiser's jury page names the same reason. Queue,
 * progress, score and special-prize refusals are asked of the loaders and actions in
 * tests/inprocess/jury-conflicts.test.ts.
 */

let server: TestServer
let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>
let organiser: Client

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  scene = await judgingContest(db, { perNomination: 4, prefix: 'КФ' })
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

const yard = () => scene.entries.filter((e) => e.nominationId === scene.yard.id)
const stagePath = () => `/jury/stages/${scene.stage.id}`
const entryPath = (entryId: number) => `${stagePath()}/entries/${entryId}`

const cases = conflictCases(() => db)

describe.each(cases)('a juror %s', (name, setup, label) => {
  it('is refused the entry with the reason and nothing of it, on the page and in its data; the organiser sees the same reason', async () => {
    const fullName = `Конфликтов ${cases.findIndex((c) => c[0] === name)} Член`
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.special.id], fullName })
    const target = yard()[cases.findIndex((c) => c[1] === setup) % yard().length]
    await setup(juror.id, target.id)
    const client = await loggedIn(server.url, juror.email!)

    const page = await client.get(entryPath(target.id))
    expect(page.status).toBe(403)
    const html = pageText(await page.text())
    expect(html).toContain(`Конфликт интересов (${label}): эту заявку оценивают другие члены жюри.`)
    expect(html).not.toContain(target.title)
    const data = await client.get(`${entryPath(target.id)}.data`)
    expect(data.status).toBe(403)
    expect(await data.text()).not.toContain(target.title)

    const jury = pageText(await (await organiser.get(`/organiser/contests/${scene.contest.id}/jury`)).text())
    expect(jury).toContain(`${fullName}</th><td>${target.number}</td><td>${label}`)
  })
})

describe('the benchmarks’ instruments without BENCH', () => {
  it('do not exist: /hello is an unknown address and a saved score carries no Server-Timing', async () => {
    expect((await fetch(`${server.url}/hello`)).status).toBe(404)
    const balcony = scene.entries.filter((e) => e.nominationId === scene.balcony.id)
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id] })
    const client = await loggedIn(server.url, juror.email!)
    const saved = await client.post(entryPath(balcony[1].id), { intent: 'score', [`c${scene.balconyCriteria[0].id}`]: '4' })
    expect(saved.status).toBe(302)
    expect(saved.headers.has('server-timing')).toBe(false)
  })
})
