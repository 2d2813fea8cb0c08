/**
 * Who may take a jury invitation, what its link shows once taken, and what the new juror is told,
 * asked of the invitation route's loader and action (the e-mail over SMTP and the sign-up form stay
 * over HTTP in tests/integration/organiser-jury.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import * as invitationPage from '../../app/routes/invitations.$token'
import * as logoutRoute from '../../app/routes/logout'
import * as juryCabinet from '../../app/routes/jury._index'
import { readToast } from '../../app/utils/toast.server'
import { assignJuror, makeContest, makeUser } from '../factories'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'
import { firstRow, schema } from '../../db/client.server'

let db: DB
let scene: Awaited<ReturnType<typeof makeContest>>
let organiser: Awaited<ReturnType<typeof makeUser>>

beforeAll(async () => {
  db = openAppDatabase()
  scene = await makeContest(db, { title: 'Тепло твоих рук', nominations: ['Скворечник', 'Кормушка', 'Экодомик'] })
  organiser = await makeUser(db, { roles: ['resident', 'organiser'] })
})

/** An invitation as the organiser's form leaves it, with the token its e-mail would carry. */
async function invite(email: string, fullName = 'Лебедева Анна Сергеевна') {
  const token = randomBytes(32).toString('base64url')
  const [row] = await db
    .insert(schema.juryInvitation)
    .values({
      contestId: scene.contest.id,
      email,
      fullName,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      invitedById: organiser.id,
    })
    .returning()
  return { token, id: row.id }
}

const page = (token: string, cookie?: string) => ({ path: `/invitations/${token}`, params: { token }, cookie })

const stored = async (id: number) => (await firstRow(db.select().from(schema.juryInvitation).where(eq(schema.juryInvitation.id, id))))!
const roles = async (userId: string) =>
  (await db.select().from(schema.userRole).where(eq(schema.userRole.userId, userId))).map((r) => r.role).sort()
const acceptAudit = async (id: number) =>
  (await db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, String(id)))).filter((a) => a.action === 'invitation.accept')

/** Accepts as a browser does and returns the toast the cabinet shows after the redirect. */
async function acceptedToast(token: string, cookie: string) {
  const request = new Request(`http://konkurs.test/invitations/${token}`, {
    method: 'POST',
    body: new URLSearchParams({ intent: 'accept' }),
    headers: { origin: 'http://konkurs.test', cookie },
  })
  const response = (await invitationPage.action({ request, params: { token }, context: {} })) as Response
  expect(response.status).toBe(302)
  expect(response.headers.get('location')).toBe('/cabinet')
  const toastCookie = response.headers.getSetCookie().find((c) => c.startsWith('toast='))!
  const { toast } = await readToast(new Request('http://konkurs.test/cabinet', { headers: { cookie: toastCookie.split(';')[0] } }))
  return toast?.message
}

describe('who may accept', () => {
  it('refuses another account, naming the invited address and recording nothing, and lets the invited account accept', async () => {
    // The address as she typed it once, in another letter case than the organiser's.
    const invited = await makeUser(db, { email: 'Lebedeva@Example.ru', fullName: 'Лебедева Анна Сергеевна' })
    const stranger = await makeUser(db, { email: 'sosed@example.ru', fullName: 'Соседов Пётр Ильич' })
    const { token, id } = await invite('lebedeva@example.ru')
    const strangerCookie = await sessionCookie(stranger.id)

    const shown = JSON.stringify((await load(invitationPage, page(token, strangerCookie))).data)
    expect(shown).toContain('Это приглашение адресовано lebedeva@example.ru, а вы вошли с другой учётной записью.')

    const refused = await act(invitationPage, { ...page(token, strangerCookie), form: { intent: 'accept' } })
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.data)).toContain('Выйдите и войдите с адресом lebedeva@example.ru')
    expect((await stored(id)).acceptedAt).toBeNull()
    expect(await roles(stranger.id)).toEqual(['resident'])
    expect(await acceptAudit(id)).toEqual([])
    const loginUrl = `/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`
    const logout = await act(logoutRoute, { path: '/logout', cookie: strangerCookie, form: { redirectTo: loginUrl } })
    expect(logout.location).toBe(loginUrl)

    const accepted = await act(invitationPage, { ...page(token, await sessionCookie(invited.id)), form: { intent: 'accept' } })
    expect(accepted.status).toBe(302)
    expect((await stored(id)).acceptedById).toBe(invited.id)
    expect(await roles(invited.id)).toEqual(['juror', 'resident'])
    expect(await acceptAudit(id)).toHaveLength(1)
  })
})

describe('an accepted link', () => {
  it('shows neither the invitee’s name nor their address, to a stranger or to anyone signed in', async () => {
    const invited = await makeUser(db, { email: 'zaytseva@example.ru', fullName: 'Зайцева Ольга Николаевна' })
    const { token } = await invite('zaytseva@example.ru', 'Зайцева Ольга Николаевна')
    await act(invitationPage, { ...page(token, await sessionCookie(invited.id)), form: { intent: 'accept' } })

    const other = await makeUser(db, { email: 'drugoy@example.ru' })
    for (const cookie of [undefined, await sessionCookie(other.id)]) {
      const answer = await load(invitationPage, page(token, cookie))
      expect(answer.status).toBe(200)
      const shown = JSON.stringify(answer.data)
      expect(shown).not.toContain('zaytseva')
      expect(shown).not.toContain('Зайцева')
      expect(answer.data).toMatchObject({ state: 'accepted', loginUrl: `/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}` })
    }
  })
})

describe('what the new juror is told', () => {
  it('names the nominations already assigned, and the jury page lists the contest as usual', async () => {
    const invited = await makeUser(db, { email: 'kuznetsova@example.ru' })
    const [starling, feeder] = scene.nominations
    await assignJuror(db, { stageId: scene.stages[0].id, jurorId: invited.id, nominationId: starling.id })
    await assignJuror(db, { stageId: scene.stages[0].id, jurorId: invited.id, nominationId: feeder.id })
    const { token } = await invite('kuznetsova@example.ru')
    const cookie = await sessionCookie(invited.id)
    expect(await acceptedToast(token, cookie)).toBe('Вы в жюри конкурса «Тепло твоих рук». Назначены номинации: «Скворечник», «Кормушка».')
    expect((await load(juryCabinet, { path: '/jury', cookie })).data).toMatchObject({ awaiting: [] })
  })

  it('says the organiser has yet to assign nominations when there are none, and so does the jury page', async () => {
    const invited = await makeUser(db, { email: 'sokolov@example.ru' })
    const { token } = await invite('sokolov@example.ru')
    const cookie = await sessionCookie(invited.id)
    expect(await acceptedToast(token, cookie)).toBe(
      'Вы в жюри конкурса «Тепло твоих рук». Номинации вам пока не назначены: когда организатор назначит их, конкурс появится в разделе «Работа в жюри».'
    )
    // The jury page agrees with the message instead of saying she is in no jury at all.
    expect((await load(juryCabinet, { path: '/jury', cookie })).data).toMatchObject({
      contests: [],
      awaiting: [{ id: scene.contest.id, title: 'Тепло твоих рук' }],
    })
  })
})
