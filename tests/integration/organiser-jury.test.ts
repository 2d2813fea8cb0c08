import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import { assignJuror, makeEntry, makeUser, score, testDb } from '../factories'
import { createContest, invitationPath, organiserClient, setUpContest, startMailbox } from '../factories-organiser'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { closeDatabase, firstRow, schema } from '../../db/client.server'

let mailbox: Awaited<ReturnType<typeof startMailbox>>
let server: TestServer
let db: DB
let organiser: Client
let contestId: number

beforeAll(async () => {
  mailbox = await startMailbox()
  server = await startServer({ SMTP_URL: mailbox.url })
  db = testDb(server.dbPath)
  organiser = await organiserClient(server.url)
  contestId = await createContest(organiser, { title: 'Тепло твоих рук — жюри', slug: 'teplo-zhyuri', numberPrefix: 'ТТР' })
  await setUpContest(organiser, contestId, { slug: 'teplo-zhyuri', title: 'Тепло твоих рук — жюри', numberPrefix: 'ТТР' })
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
  await mailbox?.stop()
})

const jury = (form: Record<string, string> | URLSearchParams) => organiser.post(`/organiser/contests/${contestId}/jury`, form)
const roles = async (email: string) => {
  const user = await firstRow(db.select().from(schema.user).where(eq(schema.user.email, email)))
  return user ? (await db.select().from(schema.userRole).where(eq(schema.userRole.userId, user.id))).map((r) => r.role).sort() : []
}

