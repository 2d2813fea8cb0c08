import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/client.server'
import * as schema from '../../db/schema'
import { judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

/**
 * What a conflicted juror's refusal shows over HTTP: the error page and the single-fetch data name the
 * reason and leak nothing of the entry, and the organiser's jury page names the same reason. Queue,
 * progress, score and special-prize refusals are asked of the loaders and actions in
 * tests/inprocess/jury-conflicts.test.ts.
 */

let server: TestServer
let db: DB
let scene: ReturnType<typeof judgingContest>
let organiser: Client

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  scene = judgingContest(db, { perNomination: 4, prefix: 'КФ' })
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  db?.$client.close()
  await server?.stop()
})

const yard = () => scene.entries.filter((e) => e.nominationId === scene.yard.id)
const stagePath = () => `/jury/stages/${scene.stage.id}`
const entryPath = (entryId: number) => `${stagePath()}/entries/${entryId}`

/** The label of the reason, as the organiser's jury page shows it and the juror's refusal quotes it. */
type Case = [name: string, setup: (jurorId: string, entryId: number) => void, label: string]

const cases: Case[] = [
  [
    'a co-author of the entry',
    (jurorId, entryId) => db.insert(schema.author).values({ entryId, userId: jurorId, fullName: 'Жюри как соавтор', position: 5 }).run(),
    'своя заявка',
  ],
  ['the owner of the entry', (jurorId, entryId) => db.update(schema.entry).set({ ownerId: jurorId }).where(eq(schema.entry.id, entryId)).run(), 'своя заявка'],
  [
    'from the organisation that submitted the entry',
    (jurorId, entryId) => {
      const org = db.insert(schema.organisation).values({ name: `ТОС «Свой ${entryId}»`, kind: 'tos_committee' }).returning().get()
      db.update(schema.user).set({ organisationId: org.id }).where(eq(schema.user.id, jurorId)).run()
      db.update(schema.entry).set({ organisationId: org.id }).where(eq(schema.entry.id, entryId)).run()
    },
    'заявка своей организации',
  ],
  ...(['recusal', 'organiser', 'author', 'organisation'] as const).map(
    (kind): Case => [
      `with a conflict of kind «${kind}»`,
      (jurorId, entryId) => db.insert(schema.conflict).values({ entryId, jurorId, kind, reason: 'Родственник' }).run(),
      { recusal: 'самоотвод', organiser: 'отмечен организатором', author: 'своя заявка', organisation: 'заявка своей организации' }[kind],
    ],
  ),
]

describe.each(cases)('a juror %s', (name, setup, label) => {
  it('is refused the entry with the reason and nothing of it, on the page and in its data; the organiser sees the same reason', async () => {
    const fullName = `Конфликтов ${cases.findIndex((c) => c[0] === name)} Член`
    const juror = makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.special.id], fullName })
    const target = yard()[cases.findIndex((c) => c[1] === setup) % yard().length]
    setup(juror.id, target.id)
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
    const juror = makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id] })
    const client = await loggedIn(server.url, juror.email!)
    const saved = await client.post(entryPath(balcony[1].id), { intent: 'score', [`c${scene.balconyCriteria[0].id}`]: '4' })
    expect(saved.status).toBe(302)
    expect(saved.headers.has('server-timing')).toBe(false)
  })
})
