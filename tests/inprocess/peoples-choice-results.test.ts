/**
 * The people's choice results (#16 item 4, docs/decisions/038), asked of the routes' loaders and actions
 * with votes written straight into the database: a voted contest is published; the public results page
 * shows the prize's ranking apart from the jury's, ties ranked by the contest's rule; a vote added or
 * annulled after publication changes nothing published; the winner's diploma names the prize and the
 * verification page confirms it and the entrant's letter names it; the protocol and the statistics (page and files) give voters and votes,
 * and a contest without voting gives none.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import * as resultsPage from '../../app/routes/organiser.contests.$contestId.results'
import * as publicResults from '../../app/routes/contests.$slug_.results'
import * as statisticsPage from '../../app/routes/organiser.contests.$contestId.statistics'
import * as diplomaPage from '../../app/routes/diplomas.$number'
import * as documentsPage from '../../app/routes/organiser.contests.$contestId.documents'
import { annulVotes } from '../../app/modules/voting/clusters.server'
import { stageProtocol } from '../../app/modules/results/results.server'
import { getYearStatistics, type ContestStatistics } from '../../app/modules/results/statistics.server'
import { renderProtocol } from '../../app/modules/documents/protocol-pdf.server'
import { renderDiploma } from '../../app/modules/documents/diploma-pdf.server'
import { findDiploma } from '../../app/modules/documents/diplomas.server'
import { contestTables, toCsv, yearTables } from '../../app/modules/documents/statistics-export.server'
import type { PeoplesChoice } from '../../app/modules/results/ranking'
import { formatEntryNumber } from '../../app/modules/contests/entry-number'
import { makeUser } from '../factories'
import { scoredContest } from '../factories-results'
import { pdfText } from '../integration/results-helpers'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'

const PRIZE = 'Приз горожан'

let db: DB
let organiser: { id: string; cookie: string }

beforeAll(async () => {
  db = openAppDatabase()
  const user = await makeUser(db, { roles: ['organiser'] })
  organiser = { id: user.id, cookie: await sessionCookie(user.id) }
})

const at = (contestId: number) => ({ path: `/organiser/contests/${contestId}/results`, params: { contestId: String(contestId) }, cookie: organiser.cookie })

/**
 * Three entries in the voted nomination, one in the other. Votes: «Работа 2» 3, «Работа 1» and «Работа 3»
 * 2 each (tied; «Работа 1» was submitted first), from 4 voters.
 */
async function votedContest(voting = true) {
  const scene = await scoredContest(db, {
    entries: [
      { nomination: 0, totals: [80, 80, 80], authors: [{ fullName: 'Первый Автор' }] },
      { nomination: 0, totals: [60, 60, 60], authors: [{ fullName: 'Зрительская Любимица' }] },
      { nomination: 0, totals: [40, 40, 40], authors: [{ fullName: 'Третий Автор' }] },
      { nomination: 1, totals: [50, 50, 50] },
    ],
    settings: { tieRule: 'earlier_first', year: 2031 },
  })
  const [first, second, third] = scene.entries
  const nominationId = scene.nominations[0].id
  await db
    .update(schema.contest)
    .set({ votingEnabled: voting, votingNominationIds: [nominationId], votingPrizeName: PRIZE })
    .where(eq(schema.contest.id, scene.contest.id))
  const voters = await Promise.all([1, 2, 3, 4].map(() => makeUser(db)))
  const cast = async (entryId: number, voterIndex: number) =>
    await db
      .insert(schema.vote)
      .values({ contestId: scene.contest.id, nominationId, entryId, voterId: voters[voterIndex].id, ip: '198.51.100.7', withProof: true })
      .returning({ id: schema.vote.id })
  for (const v of [0, 1, 2]) await cast(second.id, v)
  for (const v of [0, 3]) await cast(first.id, v)
  for (const v of [1, 3]) await cast(third.id, v)
  return { ...scene, cast, voters }
}

