/**
 * People's choice voting (#16, docs/decisions/037) over real HTTP: a vote counts once, within the window,
 * within the limit, never for one's own entry, only from a confirmed address, only with a fresh proof
 * of work; a vote is moved and withdrawn; jurors see no counts.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import { assignJuror, makeContest, makeEntry, makeUser } from '../factories'
import { closeServerDb, serverDb } from '../factories-entries'
import { shownText, startServer, type TestServer } from '../setup/server'
import { signedIn, solvedProof, voter, votesFor, votesOf } from './voting-helpers'

let server: TestServer
let db: DB
const HOUR = 3_600_000

beforeAll(async () => {
  server = await startServer()
  db = serverDb(server)
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

/** A contest in judging whose voting runs now (or ran: `closed`), in its first nomination, with live counts. */
async function votingContest(closed = false) {
  const made = await makeContest(db, { status: 'judging' })
  const [first, second] = made.nominations
  await db
    .update(schema.contest)
    .set({
      votingEnabled: true,
      votingOpensAt: new Date(Date.now() - 2 * HOUR),
      votingClosesAt: new Date(Date.now() + (closed ? -HOUR : HOUR)),
      votingNominationIds: [first.id],
      votingCountsLive: true,
    })
    .where(eq(schema.contest.id, made.contest.id))
  return { ...made, first, second }
}

