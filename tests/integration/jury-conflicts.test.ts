import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/client.server'
import * as schema from '../../db/schema'
import { countRows, judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { pageText, startServer, type TestServer } from '../setup/server'

/**
 * A juror never gets an entry they are conflicted with: their own (owner or co-author), their
 * organisation's, or one with a conflict row of any kind. Not in the queue, not in the progress, not
 * at its direct URL, not by posting a score, not as a special-prize candidate.
 */

let server: TestServer
let db: DB
let scene: ReturnType<typeof judgingContest>

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  scene = judgingContest(db, { perNomination: 4, prefix: 'КФ' })
})
afterAll(async () => {
  db?.$client.close()
  await server?.stop()
})

const yard = () => scene.entries.filter((e) => e.nominationId === scene.yard.id)
const stagePath = () => `/jury/stages/${scene.stage.id}`
const entryPath = (entryId: number) => `${stagePath()}/entries/${entryId}`
const scoreForm = () => ({ intent: 'score', [`c${scene.criteria[0].id}`]: '5', [`c${scene.criteria[1].id}`]: '3' })

type Case = [name: string, setup: (jurorId: string, entryId: number) => void, message: string]

const cases: Case[] = [
  [
    'a co-author of the entry',
    (jurorId, entryId) => db.insert(schema.author).values({ entryId, userId: jurorId, fullName: 'Жюри как соавтор', position: 5 }).run(),
    'Это ваша заявка',
  ],
  ['the owner of the entry', (jurorId, entryId) => db.update(schema.entry).set({ ownerId: jurorId }).where(eq(schema.entry.id, entryId)).run(), 'Это ваша заявка'],
  [
    'from the organisation that submitted the entry',
    (jurorId, entryId) => {
      const org = db.insert(schema.organisation).values({ name: `ТОС «Свой ${entryId}»`, kind: 'tos_committee' }).returning().get()
      db.update(schema.user).set({ organisationId: org.id }).where(eq(schema.user.id, jurorId)).run()
      db.update(schema.entry).set({ organisationId: org.id }).where(eq(schema.entry.id, entryId)).run()
    },
    'Это заявка вашей организации',
  ],
  ...(['recusal', 'organiser', 'author', 'organisation'] as const).map(
    (kind): Case => [
      `with a conflict of kind «${kind}»`,
      (jurorId, entryId) => db.insert(schema.conflict).values({ entryId, jurorId, kind, reason: 'Родственник' }).run(),
      { recusal: 'Вы заявили самоотвод', organiser: 'Организатор отметил у вас конфликт интересов', author: 'Это ваша заявка', organisation: 'Это заявка вашей организации' }[kind],
    ],
  ),
]

describe.each(cases)('a juror %s', (_name, setup, message) => {
  it('never gets that entry: queue, progress, direct URL, route data, score post, special prize', async () => {
    const juror = makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.special.id] })
    const target = yard()[cases.findIndex((c) => c[1] === setup) % yard().length]
    setup(juror.id, target.id)
    const client = await loggedIn(server.url, juror.email!)

    const queue = pageText(await (await client.get(stagePath())).text())
    expect(queue).not.toContain(target.number)
    for (const other of yard().filter((e) => e.id !== target.id)) expect(queue).toContain(other.number)
    expect(queue).toContain(`Оценено 0 из ${yard().length - 1}`)
    expect(pageText(await (await client.get('/jury')).text())).toContain(`Оценено 0 из ${yard().length - 1}`)

    const page = await client.get(entryPath(target.id))
    expect(page.status).toBe(403)
    const html = pageText(await page.text())
    expect(html).toContain(message)
    expect(html).not.toContain(target.title)
    const data = await client.get(`${entryPath(target.id)}.data`)
    expect(data.status).toBe(403)
    expect(await data.text()).not.toContain(target.title)

    const post = await client.post(entryPath(target.id), scoreForm())
    expect(post.status).toBe(403)
    expect(countRows(db, scene.stage.id, target.id).evaluations.filter((e) => e.jurorId === juror.id)).toHaveLength(0)

    const special = pageText(await (await client.get(`${stagePath()}/special/${scene.special.id}`)).text())
    expect(special).not.toContain(target.number)
    const proposal = await client.post(`${stagePath()}/special/${scene.special.id}`, { intent: 'propose', entryId: String(target.id) })
    expect(proposal.status).toBe(403)
    expect(
      db
        .select()
        .from(schema.specialPrizeProposal)
        .where(and(eq(schema.specialPrizeProposal.jurorId, juror.id), eq(schema.specialPrizeProposal.entryId, target.id)))
        .all(),
    ).toHaveLength(0)
    expect((await client.get(entryPath(yard().find((e) => e.id !== target.id)!.id))).status).toBe(200)
  })
})

describe('no organisation is no conflict', () => {
  it('keeps entries without an organisation in the queue, whether or not the juror has one', async () => {
    const balcony = scene.entries.filter((e) => e.nominationId === scene.balcony.id)
    db.update(schema.entry).set({ organisationId: null }).where(eq(schema.entry.id, balcony[0].id)).run()
    const withOrganisation = db.insert(schema.organisation).values({ name: 'ТОС «Жюрийный»', kind: 'tos_committee' }).returning().get()
    for (const organisationId of [null, withOrganisation.id]) {
      const juror = makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id], organisationId })
      const client = await loggedIn(server.url, juror.email!)
      expect((await client.get(entryPath(balcony[0].id))).status).toBe(200)
      expect(pageText(await (await client.get(stagePath())).text())).toContain(`Оценено 0 из ${balcony.length}`)
    }
  })
})
