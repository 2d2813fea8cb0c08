import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, firstRow, schema } from '../../db/client.server'
import { judgingContest, loggedIn, makeJuror } from '../factories-jury'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { inOrder } from '../factories'

let server: TestServer
let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>
let organiser: Client

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  scene = await judgingContest(db, { perNomination: 2, prefix: 'ОР' })
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

const specialPath = () => `/organiser/contests/${scene.contest.id}/special`
const extraPath = () => `/organiser/contests/${scene.contest.id}/extra-jurors`
const jurorSpecialPath = () => `/jury/stages/${scene.stage.id}/special/${scene.special.id}`

async function audit(action: string, entryId: number) {
  return await db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.entityId, String(entryId))))
}

describe('special prize nominations', () => {
  it('lets jurors propose candidates and the organiser record the jury’s decision with a reason, audit-logged', async () => {
    const [a, b] = await inOrder(['Первова Анна Сергеевна', 'Второв Борис Олегович'], async (fullName) =>
      await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.special.id], fullName }),
    )
    const [first, second] = scene.entries
    const ca = await loggedIn(server.url, a.email!)
    const cb = await loggedIn(server.url, b.email!)

    // A juror of the special prize only scores nothing, and sees every entry of the stage as a candidate.
    const page = pageText(await (await ca.get(jurorSpecialPath())).text())
    for (const e of scene.entries) expect(page).toContain(e.number)
    expect(pageText(await (await ca.get(`/jury/stages/${scene.stage.id}/entries/${first.id}`)).text())).not.toContain('Сохранить и дальше')
    const scoring = await ca.post(`/jury/stages/${scene.stage.id}/entries/${first.id}`, {
      intent: 'score',
      [`c${scene.criteria[0].id}`]: '5',
      [`c${scene.criteria[1].id}`]: '5',
    })
    expect(scoring.status).toBe(403)

    expect((await ca.post(jurorSpecialPath(), { intent: 'propose', entryId: String(first.id), note: 'Лучшая идея года' })).status).toBe(302)
    expect((await cb.post(jurorSpecialPath(), { intent: 'propose', entryId: String(first.id) })).status).toBe(302)
    expect((await cb.post(jurorSpecialPath(), { intent: 'propose', entryId: String(second.id) })).status).toBe(302)
    expect((await cb.post(jurorSpecialPath(), { intent: 'withdraw', entryId: String(second.id) })).status).toBe(302)
    expect(pageText(await (await ca.get(jurorSpecialPath())).text())).toContain('Вы предложили: 1')
    const bad = await ca.post(jurorSpecialPath(), { intent: 'propose', entryId: 'abc' })
    expect(bad.status).toBe(400)
    expect(pageText(await bad.text())).toContain('Заявка не найдена')

    const board = pageText(await (await organiser.get(specialPath())).text())
    expect(board).toContain('В жюри приза 2 человека')
    expect(board).toContain(`${first.number} «${first.title}»`)
    expect(board).toContain('2 из 2')
    expect(board).toContain('Первова Анна Сергеевна: Лучшая идея года')
    expect(board).not.toContain(`${second.number} «${second.title}»`)

    const noReason = await organiser.post(specialPath(), { intent: 'award', formId: `award-${scene.special.id}`, nominationId: String(scene.special.id), entry: first.number, reason: '' })
    expect(noReason.status).toBe(400)
    expect(pageText(await noReason.text())).toContain('Укажите основание решения')
    const noEntry = await organiser.post(specialPath(), { intent: 'award', nominationId: String(scene.special.id), entry: 'ОР-9999', reason: 'Протокол № 3' })
    expect(noEntry.status).toBe(400)
    expect(pageText(await noEntry.text())).toContain('нет заявки с таким номером')
    const notSpecial = await organiser.post(specialPath(), { intent: 'award', nominationId: String(scene.yard.id), entry: first.number, reason: 'Протокол № 3' })
    expect(notSpecial.status).toBe(400)
    expect(await db.select().from(schema.resultDecision)).toHaveLength(0)

    const awarded = await organiser.post(specialPath(), {
      intent: 'award',
      nominationId: String(scene.special.id),
      entry: first.number.toLowerCase().replace('-', ' '),
      reason: 'Протокол заседания жюри № 3 от 12.03',
    })
    expect(awarded.status).toBe(302)
    const decision = (await firstRow(db.select().from(schema.resultDecision).where(eq(schema.resultDecision.entryId, first.id))))!
    expect(decision).toMatchObject({
      stageId: scene.stage.id,
      nominationId: scene.special.id,
      award: 'special_prize',
      place: null,
      reason: 'Протокол заседания жюри № 3 от 12.03',
    })
    expect(await audit('result.special_prize.award', first.id)).toHaveLength(1)
    const after = pageText(await (await organiser.get(specialPath())).text())
    expect(after).toContain(`Решение записано: специальный приз — заявке ${first.number}`)
    expect(after).toContain('основание: Протокол заседания жюри № 3 от 12.03')

    const again = await organiser.post(specialPath(), { intent: 'award', nominationId: String(scene.special.id), entry: first.number, reason: 'Ещё раз' })
    expect(again.status).toBe(400)
    expect(pageText(await again.text())).toContain('этот специальный приз уже присуждён')

    const revoked = await organiser.post(specialPath(), { intent: 'revoke', decisionId: String(decision.id), reason: 'Ошибка в протоколе' })
    expect(revoked.status).toBe(302)
    expect(await db.select().from(schema.resultDecision).where(eq(schema.resultDecision.entryId, first.id))).toHaveLength(0)
    expect((await audit('result.special_prize.revoke', first.id))[0].after).toEqual({ reason: 'Ошибка в протоколе' })
    const twice = await organiser.post(specialPath(), { intent: 'revoke', decisionId: String(decision.id), reason: 'Ошибка в протоколе' })
    expect(twice.status).toBe(404)
    expect(pageText(await twice.text())).toContain('Такого решения нет.')
  })

  it('keeps jurors out of the organiser’s pages and proposals shut once the stage closes', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.special.id] })
    const client = await loggedIn(server.url, juror.email!)
    expect((await client.get(specialPath())).status).toBe(403)
    expect((await client.get(extraPath())).status).toBe(403)
    expect((await client.post(specialPath(), { intent: 'award', nominationId: String(scene.special.id), entry: '1', reason: 'Сам решил' })).status).toBe(403)

    const closed = await judgingContest(db, { perNomination: 1, prefix: 'ЗП' })
    const late = await makeJuror(db, { stageId: closed.stage.id, nominationIds: [closed.special.id] })
    await db.update(schema.stage).set({ status: 'closed' }).where(eq(schema.stage.id, closed.stage.id))
    const lateClient = await loggedIn(server.url, late.email!)
    const res = await lateClient.post(`/jury/stages/${closed.stage.id}/special/${closed.special.id}`, { intent: 'propose', entryId: String(closed.entries[0].id) })
    expect(res.status).toBe(409)
    expect(await db.select().from(schema.specialPrizeProposal).where(eq(schema.specialPrizeProposal.jurorId, late.id))).toHaveLength(0)
  })
})