const number = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(4, '0')}`

async function post(client: Awaited<ReturnType<typeof voter>>['client'], slug: string, fields: Record<string, string>) {
  const res = await client.post(`/contests/${slug}/gallery`, { intent: 'vote', back: `/contests/${slug}/gallery`, ...fields })
  return { status: res.status, text: res.status === 302 ? '' : shownText(await res.text()) }
}

describe('a vote', () => {
  it('is taken once, moved within the limit, withdrawn; each refusal says why in Russian and counts nothing', async () => {
    const { contest, first, second, stages } = await votingContest()
    const owner = await makeUser(db, { emailVerifiedAt: new Date() })
    const coauthor = await makeUser(db, { emailVerifiedAt: new Date() })
    const a = await makeEntry(db, { contestId: contest.id, ownerId: owner.id, nominationId: first.id, authors: [{ fullName: 'Автор Первый' }, { fullName: 'Соавтор', userId: coauthor.id }] })
    const b = await makeEntry(db, { contestId: contest.id, ownerId: owner.id, nominationId: first.id })
    const other = await makeEntry(db, { contestId: contest.id, ownerId: owner.id, nominationId: second.id })
    const [na, nb, nOther] = [a, b, other].map((e) => number(contest.numberPrefix, e.seq!))
    const { person, client } = await voter(db, server.url)

    // Given with a solved proof: counted, and the gallery shows the voter their vote.
    const proof = await solvedProof(client)
    expect((await post(client, contest.slug, { number: na, altcha: proof })).status).toBe(302)
    expect(await votesFor(db, a.id)).toBe(1)
    const gallery = shownText(await (await client.get(`/contests/${contest.slug}/gallery`)).text())
    expect(gallery).toContain('Вы проголосовали')
    expect(gallery).toContain('Перенести голос сюда')

    // The same vote again.
    let r = await post(client, contest.slug, { number: na, altcha: await solvedProof(client) })
    expect([r.status, r.text]).toEqual([409, expect.stringContaining(`Вы уже проголосовали за работу ${na}`)])
    expect(await votesFor(db, a.id)).toBe(1)

    // Beyond the limit (one vote in the nomination): refused, not counted.
    r = await post(client, contest.slug, { number: nb, altcha: await solvedProof(client) })
    expect(r.status).toBe(409)
    expect(r.text).toContain('у вас 1 голос, и он отдан')
    expect(await votesFor(db, b.id)).toBe(0)

    // A spent proof, a wrong one: refused before anything is counted.
    r = await post(client, contest.slug, { intent: 'move', from: na, number: nb, altcha: proof })
    expect([r.status, r.text]).toEqual([409, expect.stringContaining('Эта проверка «я не робот» уже использована')])
    const tampered = JSON.parse(Buffer.from(await solvedProof(client), 'base64').toString()) as { solution: { derivedKey: string } }
    // The key the work found, one digit off: as if guessed.
    const k = tampered.solution.derivedKey
    tampered.solution.derivedKey = (k[0] === '0' ? '1' : '0') + k.slice(1)
    r = await post(client, contest.slug, { intent: 'move', from: na, number: nb, altcha: Buffer.from(JSON.stringify(tampered)).toString('base64') })
    expect([r.status, r.text]).toEqual([400, expect.stringContaining('Проверка «я не робот» не пройдена')])
    r = await post(client, contest.slug, { intent: 'move', from: na, number: nb, altcha: 'не доказательство' })
    expect(r.status).toBe(400)
    expect([await votesFor(db, a.id), await votesFor(db, b.id)]).toEqual([1, 0])

    // Moved: from A to B.
    expect((await post(client, contest.slug, { intent: 'move', from: na, number: nb, altcha: await solvedProof(client) })).status).toBe(302)
    expect([await votesOf(db, person.id, a.id), await votesOf(db, person.id, b.id)]).toEqual([0, 1])

    // A nomination that is not voted in.
    r = await post(client, contest.slug, { number: nOther, altcha: await solvedProof(client) })
    expect([r.status, r.text]).toEqual([403, expect.stringContaining(`В номинации «${second.name}» голосования нет`)])

    // The cabinet lists the vote.
    const cabinet = shownText(await (await client.get('/cabinet')).text())
    expect(cabinet).toContain('Мои голоса')
    expect(cabinet).toContain(`${nb} «${b.title}»`)

    // Withdrawn.
    expect((await post(client, contest.slug, { intent: 'withdraw', number: nb })).status).toBe(302)
    expect(await votesFor(db, b.id)).toBe(0)

    // One's own entry, as its owner and as a co-author with an account: refused on both pages, the button not offered.
    for (const author of [owner, coauthor]) {
      const own = await signedIn(db, server.url, author.id)
      r = await post(own, contest.slug, { number: na, altcha: await solvedProof(own) })
      expect([r.status, r.text]).toEqual([403, expect.stringContaining('За свою работу голосовать нельзя')])
      const page = shownText(await (await own.get(`/contests/${contest.slug}/entries/${na}`)).text())
      expect(page).toContain('Ваша работа: за неё голосовать нельзя')
      expect(page).not.toContain('Голосовать (работа')
    }
    expect(await votesFor(db, a.id)).toBe(0)

    // Jurors see no counts, on their pages or on the public gallery, while a resident sees them (live counts on).
    expect((await post(client, contest.slug, { number: na, altcha: await solvedProof(client) })).status).toBe(302)
    expect(shownText(await (await client.get(`/contests/${contest.slug}/gallery`)).text())).toContain('1 голос')
    const juror = await makeUser(db, { roles: ['juror'], emailVerifiedAt: new Date() })
    await assignJuror(db, { stageId: stages[0].id, jurorId: juror.id, nominationId: first.id })
    await db.update(schema.stage).set({ status: 'judging' }).where(eq(schema.stage.id, stages[0].id))
    const jurorClient = await signedIn(db, server.url, juror.id)
    for (const path of [`/contests/${contest.slug}/gallery`, `/jury/stages/${stages[0].id}`, `/jury/stages/${stages[0].id}/entries/${a.id}`]) {
      const res = await jurorClient.get(path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(shownText(html), path).not.toMatch(/\d+ голос/)
      expect(html, path).not.toContain('"counts":{')
    }
  })

  it('is refused outside the window and to an unconfirmed address, with a Russian message, and nothing is counted', async () => {
    const closed = await votingContest(true)
    const owner = await makeUser(db)
    const e = await makeEntry(db, { contestId: closed.contest.id, ownerId: owner.id, nominationId: closed.first.id })
    const n = number(closed.contest.numberPrefix, e.seq!)
    const { client } = await voter(db, server.url)
    let r = await post(client, closed.contest.slug, { number: n, altcha: await solvedProof(client) })
    expect([r.status, r.text]).toEqual([403, expect.stringContaining('Голосование завершено')])

    const open = await votingContest()
    const e2 = await makeEntry(db, { contestId: open.contest.id, ownerId: owner.id, nominationId: open.first.id })
    const n2 = number(open.contest.numberPrefix, e2.seq!)
    const unconfirmed = await voter(db, server.url, { verified: false })
    r = await post(unconfirmed.client, open.contest.slug, { number: n2, altcha: await solvedProof(unconfirmed.client) })
    expect([r.status, r.text]).toEqual([403, expect.stringContaining('после подтверждения адреса электронной почты')])
    expect(shownText(await (await unconfirmed.client.get(`/contests/${open.contest.slug}/entries/${n2}`)).text())).toContain('Подтвердить адрес')
    expect([await votesFor(db, e.id), await votesFor(db, e2.id)]).toEqual([0, 0])
  })

  it('without a proof of work (no JavaScript) is taken, marked, and limited to a few per address', async () => {
    const { contest, first } = await votingContest()
    const owner = await makeUser(db)
    const e = await makeEntry(db, { contestId: contest.id, ownerId: owner.id, nominationId: first.id })
    const n = number(contest.numberPrefix, e.seq!)
    const statuses: number[] = []
    let last = ''
    for (let i = 0; i < 11; i++) {
      const { client } = await voter(db, server.url)
      const r = await post(client, contest.slug, { number: n })
      statuses.push(r.status)
      last = r.text
    }
    expect(statuses).toEqual([...Array(10).fill(302), 429])
    expect(last).toContain('С вашего адреса слишком много голосов без JavaScript')
    expect(await votesFor(db, e.id)).toBe(10)
    expect((await db.select().from(schema.vote).where(eq(schema.vote.entryId, e.id))).every((v) => !v.withProof && v.ip)).toBe(true)
  })
})
