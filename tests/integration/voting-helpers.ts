/**
 * People's choice voting over real HTTP: voters made in the server's database (no registration, no
 * password hashing), signed in by a session row of their own, and the altcha proof solved here as the
 * browser's widget would.
 */
import { createHash, randomBytes } from 'node:crypto'
import { solveChallenge, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { and, count, eq } from 'drizzle-orm'
import { firstRow, schema, type DB } from '../../db/client.server'
import { makeUser } from '../factories'
import { Client } from '../setup/server'

/** A resident with a confirmed address (or not), signed in: the session row is written as the app writes it (the id's SHA-256). */
export async function voter(db: DB, base: string, input: { verified?: boolean; roles?: ('resident' | 'juror')[] } = {}) {
  const person = await makeUser(db, { emailVerifiedAt: input.verified === false ? null : new Date(), roles: input.roles })
  const client = await signedIn(db, base, person.id)
  return { person, client }
}

export async function signedIn(db: DB, base: string, userId: string) {
  const id = randomBytes(20).toString('hex')
  await db.insert(schema.session).values({ id: createHash('sha256').update(id).digest('hex'), userId, expiresAt: Math.floor(Date.now() / 1000) + 86_400 })
  const client = new Client(base)
  client.cookies.set('session', id)
  return client
}

/** A challenge fetched as the widget fetches it, solved, and encoded as the widget posts it. */
export async function solvedProof(client: Client) {
  const res = await client.get('/resources/vote-challenge')
  if (res.status !== 200) throw new Error(`challenge: ${res.status}`)
  const challenge = (await res.json()) as Challenge
  const solution = await solveChallenge({ challenge, deriveKey })
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64')
}

export async function votesFor(db: DB, entryId: number) {
  return (await firstRow(db.select({ n: count() }).from(schema.vote).where(eq(schema.vote.entryId, entryId))))!.n
}

export async function votesOf(db: DB, voterId: string, entryId: number) {
  return (await firstRow(db.select({ n: count() }).from(schema.vote).where(and(eq(schema.vote.voterId, voterId), eq(schema.vote.entryId, entryId)))))!.n
}
