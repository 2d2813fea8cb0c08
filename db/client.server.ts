import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'
import { inSqliteTransaction, whenFree } from './sqlite-transaction.server'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

const MIGRATIONS = path.resolve(process.cwd(), 'db/migrations')

/** Opens (creating if needed) the database, sets the pragmas we rely on and applies the committed migrations. */
export function openDatabase(file: string): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: MIGRATIONS })
  return db
}

const globalForDb = globalThis as unknown as { __db?: DB }

/** The process-wide connection (kept across dev reloads). */
export function getDb(): DB {
  if (!globalForDb.__db) globalForDb.__db = openDatabase(process.env.DATABASE_PATH ?? 'data/app.db')
  return globalForDb.__db
}

let versionStatement: { db: DB; statement: Database.Statement<[], string> } | undefined

/**
 * A value that changes whenever anyone commits a change to the database: `data_version` moves with
 * commits from other connections (scripts, a second process), `total_changes()` with this
 * connection's own. Read before a page's data is, it tells whether the page may since have changed.
 */
export function dataVersion(db: DB = getDb()): string {
  if (versionStatement?.db !== db) {
    const statement = db.$client.prepare<[], string>("select (select data_version from pragma_data_version) || '.' || total_changes()").pluck()
    versionStatement = { db, statement }
  }
  return versionStatement.statement.get()!
}

/**
 * Runs `body` in one transaction, which commits when `body` resolves and rolls back when it throws;
 * one opened inside another is a savepoint. `body` gets the handle to run its queries through.
 */
export function transaction<T>(db: DB, body: (tx: DB) => Promise<T> | T): Promise<T> {
  return inSqliteTransaction(db.$client, () => body(db))
}

/**
 * Runs a prepared statement (`run` calls its `all`, `get` or `values`) once no transaction of another
 * request holds the connection: prepared statements are the hot paths' way to skip building SQL.
 */
export async function runPrepared<T>(run: () => T, db: DB = getDb()): Promise<Awaited<T>> {
  await whenFree(db.$client)
  return await run()
}

/** The first row of what a query gives, or undefined when it gives none. */
export async function firstRow<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0]
}

export { schema }
