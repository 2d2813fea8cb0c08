/**
 * Rate limits kept in the database, for what the HTTP server's per-IP limits (server.ts,
 * express-rate-limit) cannot see: a limit on what a form says, such as the address a password-reset
 * letter goes to, which only the action reads. Kept in the database so that it holds across restarts
 * and across instances. A fixed window per key: the first hit opens it, `limit` hits fit in it.
 */
import { eq, lte } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction } from '../../db/client.server'
import { Refusal } from './refusal'

const { rateLimit } = schema

export type RateLimitRule = {
  /** Hits allowed in one window. */
  limit: number
  windowMs: number
  /** What the person reads when over it (with 429). */
  message: string
}

/** Counts one hit for `key`; when the window already holds `limit` hits, refuses with 429 and counts nothing. */
export async function hitRateLimit(key: string, rule: RateLimitRule, now = new Date()) {
  const over = await transaction(getDb(), async (tx) => {
    // Ended windows of every key go, so the table holds only what is being counted.
    await tx.delete(rateLimit).where(lte(rateLimit.resetAt, now))
    const row = await firstRow(tx.select().from(rateLimit).where(eq(rateLimit.key, key)))
    if (!row) {
      await tx.insert(rateLimit).values({ key, hits: 1, resetAt: new Date(now.getTime() + rule.windowMs) })
      return false
    }
    if (row.hits >= rule.limit) return true
    await tx
      .update(rateLimit)
      .set({ hits: row.hits + 1 })
      .where(eq(rateLimit.key, key))
    return false
  })
  if (over) throw new Refusal('too_many', rule.message)
}

/**
 * Refuses with 429 when the key's window already holds `limit` hits, counting nothing: for limits that
 * count only failures (a wrong password), checked before the attempt so that guessing stops at the limit.
 */
export async function checkRateLimit(key: string, rule: RateLimitRule, now = new Date()) {
  const row = await firstRow(getDb().select().from(rateLimit).where(eq(rateLimit.key, key)))
  if (row && row.resetAt > now && row.hits >= rule.limit) throw new Refusal('too_many', rule.message)
}
