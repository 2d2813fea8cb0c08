/**
 * The vote's rate limits (#16 item 3, docs/decisions/037), asked of the gallery's action as the form
 * posts it, with real proofs of work: per account (30 posts in 10 minutes, whatever they do) and per
 * address for votes with a proof (600 in 10 minutes). Past each, the vote is refused with 429 and a
 * Russian message, nothing is counted and the proof is not spent. (The far lower limit per address
 * without a proof is in tests/integration/voting.test.ts.)
 */
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema, type DB } from '../../db/client.server'
import * as gallery from '../../app/routes/contests.$slug_.gallery'
import { newChallenge } from '../../app/modules/voting/proof.server'
import { castVote } from '../../app/modules/voting/voting.server'
import { getUser } from '../../app/utils/auth.server'
import { makeAcceptedEntries } from '../factories-entries'
import { makeContest, makeUser } from '../factories'
import { act, openAppDatabase, sessionCookie } from '../setup/in-process'

let db: DB
let slug: string
let contestId: number
const numbers: string[] = []
const HOUR = 3_600_000

beforeAll(async () => {
  // Little work per proof: the server's check costs the same whatever the work.
  process.env.VOTE_POW_MAX_NUMBER = '10'
  db = openAppDatabase()
  const owner = await makeUser(db)
  const { contest, nominations } = await makeContest(db, { status: 'judging' })
  await db
    .update(schema.contest)
    .set({ votingEnabled: true, votingOpensAt: new Date(Date.now() - HOUR), votingClosesAt: new Date(Date.now() + HOUR), votingNominationIds: [nominations[0].id] })
    .where(eq(schema.contest.id, contest.id))
  await makeAcceptedEntries(db, { contestId: contest.id, ownerId: owner.id, nominationIds: [nominations[0].id], count: 2 })
  slug = contest.slug
  contestId = contest.id
  numbers.push(`${contest.numberPrefix}-0001`, `${contest.numberPrefix}-0002`)
})

/** A challenge as /resources/vote-challenge gives it, solved and encoded as the widget posts it. */
async function proof(now = new Date()) {
  const challenge = await newChallenge(now)
  const solution = await solveChallenge({ challenge, deriveKey })
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64')
}

async function post(cookie: string, form: Record<string, string>, ip?: string) {
  const answer = await act(gallery, {
    path: `/contests/${slug}/gallery`,
    params: { slug },
    cookie,
    form: { back: `/contests/${slug}/gallery`, ...form },
    context: ip ? { ip } : {},
  })
  return { status: answer.status, message: (answer.data as { vote?: { message: string } } | null)?.vote?.message ?? null }
}

const votes = async (voterId?: string) =>
  (await firstRow(db.select({ n: count() }).from(schema.vote).where(and(eq(schema.vote.contestId, contestId), voterId ? eq(schema.vote.voterId, voterId) : undefined))))!.n
const spentProofs = async () => (await firstRow(db.select({ n: count() }).from(schema.spentProof)))!.n

async function resident() {
  const person = await makeUser(db, { emailVerifiedAt: new Date() })
  return { person, cookie: await sessionCookie(person.id) }
}

describe('the vote’s limits', () => {
  it('per account: after 30 posts in ten minutes the next vote is refused, nothing counted, the proof not spent; ten minutes on it is taken', async () => {
    const { person, cookie } = await resident()
    // Fifteen votes given and withdrawn: 30 posts, each taken.
    for (let i = 0; i < 15; i++) {
      expect((await post(cookie, { intent: 'vote', number: numbers[0], altcha: await proof() })).status).toBe(302)
      expect((await post(cookie, { intent: 'withdraw', number: numbers[0] })).status).toBe(302)
    }
    const spent = await spentProofs()
    const fresh = await proof()
    expect(await post(cookie, { intent: 'vote', number: numbers[1], altcha: fresh })).toEqual({ status: 429, message: 'Слишком много голосов подряд. Подождите несколько минут.' })
    expect([await votes(person.id), await spentProofs()]).toEqual([0, spent])

    // The window is ten minutes: then the same account votes again.
    const later = new Date(Date.now() + 10 * 60_000 + 1000)
    const voter = (await getUser(new Request('http://konkurs.test/', { headers: { cookie } }))).user!
    expect(await castVote(voter, { slug, number: numbers[1], intent: 'vote', proof: await proof(later), ip: null }, later)).toContain('принят')
    expect(await votes(person.id)).toBe(1)
  })

  it('per address, votes with a proof of work: the 601st in ten minutes is refused, nothing counted; another address still votes', async () => {
    const ip = '203.0.113.77'
    const before = await votes()
    // 599 voters' votes given as the action gives them (castVote, with the address), the 600th through the action.
    const proofs = await Promise.all(Array.from({ length: 599 }, async () => await proof()))
    for (const [i, altcha] of proofs.entries()) {
      const person = await makeUser(db, { emailVerifiedAt: new Date() })
      expect(await castVote({ ...person, roles: ['resident'] }, { slug, number: numbers[i % 2], intent: 'vote', proof: altcha, ip })).toContain('принят')
    }
    expect((await post((await resident()).cookie, { intent: 'vote', number: numbers[1], altcha: await proof() }, ip)).status).toBe(302)
    expect(await votes()).toBe(before + 600)

    const { person, cookie } = await resident()
    const fresh = await proof()
    const spent = await spentProofs()
    expect(await post(cookie, { intent: 'vote', number: numbers[0], altcha: fresh }, ip)).toEqual({ status: 429, message: 'С вашего адреса слишком много голосов. Подождите несколько минут.' })
    expect([await votes(person.id), await votes(), await spentProofs()]).toEqual([0, before + 600, spent])
    // The same resident, the same proof, from another address: taken.
    expect((await post(cookie, { intent: 'vote', number: numbers[0], altcha: fresh }, '198.51.100.4')).status).toBe(302)
    expect(await votes(person.id)).toBe(1)
  })
})
