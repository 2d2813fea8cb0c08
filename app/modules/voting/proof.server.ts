/**
 * The votes' proof of work (docs/decisions/037): altcha challenges made and checked here, signed with
 * ALTCHA_HMAC_KEY, solved in the browser by the altcha widget. Nothing leaves the server. A solved
 * challenge is spent once: its signature is kept in `spent_proof` until the challenge expires.
 */
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { lt } from 'drizzle-orm'
import { schema, type DB } from '../../../db/client.server'
import { getEnv } from '../../utils/env.server'
import { Refusal } from '../../utils/refusal'
import { newSecret } from '../../utils/secret-token.server'

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

/**
 * Checks the widget's payload (base64 JSON of the challenge and its solution) and spends it, inside
 * the vote's transaction: a wrong, expired or already spent proof refuses the vote.
 */
export async function spendProof(tx: DB, payload: string, now = new Date()) {
  const decoded = decode(payload)
  if (!decoded) throw new Refusal('invalid', BAD_PROOF)
  const result = await verifySolution({
    challenge: decoded.challenge,
    solution: decoded.solution,
    deriveKey,
    hmacSignatureSecret: key(),
    hmacKeySignatureSecret: key(),
  }).catch(() => null)
  if (!result?.verified) throw new Refusal('invalid', BAD_PROOF)
  const expiresAt = new Date((decoded.challenge.parameters.expiresAt ?? 0) * 1000 || now.getTime() + PROOF_TTL_MS)
  const spent = await tx.insert(spentProof).values({ key: decoded.challenge.signature!, expiresAt }).onConflictDoNothing().returning({ key: spentProof.key })
  if (spent.length === 0) throw new Refusal('conflict', SPENT_PROOF)
  // Now and then, forget proofs whose challenges can no longer be posted.
  if (Math.random() < 0.01) await tx.delete(spentProof).where(lt(spentProof.expiresAt, now))
}
