/**
 * Transactions whose body awaits, on the one SQLite connection (db/sqlite-transaction.server.ts):
 * what another request does between two of its awaits must neither see nor join it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { firstRow, openDatabase, runPrepared, schema, transaction, type DB } from '../../db/client.server'
const { district } = schema

let db: DB
beforeEach(() => {
  db = openDatabase(':memory:')
})
afterEach(() => db.$client.close())

/** Lets every other pending request run: what a slow await inside a transaction allows. */
const otherRequestsRun = () => new Promise<void>((resolve) => setTimeout(resolve, 5))
const names = async () => (await db.select({ name: district.name }).from(district).orderBy(district.name)).map((d) => d.name)

/** A transaction that does `body`, then waits, open, until released: meanwhile the test acts as another request would. */
function openTransaction(body: (tx: DB) => Promise<void>, outcome: 'commit' | 'rollback' = 'commit') {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let begun!: () => void
  const started = new Promise<void>((resolve) => (begun = resolve))
  const done = transaction(db, async (tx) => {
    await body(tx)
    begun()
    await released
    if (outcome === 'rollback') throw new Error('передумали')
  })
  return { started, release, done }
}

describe('transaction', () => {
  it('keeps its uncommitted rows from a read made outside it while it awaits', async () => {
    const open = openTransaction(async (tx) => {
      await tx.insert(district).values({ name: 'Заводский', kind: 'district' })
    })
    await open.started
    let seen: string[] | null = null
    const outside = names().then((n) => (seen = n))
    await otherRequestsRun()
    expect(seen).toBeNull() // waiting for the transaction
    open.release()
    await open.done
    await outside
    expect(seen).toEqual(['Заводский'])
  })

  it('does not take in, nor roll back, a write made outside it', async () => {
    const open = openTransaction(async (tx) => {
      await tx.insert(district).values({ name: 'Заводский', kind: 'district' })
    }, 'rollback')
    await open.started
    const outside = db.insert(district).values({ name: 'Рудничный', kind: 'district' }).then(() => 'written')
    await otherRequestsRun()
    open.release()
    await expect(open.done).rejects.toThrow('передумали')
    expect(await outside).toBe('written')
    expect(await names()).toEqual(['Рудничный'])
  })

  it('runs transactions started together one after another, so a read-then-write never loses an update', async () => {
    await db.insert(district).values({ name: 'Счётчик', kind: 'district', parentId: 0 })
    const increment = () =>
      transaction(db, async (tx) => {
        const row = await firstRow(tx.select({ n: district.parentId }).from(district).where(eq(district.name, 'Счётчик')))
        await otherRequestsRun()
        await tx.update(district).set({ parentId: row!.n! + 1 }).where(eq(district.name, 'Счётчик'))
      })
    await Promise.all(Array.from({ length: 10 }, increment))
    expect((await firstRow(db.select({ n: district.parentId }).from(district)))!.n).toBe(10)
  })

  it('makes a transaction opened inside another a savepoint: its failure undoes only its own writes', async () => {
    await transaction(db, async (tx) => {
      await tx.insert(district).values({ name: 'Заводский', kind: 'district' })
      await expect(
        transaction(tx, async (inner) => {
          await inner.insert(district).values({ name: 'Ленинский', kind: 'district' })
          throw new Error('нет')
        }),
      ).rejects.toThrow('нет')
      await tx.insert(district).values({ name: 'Центральный', kind: 'district' })
    })
    expect(await names()).toEqual(['Заводский', 'Центральный'])
  })

  it('holds a prepared statement run outside it until it ends', async () => {
    const count = db.select({ n: sql<number>`count(*)` }).from(district).prepare()
    const open = openTransaction(async (tx) => {
      await tx.insert(district).values({ name: 'Заводский', kind: 'district' })
    }, 'rollback')
    await open.started
    let counted: number | null = null
    const outside = runPrepared(count, 'get', {}, db).then((row) => (counted = row!.n))
    await otherRequestsRun()
    expect(counted).toBeNull()
    open.release()
    await expect(open.done).rejects.toThrow()
    await outside
    expect(counted).toBe(0)
  })
})
