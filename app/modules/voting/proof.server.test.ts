import { solveChallenge, verifySolution, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/sha'
import { describe, expect, it } from 'vitest'
import { Refusal } from '../../utils/refusal'
import { BAD_PROOF, checkProof, newChallenge } from './proof.server'

// The key proof.server uses outside production when ALTCHA_HMAC_KEY is unset (tests set none here).
const KEY = process.env.ALTCHA_HMAC_KEY ?? 'development-altcha-key-not-for-production'

const encode = (challenge: Challenge, solution: object) =>
  Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64')

async function solved(now = new Date()) {
  const challenge = await newChallenge(now)
  const solution = (await solveChallenge({ challenge, deriveKey }))!
  return { challenge, solution }
}

/** What altcha-lib's own verifySolution says of a payload, and what checkProof says (its synchronous copy). */
async function both(challenge: Challenge, solution: { counter: number; derivedKey: string }, now = new Date()) {
  const library = (await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: KEY, hmacKeySignatureSecret: KEY })).verified
  let ours: boolean
  try {
    checkProof(encode(challenge, solution), now)
    ours = true
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal)
    expect((error as Refusal).message).toBe(BAD_PROOF)
    ours = false
  }
  return { library, ours }
}

describe('checkProof', () => {
  it('agrees with altcha-lib’s verifySolution on a solved challenge, a tampered one, a wrong key and an expired one', async () => {
    const { challenge, solution } = await solved()
    expect(await both(challenge, solution)).toEqual({ library: true, ours: true })
    expect(checkProof(encode(challenge, solution)).key).toBe(challenge.signature)

    // The parameters changed after signing (a cheaper counter or a later expiry).
    const tampered = { ...challenge, parameters: { ...challenge.parameters, expiresAt: challenge.parameters.expiresAt! + 3600 } }
    expect(await both(tampered, solution)).toEqual({ library: false, ours: false })
    // A key that is not the solution's.
    const wrongKey = { ...solution, derivedKey: solution.derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0')) }
    expect(await both(challenge, wrongKey)).toEqual({ library: false, ours: false })
    // Another challenge's solution.
    const other = await solved()
    expect(await both(challenge, other.solution)).toEqual({ library: false, ours: false })
    // Expired: made eleven minutes ago (both read the clock; ours is given it).
    const old = await solved(new Date(Date.now() - 11 * 60_000))
    expect(await both(old.challenge, old.solution)).toEqual({ library: false, ours: false })
  })

  it('refuses what is not a payload at all', () => {
    for (const payload of ['', 'не base64', Buffer.from('{"challenge":{}}').toString('base64')]) expect(() => checkProof(payload)).toThrow(BAD_PROOF)
  })
})
