/**
 * What a juror's score form refuses and what it leaves in the database, asked of the route's loader
 * and action (the queue, the photos, concurrency and the benchmarks' instruments stay over HTTP in
 * tests/integration/jury-scoring.test.ts).
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import * as stagePage from '../../app/routes/jury.stages.$stageId._index'
import * as entryPage from '../../app/routes/jury.stages.$stageId.entries.$entryId'
import * as auditPage from '../../app/routes/organiser.contests.$contestId.audit'
import { assignJuror, makeUser } from '../factories'
import { auditFor, countRows, judgingContest } from '../factories-jury'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'

let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>

beforeAll(async () => {
  db = openAppDatabase()
  // judgingContest places its entries in a district the demo seed would have made.
  await db.insert(schema.district).values({ name: 'Ленинский район', kind: 'district' })
  scene = await judgingContest(db)
})

async function signedInJuror(stageId: number, nominationIds: number[]) {
  const juror = await makeUser(db, { roles: ['resident', 'juror'], fullName: 'Жюриева Анна Петровна' })
  for (const nominationId of nominationIds) await assignJuror(db, { stageId, jurorId: juror.id, nominationId })
  return { juror, cookie: await sessionCookie(juror.id) }
}

const entry = (stageId: number, entryId: number, cookie: string) => ({
  path: `/jury/stages/${stageId}/entries/${entryId}`,
  params: { stageId: String(stageId), entryId: String(entryId) },
  cookie,
})

/** The score form for the yard nomination: Эстетика (0..10) and Ухоженность (0..5). */
function yardForm(aesthetics: number | string, care: number | string, comment = '') {
  const [a, c] = scene.criteria
  return { intent: 'score', [`c${a.id}`]: String(aesthetics), [`c${c.id}`]: String(care), comment }
}

const yardEntries = () => scene.entries.filter((e) => e.nominationId === scene.yard.id)

/** What the juror reads beside the form or on the error page. */
const shown = (answer: Answer) => JSON.stringify(answer.data)

