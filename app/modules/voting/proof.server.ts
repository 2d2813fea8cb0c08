/**
 * The votes' proof of work (docs/decisions/037): altcha challenges made and checked here, signed with
 * ALTCHA_HMAC_KEY, solved in the browser by the altcha widget. Nothing leaves the server. A solved
 * challenge is spent once: its signature is kept in `spent_proof` until the challenge expires.
 */
import { createHmac } from 'node:crypto'
import { createChallenge, randomInt, type Challenge, type Solution } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { lt } from 'drizzle-orm'
import { schema, type DB } from '../../../db/client.server'
import { getEnv } from '../../utils/env.server'
import { Refusal } from '../../utils/refusal'
import { newSecret, sameSignature } from '../../utils/secret-token.server'

const { spentProof } = schema

/** How long a challenge may be solved and posted. */
export const PROOF_TTL_MS = 10 * 60_000
const DEV_KEY = 'development-altcha-key-not-for-production'
const ALGORITHM = 'SHA-256'

let processKey: string | undefined

/** ALTCHA_HMAC_KEY; unset, a fixed key in development (challenges outlive a restart) and one of this process's own in production. */
const key = () => getEnv().ALTCHA_HMAC_KEY ?? (getEnv().NODE_ENV === 'production' ? (processKey ??= newSecret()) : DEV_KEY)

/** A new challenge for the widget (deterministic mode: checking a solution is one HMAC, not the work again). */
export async function newChallenge(now = new Date()): Promise<Challenge> {
  const max = getEnv().VOTE_POW_MAX_NUMBER
  return await createChallenge({
    algorithm: ALGORITHM,
    cost: 1,
    counter: randomInt(Math.floor(max / 2), max),
    deriveKey,
    expiresAt: new Date(now.getTime() + PROOF_TTL_MS),
    hmacSignatureSecret: key(),
    hmacKeySignatureSecret: key(),
  })
}

export const BAD_PROOF = 'Проверка «я не робот» не пройдена. Обновите страницу и проголосуйте снова.'
export const SPENT_PROOF = 'Эта проверка «я не робот» уже использована. Обновите страницу и проголосуйте снова.'

type Payload = { challenge: Challenge; solution: Solution }

function decode(payload: string): Payload | null {
  if (payload.length > 4000) return null
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Payload
    if (!value || typeof value !== 'object' || !value.challenge?.parameters || !value.solution || typeof value.challenge.signature !== 'string') return null
    return value
  } catch {
    return null
  }
}

/** A proof whose solution and signature are checked, not yet spent. */
export type CheckedProof = { key: string; expiresAt: Date }

/**
 * Checks the widget's payload (base64 JSON of the challenge and its solution): a wrong or expired proof
 * refuses the vote. Outside the vote's transaction, which must not wait on the HMAC's crypto while it
 * holds the write lock; spendProof spends it inside.
 */
export function checkProof(payload: string, now = new Date()): CheckedProof {
  const decoded = decode(payload)
  if (!decoded || !verified(decoded, now)) throw new Refusal('invalid', BAD_PROOF)
  return { key: decoded.challenge.signature!, expiresAt: new Date(decoded.challenge.parameters.expiresAt! * 1000) }
}

/**
 * altcha-lib's verifySolution for our challenges (deterministic mode: a key signature, and always an
 * expiry), with node:crypto's synchronous HMAC in place of WebCrypto's: the same two HMACs and the
 * same canonical JSON, without two trips through the thread pool, each of which, with a crowd voting,
 * waited behind every other request ready on the event loop. proof.server.test.ts checks that both
 * agree on real challenges, solved, tampered with and expired.
 */
function verified({ challenge, solution }: Payload, now: Date) {
  const { parameters, signature } = challenge
  if (typeof parameters.expiresAt !== 'number' || parameters.expiresAt < now.getTime() / 1000) return false
  if (typeof parameters.keySignature !== 'string' || typeof signature !== 'string') return false
  if (typeof solution.derivedKey !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(solution.derivedKey)) return false
  const sign = (data: string | Buffer) => createHmac('sha256', key()).update(data).digest('hex')
  return sameSignature(sign(canonicalJSON(parameters)), signature) && sameSignature(sign(Buffer.from(solution.derivedKey, 'hex')), parameters.keySignature)
}

/** altcha-lib's canonical JSON (helpers.ts, not exported): keys sorted at every depth, undefined left out. */
function canonicalJSON(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    typeof v !== 'object' || v === null || Array.isArray(v)
      ? v
      : Object.fromEntries(
          Object.keys(v)
            .sort()
            .flatMap((k) => ((v as Record<string, unknown>)[k] === undefined ? [] : [[k, sorted((v as Record<string, unknown>)[k])]])),
        )
  return JSON.stringify(sorted(value))
}

/** Spends a checked proof inside the vote's transaction: one already spent refuses the vote. */
export async function spendProof(tx: DB, proof: CheckedProof, now = new Date()) {
  const spent = await tx.insert(spentProof).values(proof).onConflictDoNothing().returning({ key: spentProof.key })
  if (spent.length === 0) throw new Refusal('conflict', SPENT_PROOF)
  // Now and then, forget proofs whose challenges can no longer be posted.
  if (Math.random() < 0.01) await tx.delete(spentProof).where(lt(spentProof.expiresAt, now))
}
