/**
 * The lifecycle around publication, asked of the routes' loaders and actions: results wait for closed
 * judging and K scores per entry (or the organiser's written reason, kept in the audit log), published
 * results close scoring, a withdrawal is explained to the entrants, and authors' names stay private
 * until the results are out.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import * as resultsPage from '../../app/routes/organiser.contests.$contestId.results'
import * as auditPage from '../../app/routes/organiser.contests.$contestId.audit'
import * as overviewPage from '../../app/routes/organiser.contests.$contestId._index'
import * as entryPage from '../../app/routes/jury.stages.$stageId.entries.$entryId'
import * as galleryPage from '../../app/routes/contests.$slug_.gallery'
import * as publicEntryPage from '../../app/routes/contests.$slug_.entries.$number'
import { publishResults } from '../../app/modules/results/results.server'
import { assignJuror, makeUser } from '../factories'
import { countRows, judgingContest } from '../factories-jury'
import { scoredContest, type EntrySpec } from '../factories-results'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'
import { firstRow, schema } from '../../db/client.server'

const BASE_URL = 'http://konkurs.test'
const REASON = 'Третий член жюри заболел, комиссия решила очно'

let db: DB
let organiser: { id: string; cookie: string }

beforeAll(async () => {
  db = openAppDatabase()
  // judgingContest places its entries in a district the demo seed would have made.
  await db.insert(schema.district).values({ name: 'Ленинский район', kind: 'district' })
  const user = await makeUser(db, { roles: ['organiser'] })
  organiser = { id: user.id, cookie: await sessionCookie(user.id) }
})

const shown = (answer: Answer) => JSON.stringify(answer.data)

async function setStage(stageId: number, status: 'judging' | 'closed') {
  await db.update(schema.stage).set({ status }).where(eq(schema.stage.id, stageId))
}

function results(contestId: number) {
  return { path: `/organiser/contests/${contestId}/results`, params: { contestId: String(contestId) }, cookie: organiser.cookie }
}

function publish(contestId: number, reason?: string) {
  const form: Record<string, string> = { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' }
  if (reason !== undefined) form.reason = reason
  return act(resultsPage, { ...results(contestId), form })
}

const publications = async (contestId: number) => await db.select().from(schema.resultPublication).where(eq(schema.resultPublication.contestId, contestId))
const statusOf = async (contestId: number) => (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, contestId))))!.status

/** Two nominations, three jurors; the entries as given (null: that juror did not score). */
async function contest(status: 'judging' | 'review', entries: EntrySpec[], settings: Partial<typeof schema.contest.$inferInsert> = {}) {
  return await scoredContest(db, { entries, settings: { status, minScoresPerEntry: 2, ...settings } })
}

const fullyScored: EntrySpec[] = [
  { nomination: 0, totals: [80, 70, 60] },
  { nomination: 1, totals: [50, 60, 70] },
]