describe('jury invitations by e-mail', () => {
  it('sends the invitation over SMTP; its link lets a newcomer create an account and become a juror', async () => {
    const res = await jury({ intent: 'invite', email: 'Lebedeva@Example.ru', fullName: 'Лебедева Анна Сергеевна' })
    expect(res.status).toBe(302)
    const mail = await mailbox.receive('lebedeva@example.ru', /Приглашение в жюри/)
    expect(mail.subject).toBe('Приглашение в жюри конкурса «Тепло твоих рук — жюри»')
    expect(mail.from).toBe('noreply@konkurs.local')
    expect(mail.text).toContain('Здравствуйте, Лебедева Анна Сергеевна!')
    expect(mail.text).toMatch(/Ссылка действует до \d+ \S+ \d{4} г\. в \d{2}:\d{2}/)
    const path = invitationPath(mail.text)
    // Only a hash of the token is kept.
    const token = path.split('/').pop()!
    const stored = (await firstRow(db.select().from(schema.juryInvitation).where(eq(schema.juryInvitation.email, 'lebedeva@example.ru'))))!
    expect(stored.tokenHash).not.toContain(token)
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)

    const invitee = new Client(server.url)
    const page = await invitee.get(path)
    expect(page.status).toBe(200)
    const html = pageText(await page.text())
    expect(html).toContain('Конкурс «Тепло твоих рук — жюри»')
    expect(html).toContain('value="lebedeva@example.ru"')

    const weak = await invitee.post(path, { intent: 'register', fullName: 'Лебедева Анна Сергеевна', password: 'short', consent: 'on' })
    expect(weak.status).toBe(400)
    const refused = await weak.text()
    expect(refused).toContain('Пароль должен быть не короче 8 символов')
    expect(refused).not.toContain('value="short"')

    // Without the consent box ticked no account is made (152-ФЗ).
    const unconsented = await invitee.post(path, { intent: 'register', fullName: 'Лебедева Анна Сергеевна', password: 'Skvorec2027' })
    expect(unconsented.status).toBe(400)
    expect(pageText(await unconsented.text())).toContain('Без согласия на обработку персональных данных зарегистрироваться нельзя')
    const join = await invitee.post(path, { intent: 'register', fullName: 'Лебедева Анна Сергеевна', password: 'Skvorec2027', consent: 'on' })
    expect(join.status).toBe(302)
    expect(join.headers.get('location')).toBe('/cabinet')
    expect(invitee.cookies.has('session')).toBe(true)
    expect(await roles('lebedeva@example.ru')).toEqual(['juror', 'resident'])
    // The consent is recorded as at registration: the policy's version and the time.
    const joined = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, 'lebedeva@example.ru'))))!
    expect(joined.consentVersion).toBe(pageText(await (await new Client(server.url).get('/privacy')).text()).match(/Редакция ([0-9a-f]{12})\./)?.[1])
    expect(joined.consentAt).toBeInstanceOf(Date)
    const cabinet = pageText(await (await invitee.get('/cabinet')).text())
    expect(cabinet).toContain('Вы в жюри конкурса «Тепло твоих рук — жюри». Номинации вам пока не назначены')
    expect(cabinet).toContain('Работа в жюри')

    // The link is spent, and no longer says whom it was for.
    const spent = pageText(await (await new Client(server.url).get(path)).text())
    expect(spent).toContain('Приглашение уже принято')
    expect(spent).not.toContain('lebedeva@example.ru')
    expect(spent).not.toContain('Лебедева')
    const again = await new Client(server.url).post(path, { intent: 'register', fullName: 'Другой Человек', password: 'Skvorec2027', consent: 'on' })
    expect(again.status).toBe(400)
    const list = pageText(await (await organiser.get(`/organiser/contests/${contestId}/jury`)).text())
    expect(list).toContain('принято')
    expect(list).toContain('Лебедева Анна Сергеевна, ')
  })

  it('lets someone with an account join by logging in, and gives the juror role to that account', async () => {
    expect((await jury({ intent: 'invite', email: DEMO.resident })).status).toBe(302)
    const path = invitationPath((await mailbox.receive(DEMO.resident)).text)
    const guest = new Client(server.url)
    const page = pageText(await (await guest.get(path)).text())
    expect(page).toContain(`/login?redirectTo=${encodeURIComponent(path)}`)
    // Creating a second account with the invited address is refused with the way forward.
    const twin = await guest.post(path, { intent: 'register', fullName: 'Иванова Мария Петровна', password: 'Skvorec2027', consent: 'on' })
    expect(twin.status).toBe(400)
    expect(pageText(await twin.text())).toContain(`Учётная запись с адресом ${DEMO.resident} уже есть. Войдите в неё, чтобы принять приглашение.`)

    const resident = new Client(server.url)
    const login = await resident.post('/login', { email: DEMO.resident, password: DEMO.password, redirectTo: path })
    expect(login.headers.get('location')).toBe(path)
    expect(pageText(await (await resident.get(path)).text())).toContain('Вы вошли как Иванова Мария Петровна')
    const accept = await resident.post(path, { intent: 'accept' })
    expect(accept.status).toBe(302)
    expect(await roles(DEMO.resident)).toEqual(['juror', 'resident'])
  })

  it('sends a fresh link on a second invitation, voiding the first, and refuses expired and revoked links', async () => {
    await jury({ intent: 'invite', email: 'orlov@example.ru' })
    const first = invitationPath((await mailbox.receive('orlov@example.ru')).text)
    const resent = await jury({ intent: 'invite', email: 'orlov@example.ru', resend: '1' })
    expect(resent.status).toBe(302)
    await expect.poll(() => mailbox.messages.filter((m) => m.to.includes('orlov@example.ru')).length).toBe(2)
    const second = invitationPath(mailbox.messages.filter((m) => m.to.includes('orlov@example.ru'))[1].text)
    expect(second).not.toBe(first)
    const gone = await new Client(server.url).get(first)
    expect(gone.status).toBe(404)
    expect(await gone.text()).toContain('Приглашение не найдено')

    await db.update(schema.juryInvitation).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.juryInvitation.email, 'orlov@example.ru'))
    const expired = await new Client(server.url).get(second)
    expect(expired.status).toBe(410)
    expect(pageText(await expired.text())).toContain('Срок действия приглашения истёк')
    const late = await new Client(server.url).post(second, { intent: 'register', fullName: 'Орлов Пётр Ильич', password: 'Skvorec2027', consent: 'on' })
    expect(late.status).toBe(400)
    expect(pageText(await late.text())).toContain('Срок действия приглашения истёк. Попросите организатора прислать новое.')
    expect(await roles('orlov@example.ru')).toEqual([])

    const invitation = (await firstRow(db.select().from(schema.juryInvitation).where(eq(schema.juryInvitation.email, 'orlov@example.ru'))))!
    expect((await jury({ intent: 'revoke', id: String(invitation.id) })).status).toBe(302)
    expect((await new Client(server.url).get(second)).status).toBe(404)
  })

  it('refuses a malformed address and an invitation already accepted', async () => {
    const bad = await jury({ intent: 'invite', email: 'not-an-email' })
    expect(bad.status).toBe(400)
    expect(pageText(await bad.text())).toContain('Адрес электронной почты указан неверно')
    const accepted = await jury({ intent: 'invite', email: 'lebedeva@example.ru' })
    expect(accepted.status).toBe(400)
    expect(pageText(await accepted.text())).toContain('Приглашение на этот адрес уже принято.')
  })

  it('shows every message in the outbox as sent, to organisers only', async () => {
    const html = pageText(await (await organiser.get('/organiser/outbox')).text())
    expect(html).toContain('Приглашение в жюри конкурса «Тепло твоих рук — жюри»')
    expect(html).toContain('lebedeva@example.ru')
    expect(html).toContain('отправлено')
    expect(html).not.toContain('Почтовый сервер не настроен')
    const juror = new Client(server.url)
    await juror.login(DEMO.juror, DEMO.password)
    expect((await juror.get('/organiser/outbox')).status).toBe(403)
  })
})

