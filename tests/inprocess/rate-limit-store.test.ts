/**
 * The rate limits' counters in the database (app/utils/rate-limit-store.server.ts), as every instance
 * sees them: one count per limiter and client, a new window once the old one has ended.
 */
import { eq } from 'drizzle-orm'
import type { Options } from 'express-rate-limit'
import { afterAll, describe, expect, it } from 'vitest'
import { schema } from '../../db/client.server'
import { DatabaseStore } from '../../app/utils/rate-limit-store.server'
import { openAppDatabase } from '../setup/in-process'

const db = openAppDatabase()
const WINDOW_MS = 60_000

/** A limiter's store as one instance holds it. */
function storeOf(limiter: string) {
  const store = new DatabaseStore(limiter)
  store.init({ windowMs: WINDOW_MS } as Options)
  stores.push(store)
  return store
}
const stores: DatabaseStore[] = []
afterAll(() => stores.forEach((s) => s.shutdown()))

/** Makes the window of a key end now, as the clock would. */
const endWindow = (key: string) => db.update(schema.rateLimit).set({ resetAt: new Date(Date.now() - 1) }).where(eq(schema.rateLimit.key, key))

describe('DatabaseStore', () => {
  it('counts the hits of one client in one limiter together, whichever instance receives them', async () => {
    const first = storeOf('auth')
    const second = storeOf('auth')
    expect((await first.increment('10.0.0.1')).totalHits).toBe(1)
    expect((await second.increment('10.0.0.1')).totalHits).toBe(2)
    const third = await first.increment('10.0.0.1')
    expect(third.totalHits).toBe(3)
    expect(third.resetTime!.getTime()).toBeGreaterThan(Date.now())
    expect(await second.get('10.0.0.1')).toEqual(third)
  })

  it('keeps clients and limiters apart', async () => {
    const auth = storeOf('login')
    const post = storeOf('forms')
    await auth.increment('10.0.0.2')
    await auth.increment('10.0.0.2')
    expect((await post.increment('10.0.0.2')).totalHits).toBe(1)
    expect((await auth.increment('10.0.0.3')).totalHits).toBe(1)
  })

  it('starts counting from one when the window has ended, and forgets ended windows', async () => {
    const store = storeOf('window')
    await store.increment('10.0.0.4')
    await store.increment('10.0.0.4')
    await endWindow('window:10.0.0.4')
    expect(await store.get('10.0.0.4')).toBeUndefined()
    expect((await store.increment('10.0.0.4')).totalHits).toBe(1)
    await endWindow('window:10.0.0.4')
    await store.sweep()
    expect(await db.select().from(schema.rateLimit).where(eq(schema.rateLimit.key, 'window:10.0.0.4'))).toEqual([])
  })

  it('takes back a hit (a request the limiter does not count), never below zero, and resets a client', async () => {
    const store = storeOf('undo')
    await store.increment('10.0.0.5')
    await store.increment('10.0.0.5')
    await store.decrement('10.0.0.5')
    expect((await store.get('10.0.0.5'))!.totalHits).toBe(1)
    await store.decrement('10.0.0.5')
    await store.decrement('10.0.0.5')
    expect((await store.get('10.0.0.5'))!.totalHits).toBe(0)
    await store.resetKey('10.0.0.5')
    expect(await store.get('10.0.0.5')).toBeUndefined()
  })
})
