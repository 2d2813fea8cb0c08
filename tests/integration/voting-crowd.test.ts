/**
 * A crowd at one moment (#16): 200 voters vote for the same entry at once through the real server and
 * the count ends at exactly 200; one voter posting the same vote five times at once ends with one.
 * The voters are made in the server's database (no registration) to keep the file fast.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { schema, transaction, type DB } from '../../db/client.server'
import { makeContest, makeEntry, makeUser } from '../factories'
import { closeServerDb, serverDb } from '../factories-entries'
import { startServer, type TestServer } from '../setup/server'
import { signedIn, solvedProof, votesFor, votesOf } from './voting-helpers'

let server: TestServer
let db: DB
const VOTERS = 200

beforeAll(async () => {
  server = await startServer()
  db = serverDb(server)
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

it('counts 200 simultaneous voters exactly, and one voter’s simultaneous double posts once', async () => {
  const { contest, nominations } = await makeContest(db, { status: 'accepting' })
  await db
    .update(schema.contest)
    .set({ votingEnabled: true, votingOpensAt: new Date(Date.now() - 3_600_000), votingClosesAt: new Date(Date.now() + 3_600_000), votingNominationIds: [nominations[0].id] })
    .where(eq(schema.contest.id, contest.id))
  const owner = await makeUser(db)
  const target = await makeEntry(db, { contestId: contest.id, ownerId: owner.id, nominationId: nominations[0].id })
  const number = `${contest.numberPrefix}-${String(target.seq).padStart(4, '0')}`

  const people = await transaction(db, async (tx) => await Promise.all(Array.from({ length: VOTERS }, async () => await makeUser(tx, { emailVerifiedAt: new Date() }))))
  const clients = await Promise.all(people.map(async (p) => await signedIn(db, server.url, p.id)))
  // The work is done before the moment, as each browser would have done it.
  const proofs = await Promise.all(clients.map(async (c) => await solvedProof(c)))
  const form = (proof: string) => ({ intent: 'vote', number, back: `/contests/${contest.slug}/gallery`, altcha: proof })

  const statuses = await Promise.all(clients.map(async (c, i) => (await c.post(`/contests/${contest.slug}/gallery`, form(proofs[i]))).status))
  expect(statuses.filter((s) => s === 302)).toHaveLength(VOTERS)
  expect(await votesFor(db, target.id)).toBe(VOTERS)

  // One more voter, five posts of the same vote at the same moment, each with a proof of its own.
  const twice = await makeUser(db, { emailVerifiedAt: new Date() })
  const client = await signedIn(db, server.url, twice.id)
  const own = await Promise.all(Array.from({ length: 5 }, async () => await solvedProof(client)))
  const again = await Promise.all(own.map(async (p) => (await client.post(`/contests/${contest.slug}/gallery`, form(p))).status))
  expect(again.sort()).toEqual([302, 409, 409, 409, 409])
  expect(await votesOf(db, twice.id, target.id)).toBe(1)
  expect(await votesFor(db, target.id)).toBe(VOTERS + 1)
})