describe('assignment and conflicts', () => {
  const user = async (email: string) => (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, email))))!
  const nominations = async () => await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contestId))
  const stages = async () => await db.select().from(schema.stage).where(eq(schema.stage.contestId, contestId))

  it('assigns a juror to chosen nominations of the city stage, once each, and takes the assignment back', async () => {
    const juror = await user('lebedeva@example.ru')
    const [spring, eco] = await nominations()
    const city = (await stages())[0]
    const form = new URLSearchParams([['intent', 'assign'], ['stageId', String(city.id)], ['jurorId', juror.id], ['nominationIds', String(spring.id)], ['nominationIds', String(eco.id)]])
    expect((await jury(form)).status).toBe(302)
    expect((await jury(form)).status).toBe(302)
    const rows = await db.select().from(schema.juryAssignment).where(eq(schema.juryAssignment.jurorId, juror.id))
    expect(rows.map((r) => r.nominationId).sort()).toEqual([spring.id, eco.id].sort())
    const html = pageText(await (await organiser.get(`/organiser/contests/${contestId}/jury`)).text())
    expect(html).toContain('снять<span class="sr-only"> — Лебедева Анна Сергеевна, «Экодомик»</span>')

    const none = await jury({ intent: 'assign', stageId: String(city.id), jurorId: juror.id })
    expect(none.status).toBe(400)
    expect(pageText(await none.text())).toContain('Выберите хотя бы одну номинацию')
    const district = await jury({ intent: 'assign', stageId: String(city.id), jurorId: juror.id, nominationIds: String(spring.id), districtIds: '1' })
    expect(pageText(await district.text())).toContain('На городском этапе район не выбирается.')
    const notJuror = await jury({ intent: 'assign', stageId: String(city.id), jurorId: (await user(DEMO.operator)).id, nominationIds: String(spring.id) })
    expect(pageText(await notJuror.text())).toContain('Выберите члена жюри из списка.')

    const ecoRow = rows.find((r) => r.nominationId === eco.id)!
    expect((await jury({ intent: 'unassign', id: String(ecoRow.id) })).status).toBe(302)
    expect(await firstRow(db.select().from(schema.juryAssignment).where(eq(schema.juryAssignment.id, ecoRow.id)))).toBeUndefined()
  })

  it('keeps an assignment whose juror has already scored', async () => {
    const juror = await user('lebedeva@example.ru')
    const [spring] = await nominations()
    const city = (await stages())[0]
    const criterion = (await firstRow(db.select().from(schema.criterion).where(eq(schema.criterion.contestId, contestId))))!
    const entry = await makeEntry(db, { contestId, ownerId: (await makeUser(db)).id, nominationId: spring.id })
    await score(db, { stageId: city.id, entryId: entry.id, jurorId: juror.id, points: { [criterion.id]: 7 } })
    const row = (await firstRow(db.select().from(schema.juryAssignment).where(and(eq(schema.juryAssignment.jurorId, juror.id), eq(schema.juryAssignment.nominationId, spring.id)))))!
    const res = await jury({ intent: 'unassign', id: String(row.id) })
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('Лебедева Анна Сергеевна уже оценивает заявки номинации «Весна в шахтерском крае»: назначение нельзя снять.')
  })

  it('requires districts on a district stage', async () => {
    const other = await createContest(organiser, { title: 'Районы', slug: 'rajony' })
    await organiser.post(`/organiser/contests/${other}/stages`, { intent: 'plan', plan: 'district_city', advanceCount: '2' })
    await organiser.post(`/organiser/contests/${other}/nominations`, { intent: 'add-nominations', names: 'Лучший двор' })
    const districtStage = (await firstRow(db.select().from(schema.stage).where(and(eq(schema.stage.contestId, other), eq(schema.stage.kind, 'district')))))!
    const nomination = (await firstRow(db.select().from(schema.nomination).where(eq(schema.nomination.contestId, other))))!
    const juror = await user('lebedeva@example.ru')
    const post = (form: Record<string, string> | URLSearchParams) => organiser.post(`/organiser/contests/${other}/jury`, form)
    const missing = await post({ intent: 'assign', stageId: String(districtStage.id), jurorId: juror.id, nominationIds: String(nomination.id) })
    expect(pageText(await missing.text())).toContain('Выберите хотя бы один район')
    const zavodsky = (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, 'Заводский район'))))!
    expect((await post({ intent: 'assign', stageId: String(districtStage.id), jurorId: juror.id, nominationIds: String(nomination.id), districtIds: String(zavodsky.id) })).status).toBe(302)
    expect(await db.select().from(schema.juryAssignment).where(eq(schema.juryAssignment.stageId, districtStage.id))).toMatchObject([{ districtId: zavodsky.id }])
  })

  it('marks a conflict by entry number and lists the ones found automatically', async () => {
    const juror = await user('lebedeva@example.ru')
    const [spring] = await nominations()
    const neighbour = await makeEntry(db, { contestId, ownerId: (await makeUser(db)).id, nominationId: spring.id, seq: 12 })
    await makeEntry(db, { contestId, ownerId: juror.id, nominationId: spring.id, seq: 13 })

    const wrong = await jury({ intent: 'conflict', jurorId: juror.id, entryNumber: 'СК-0012' })
    expect(pageText(await wrong.text())).toContain('Номер заявки в этом конкурсе выглядит так: ТТР-0012.')
    const missing = await jury({ intent: 'conflict', jurorId: juror.id, entryNumber: 'ТТР-0999' })
    expect(pageText(await missing.text())).toContain('Заявки ТТР-0999 в конкурсе нет.')
    expect((await jury({ intent: 'conflict', jurorId: juror.id, entryNumber: 'ттр 12', reason: 'Соседи по подъезду' })).status).toBe(302)
    expect(await db.select().from(schema.conflict).where(eq(schema.conflict.entryId, neighbour.id))).toMatchObject([{ kind: 'organiser', jurorId: juror.id, reason: 'Соседи по подъезду' }])
    const twice = await jury({ intent: 'conflict', jurorId: juror.id, entryNumber: 'ТТР-0012' })
    expect(pageText(await twice.text())).toContain('Конфликт с заявкой ТТР-0012 уже отмечен (отмечен организатором).')

    const html = pageText(await (await organiser.get(`/organiser/contests/${contestId}/jury`)).text())
    expect(html).toContain('Исключены автоматически')
    expect(html).toMatch(/ТТР-0013<\/td><td>своя заявка/)
    expect(html).toContain('Соседи по подъезду')
    // The one extra-juror form is reachable from here.
    expect(html).toContain(`href="/organiser/contests/${contestId}/extra-jurors"`)

    const log = pageText(await (await organiser.get(`/organiser/contests/${contestId}/audit?type=conflict`)).text())
    expect(log).toContain('Отмечен конфликт интересов')
    expect(log).toContain('ТТР-0012')
  })
})