describe('bad input', () => {
  it.each([
    ['a score above the maximum', () => yardForm(11, 3), 'Оценка по критерию «Эстетика» — от 0 до 10 баллов'],
    ['a score below 0', () => yardForm(5, -1), 'Оценка по критерию «Ухоженность» — от 0 до 5 баллов'],
    ['a fractional score', () => yardForm(5.5, 3), 'целое число баллов'],
    ['a missing score', () => yardForm(5, ''), 'Поставьте оценку по критерию «Ухоженность»'],
    ['text instead of a number', () => yardForm('много', 3), 'Оценка по критерию «Эстетика» — от 0 до 10 баллов'],
    [
      'a criterion of another nomination',
      () => ({ ...yardForm(5, 3), [`c${scene.balconyCriteria[0].id}`]: '4' }),
      'по которому эта заявка не оценивается',
    ],
    ['a criterion that does not exist', () => ({ ...yardForm(5, 3), c999999: '4' }), 'по которому эта заявка не оценивается'],
    ['a 3 MB comment', () => yardForm(5, 3, 'Ж'.repeat(3 * 1024 * 1024)), 'Комментарий — не длиннее 2000 символов'],
  ])('refuses %s with a Russian message and saves nothing', async (_name, form, message) => {
    const { juror, cookie } = await signedInJuror(scene.stage.id, [scene.yard.id])
    const target = yardEntries()[1]
    const answer = await act(entryPage, { ...entry(scene.stage.id, target.id, cookie), form: form() })
    expect(answer.status).toBe(400)
    expect(shown(answer)).toContain(message)
    // The refused values are not sent back to the page.
    expect(shown(answer).length).toBeLessThan(200_000)
    expect((await countRows(db, scene.stage.id, target.id)).evaluations.filter((e) => e.jurorId === juror.id)).toHaveLength(0)
    expect(await auditFor(db, target.id, juror.id)).toHaveLength(0)
  })

  it('refuses an entry of another stage with 404, and saves nothing', async () => {
    const other = await judgingContest(db, { perNomination: 1, prefix: 'ДР' })
    const { cookie } = await signedInJuror(scene.stage.id, [scene.yard.id])
    await signedInJuror(other.stage.id, [other.yard.id])
    const foreign = other.entries[0]
    const page = await load(entryPage, entry(scene.stage.id, foreign.id, cookie))
    expect(page).toMatchObject({ status: 404, location: null, data: 'Этой заявки нет среди заявок, которые вы оцениваете на этом этапе.' })
    expect((await act(entryPage, { ...entry(scene.stage.id, foreign.id, cookie), form: yardForm(5, 3) })).status).toBe(404)
    // The juror's own entry id under a stage they do not judge.
    expect((await act(entryPage, { ...entry(other.stage.id, foreign.id, cookie), form: yardForm(5, 3) })).status).toBe(404)
    expect((await countRows(db, scene.stage.id, foreign.id)).evaluations).toHaveLength(0)
    expect((await countRows(db, other.stage.id, foreign.id)).evaluations).toHaveLength(0)
  })

  it('shows the marks read-only after the stage closes and refuses a late score with 409', async () => {
    const late = await judgingContest(db, { perNomination: 2, prefix: 'ЗК' })
    const { juror, cookie } = await signedInJuror(late.stage.id, [late.yard.id])
    const [a, c] = late.criteria
    const form = (x: number, y: number) => ({ intent: 'score', [`c${a.id}`]: String(x), [`c${c.id}`]: String(y) })
    const [scored, unscored] = late.entries
    expect((await act(entryPage, { ...entry(late.stage.id, scored.id, cookie), form: form(6, 2) })).status).toBe(302)

    for (const close of [
      async () => await db.update(schema.stage).set({ status: 'closed' }).where(eq(schema.stage.id, late.stage.id)),
      async () =>
        await db
          .update(schema.stage)
          .set({ status: 'judging', judgingClosesAt: new Date(Date.now() - 60_000) })
          .where(eq(schema.stage.id, late.stage.id)),
    ]) {
      await close()
      const page = await load(entryPage, entry(late.stage.id, scored.id, cookie))
      expect(page).toMatchObject({ status: 200, data: { stage: { open: false }, own: { points: { [a.id]: 6, [c.id]: 2 } } } })

      const res = await act(entryPage, { ...entry(late.stage.id, scored.id, cookie), form: form(9, 5) })
      expect(res.status).toBe(409)
      expect(shown(res)).toContain('Оценка этапа завершена: оценки больше нельзя изменить.')
      expect((await act(entryPage, { ...entry(late.stage.id, unscored.id, cookie), form: form(1, 1) })).status).toBe(409)
      const recusal = await act(entryPage, { ...entry(late.stage.id, unscored.id, cookie), form: { intent: 'recuse', reason: 'Знаю автора' } })
      expect(recusal.status).toBe(409)
    }
    const { scores, evaluations } = await countRows(db, late.stage.id, scored.id)
    expect(scores.map((s) => s.points).sort()).toEqual([2, 6])
    expect((await countRows(db, late.stage.id, unscored.id)).evaluations).toHaveLength(0)
    expect(evaluations).toHaveLength(1)
    expect(await db.select().from(schema.conflict).where(eq(schema.conflict.jurorId, juror.id))).toHaveLength(0)
  })

  it('keeps a stage that has not opened shut', async () => {
    const early = await judgingContest(db, { perNomination: 1, prefix: 'РН' })
    await db.update(schema.stage).set({ status: 'pending' }).where(eq(schema.stage.id, early.stage.id))
    const { cookie } = await signedInJuror(early.stage.id, [early.yard.id])
    const queue = await load(stagePage, { path: `/jury/stages/${early.stage.id}`, params: { stageId: String(early.stage.id) }, cookie })
    expect(queue).toMatchObject({ status: 200, data: { stage: { state: 'pending' }, progress: { total: 0 } } })
    expect((await load(entryPage, entry(early.stage.id, early.entries[0].id, cookie))).status).toBe(403)
    const [a, c] = early.criteria
    const res = await act(entryPage, { ...entry(early.stage.id, early.entries[0].id, cookie), form: { intent: 'score', [`c${a.id}`]: '1', [`c${c.id}`]: '1' } })
    expect(res.status).toBe(403)
    expect((await countRows(db, early.stage.id, early.entries[0].id)).evaluations).toHaveLength(0)
  })
})

describe('the organiser’s audit log', () => {
  it('reads a saved score in Russian: the entry by its number, the criterion by its name, old → new', async () => {
    const logged = await judgingContest(db, { perNomination: 1, prefix: 'ЖД' })
    const { cookie } = await signedInJuror(logged.stage.id, [logged.yard.id])
    const [a, c] = logged.criteria
    const target = logged.entries.find((e) => e.nominationId === logged.yard.id)!
    const save = (x: number) => act(entryPage, { ...entry(logged.stage.id, target.id, cookie), form: { intent: 'score', [`c${a.id}`]: String(x), [`c${c.id}`]: '3' } })
    expect((await save(6)).status).toBe(302)
    expect((await save(8)).status).toBe(302)
    const organiser = await makeUser(db, { roles: ['organiser'] })
    const id = String(logged.contest.id)
    const page = await load(auditPage, { path: `/organiser/contests/${id}/audit`, params: { contestId: id }, cookie: await sessionCookie(organiser.id) })
    type Row = { what: string; entity: string; changes: { field: string; before: string | null; after: string | null }[] }
    const rows = (page.data as { rows: Row[] }).rows
    const revised = rows.find((r) => r.changes.some((ch) => ch.before === '6'))
    expect(revised).toEqual({
      what: 'Выставлена оценка',
      entity: `Заявка ЖД-${String(target.seq).padStart(4, '0')}`,
      changes: [
        { field: 'Критерий', before: a.name, after: a.name },
        { field: 'Баллы', before: '6', after: '8' },
      ],
      id: expect.any(Number),
      at: expect.any(String),
      who: expect.any(String),
    })
  })
})