describe('publishing the results', () => {
  it('is refused while the stage is still being judged, saying why, and nothing is published', async () => {
    const scene = await contest('judging', fullyScored)
    await setStage(scene.stage.id, 'judging')
    const page = await load(resultsPage, results(scene.contest.id))
    expect(page.data).toMatchObject({ publishBlockers: ['Оценка на этапе «Городской этап» ещё не завершена.'] })

    const res = await publish(scene.contest.id)
    expect(res.status).toBe(409)
    expect(shown(res)).toContain('Оценка на этапе «Городской этап» ещё не завершена.')
    expect(await publications(scene.contest.id)).toHaveLength(0)
    expect(await statusOf(scene.contest.id)).toBe('judging')
  })

  it('is refused when an entry has fewer than K scores, naming it, as the overview already says', async () => {
    const scene = await contest('review', [{ nomination: 0, totals: [80, 70, 60] }, { nomination: 1, totals: [50, null, null], title: 'Поздний домик' }])
    await setStage(scene.stage.id, 'closed')
    const overview = await load(overviewPage, { path: `/organiser/contests/${scene.contest.id}`, params: { contestId: String(scene.contest.id) }, cookie: organiser.cookie })
    expect(overview.data).toMatchObject({ publishBlockers: ['У заявки ТК-0002 «Поздний домик» только 1 оценка, а нужно не меньше 2.'] })
    const res = await publish(scene.contest.id)
    expect(res.status).toBe(409)
    expect(shown(res)).toContain('У заявки ТК-0002 «Поздний домик» только 1 оценка, а нужно не меньше 2.')
    expect(await publications(scene.contest.id)).toHaveLength(0)
  })

  it('goes ahead once judging is closed and every entry has K scores', async () => {
    const scene = await contest('review', fullyScored)
    await setStage(scene.stage.id, 'closed')
    expect((await load(resultsPage, results(scene.contest.id))).data).toMatchObject({ publishBlockers: [] })
    expect((await publish(scene.contest.id)).status).toBe(302)
    expect(await statusOf(scene.contest.id)).toBe('published')
  })

  it('goes ahead anyway with the organiser’s reason, which the audit log shows with the shortfall', async () => {
    const scene = await contest('judging', [{ nomination: 0, totals: [80, 70, 60] }, { nomination: 1, totals: [50, null, null], title: 'Поздний домик' }])
    await setStage(scene.stage.id, 'judging')
    expect((await publish(scene.contest.id, '')).status).toBe(409)
    const short = await publish(scene.contest.id, 'да')
    expect(short.status).toBe(400)
    expect(shown(short)).toContain('не короче 5 символов')
    expect(await publications(scene.contest.id)).toHaveLength(0)

    expect((await publish(scene.contest.id, REASON)).status).toBe(302)
    expect(await statusOf(scene.contest.id)).toBe('published')
    const logged = (await db.select().from(schema.auditLog).where(eq(schema.auditLog.contestId, scene.contest.id))).find((a) => a.action === 'result.publish')
    expect(logged?.after).toMatchObject({
      reason: REASON,
      shortfall: ['Оценка на этапе «Городской этап» ещё не завершена.', 'У заявки ТК-0002 «Поздний домик» только 1 оценка, а нужно не меньше 2.'],
    })
    const audit = await load(auditPage, { path: `/organiser/contests/${scene.contest.id}/audit`, params: { contestId: String(scene.contest.id) }, cookie: organiser.cookie })
    expect(audit.status).toBe(200)
    expect(shown(audit)).toContain(REASON)
    expect(shown(audit)).toContain('Чего не хватало для публикации')

    // The stepper does not tick «review» as done: it says the step was passed incompletely, and why.
    const overview = await load(overviewPage, { path: `/organiser/contests/${scene.contest.id}`, params: { contestId: String(scene.contest.id) }, cookie: organiser.cookie })
    const steps = (overview.data as { steps: { status: string; state: string; note?: string }[] }).steps
    expect(steps.find((st) => st.status === 'review')).toMatchObject({ state: 'incomplete', note: expect.stringContaining(`Причина: ${REASON}`) })
    expect(steps.find((st) => st.status === 'judging')?.state).toBe('done')
  })

  it('ticks every step up to publication when nothing was missing', async () => {
    const scene = await contest('review', fullyScored)
    await setStage(scene.stage.id, 'closed')
    expect((await publish(scene.contest.id)).status).toBe(302)
    const overview = await load(overviewPage, { path: `/organiser/contests/${scene.contest.id}`, params: { contestId: String(scene.contest.id) }, cookie: organiser.cookie })
    const steps = (overview.data as { steps: { status: string; state: string }[] }).steps
    expect(steps.filter((st) => st.state === 'done').map((st) => st.status)).toEqual(['draft', 'announced', 'accepting', 'judging', 'review'])
  })
})

