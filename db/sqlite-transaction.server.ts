/**
 * Transactions whose body may await, on the process's one better-sqlite3 connection
 * (docs/decisions/019-asynchronous-services.md).
 *
 * drizzle's better-sqlite3 driver hands the body to better-sqlite3's own `transaction()`, which
 * refuses a body that returns a promise (drizzle-team/drizzle-orm#2275). Here a transaction is
 * `BEGIN IMMEDIATE` … `COMMIT` on the connection, one at a time per connection, and while one is open
 * every query issued outside it (another request's, between two of its awaits) waits until it ends:
 * nobody outside sees its uncommitted rows, and nothing outside slips into it or is rolled back with
 * it. A transaction opened inside another becomes a savepoint.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type Database from 'better-sqlite3'
import { QueryPromise } from 'drizzle-orm'
import { SQLiteSelectBase } from 'drizzle-orm/sqlite-core'

type Open = { client: Database.Database; ended: Promise<void>; savepoints: number }

/**
 * Kept on globalThis: the server's entry (build/server.js) and the app's build (build/server/) each
 * bundle a copy of this module, and both must see the same open transactions.
 */
const state = ((globalThis as Record<symbol, unknown>)[Symbol.for('konkurs.sqlite-transactions')] ??= {
  current: new AsyncLocalStorage<Open>(),
  openOn: new WeakMap<Database.Database, Open>(),
  lastInLine: new WeakMap<Database.Database, Promise<void>>(),
}) as { current: AsyncLocalStorage<Open>; openOn: WeakMap<Database.Database, Open>; lastInLine: WeakMap<Database.Database, Promise<void>> }
const { current, openOn, lastInLine } = state

type Then = (this: unknown, onFulfilled?: unknown, onRejected?: unknown) => unknown

/** Makes a query builder's `then` wait while a transaction it is not part of holds its connection. */
const GATED = Symbol.for('konkurs.gated')

function gate(prototype: { then: Then; [GATED]?: true }) {
  if (prototype[GATED]) return
  prototype[GATED] = true
  const run = prototype.then
  prototype.then = function (this: unknown, onFulfilled, onRejected) {
    const client = (this as { session?: { client?: Database.Database } }).session?.client
    const open = client && openOn.get(client)
    if (open && current.getStore() !== open) {
      return open.ended.then(() => (this as { then: Then }).then(onFulfilled, onRejected))
    }
    return run.call(this, onFulfilled, onRejected)
  }
}
gate(QueryPromise.prototype as unknown as { then: Then })
// drizzle copies `then` into the select builder instead of inheriting it.
gate(SQLiteSelectBase.prototype as unknown as { then: Then })

/** Resolves once no transaction that the caller is not part of holds `client` (for prepared statements, which bypass the gate). */
export async function whenFree(client: Database.Database): Promise<void> {
  for (let open = openOn.get(client); open && current.getStore() !== open; open = openOn.get(client)) await open.ended
}

/** Runs `body` in a transaction on `client`; the transaction commits when `body` resolves and rolls back when it throws. */
export async function inSqliteTransaction<T>(client: Database.Database, body: () => Promise<T> | T): Promise<T> {
  const outer = current.getStore()
  if (outer?.client === client) {
    const name = `nested_${++outer.savepoints}`
    client.exec(`SAVEPOINT ${name}`)
    try {
      const result = await body()
      client.exec(`RELEASE ${name}`)
      return result
    } catch (error) {
      client.exec(`ROLLBACK TO ${name}`)
      client.exec(`RELEASE ${name}`)
      throw error
    }
  }
  const before = lastInLine.get(client) ?? Promise.resolve()
  let end!: () => void
  const ended = new Promise<void>((resolve) => (end = resolve))
  lastInLine.set(client, ended)
  await before
  const open: Open = { client, ended, savepoints: 0 }
  openOn.set(client, open)
  try {
    return await current.run(open, async () => {
      client.exec('BEGIN IMMEDIATE')
      try {
        const result = await body()
        client.exec('COMMIT')
        return result
      } catch (error) {
        if (client.inTransaction) client.exec('ROLLBACK')
        throw error
      }
    })
  } finally {
    openOn.delete(client)
    if (lastInLine.get(client) === ended) lastInLine.delete(client)
    end()
  }
}
