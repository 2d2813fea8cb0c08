/**
 * A juror never gets an entry they are conflicted with: their own (owner or co-author linked by
 * account), their organisation's, or one with a conflict row of any kind. Not in the queue, not in the
 * progress, not at its direct address, not by posting a score, not as a special-prize candidate. Asked
 * of the loaders and actions; what the error page and single fetch leak, and the organiser's jury page,
 * stay over HTTP in tests/integration/jury-conflicts.test.ts.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import * as juryHome from '../../app/routes/jury._index'
import * as stagePage from '../../app/routes/jury.stages.$stageId._index'
import * as entryPage from '../../app/routes/jury.stages.$stageId.entries.$entryId'
import * as specialPage from '../../app/routes/jury.stages.$stageId.special.$nominationId'
import { assignJuror, makeUser } from '../factories'
import { conflictCases, countRows, judgingContest } from '../factories-jury'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'

let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>

beforeAll(async () => {
  db = openAppDatabase()
  // judgingContest places its entries in a district the demo seed would have made.
  await db.insert(schema.district).values({ name: 'Ленинский район', kind: 'district' })
  scene = await judgingContest(db, { perNomination: 4, prefix: 'КФ' })
})

async function makeJuror(nominationIds: number[], organisationId: number | null = null) {
  const juror = await makeUser(db, { roles: ['resident', 'juror'], organisationId })
  for (const nominationId of nominationIds) await assignJuror(db, { stageId: scene.stage.id, jurorId: juror.id, nominationId })
  return juror
}

const yard = () => scene.entries.filter((e) => e.nominationId === scene.yard.id)
const stageId = () => String(scene.stage.id)
const queueOf = (cookie: string) => load(stagePage, { path: `/jury/stages/${stageId()}`, params: { stageId: stageId() }, cookie })
const entryCall = (entryId: number, cookie: string) => ({
  path: `/jury/stages/${stageId()}/entries/${entryId}`,
  params: { stageId: stageId(), entryId: String(entryId) },
  cookie,
})
const specialCall = (cookie: string) => ({
  path: `/jury/stages/${stageId()}/special/${scene.special.id}`,
  params: { stageId: stageId(), nominationId: String(scene.special.id) },
  cookie,
})
const scoreForm = () => ({ intent: 'score', [`c${scene.criteria[0].id}`]: '5', [`c${scene.criteria[1].id}`]: '3' })

type Queue = { progress: { scored: number; total: number }; items: { entryId: number }[] }
type Home = { contests: { stages: { stageId: number; scored: number; total: number }[] }[] }
type Special = { candidates: { number: string }[] }

const cases = conflictCases(() => db)

describe.each(cases)('a juror %s', (_name, setup, label) => {
  it('never gets that entry: queue, progress, direct address, score post, special prize', async () => {
    const juror = await makeJuror([scene.yard.id, scene.special.id])
    const target = yard()[cases.findIndex((c) => c[1] === setup) % yard().length]
    await setup(juror.id, target.id)
    const cookie = await sessionCookie(juror.id)

    const queue = (await queueOf(cookie)).data as Queue
    expect(queue.items.map((i) => i.entryId).sort()).toEqual(yard().filter((e) => e.id !== target.id).map((e) => e.id).sort())
    expect(queue.progress).toEqual({ scored: 0, total: yard().length - 1 })
    const home = (await load(juryHome, { path: '/jury', cookie })).data as Home
    expect(home.contests.flatMap((c) => c.stages).find((s) => s.stageId === scene.stage.id)).toMatchObject({ scored: 0, total: yard().length - 1 })

    expect(await load(entryPage, entryCall(target.id, cookie))).toMatchObject({
      status: 403,
      location: null,
      data: `Конфликт интересов (${label}): эту заявку оценивают другие члены жюри.`,
    })
    expect((await act(entryPage, { ...entryCall(target.id, cookie), form: scoreForm() })).status).toBe(403)
    expect((await countRows(db, scene.stage.id, target.id)).evaluations.filter((e) => e.jurorId === juror.id)).toHaveLength(0)

    const special = (await load(specialPage, specialCall(cookie))).data as Special
    expect(special.candidates.map((c) => c.number)).not.toContain(target.number)
    expect((await act(specialPage, { ...specialCall(cookie), form: { intent: 'propose', entryId: String(target.id) } })).status).toBe(403)
    expect(
      await db
        .select()
        .from(schema.specialPrizeProposal)
        .where(and(eq(schema.specialPrizeProposal.jurorId, juror.id), eq(schema.specialPrizeProposal.entryId, target.id))),
    ).toHaveLength(0)
    expect((await load(entryPage, entryCall(yard().find((e) => e.id !== target.id)!.id, cookie))).status).toBe(200)
  })
})

describe('no organisation is no conflict', () => {
  it('keeps entries without an organisation in the queue, whether or not the juror has one', async () => {
    const balcony = scene.entries.filter((e) => e.nominationId === scene.balcony.id)
    await db.update(schema.entry).set({ organisationId: null }).where(eq(schema.entry.id, balcony[0].id))
    const [withOrganisation] = await db.insert(schema.organisation).values({ name: 'ТОС «Жюрийный»', kind: 'tos_committee' }).returning()
    for (const organisationId of [null, withOrganisation.id]) {
      const cookie = await sessionCookie((await makeJuror([scene.balcony.id], organisationId)).id)
      expect((await load(entryPage, entryCall(balcony[0].id, cookie))).status).toBe(200)
      expect(((await queueOf(cookie)).data as Queue).progress).toEqual({ scored: 0, total: balcony.length })
    }
  })
})