describe('the progress dashboard', () => {
  it('shows entries by status, each juror’s load, entries with too few scores and strong disagreement', async () => {
    const id = await createContest(organiser, { title: 'Ход оценки', slug: 'hod-ocenki', numberPrefix: 'ХО' })
    await setUpContest(organiser, id, { slug: 'hod-ocenki', title: 'Ход оценки', numberPrefix: 'ХО' })
    const [nomination] = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, id))
    const criterion = (await firstRow(db.select().from(schema.criterion).where(eq(schema.criterion.contestId, id))))!
    const stage = (await firstRow(db.select().from(schema.stage).where(eq(schema.stage.contestId, id))))!
    const a = await makeUser(db, { fullName: 'Алексеева Анна', roles: ['juror'] })
    const b = await makeUser(db, { fullName: 'Борисов Борис', roles: ['juror'] })
    for (const juror of [a, b]) await assignJuror(db, { stageId: stage.id, jurorId: juror.id, nominationId: nomination.id })
    const owner = await makeUser(db)
    const agreed = await makeEntry(db, { contestId: id, ownerId: owner.id, nominationId: nomination.id, seq: 1 })
    const disputed = await makeEntry(db, { contestId: id, ownerId: owner.id, nominationId: nomination.id, seq: 2 })
    await makeEntry(db, { contestId: id, ownerId: owner.id, nominationId: nomination.id, seq: 3 })
    await makeEntry(db, { contestId: id, ownerId: owner.id, nominationId: nomination.id, seq: 4, status: 'submitted' })
    await score(db, { stageId: stage.id, entryId: agreed.id, jurorId: a.id, points: { [criterion.id]: 8 } })
    await score(db, { stageId: stage.id, entryId: agreed.id, jurorId: b.id, points: { [criterion.id]: 7 } })
    await score(db, { stageId: stage.id, entryId: disputed.id, jurorId: a.id, points: { [criterion.id]: 9 } })
    await score(db, { stageId: stage.id, entryId: disputed.id, jurorId: b.id, points: { [criterion.id]: 2 } })

    const threshold = await organiser.post(`/organiser/contests/${id}/progress`, { intent: 'threshold', disagreementThreshold: '3,5', stageId: String(stage.id) })
    expect(threshold.status).toBe(302)
    expect((await firstRow(db.select().from(schema.contest).where(eq(schema.contest.id, id))))!.disagreementThreshold).toBe(3.5)
    const negative = await organiser.post(`/organiser/contests/${id}/progress`, { intent: 'threshold', disagreementThreshold: '-1' })
    expect(pageText(await negative.text())).toContain('Порог не может быть отрицательным')

    const html = pageText(await (await organiser.get(`/organiser/contests/${id}/progress`)).text())
    // The columns read as the entrant's own page does: «Снята с конкурса», not a shorter label of the organiser's.
    expect(html).toContain('>Снята с конкурса</th>')
    // 3 accepted and 1 submitted in the nomination.
    expect(html).toMatch(/Весна в шахтерском крае<\/th><td>0<\/td><td>1<\/td><td>3<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>4<\/td>/)
    // Each juror has 3 entries, 2 scored, 1 left.
    expect(html).toMatch(/Алексеева Анна<progress[^>]*><\/progress><\/th><td>3<\/td><td>2<\/td><td>1<\/td>/)
    expect(html).toMatch(/Борисов Борис<progress[^>]*><\/progress><\/th><td>3<\/td><td>2<\/td><td>1<\/td>/)
    const few = html.slice(html.indexOf('Меньше 2 оценок'), html.indexOf('Порог расхождения'))
    expect(few).toContain('ХО-0003')
    expect(few).not.toContain('ХО-0001')
    const spread = html.slice(html.indexOf('Члены жюри сильно расходятся'))
    expect(spread).toContain('ХО-0002')
    expect(spread).toContain('разброс 7')
    expect(spread).toContain('Алексеева Анна — 9; Борисов Борис — 2')
    expect(spread).not.toContain('ХО-0001')

    // An extra juror for the entry with too few scores: the dashboard links to the one extra-juror form, filled in.
    const c = await makeUser(db, { fullName: 'Васильев Виктор', roles: ['juror'] })
    const link = new RegExp(`href="(/organiser/contests/${id}/extra-jurors\\?stageId=${stage.id}&amp;entry=[^"]+)"[^>]*>Попросить ещё одного члена жюри оценить ХО-0003<`).exec(few)
    expect(link).not.toBeNull()
    const form = pageText(await (await organiser.get(link![1].replaceAll('&amp;', '&'))).text())
    expect(form).toContain('value="ХО-0003"')
    const extra = await organiser.post(`/organiser/contests/${id}/extra-jurors`, { intent: 'assign', stageId: String(stage.id), entry: 'ХО-0003', jurorId: c.id })
    expect(extra.status).toBe(302)
    const after = pageText(await (await organiser.get(`/organiser/contests/${id}/progress`)).text())
    expect(after).toMatch(/Васильев Виктор<progress[^>]*><\/progress><\/th><td>1<\/td><td>0<\/td><td>1<\/td>/)
    const twice = await organiser.post(`/organiser/contests/${id}/extra-jurors`, { intent: 'assign', stageId: String(stage.id), entry: 'ХО-0003', jurorId: c.id })
    expect(twice.status).toBe(400)
    expect(pageText(await twice.text())).toContain('Васильев Виктор уже оценивает заявку ХО-0003 на этом этапе')
  })
})