async function publish(contestId: number) {
  const res = await act(resultsPage, { ...at(contestId), form: { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' } })
  expect(res.status).toBe(302)
}

const ranking = (choice: PeoplesChoice | null) => choice?.nominations.map((n) => n.entries.map((e) => [e.title, e.votes, e.place]))

describe('the people’s choice results', () => {
  it('are published apart from the jury’s under the prize’s name, frozen: later votes and annulments change nothing', async () => {
    const scene = await votedContest()
    await publish(scene.contest.id)
    const page = async () => (await load(publicResults, { path: `/contests/${scene.contest.slug}/results`, params: { slug: scene.contest.slug } })).data as { peoplesChoice: PeoplesChoice | null }
    const published = (await page()).peoplesChoice
    expect(published).toMatchObject({ prizeName: PRIZE, voters: 4, votes: 7 })
    // Only the voted nomination; the tie between «Работа 1» and «Работа 3» goes to the earlier submission.
    expect(ranking(published)).toEqual([
      [
        ['Работа 2', 3, 1],
        ['Работа 1', 2, 2],
        ['Работа 3', 2, 3],
      ],
    ])

    // After publication: three new votes for «Работа 3» would make it first; annulling is refused.
    for (const v of [0, 2]) await scene.cast(scene.entries[2].id, v)
    await db.insert(schema.vote).values({ contestId: scene.contest.id, nominationId: scene.nominations[0].id, entryId: scene.entries[2].id, voterId: (await makeUser(db)).id })
    const secondsVotes = await db.select({ id: schema.vote.id }).from(schema.vote).where(eq(schema.vote.entryId, scene.entries[1].id))
    await expect(annulVotes(organiser.id, scene.contest.id, secondsVotes.map((v) => v.id), 'Накрутка')).rejects.toThrow('аннулировать голоса после публикации нельзя')
    await db.delete(schema.vote).where(eq(schema.vote.entryId, scene.entries[0].id))
    expect((await page()).peoplesChoice).toEqual(published)
    const organiserPage = (await load(resultsPage, at(scene.contest.id))).data as { peoplesChoice: PeoplesChoice }
    expect(organiserPage.peoplesChoice).toEqual(published)
  })

  it('give the winner a diploma naming the prize, which the verification page confirms', async () => {
    const scene = await votedContest()
    await publish(scene.contest.id)
    const diplomas = await db
      .select()
      .from(schema.diploma)
      .where(and(eq(schema.diploma.contestId, scene.contest.id), eq(schema.diploma.kind, 'peoples_choice')))
    expect(diplomas.map((d) => [d.recipientName, d.entryId, d.nominationName])).toEqual([['Зрительская Любимица', scene.entries[1].id, scene.nominations[0].name]])
    const documents = await load(documentsPage, { path: `/organiser/contests/${scene.contest.id}/documents`, params: { contestId: String(scene.contest.id) }, cookie: organiser.cookie })
    expect(documents.data).toMatchObject({ diplomas: { peoples_choice: 1 } })
    const check = await load(diplomaPage, { path: `/diplomas/${diplomas[0].number}`, params: { number: diplomas[0].number } })
    expect(check.data).toMatchObject({
      found: true,
      diploma: { valid: true, title: `Диплом обладателя приза «${PRIZE}»`, place: `приз «${PRIZE}»`, recipientName: 'Зрительская Любимица' },
    })
    const pdf = await pdfText(await renderDiploma((await findDiploma(diplomas[0].number))!, 'http://konkurs.test'))
    expect(pdf).toContain(`обладателя приза «${PRIZE}»`)
    expect(pdf).toContain('по итогам зрительского голосования')
    const letters = await db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.contestId, scene.contest.id))
    expect(letters.map((l) => l.text).join('\n')).toContain(`«Работа 2» — II место в номинации «Первая номинация»; приз «${PRIZE}» в номинации «Первая номинация»`)
  })

  it('put voters and votes into the protocol and the statistics, only of a contest with voting', async () => {
    const scene = await votedContest()
    await publish(scene.contest.id)
    const protocol = (await stageProtocol(scene.contest.id))!
    const text = await pdfText(await renderProtocol(protocol.snapshot, { date: protocol.date, draft: protocol.draft }))
    expect(text).toContain('Зрительское голосование: проголосовали 4 жителя, учтено 7 голосов.')
    expect(text).toContain(`— ${PRIZE}: ${formatEntryNumber(scene.contest.numberPrefix, 2)} «Работа 2»`)

    const stats = ((await load(statisticsPage, { path: `/organiser/contests/${scene.contest.id}/statistics`, params: { contestId: String(scene.contest.id) }, cookie: organiser.cookie })).data as { stats: ContestStatistics }).stats
    expect(stats.voting).toEqual({ voters: 4, votes: 7 })
    const csv = toCsv(contestTables(stats)).toString('utf8')
    expect(csv).toContain('Проголосовали за приз зрителей;4;жителей')
    expect(csv).toContain('Голоса зрителей;7;голосов')
    const year = toCsv(yearTables((await getYearStatistics(2031))!)).toString('utf8')
    expect(year).toContain('Зрительское голосование\r\nКонкурс;Проголосовали за приз зрителей, жителей;Голоса зрителей, голосов\r\n')
    expect(year).toContain(`\r\n${scene.contest.title};4;7\r\n`)

    const plain = await votedContest(false)
    await publish(plain.contest.id)
    const none = ((await load(statisticsPage, { path: `/organiser/contests/${plain.contest.id}/statistics`, params: { contestId: String(plain.contest.id) }, cookie: organiser.cookie })).data as { stats: ContestStatistics }).stats
    expect(none.voting).toBeNull()
    expect(toCsv(contestTables(none)).toString('utf8')).not.toContain('зрител')
    const plainProtocol = (await stageProtocol(plain.contest.id))!
    expect(await pdfText(await renderProtocol(plainProtocol.snapshot, { date: plainProtocol.date, draft: null }))).not.toContain('Зрительское голосование')
  })
})
