/**
 * express-rate-limit's counters in the database, so that every app instance counts the same requests
 * (issue «Beyond one machine», item 4): one row per limiter and client, incremented by one upsert that
 * also starts a new window once the old one has ended. Chosen by RATE_LIMIT_STORE; the default is the
 * database on PostgreSQL (several instances) and express-rate-limit's memory store on SQLite (one).
 */
import { eq, lte, sql } from 'drizzle-orm'
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit'
import { getDb, schema } from '../../db/client.server'

const { rateLimit } = schema

export class DatabaseStore implements Store {
  /** Keys of different limiters never meet: each store's prefix names its limiter. */
  readonly prefix: string
  readonly localKeys = false
  private windowMs = 60_000
  private sweeper: NodeJS.Timeout | undefined

  constructor(limiter: string) {
    this.prefix = `${limiter}:`
  }

  init(options: Options) {
    this.windowMs = options.windowMs
    // Ended windows are removed now and then; a row whose window has ended counts from one again anyway.
    this.sweeper = setInterval(() => void this.sweep().catch(() => {}), Math.max(this.windowMs, 60_000))
    this.sweeper.unref()
  }

  /** `now`: the clock of the limits an action counts itself (app/utils/rate-limit.server.ts), given by their tests. */
  async get(key: string, now = new Date()): Promise<ClientRateLimitInfo | undefined> {
    const [row] = await getDb().select().from(rateLimit).where(eq(rateLimit.key, this.prefix + key))
    if (!row || row.resetAt <= now) return undefined
    return { totalHits: row.hits, resetTime: row.resetAt }
  }

  async increment(key: string, now = new Date()): Promise<ClientRateLimitInfo> {
    const fresh = new Date(now.getTime() + this.windowMs)
    const ended = sql`${rateLimit.resetAt} <= ${sql.param(now, rateLimit.resetAt)}`
    const [row] = await getDb()
      .insert(rateLimit)
      .values({ key: this.prefix + key, hits: 1, resetAt: fresh })
      .onConflictDoUpdate({
        target: rateLimit.key,
        set: {
          hits: sql`case when ${ended} then 1 else ${rateLimit.hits} + 1 end`,
          resetAt: sql`case when ${ended} then ${sql.param(fresh, rateLimit.resetAt)} else ${rateLimit.resetAt} end`,
        },
      })
      .returning({ hits: rateLimit.hits, resetAt: rateLimit.resetAt })
    return { totalHits: row.hits, resetTime: row.resetAt }
  }

  async decrement(key: string) {
    await getDb()
      .update(rateLimit)
      .set({ hits: sql`case when ${rateLimit.hits} > 0 then ${rateLimit.hits} - 1 else 0 end` })
      .where(eq(rateLimit.key, this.prefix + key))
  }

  async resetKey(key: string) {
    await getDb().delete(rateLimit).where(eq(rateLimit.key, this.prefix + key))
  }

  async sweep() {
    await getDb().delete(rateLimit).where(lte(rateLimit.resetAt, new Date()))
  }

  shutdown() {
    clearInterval(this.sweeper)
  }
}
