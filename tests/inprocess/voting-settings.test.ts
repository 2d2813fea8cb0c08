/**
 * People's choice voting on the contest's settings page (#16 item 1), asked of the page's loader and
 * action: the defaults, a save with the window typed in the city's time and its audit record, Russian
 * messages beside each bad field, and a nomination of another contest refused.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema, type DB } from '../../db/client.server'
import * as overviewPage from '../../app/routes/organiser.contests.$contestId._index'
import { ACTION_LABELS } from '../../app/modules/audit/labels'
import { makeContest, makeUser } from '../factories'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'

let db: DB
let cookie: string

beforeAll(async () => {
  db = openAppDatabase()
  const organiser = await makeUser(db, { roles: ['organiser'] })
  cookie = await sessionCookie(organiser.id)
})

const at = (contestId: number) => ({ path: `/organiser/contests/${contestId}`, params: { contestId: String(contestId) }, cookie })
const contestRow = async (id: number) => (await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, id))))!

function votingForm(values: Record<string, string>, nominationIds: number[] = []) {
  const form = new URLSearchParams({ intent: 'voting', votesPerVoter: '1', votingPrizeName: 'Приз зрительских симпатий', ...values })
  for (const id of nominationIds) form.append('votingNominationIds', String(id))
  return form
}

describe('voting settings', () => {
  it('show the defaults, save the window in the city’s time with the nominations, and the audit log says so', async () => {
    const { contest, nominations } = await makeContest(db, { status: 'accepting' })
    const before = await load(overviewPage, at(contest.id))
    expect(before.data).toMatchObject({
      votingSettings: { votingEnabled: false, votesPerVoter: 1, votingCountsLive: false, votingPrizeName: 'Приз зрительских симпатий', votingNominationIds: [] },
    })
    const res = await act(overviewPage, {
      ...at(contest.id),
      form: votingForm(
        { votingEnabled: 'on', votingOpensAt: '2027-04-01T09:00', votingClosesAt: '2027-04-15T21:00', votesPerVoter: '2', votingCountsLive: 'on', votingPrizeName: 'Выбор горожан' },
        [nominations[1].id],
      ),
    })
    expect(res.status).toBe(302)
    // 09:00 in Kemerovo (UTC+7) is 02:00 UTC.
    expect(await contestRow(contest.id)).toMatchObject({
      votingEnabled: true,
      votingOpensAt: new Date('2027-04-01T02:00:00Z'),
      votingClosesAt: new Date('2027-04-15T14:00:00Z'),
      votingNominationIds: [nominations[1].id],
      votesPerVoter: 2,
      votingCountsLive: true,
      votingPrizeName: 'Выбор горожан',
    })
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.contestId, contest.id))
    expect(audit.map((a) => ACTION_LABELS[a.action])).toEqual(['Изменены настройки зрительского голосования'])
    const after = await load(overviewPage, at(contest.id))
    expect(after.data).toMatchObject({ votingSettings: { votingOpensAt: '2027-04-01T09:00', votingClosesAt: '2027-04-15T21:00' } })
  })

  it('refuse bad values with a Russian message beside each field, and save nothing', async () => {
    const { contest } = await makeContest(db, { status: 'accepting' })
    const other = await makeContest(db)
    let res = await act(overviewPage, {
      ...at(contest.id),
      form: votingForm({ votingEnabled: 'on', votingOpensAt: '2027-04-15T09:00', votingClosesAt: '2027-04-01T09:00', votesPerVoter: '0', votingPrizeName: ' ' }),
    })
    expect(res.status).toBe(400)
    expect((res.data as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({
      votingClosesAt: ['Голосование должно закончиться позже, чем начнётся'],
      votesPerVoter: ['Голосов у жителя в номинации — от 1 до 50'],
      votingPrizeName: ['Укажите название приза'],
      votingNominationIds: ['Выберите хотя бы одну номинацию для голосования'],
    })
    res = await act(overviewPage, { ...at(contest.id), form: votingForm({ votingEnabled: 'on', votingOpensAt: 'завтра' }, [other.nominations[0].id]) })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.data)).toContain('Укажите дату и время начала голосования')
    res = await act(overviewPage, {
      ...at(contest.id),
      form: votingForm({ votingEnabled: 'on', votingOpensAt: '2027-04-01T09:00', votingClosesAt: '2027-04-15T21:00' }, [other.nominations[0].id]),
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.data)).toContain('Такой номинации нет')
    expect(await contestRow(contest.id)).toMatchObject({ votingEnabled: false, votingOpensAt: null, votesPerVoter: 1 })
  })
})