describe('an extra juror for one entry', () => {
  it('puts the entry in the juror’s queue, mails them and writes the audit log', async () => {
    const target = scene.entries.find((e) => e.nominationId === scene.yard.id)!
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id], fullName: 'Допов Иван Ильич' })
    const form = await organiser.get(`${extraPath()}?stageId=${scene.stage.id}&entry=${encodeURIComponent(target.number)}`)
    const html = pageText(await form.text())
    expect(html).toContain(`value="${target.number}"`)
    expect(html).toContain('Допов Иван Ильич')

    const res = await organiser.post(extraPath(), { intent: 'assign', stageId: String(scene.stage.id), entry: target.number, jurorId: juror.id })
    expect(res.status).toBe(302)
    const listed = pageText(await (await organiser.get(extraPath())).text())
    expect(listed).toContain(`Допов Иван Ильич назначен(а) оценить заявку ${target.number}`)
    expect(listed).toContain('Ждёт оценки')
    expect(await audit('jury.extra_assign', target.id)).toHaveLength(1)
    const mail = (await firstRow(db.select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, juror.email!))))!
    expect(mail.subject).toBe(`Просьба оценить заявку ${target.number}`)
    expect(mail.text).toContain(`/jury/stages/${scene.stage.id}/entries/${target.id}`)

    const client = await loggedIn(server.url, juror.email!)
    expect(pageText(await (await client.get(`/jury/stages/${scene.stage.id}`)).text())).toContain(target.number)
    expect((await client.get(`/jury/stages/${scene.stage.id}/entries/${target.id}`)).status).toBe(200)
  })

  it('refuses a conflicted juror, one who already scores the entry, a repeat, an unknown entry or a non-juror, each beside its field', async () => {
    const [target, other] = scene.entries.filter((e) => e.nominationId === scene.yard.id)
    const owner = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id] })
    await db.update(schema.entry).set({ ownerId: owner.id }).where(eq(schema.entry.id, other.id))
    const scoring = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const extra = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id] })
    const resident = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, DEMO.resident))))!
    const assign = (entry: string, jurorId: string) => organiser.post(extraPath(), { intent: 'assign', stageId: String(scene.stage.id), entry, jurorId })
    expect((await assign(target.number, extra.id)).status).toBe(302)

    for (const [entry, jurorId, message] of [
      [other.number, owner.id, `конфликт интересов с заявкой ${other.number}: своя заявка`],
      [target.number, scoring.id, `уже оценивает заявку ${target.number}`],
      [target.number, extra.id, `уже оценивает заявку ${target.number}`],
      ['ОР-0404', extra.id, 'нет заявки с таким номером'],
      ['не номер', extra.id, 'нет заявки с таким номером'],
      [target.number, resident.id, 'Выберите члена жюри из списка'],
    ] as const) {
      const res = await assign(entry, jurorId)
      expect(res.status, message).toBe(400)
      const html = pageText(await res.text())
      expect(html).toContain(message)
      expect(html).toMatch(/aria-invalid="true"/)
    }
    expect(await db.select().from(schema.extraAssignment).where(eq(schema.extraAssignment.entryId, other.id))).toHaveLength(0)
  })

  it('withdraws a request not yet acted on, and keeps one the juror has scored', async () => {
    const [, , balconyEntry] = scene.entries
    const [waiting, done] = await inOrder([0, 1], async () => await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] }))
    for (const j of [waiting, done]) {
      expect((await organiser.post(extraPath(), { intent: 'assign', stageId: String(scene.stage.id), entry: balconyEntry.number, jurorId: j.id })).status).toBe(302)
    }
    const client = await loggedIn(server.url, done.email!)
    const scored = await client.post(`/jury/stages/${scene.stage.id}/entries/${balconyEntry.id}`, { intent: 'score', [`c${scene.balconyCriteria[0].id}`]: '7' })
    expect(scored.status).toBe(302)
    const rows = await db.select().from(schema.extraAssignment).where(eq(schema.extraAssignment.entryId, balconyEntry.id))
    const idOf = (jurorId: string) => String(rows.find((r) => r.jurorId === jurorId)!.id)

    const kept = await organiser.post(extraPath(), { intent: 'remove', extraId: idOf(done.id) })
    expect(kept.status).toBe(400)
    expect(pageText(await kept.text())).toContain('Член жюри уже оценил эту заявку')
    expect((await organiser.post(extraPath(), { intent: 'remove', extraId: idOf(waiting.id) })).status).toBe(302)
    expect((await db.select().from(schema.extraAssignment).where(eq(schema.extraAssignment.entryId, balconyEntry.id))).map((r) => r.jurorId)).toEqual([done.id])
    expect(await audit('jury.extra_unassign', balconyEntry.id)).toHaveLength(1)
  })
})