describe('withdrawing the results', () => {
  it('needs a reason and writes it to every entrant, with an absolute link', async () => {
    const scene = await contest('review', fullyScored)
    await setStage(scene.stage.id, 'closed')
    expect((await publish(scene.contest.id)).status).toBe(302)
    const withdraw = (reason: string) => act(resultsPage, { ...results(scene.contest.id), form: { formId: 'withdraw', intent: 'withdraw', reason } })
    const letters = async () =>
      (await db
        .select()
        .from(schema.outboxMessage)
        .where(eq(schema.outboxMessage.contestId, scene.contest.id)))
        .filter((m) => m.kind === 'results_withdrawn')

    expect((await withdraw('')).status).toBe(400)
    expect(await letters()).toHaveLength(0)
    expect(await statusOf(scene.contest.id)).toBe('published')

    expect((await withdraw('В оценках одной из заявок нашли ошибку')).status).toBe(302)
    const owner = (await firstRow(db.select().from(schema.user).where(eq(schema.user.id, scene.entries[0].ownerId))))!
    const [letter, ...more] = await letters()
    expect(more).toHaveLength(0)
    expect(letter).toMatchObject({ to: owner.email, subject: `Итоги конкурса «${scene.contest.title}» отозваны` })
    expect(letter.text).toContain('Причина: В оценках одной из заявок нашли ошибку')
    expect(letter.text).toContain(`${BASE_URL}/contests/${scene.contest.slug}`)
  })
})

describe('scoring after publication', () => {
  it('shows the juror’s form read-only and refuses a posted score with 409, storing nothing', async () => {
    const scene = await judgingContest(db, { perNomination: 2, prefix: 'ОП' })
    const juror = await makeUser(db, { roles: ['resident', 'juror'] })
    await assignJuror(db, { stageId: scene.stage.id, jurorId: juror.id, nominationId: scene.yard.id })
    const cookie = await sessionCookie(juror.id)
    const [a, c] = scene.criteria
    const form = (x: number, y: number) => ({ intent: 'score', [`c${a.id}`]: String(x), [`c${c.id}`]: String(y) })
    const [scored, unscored] = scene.entries.filter((e) => e.nominationId === scene.yard.id)
    const at = (entryId: number) => ({
      path: `/jury/stages/${scene.stage.id}/entries/${entryId}`,
      params: { stageId: String(scene.stage.id), entryId: String(entryId) },
      cookie,
    })
    expect((await act(entryPage, { ...at(scored.id), form: form(6, 2) })).status).toBe(302)

    await publishResults(organiser.id, scene.contest.id, 'mean', BASE_URL, REASON)

    const page = await load(entryPage, at(scored.id))
    expect(page).toMatchObject({ status: 200, data: { stage: { open: false }, own: { points: { [a.id]: 6, [c.id]: 2 } } } })
    const late = await act(entryPage, { ...at(scored.id), form: form(9, 5) })
    expect(late.status).toBe(409)
    expect(shown(late)).toContain('Оценка этапа завершена: оценки больше нельзя изменить.')
    expect((await act(entryPage, { ...at(unscored.id), form: form(1, 1) })).status).toBe(409)
    expect((await countRows(db, scene.stage.id, scored.id)).scores.map((s) => s.points).sort()).toEqual([2, 6])
    expect((await countRows(db, scene.stage.id, unscored.id)).evaluations).toHaveLength(0)
  })
})

describe('authors in the public gallery', () => {
  it('are hidden during judging although the contest makes them public, and shown once the results are published', async () => {
    const author = 'Скворцова Ольга Игоревна'
    const scene = await contest('judging', [{ nomination: 0, totals: [80, 70, 60], authors: [{ fullName: author }] }, ...fullyScored], {
      authorsPublic: true,
      galleryOpenDuringContest: true,
    })
    await setStage(scene.stage.id, 'judging')
    const slug = scene.contest.slug
    const gallery = () => load(galleryPage, { path: `/contests/${slug}/gallery`, params: { slug } })
    const entry = () => load(publicEntryPage, { path: `/contests/${slug}/entries/ТК-0001`, params: { slug, number: 'ТК-0001' } })

    for (const page of [await gallery(), await entry()]) {
      expect(page.status).toBe(200)
      expect(shown(page)).toContain('Работа 1')
      expect(shown(page)).not.toContain(author)
    }

    await setStage(scene.stage.id, 'closed')
    expect((await publish(scene.contest.id)).status).toBe(302)
    for (const page of [await gallery(), await entry()]) {
      expect(page.status).toBe(200)
      expect(shown(page)).toContain(author)
    }
  })
})
