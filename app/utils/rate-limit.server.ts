/**
 * Rate limits on what a form says, which the HTTP server's per-IP limits (server.ts) cannot see: the
 * address a password-reset letter goes to, the account that asks for letters or types its password.
 * The action counts them itself, in the database through the store the HTTP server's limits use when
 * instances share one (rate-limit-store.server.ts), so a limit holds across restarts and instances.
 * Each rule is a limiter of its own there (its name is the keys' prefix); a window starts with its first hit.
 */
import type { Options } from 'express-rate-limit'
import { DatabaseStore } from './rate-limit-store.server'
import { Refusal } from './refusal'

export type RateLimitRule = {
  /** The limiter's name in the store, e.g. «reset-address». */
  name: string
  /** Hits allowed in one window. */
  limit: number
  windowMs: number
  /** What the person reads when over it (with 429). */
  message: string
}

const stores = new Map<string, DatabaseStore>()

function storeOf(rule: RateLimitRule) {
  let store = stores.get(rule.name)
  if (!store) {
    store = new DatabaseStore(rule.name)
    store.init({ windowMs: rule.windowMs } as Options)
    stores.set(rule.name, store)
  }
  return store
}

/** Counts one hit for `key`; past `limit` hits in the window, refuses with 429. */
export async function hitRateLimit(key: string, rule: RateLimitRule, now = new Date()) {
  const { totalHits } = await storeOf(rule).increment(key, now)
  if (totalHits > rule.limit) throw new Refusal('too_many', rule.message)
}

/**
 * Refuses with 429 when the key's window already holds `limit` hits, counting nothing: for limits that
 * count only failures (a wrong password), checked before the attempt so that guessing stops at the limit.
 */
export async function checkRateLimit(key: string, rule: RateLimitRule, now = new Date()) {
  const counted = await storeOf(rule).get(key, now)
  if (counted && counted.totalHits >= rule.limit) throw new Refusal('too_many', rule.message)
}
