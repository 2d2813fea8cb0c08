import { describe, expect, it } from 'vitest'
import { votingCountsPublic, votingState, votingWindowRefusal } from '../contests/lifecycle'
import { parseEnv } from '../../utils/env.server'

const opens = new Date('2027-04-01T02:00:00Z')
const closes = new Date('2027-04-15T14:00:00Z')
const contest = { status: 'judging' as const, votingEnabled: true, votingOpensAt: opens, votingClosesAt: closes, votingCountsLive: false }

describe('the voting window (lifecycle.votingState)', () => {
  it('opens at its first millisecond and closes at its last, by the server’s clock', () => {
    expect(votingState(contest, new Date(opens.getTime() - 1))).toBe('pending')
    expect(votingState(contest, opens)).toBe('open')
    expect(votingState(contest, new Date(closes.getTime() - 1))).toBe('open')
    expect(votingState(contest, closes)).toBe('closed')
    expect(votingWindowRefusal(contest, new Date(opens.getTime() - 1))).toBe('Голосование ещё не началось: оно откроется 1 апреля 2027 г. в 09:00 (время кемеровское).')
    expect(votingWindowRefusal(contest, closes)).toBe('Голосование завершено 15 апреля 2027 г. в 21:00 (время кемеровское).')
  })

  it('is off unless turned on and public, and closed once the results are published', () => {
    expect(votingState({ ...contest, votingEnabled: false }, opens)).toBe('off')
    expect(votingState({ ...contest, status: 'draft' }, opens)).toBe('off')
    expect(votingState({ ...contest, status: 'published' }, opens)).toBe('closed')
  })

  it('shows counts to the public after it closes, or while it runs when the contest says so', () => {
    expect(votingCountsPublic(contest, opens)).toBe(false)
    expect(votingCountsPublic({ ...contest, votingCountsLive: true }, opens)).toBe(true)
    expect(votingCountsPublic(contest, closes)).toBe(true)
  })

  it('starts in production without a proof-of-work key (npm start on a fresh machine), and takes one of 16+ characters', () => {
    expect(parseEnv({ NODE_ENV: 'production' }).ALTCHA_HMAC_KEY).toBeUndefined()
    expect(parseEnv({ NODE_ENV: 'production', ALTCHA_HMAC_KEY: 'a-key-of-sixteen-chars' }).ALTCHA_HMAC_KEY).toBe('a-key-of-sixteen-chars')
    expect(() => parseEnv({ NODE_ENV: 'production', ALTCHA_HMAC_KEY: 'short' })).toThrow(/ALTCHA_HMAC_KEY/)
  })
})
